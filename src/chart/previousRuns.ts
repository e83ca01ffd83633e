/**
 * Another run of a file as the chart draws it beside the current one: the training loss per
 * epoch, its label and colour slot. `previousRunFrom` makes one from a report (labelled by what
 * changed in the config, e.g. "learningRate 0.01 → 0.5"); `previousRunFromStored` from a row of
 * the runs table (`runsStore.ts`). Pure: no `vscode`, no DOM.
 */
import { formatNumber } from '../shared/format';
import { t } from '../shared/l10n';
import { optimizerPhrase, schedulePhrase } from '../shared/wording';
import type { DataSpec, RunReport, TrainingConfig, Verdict } from '../shared/report';
import { MAX_HISTORY_POINTS } from '../shared/series';
import type { StoredRun } from './runsStore';
import { updatesPerEpoch } from './thinning';

export { updatesPerEpoch };


/** Another run of the same file, drawn beside the current one. */
export interface PreviousRun {
  runId: number;
  /** e.g. "lr 0.1, batch 1", "learningRate 0.01 → 0.5", or "run 3". */
  label: string;
  /** Colour slot (`runStyle`); the chart gives runs that share one the next free slot. */
  slot: number;
  learningRate: number;
  verdict: Verdict | null;
  /** The run's L*, null when unknown. */
  optimalLoss: number | null;
  /** Training loss (null where non-finite) at each of `epochs`, or per epoch when `epochs` is null. */
  trainLoss: (number | null)[];
  /** The epoch of each trainLoss entry for a thinned history; null when entry e is epoch e. */
  epochs: number[] | null;
  /** Updates per epoch, to place the curve on an updates axis. */
  updatesPerEpoch: number;
}


const showValue = (v: unknown): string => (typeof v === 'number' ? formatNumber(v) : Array.isArray(v) ? v.join(', ') : String(v));

function dataName(spec: DataSpec): string {
  switch (spec.kind) {
    case 'dataset':
      return spec.dataset;
    case 'csv':
      return spec.csv;
    case 'synthetic':
      return 'synthetic';
    default: {
      const never: never = spec;
      throw new Error(`unknown data kind ${JSON.stringify(never)}`);
    }
  }
}

/** What changed in the data, e.g. `["data cars → houses.csv"]` or `["features Weight_in_lbs → Weight_in_lbs, Horsepower"]`. */
function dataChanges(before: DataSpec, after: DataSpec): string[] {
  if (before.kind !== after.kind || dataName(before) !== dataName(after)) return [`data ${dataName(before)} → ${dataName(after)}`];
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  const keys = Object.keys(a).filter((k) => k !== 'kind' && k !== 'dataset' && k !== 'csv');
  return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).map((k) => `${k} ${b[k] === null ? t('all') : showValue(b[k])} → ${a[k] === null ? t('all') : showValue(a[k])}`);
}

/**
 * What changed from one config to the next, in the order of training.json's keys, e.g.
 * `"learningRate 0.01 → 0.5, batchSize full → 1"` or `"optimizer plain gradient descent → momentum 0.9"`;
 * null when nothing did.
 */
export function describeConfigChange(before: TrainingConfig, after: TrainingConfig): string | null {
  const changes: string[] = [];
  if (before.learningRate !== after.learningRate) changes.push(`learningRate ${showValue(before.learningRate)} → ${showValue(after.learningRate)}`);
  const optimizer = [optimizerPhrase(before.optimizer), optimizerPhrase(after.optimizer)];
  if (optimizer[0] !== optimizer[1]) changes.push(`optimizer ${optimizer[0]} → ${optimizer[1]}`);
  const schedule = [schedulePhrase(before.learningRateSchedule), schedulePhrase(after.learningRateSchedule)];
  if (schedule[0] !== schedule[1]) changes.push(t('schedule {0} → {1}', schedule[0] ?? '', schedule[1] ?? ''));
  for (const k of ['batchSize', 'epochs'] as const) if (before[k] !== after[k]) changes.push(`${k} ${showValue(before[k])} → ${showValue(after[k])}`);
  changes.push(...dataChanges(before.data, after.data));
  for (const k of ['normalize', 'validationSplit', 'seed'] as const) if (before[k] !== after[k]) changes.push(`${k} ${showValue(before[k])} → ${showValue(after[k])}`);
  return changes.length ? changes.join(', ') : null;
}

/**
 * A finished run as a previous run of its file, labelled by what changed versus the config of
 * the run before it (`previousConfig`, null for the first run): e.g. "learningRate 0.01 → 0.5",
 * or "run 3" when nothing changed. Its training loss is kept per epoch, cut after
 * `MAX_HISTORY_POINTS` epochs (the worker already thins long histories to that size, with their
 * epochs; a report that was not thinned is cut here instead).
 */
export function previousRunFrom(report: RunReport, runId: number, previousConfig: TrainingConfig | null, slot = 0): PreviousRun {
  const change = report.config && previousConfig ? describeConfigChange(previousConfig, report.config) : null;
  return {
    runId,
    label: change ?? t('run {0}', runId),
    slot,
    learningRate: report.config?.learningRate ?? 0,
    verdict: report.verdict,
    optimalLoss: report.optimalLoss,
    trainLoss: (report.history?.trainLoss ?? []).slice(0, MAX_HISTORY_POINTS),
    epochs: report.history?.epochs?.slice(0, MAX_HISTORY_POINTS) ?? null,
    updatesPerEpoch: updatesPerEpoch(report),
  };
}

/** A stored run of the runs table as a curve beside the current run, under its table label. */
export function previousRunFromStored(run: StoredRun, label: string): PreviousRun {
  return {
    runId: run.id,
    label,
    slot: run.slot,
    learningRate: run.learningRate,
    verdict: run.verdict,
    optimalLoss: run.optimalLoss,
    trainLoss: run.trainLoss,
    epochs: run.lossEpochs,
    updatesPerEpoch: run.updatesPerEpoch,
  };
}
