/**
 * A run as a file: the `descent-run` JSON format (version 1) that `descent.keepRuns` writes under
 * `.descent/runs/`, `descent train --save-run` writes, and `descent compare` reads. Pure: the
 * caller supplies the data's hash, Descent's version and the time, and writes the text (atomically,
 * see src/runFiles.ts). The fields are documented in the README ("Run files").
 */
import type { FeatureScale, RunReport, TrainingConfig, Verdict } from '../shared/report';
import { thinHistory } from './run/report';
import { marked, t, translate } from '../shared/l10n';

/** The `format` every run file declares: how a reader tells a run file from a training.json. */
export const RUN_FORMAT = 'descent-run';
/** The format's version: a reader refuses a newer one rather than misread it. */
export const RUN_FORMAT_VERSION = 1;
/** Per-epoch losses kept: a longer history is thinned to its extremes, as the panel thins it. */
export const RUN_HISTORY_POINTS = 4001;

/**
 * What the data's hash is of: `file-bytes` the CSV file's bytes, `dataset-text` the embedded
 * dataset's canonical text (JSON.stringify of its rows), `generator-spec` the synthetic generator's
 * parameters (the rows are a pure function of them).
 */
export type DataHashOf = 'file-bytes' | 'dataset-text' | 'generator-spec';

/** A SHA-256 of the data, e.g. `{ algorithm: "sha256", of: "file-bytes", value: "9f86d0…" }`. */
export interface DataHash {
  algorithm: 'sha256';
  of: DataHashOf;
  value: string;
}

/** One run, as written to and read from a run file. */
export interface RunFile {
  format: typeof RUN_FORMAT;
  version: typeof RUN_FORMAT_VERSION;
  /** The Descent version that trained it, e.g. "0.1.0". */
  descentVersion: string;
  /** When the run ended, ISO 8601 UTC, e.g. "2026-11-30T09:12:03.441Z". */
  createdAt: string;
  /** The training.json it ran, as the writer named it (a path relative to the run file's folder when kept), or null. */
  trainingFile: string | null;
  /** The config with every default applied. */
  config: TrainingConfig;
  /** The seed of the shuffles and the split (the config's, repeated for readers that look for it). */
  seed: number;
  data: {
    /** `cars`, the CSV path as written in training.json, or `synthetic`. */
    source: string;
    kind: TrainingConfig['data']['kind'];
    features: string[];
    label: string;
    /** Rows read (after dropping incomplete ones), training rows and validation rows. */
    rows: number;
    droppedRows: number;
    trainingRows: number;
    validationRows: number;
    normalization: { method: 'zscore' | 'none'; features: FeatureScale[] };
    /** null when the data could not be hashed as the run read it (the file changed in between). */
    hash: DataHash | null;
  };
  history: {
    /** The epoch of each entry (thinned history), or null: entry e is epoch e. */
    epochs: number[] | null;
    /** Training loss after each epoch, entry 0 before training; null where not finite. */
    trainLoss: (number | null)[];
    validationLoss: (number | null)[] | null;
    /** The rate of each entry's epoch (entry 0 null), or null for a constant rate. */
    learningRates: (number | null)[] | null;
  };
  verdict: Verdict | null;
  reason: string | null;
  /** The epoch the verdict names (converged: the first settled epoch), or null. */
  verdictEpoch: number | null;
  finalLoss: number | null;
  /** L*, the least-squares optimum's loss on the training rows. */
  optimalLoss: number | null;
  lossUnit: string;
  epochsRun: number;
  totalUpdates: number;
  stoppedEarly: 'non-finite' | 'cancelled' | null;
  /** The final model in the features' own units. */
  weights: (number | null)[];
  bias: number | null;
  /** A classifier's last-epoch accuracy (training, and validation when rows were held out); null for linear regression. Absent in files written before it was recorded. */
  accuracy?: { train: number; validation: number | null } | null;
}

/** What the caller knows that the report does not. */
export interface RunFileFacts {
  descentVersion: string;
  /** The time the run ended. */
  createdAt: Date;
  dataHash: DataHash | null;
  trainingFile?: string | null;
}

/**
 * The run file of a trained report, history thinned to RUN_HISTORY_POINTS. Throws for a report
 * that did not train (there is no run to keep).
 * e.g. `buildRunFile(runTraining(text), { descentVersion: "0.1.0", createdAt: new Date(), dataHash })`.
 */
