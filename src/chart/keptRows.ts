/**
 * Kept runs (files under `.descent/runs/`, see src/core/runFile.ts) as rows of the runs table and
 * curves of the loss chart. Pure: no `vscode`, no file system; the host reads the files and checks
 * their data (src/keptRuns.ts).
 *
 * Rules: the newest `MAX_KEPT_ROWS` kept runs are listed after the file's own runs, hidden on the
 * chart until shown (the newest kept run is usually the run already drawn as the training loss);
 * a shown kept run is drawn only while the chart has room beside the file's shown runs (at most
 * `MAX_PREVIOUS_DRAWN` other runs), with a colour slot no drawn run holds, so its swatch in the
 * table is its colour on the chart.
 */
import type { RunFile } from '../core/runFile';
import { type KeptDataState, MAX_KEPT_ROWS, MAX_RUNS, type RunRow, keptTime } from '../shared/runs';
import { MAX_PREVIOUS_DRAWN } from '../shared/series';
import { downsampleSeries } from './lossData';
import type { PreviousRun } from './previousRuns';
import { MAX_STORED_POINTS, type RunsState, configSettings, settingName, settingText } from './runsStore';
import { t } from '../shared/l10n';

/** A kept run as the host read it: its file name, the run, its data check, and whether the user asked to draw it. */
export interface KeptListed {
  name: string;
  run: RunFile;
  data: KeptDataState;
  shown: boolean;
}

/** Chart run ids of kept runs start here, above any run id of the file's own runs. */
export const KEPT_RUN_ID_BASE = 1_000_000;

/** Updates per epoch of a kept run's config: one for full batch, else ⌈training rows / batch size⌉. */
export function keptUpdatesPerEpoch(run: RunFile): number {
  const b = run.config.batchSize;
  return b === 'full' ? 1 : Math.max(1, Math.ceil(run.data.trainingRows / b));
}

/**
 * Labels of kept runs: the settings whose values differ among the file's runs and the kept ones,
 * e.g. "lr 0.1, batch 1"; "lr 0.1" when none differ. Unlike the file's rows two kept runs may
 * share a label (the same config kept twice); their rows tell them apart by time.
 */
function keptLabels(state: RunsState, kept: readonly KeptListed[]): string[] {
  const settings = [...state.runs.map((r) => r.settings), ...kept.map((k) => configSettings(k.run.config))];
  const names = settings[0]?.map(([k]) => k) ?? [];
  const differ = names.filter((name) => new Set(settings.map((s) => s.find(([k]) => k === name)?.[1] ?? '')).size > 1);
  const shown = differ.length ? differ : ['lr'];
  return kept.map((k) => {
    const own = configSettings(k.run.config);
    return shown.map((name) => `${settingName(name)} ${settingText(name, own.find(([n]) => n === name)?.[1] ?? '?')}`).join(', ');
  });
}

/**
 * The kept runs' rows (newest first, at most `MAX_KEPT_ROWS`) and the curves of those drawn, given
 * the file's runs (`state`) and its current config's key. `kept` is newest first.
 * e.g. with three shown runs of the file and one shown kept run, the kept run is drawn in the
 * first slot none of the three holds.
 */
export function keptRunView(state: RunsState, currentKey: string | null, kept: readonly KeptListed[]): { rows: RunRow[]; previous: PreviousRun[] } {
  const listed = kept.slice(0, MAX_KEPT_ROWS);
  const drawnOwn = state.runs.filter((r) => r.key !== currentKey && !r.hidden).slice(0, MAX_PREVIOUS_DRAWN);
  const used = new Set(drawnOwn.map((r) => r.slot));
  let room = MAX_PREVIOUS_DRAWN - drawnOwn.length;
  const labels = keptLabels(state, listed);
  const freeSlot = (): number => {
    let slot = 0;
    while (used.has(slot) && slot < MAX_RUNS - 1) slot++;
    return slot;
  };
  // The drawn kept runs take free slots first; the hidden ones the slots left (repeating once none are), so
  // a row's swatch is the colour its curve will have if it is shown and nothing else changes.
  const drawnSet = new Set<number>();
  const slots = new Map<number, number>();
  listed.forEach((k, i) => {
    if (!k.shown || room <= 0) return;
    const slot = freeSlot();
    used.add(slot);
    room--;
    drawnSet.add(i);
    slots.set(i, slot);
  });
  const hiddenUsed = new Set(used);
  listed.forEach((_, i) => {
    if (slots.has(i)) return;
    let slot = 0;
    while (hiddenUsed.has(slot) && slot < MAX_RUNS - 1) slot++;
    hiddenUsed.add(slot);
    slots.set(i, slot);
  });
  const rows: RunRow[] = [];
  const previous: PreviousRun[] = [];
  listed.forEach((k, i) => {
    const { run } = k;
    const drawn = drawnSet.has(i);
    const slot = slots.get(i) as number;
    const label = labels[i] as string;
    const finalLoss = run.finalLoss !== null && Number.isFinite(run.finalLoss) ? run.finalLoss : null;
    rows.push({
      id: KEPT_RUN_ID_BASE + i,
      label,
      current: false,
      pinned: false,
      hidden: !drawn,
      slot,
      learningRate: run.config.learningRate,
      batchSize: run.config.batchSize,
      epochs: run.config.epochs,
      verdict: run.verdict,
      convergedEpoch: run.verdict === 'converged' ? run.verdictEpoch : null,
      finalLoss,
      // Linear regression's loss is the mean squared error, so its root is the RMSE in the label's units;
      // a classifier's log loss has none: its accuracy is shown (files written before it was recorded have none).
      rmse: run.config.model.kind !== 'logistic' && finalLoss !== null && finalLoss >= 0 ? Math.sqrt(finalLoss) : null,
      accuracy: run.config.model.kind === 'logistic' ? (run.accuracy?.train ?? null) : null,
      labelName: run.data.label,
      kept: { name: k.name, createdAt: run.createdAt, data: k.data },
    });
    if (!drawn) return;
    const epochs = run.history.epochs ?? run.history.trainLoss.map((_, e) => e);
    const points = downsampleSeries(
      run.history.trainLoss.map((loss, j) => ({ epoch: epochs[j] ?? j, loss })),
      (p) => p.loss,
      MAX_STORED_POINTS,
    );
    previous.push({
      runId: KEPT_RUN_ID_BASE + i,
      label: t('kept {0} · {1}', keptTime(run.createdAt), label),
      slot,
      learningRate: run.config.learningRate,
      verdict: run.verdict,
      optimalLoss: run.optimalLoss,
      trainLoss: points.map((p) => p.loss),
      epochs: points.map((p) => p.epoch),
      updatesPerEpoch: keptUpdatesPerEpoch(run),
    });
  });
  return { rows, previous };
}
