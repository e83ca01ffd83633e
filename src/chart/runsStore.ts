/**
 * A training.json's runs, one per distinct config (TensorBoard's and DVC's runs table): what the
 * table lists and the chart overlays, kept across window reloads in the workspace state. Pure: no
 * `vscode`, no DOM; the host reads and writes the state through `parseStoredRuns` and `RunsState`.
 *
 * Rules: re-training a config replaces its row (no new row) and moves it to the front; a new
 * config goes in front and, past `MAX_RUNS`, pushes out the oldest row that is neither pinned
 * nor the newest; at most `MAX_PINNED` rows are pinned; a hidden row is not drawn.
 */
import { createHash } from 'node:crypto';
import { formatNumber } from '../shared/format';
import { t } from '../shared/l10n';
import { optimizerPhrase, schedulePhrase } from '../shared/wording';
import type { DataSpec, RunReport, TrainingConfig, Verdict } from '../shared/report';
import { MAX_PINNED, MAX_RUNS, type RunAction, type RunRow } from '../shared/runs';
import { downsampleSeries, updatesPerEpoch } from './thinning';

/** Losses kept per stored run: enough for a faded curve, small enough for the workspace state (8 runs ≈ 100 KB). */
export const MAX_STORED_POINTS = 500;
/** Longest setting or name shown (a CSV path or a feature list can be long). */
const MAX_TEXT = 200;
/** Longest stored setting (JSON of a config field); a longer one is stored as its digest. */
const MAX_SETTING = 4000;

/** One distinct config's latest run, as stored. */
export interface StoredRun {
  id: number;
  /** The config's `configKey`: equal keys are the same run. */
  key: string;
  /** The config's settings in training.json's order as short names and JSON values (`configSettings`), e.g. `[["lr", "0.1"], ["batch", "\"full\""]]`. */
  settings: [string, string][];
  learningRate: number;
  batchSize: number | 'full';
  epochs: number;
  verdict: Verdict | null;
  verdictEpoch: number | null;
  finalLoss: number | null;
  /** L*, the least-squares loss of the run's training rows (null when unknown). */
  optimalLoss: number | null;
  labelName: string;
  /** A classifier's final training accuracy (0 … 1; null when it overflowed); absent for linear regression, whose RMSE is shown instead. */
  accuracy?: number | null;
  /** Training loss (null where non-finite) at each of `epochs`, at most `MAX_STORED_POINTS`. */
  trainLoss: (number | null)[];
  lossEpochs: number[];
  updatesPerEpoch: number;
  pinned: boolean;
  hidden: boolean;
  /** Colour slot, unique among the stored runs. */
  slot: number;
}

/** A file's runs, most recently trained first. */
export interface RunsState {
  version: 1;
  nextId: number;
  runs: StoredRun[];
}

export const EMPTY_RUNS: RunsState = { version: 1, nextId: 1, runs: [] };

/** The key that identifies a config: a hash of every setting training reads (not `compare`), e.g. "3f9a…" (64 hex digits). */
export function configKey(config: TrainingConfig): string {
  const { compare: _compare, ...trained } = config;
  return createHash('sha256').update(JSON.stringify(trained)).digest('hex');
}

const show = (v: number | string): string => (typeof v === 'number' ? formatNumber(v) : v);

function dataText(spec: DataSpec): string {
  switch (spec.kind) {
    case 'dataset':
      return `${spec.dataset} (${spec.features.join(', ')} → ${spec.label})`;
    case 'csv':
      return `${spec.csv} (${spec.features ? spec.features.join(', ') : t('all')} → ${spec.label})`;
    case 'synthetic':
      return t('synthetic ({0} × {1}, noise {2}, seed {3})', spec.samples, spec.features, formatNumber(spec.noise), spec.seed);
    default: {
      const never: never = spec;
      throw new Error(`unknown data kind ${JSON.stringify(never)}`);
    }
  }
}

function modelText(model: TrainingConfig['model']): string {
  if (model.kind !== 'logistic') return t('linear');
  return model.negative !== null ? t('logistic ({0} vs {1})', model.positive, model.negative) : t('logistic ({0})', model.positive);
}

/**
 * A config's settings in training.json's order, each a short name and its value as JSON, e.g.
 * `[["lr", "0.1"], ["optimizer", "{\"kind\":\"sgd\"}"], ["batch", "\"full\""], …]`. The values
 * are the config's own, in no language: runs are told apart and matched by them whatever the
 * display language was when each was stored; `settingText` words one for the table.
 */