export function buildRunFile(report: RunReport, facts: RunFileFacts): RunFile {
  if (!report.trained || !report.config || !report.data || !report.history) throw new Error('Only a trained run can be written as a run file.');
  const thinned = thinHistory(report, RUN_HISTORY_POINTS);
  const h = thinned.history ?? report.history;
  const { config, data } = report;
  return {
    format: RUN_FORMAT,
    version: RUN_FORMAT_VERSION,
    descentVersion: facts.descentVersion,
    createdAt: facts.createdAt.toISOString(),
    trainingFile: facts.trainingFile ?? null,
    config,
    seed: config.seed,
    data: {
      source: data.source,
      kind: config.data.kind,
      features: data.features,
      label: data.label,
      rows: data.rows,
      droppedRows: data.droppedRows,
      trainingRows: report.samples,
      validationRows: data.validationRows,
      normalization: data.normalization,
      hash: facts.dataHash,
    },
    history: { epochs: h.epochs, trainLoss: h.trainLoss, validationLoss: h.validationLoss, learningRates: h.learningRates },
    verdict: report.verdict,
    reason: report.reason,
    verdictEpoch: report.verdictEpoch,
    finalLoss: report.finalLoss,
    optimalLoss: report.optimalLoss,
    lossUnit: report.lossUnit,
    epochsRun: report.epochsRun,
    totalUpdates: report.totalUpdates,
    stoppedEarly: report.stoppedEarly === 'non-finite' || report.stoppedEarly === 'cancelled' ? report.stoppedEarly : null,
    weights: report.weights.map((w) => (Number.isFinite(w) ? w : null)),
    bias: report.bias,
    accuracy: report.accuracy,
  };
}

/** The file's text: two-space JSON and a final newline, so a kept run diffs well in git. */
export function serializeRunFile(run: RunFile): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}

/** Whether a parsed JSON value declares itself a run file (any version): how `descent compare` tells run files from a training.json. */
export function declaresRunFile(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === RUN_FORMAT;
}

type Check = (v: unknown) => boolean;
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
/** A share of rows, 0 … 1. */
const isShare: Check = (v) => typeof v === 'number' && v >= 0 && v <= 1;
const isInt: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const isString: Check = (v) => typeof v === 'string';
const orNull = (c: Check): Check => (v) => v === null || c(v);
const arrayOf = (c: Check): Check => (v) => Array.isArray(v) && v.every(c);
const isObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf = (...values: unknown[]): Check => (v) => values.includes(v);

/** Fields a version-1 reader checks, by dotted path, with what each must be (for the message, `marked`: translated when it is said). */
const FIELDS: [string, Check, string][] = [
  ['descentVersion', isString, marked('a string')],
  ['createdAt', (v) => isString(v) && !Number.isNaN(Date.parse(v as string)), marked('an ISO 8601 time')],
  ['trainingFile', orNull(isString), marked('a string or null')],
  ['config', isObject, marked('an object')],
  ['config.learningRate', (v) => isNumber(v) && (v as number) > 0, marked('a positive number')],
  ['config.batchSize', (v) => v === 'full' || (isInt(v) && (v as number) >= 1), marked('a positive whole number or "full"')],
  ['config.epochs', (v) => isInt(v) && (v as number) >= 1, marked('a positive whole number')],
  ['config.data', isObject, marked('an object')],
  ['config.data.kind', oneOf('dataset', 'csv', 'synthetic'), marked('"dataset", "csv" or "synthetic"')],
  ['config.normalize', oneOf('zscore', 'none'), marked('"zscore" or "none"')],
  ['config.validationSplit', isNumber, marked('a number')],
  ['config.optimizer.kind', oneOf('sgd', 'momentum', 'adam'), marked('"sgd", "momentum" or "adam"')],
  ['config.learningRateSchedule.kind', oneOf('constant', 'step', 'exponential'), marked('"constant", "step" or "exponential"')],
  ['seed', Number.isSafeInteger as Check, marked('a whole number')],
  ['data', isObject, marked('an object')],
  ['data.source', isString, marked('a string')],
  ['data.features', arrayOf(isString), marked('an array of column names')],
  ['data.label', isString, marked('a string')],
  ['data.rows', isInt, marked('a whole number')],
  ['data.trainingRows', isInt, marked('a whole number')],
  ['data.validationRows', isInt, marked('a whole number')],
  ['data.hash', (v) => v === null || (isObject(v) && (v as DataHash).algorithm === 'sha256' && oneOf('file-bytes', 'dataset-text', 'generator-spec')((v as DataHash).of) && /^[0-9a-f]{64}$/.test(String((v as DataHash).value))), marked('null or { algorithm: "sha256", of, value: 64 hex digits }')],
  ['history', isObject, marked('an object')],
  ['history.epochs', orNull(arrayOf(isInt)), marked('null or an array of epochs')],
  ['history.trainLoss', (v) => arrayOf(orNull(isNumber))(v) && (v as unknown[]).length >= 1, marked('a non-empty array of numbers or nulls')],
  ['history.validationLoss', orNull(arrayOf(orNull(isNumber))), marked('null or an array of numbers or nulls')],
  ['history.learningRates', orNull(arrayOf(orNull(isNumber))), marked('null or an array of numbers or nulls')],
  ['verdict', oneOf(null, 'converged', 'too-slow', 'oscillating', 'diverged'), marked('null, "converged", "too-slow", "oscillating" or "diverged"')],
  ['reason', orNull(isString), marked('a string or null')],
  ['verdictEpoch', orNull(isInt), marked('a whole number or null')],
  ['finalLoss', orNull(isNumber), marked('a number or null')],
  ['optimalLoss', orNull(isNumber), marked('a number or null')],
  ['lossUnit', isString, marked('a string')],
  ['epochsRun', isInt, marked('a whole number')],
  ['totalUpdates', isInt, marked('a whole number')],
  ['weights', arrayOf(orNull(isNumber)), marked('an array of numbers or nulls')],
  ['bias', orNull(isNumber), marked('a number or null')],
  ['accuracy', (v) => v === undefined || v === null || (isObject(v) && isShare((v as Record<string, unknown>).train) && ((v as Record<string, unknown>).validation === null || isShare((v as Record<string, unknown>).validation))), marked('absent, null or { train, validation } shares from 0 to 1')],
];

