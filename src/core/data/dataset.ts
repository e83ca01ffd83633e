import { type JsonPath, type Problem, ProblemCode, listItems, problem, quote } from '../../shared/problems';
import { formatCount } from '../../shared/format';
import type { ClassCoding, DataSpec } from '../../shared/report';
import { sharedFloats } from '../model';
import { TRAINING_MEMORY_TARGET } from '../layout';
import { t } from '../../shared/l10n';

/**
 * Rows ready for training: `x` is row-major, `rows × features.length`.
 * e.g. cars with one feature: `x = [3504, 3693, …]`, `y = [18, 15, …]`, `featureNames = ["Weight_in_lbs"]`.
 */
export interface Dataset {
  /** What the rows came from: `cars`, the CSV path, or `synthetic`. */
  source: string;
  featureNames: string[];
  labelName: string;
  rows: number;
  x: Float64Array;
  y: Float64Array;
  /** Rows left out because a chosen field was missing, and why. */
  droppedRows: number;
  /** For synthetic data: the weights and bias that generated the labels. */
  truth?: { weights: number[]; bias: number };
  /** For a logistic model: how the label column was coded 0/1 (`y` holds the codes). */
  classes?: ClassCoding;
}

/** A dataset without its rows: what a run reports about its data once the rows are prepared. */
export type DatasetInfo = Omit<Dataset, 'x' | 'y'>;

export interface DataResult {
  dataset: Dataset | null;
  problems: Problem[];
}

/** Where data problems point in training.json. */
export const DATA: JsonPath = ['data'];

/**
 * Data is capped at this many feature values (rows × features; 400 MB as float64, up to four times
 * that while training): more would not fit the editor's process. CSVs are checked against it from
 * their line count before any array is allocated.
 */
export const MAX_FEATURE_VALUES = 50_000_000;
/** Synthetic data's cap: the same. */
export const MAX_SYNTHETIC_VALUES = MAX_FEATURE_VALUES;

/** Memory while training for `rows` × `features` (TRAINING_MEMORY_TARGET × the numeric size), for messages: "about 4,295 MB". */
export function trainingMegabytes(rows: number, features: number): string {
  return t('about {0} MB while training', formatCount((rows * (features + 1) * 8 * TRAINING_MEMORY_TARGET) / 1e6));
}

/** Problems with the chosen columns that need no data: a label that is also a feature. */
export function checkColumns(spec: DataSpec): Problem[] {
  if (spec.kind === 'synthetic' || !spec.features) return [];
  const i = spec.features.indexOf(spec.label);
  if (i < 0) return [];
  return [
    problem([...DATA, 'features', i], ProblemCode.LabelIsFeature, 'error', t('"{0}" is the label, so it cannot also be a feature: the model would just copy it.', spec.label)),
  ];
}

/** The columns an "Unknown column" message offers: at most 10 named (a header can have thousands). */
export function availableColumns(columns: readonly string[]): string {
  return listItems(columns.slice(0, 10).map((c) => quote(c)).concat(columns.slice(10)));
}

/** The problem for a column the data does not have. */
export function unknownColumn(path: JsonPath, column: string, available: string): Problem {
  return problem(path, ProblemCode.UnknownColumn, 'error', t('Unknown column {0}. Available: {1}.', quote(column), available));
}

/** Growable Float64Array (shared, see sharedFloats), doubling, so a million parsed rows cost no per-row objects. */
export class FloatBuffer {
  private data: Float64Array;
  length = 0;
  /** `capacity`: the expected count, when known, so the array is allocated once. */
  constructor(capacity = 1024) {
    this.data = sharedFloats(Math.max(1, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = sharedFloats(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** The values, without a copy when little of the array is unused (a view then keeps the rest alive). */
  toArray(): Float64Array {
    const unused = this.data.length - this.length;
    if (unused <= this.data.length / 8) return this.data.subarray(0, this.length);
    const out = sharedFloats(this.length);
    out.set(this.data.subarray(0, this.length));
    return out;
  }
}

/**
 * The dataset, or none when no row is left. Dropped rows are no problem of the file: the dataset
 * counts them (`droppedRows`) and the panel's data section and the CLI say how many.
 */
export function finish(dataset: Dataset, problems: Problem[]): DataResult {
  if (dataset.rows === 0) {
    problems.push(problem(DATA, ProblemCode.DataEmpty, 'error', t('No usable rows in {0}: every row is missing a chosen column.', dataset.source)));
    return { dataset: null, problems };
  }
  return { dataset, problems };
}