export function configSettings(config: TrainingConfig): [string, string][] {
  const settings: [string, unknown][] = [
    ['lr', config.learningRate],
    ['model', config.model],
    ['optimizer', config.optimizer],
    ['schedule', config.learningRateSchedule],
    ['batch', config.batchSize],
    ['epochs', config.epochs],
    ['data', config.data],
    ['normalize', config.normalize],
    ['split', config.validationSplit],
    ['seed', config.seed],
  ];
  return settings.map(([k, v]) => {
    const json = JSON.stringify(v) ?? 'null';
    return [k, json.length <= MAX_SETTING ? json : JSON.stringify({ sha256: createHash('sha256').update(json).digest('hex') })];
  });
}

/**
 * A stored setting's value as the table shows it, in the display language: "0.1", "momentum 0.9",
 * "a constant rate", "cars (Weight_in_lbs → Miles_per_Gallon)". A value stored by an older
 * version as display text (not JSON of the config) is shown as it was stored.
 */
export function settingText(name: string, stored: string): string {
  let text: string;
  try {
    const v = JSON.parse(stored) as never;
    switch (name) {
      case 'model':
        text = modelText(v);
        break;
      case 'optimizer':
        text = optimizerPhrase(v);
        break;
      case 'schedule':
        text = schedulePhrase(v);
        break;
      case 'data':
        text = dataText(v);
        break;
      default:
        text = typeof v === 'number' || typeof v === 'string' ? show(v) : stored;
    }
  } catch {
    text = stored;
  }
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** A trained report as a stored run (null when it did not train or has no config). */
export function storedRunFrom(report: RunReport): Omit<StoredRun, 'id' | 'pinned' | 'hidden' | 'slot'> | null {
  const config = report.config;
  if (!report.trained || !config || !report.history) return null;
  const history = report.history;
  const points = history.trainLoss.map((loss, i) => ({ epoch: history.epochs?.[i] ?? i, loss: loss !== null && Number.isFinite(loss) ? loss : null }));
  const kept = downsampleSeries(points, (p) => p.loss, MAX_STORED_POINTS);
  return {
    key: configKey(config),
    settings: configSettings(config),
    learningRate: config.learningRate,
    batchSize: config.batchSize,
    epochs: config.epochs,
    verdict: report.verdict,
    verdictEpoch: report.verdictEpoch,
    finalLoss: report.finalLoss !== null && Number.isFinite(report.finalLoss) ? report.finalLoss : null,
    optimalLoss: report.optimalLoss !== null && Number.isFinite(report.optimalLoss) ? report.optimalLoss : null,
    labelName: (report.data?.label ?? '').slice(0, MAX_TEXT),
    ...(config.model.kind === 'logistic' ? { accuracy: report.accuracy?.train ?? null } : {}),
    trainLoss: kept.map((p) => p.loss),
    lossEpochs: kept.map((p) => p.epoch),
    updatesPerEpoch: updatesPerEpoch(report),
  };
}

/** The smallest slot no other run uses. */
function freeSlot(runs: readonly StoredRun[]): number {
  const used = new Set(runs.map((r) => r.slot));
  let slot = 0;
  while (used.has(slot)) slot++;
  return slot;
}

/** Drops the oldest rows that are neither pinned nor the newest until at most `MAX_RUNS` remain. */
function evict(runs: StoredRun[]): StoredRun[] {
  const out = runs.slice();
  for (let i = out.length - 1; out.length > MAX_RUNS && i > 0; i--) if (!(out[i] as StoredRun).pinned) out.splice(i, 1);
  return out;
}

/**
 * The state with a run added: its config's row replaced (same id, pin and colour; shown again)
 * and moved to the front, or a new row in front; then the oldest unpinned rows pushed out.
 * e.g. training lr 0.1 four times leaves one "lr 0.1" row.
 */
export function addRun(state: RunsState, run: Omit<StoredRun, 'id' | 'pinned' | 'hidden' | 'slot'>): RunsState {
  const existing = state.runs.find((r) => r.key === run.key);
  const others = state.runs.filter((r) => r.key !== run.key);
  const entry: StoredRun = existing ? { ...run, id: existing.id, pinned: existing.pinned, hidden: false, slot: existing.slot } : { ...run, id: state.nextId, pinned: false, hidden: false, slot: freeSlot(others) };
  return { version: 1, nextId: existing ? state.nextId : state.nextId + 1, runs: evict([entry, ...others]) };
}

/**
 * The state after a user's action on row `id` (unknown ids change nothing). Pinning past
 * `MAX_PINNED`, and hiding or removing the current config's row (`currentKey`), are refused.
 */
export function applyRunAction(state: RunsState, id: number, action: RunAction, currentKey: string | null): RunsState {
  const run = state.runs.find((r) => r.id === id);
  if (!run) return state;
  const isCurrent = run.key === currentKey;
  const set = (change: Partial<StoredRun>): RunsState => ({ ...state, runs: state.runs.map((r) => (r.id === id ? { ...r, ...change } : r)) });
  switch (action) {
    case 'pin':
      return run.pinned || state.runs.filter((r) => r.pinned).length >= MAX_PINNED ? state : set({ pinned: true });
    case 'unpin':
      return set({ pinned: false });
    case 'hide':
      return isCurrent ? state : set({ hidden: true });
    case 'show':
      return set({ hidden: false });
    case 'remove':
      return isCurrent ? state : { ...state, runs: state.runs.filter((r) => r.id !== id) };
    default: {
      const never: never = action;
      throw new Error(`unknown run action ${String(never)}`);
    }
  }
}

/**
 * A setting's short name as a run's label shows it, e.g. "batch" ("バッチ" in Japanese); "lr" and
 * names this version does not know (stored by another) as they are.
 */
export function settingName(name: string): string {
  switch (name) {
    case 'model':
      return t('model');
    case 'optimizer':
      return t('optimizer');
    case 'schedule':
      return t('schedule');
    case 'batch':
      return t('batch');
    case 'epochs':
      return t('epochs');
    case 'data':
      return t('data');
    case 'normalize':
      return t('normalize');
    case 'split':
      return t('split');
    case 'seed':
      return t('seed');
    default:
      return name;
  }
}

/**
 * Each run's label: the settings whose values differ between the runs, e.g. "lr 0.1, batch 1"
 * for runs that differ in rate and batch size; "lr 0.1" when there is one run. Labels are unique
 * (distinct configs differ in some setting; a difference cut from a long setting adds "#id"), e.g.
 * "optimizer Adam (β1 0.9, β2 0.999, ε 1e-8)" for runs that differ only in their optimizer.
 * Settings are matched by name: a run stored before a setting existed lacks it ("?").
 */
export function runLabels(runs: readonly StoredRun[]): string[] {
  const names = [...new Set(runs.flatMap((r) => r.settings.map(([k]) => k)))];
  const value = (r: StoredRun, name: string) => r.settings.find(([k]) => k === name)?.[1] ?? '?';
  const differ = names.filter((name) => new Set(runs.map((r) => value(r, name))).size > 1);
  const shown = differ.length ? differ : ['lr'];
  const labels = runs.map((r) => shown.map((name) => `${settingName(name)} ${settingText(name, value(r, name))}`).join(', '));
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return labels.map((l, i) => ((counts.get(l) ?? 0) > 1 ? `${l} #${(runs[i] as StoredRun).id}` : l));
}

/**
 * The largest learning rate that converged among the stored runs whose config differs from the
 * current one (`currentKey`) in the learning rate alone, or null: "converged here before".
 */
export function bestConvergedRate(state: RunsState, currentKey: string | null): number | null {
  const current = state.runs.find((r) => r.key === currentKey);
  if (!current) return null;
  const rest = (settings: [string, string][]) => JSON.stringify(settings.filter(([k]) => k !== 'lr'));
  const rates = state.runs.filter((r) => r.key !== currentKey && r.verdict === 'converged' && rest(r.settings) === rest(current.settings)).map((r) => r.learningRate);
  return rates.length ? Math.max(...rates) : null;
}

/** The table's rows, newest first, with the current config's row marked. */
export function runRows(state: RunsState, currentKey: string | null): RunRow[] {
  const labels = runLabels(state.runs);
  return state.runs.map((r, i) => ({
    id: r.id,
    label: labels[i] as string,
    current: r.key === currentKey,
    pinned: r.pinned,
    hidden: r.hidden,
    slot: r.slot,
    learningRate: r.learningRate,
    batchSize: r.batchSize,
    epochs: r.epochs,
    verdict: r.verdict,
    convergedEpoch: r.verdict === 'converged' ? r.verdictEpoch : null,
    finalLoss: r.finalLoss,
    // Linear regression's loss is the mean squared error (1/N) Σ (ŷ − y)², so its square root is the
    // RMSE in the label's units; a classifier's log loss has no such root: its accuracy is shown.
    rmse: r.accuracy === undefined && r.finalLoss !== null && r.finalLoss >= 0 ? Math.sqrt(r.finalLoss) : null,
    accuracy: r.accuracy ?? null,
    labelName: r.labelName,
  }));
}

// ── reading back what was stored (untrusted: another version, or edited) ─────────────────────

const VERDICTS: readonly string[] = ['converged', 'too-slow', 'oscillating', 'diverged'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const finiteOrNull = (v: unknown): v is number | null => v === null || isFinite(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;

function parseRun(v: unknown): StoredRun | null {
  if (!isObject(v)) return null;
  const { id, key, settings, learningRate, batchSize, epochs, verdict, verdictEpoch, finalLoss, optimalLoss, labelName, trainLoss, lossEpochs, updatesPerEpoch: perEpoch, pinned, hidden, slot, accuracy } = v;
  if (!(accuracy === undefined || accuracy === null || (isFinite(accuracy) && accuracy >= 0 && accuracy <= 1))) return null;
  if (!isCount(id) || typeof key !== 'string' || !/^[0-9a-f]{64}$/.test(key) || !isText(labelName)) return null;
  if (!Array.isArray(settings) || settings.length > 20 || !settings.every((s) => Array.isArray(s) && s.length === 2 && isText(s[0]) && typeof s[1] === 'string' && s[1].length <= MAX_SETTING)) return null;
  if (!isFinite(learningRate) || learningRate <= 0 || !(batchSize === 'full' || (isCount(batchSize) && batchSize > 0)) || !isCount(epochs)) return null;
  if (!(verdict === null || (typeof verdict === 'string' && VERDICTS.includes(verdict))) || !(verdictEpoch === null || isCount(verdictEpoch))) return null;
  if (!finiteOrNull(finalLoss) || !finiteOrNull(optimalLoss) || !isCount(perEpoch) || perEpoch < 1 || typeof pinned !== 'boolean' || typeof hidden !== 'boolean' || !isCount(slot) || slot >= MAX_RUNS) return null;
  if (!Array.isArray(trainLoss) || !Array.isArray(lossEpochs) || trainLoss.length !== lossEpochs.length || trainLoss.length > MAX_STORED_POINTS) return null;
  if (!trainLoss.every(finiteOrNull) || !lossEpochs.every(isCount)) return null;
  return {
    id,
    key,
    settings: settings.map((s) => [s[0], s[1]] as [string, string]),
    learningRate,
    batchSize,
    epochs,
    verdict: verdict as Verdict | null,
    verdictEpoch,
    finalLoss,
    optimalLoss,
    labelName,
    ...(accuracy === undefined ? {} : { accuracy: accuracy as number | null }),
    trainLoss: trainLoss.slice(),
    lossEpochs: lossEpochs.slice(),
    updatesPerEpoch: perEpoch,
    pinned,
    hidden,
    slot,
  };
}

/**
 * The runs stored for a file, validated: malformed rows are dropped, as are rows past
 * `MAX_RUNS`, duplicate configs, ids and slots; pins past `MAX_PINNED` are undone. Anything that is
 * not a runs state at all gives the empty state.
 */
export function parseStoredRuns(raw: unknown): RunsState {
  if (!isObject(raw) || raw.version !== 1 || !isCount(raw.nextId) || !Array.isArray(raw.runs)) return EMPTY_RUNS;
  const runs: StoredRun[] = [];
  const keys = new Set<string>();
  const ids = new Set<number>();
  const slots = new Set<number>();
  let pinned = 0;
  for (const item of raw.runs.slice(0, MAX_RUNS * 4)) {
    const run = parseRun(item);
    if (!run || keys.has(run.key) || ids.has(run.id) || slots.has(run.slot) || run.id >= raw.nextId) continue;
    if (runs.length >= MAX_RUNS) break;
    keys.add(run.key);
    ids.add(run.id);
    slots.add(run.slot);
    if (run.pinned && ++pinned > MAX_PINNED) run.pinned = false;
    runs.push(run);
  }
  return { version: 1, nextId: raw.nextId, runs };
}