function at(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split('.')) v = isObject(v) ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/**
 * Reads a run file's text: the run, or the problems, each naming the file and the field, e.g.
 * `runs/a.json: field "history.trainLoss" must be a non-empty array of numbers or nulls`. A file
 * of a newer version is refused whole; a parent field that is wrong hides its children's messages.
 */
export function parseRunFile(text: string, fileName: string): { run: RunFile } | { errors: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { errors: [t('{0}: not a run file: invalid JSON ({1}).', fileName, (e as Error).message)] };
  }
  if (!isObject(value)) return { errors: [t('{0}: not a run file: the top level must be an object with {1}.', fileName, `"format": "${RUN_FORMAT}"`)] };
  const v = value as Record<string, unknown>;
  if (v.format !== RUN_FORMAT) return { errors: [v.format === undefined ? t('{0}: not a run file: field "format" must be "{1}" (got nothing).', fileName, RUN_FORMAT) : t('{0}: not a run file: field "format" must be "{1}" (got {2}).', fileName, RUN_FORMAT, JSON.stringify(v.format))] };
  if (v.version !== RUN_FORMAT_VERSION) {
    const newer = typeof v.version === 'number' && v.version > RUN_FORMAT_VERSION;
    const message =
      v.version === undefined
        ? t('{0}: field "version" is missing; this Descent reads run files of version {1}.', fileName, RUN_FORMAT_VERSION)
        : newer
          ? t('{0}: field "version" is {1}; this Descent reads run files of version {2} (the file was written by a newer Descent).', fileName, JSON.stringify(v.version), RUN_FORMAT_VERSION)
          : t('{0}: field "version" is {1}; this Descent reads run files of version {2}.', fileName, JSON.stringify(v.version), RUN_FORMAT_VERSION);
    return { errors: [message] };
  }
  const errors: string[] = [];
  const failed: string[] = [];
  for (const [path, check, expected] of FIELDS) {
    if (failed.some((p) => path.startsWith(`${p}.`))) continue;
    const field = at(value, path);
    if (!check(field)) {
      failed.push(path);
      errors.push(field === undefined ? t('{0}: field "{1}" must be {2} (got nothing).', fileName, path, translate(expected)) : t('{0}: field "{1}" must be {2} (got {3}).', fileName, path, translate(expected), JSON.stringify(field).slice(0, 60)));
    }
  }
  if (errors.length === 0) {
    const h = v.history as RunFile['history'];
    const n = h.trainLoss.length;
    for (const key of ['epochs', 'validationLoss', 'learningRates'] as const) {
      const series = h[key];
      if (series && series.length !== n) errors.push(t('{0}: field "{1}" has {2} entries; "history.trainLoss" has {3}.', fileName, `history.${key}`, series.length, n));
    }
  }
  return errors.length ? { errors } : { run: value as unknown as RunFile };
}

/**
 * The epoch a run first converged (its verdict's epoch when the verdict is `converged`), else null:
 * what `descent compare` prints as "epochs to converge".
 */
export function epochsToConverge(run: RunFile): number | null {
  return run.verdict === 'converged' ? run.verdictEpoch : null;
}
