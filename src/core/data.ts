import Papa from 'papaparse';
// vega-datasets hides data/ behind its package "exports" and its loader fetches from a CDN, so the
// embedded Auto MPG rows are imported by path and bundled.
import carsRows from '../../node_modules/vega-datasets/data/cars.json';
import type { DataSpec } from './config';
import { type JsonPath, type Problem, ProblemCode, problem } from './problems';
import { createRandom } from './random';
import { CARS_COLUMNS } from './schema';

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
}

export interface DataResult {
  dataset: Dataset | null;
  problems: Problem[];
}

const DATA: JsonPath = ['data'];

/** Problems with the chosen columns that need no data: a label that is also a feature. */
export function checkColumns(spec: DataSpec): Problem[] {
  if (spec.kind === 'synthetic' || !spec.features) return [];
  const i = spec.features.indexOf(spec.label);
  if (i < 0) return [];
  return [
    problem([...DATA, 'features', i], ProblemCode.LabelIsFeature, 'error', `"${spec.label}" is the label, so it cannot also be a feature: the model would just copy it.`),
  ];
}

function unknownColumn(path: JsonPath, column: string, available: readonly string[]): Problem {
  return problem(path, ProblemCode.UnknownColumn, 'error', `Unknown column "${column}". Available: ${available.join(', ')}.`);
}

/** Growable Float64Array, doubling, so a million parsed rows cost no per-row objects. */
class FloatBuffer {
  private data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** The Auto MPG rows from vega-datasets with the chosen columns; rows missing one are dropped and counted. */
export function loadCars(spec: { features: string[]; label: string }): DataResult {
  const problems = checkColumns({ kind: 'dataset', dataset: 'cars', ...spec });
  spec.features.forEach((f, i) => {
    if (!(CARS_COLUMNS as readonly string[]).includes(f)) problems.push(unknownColumn([...DATA, 'features', i], f, CARS_COLUMNS));
  });
  if (!(CARS_COLUMNS as readonly string[]).includes(spec.label)) problems.push(unknownColumn([...DATA, 'label'], spec.label, CARS_COLUMNS));
  if (problems.length) return { dataset: null, problems };
  const x = new FloatBuffer();
  const y = new FloatBuffer();
  let dropped = 0;
  for (const row of carsRows as Record<string, unknown>[]) {
    const values = [...spec.features, spec.label].map((c) => row[c]);
    if (!values.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) {
      dropped++;
      continue;
    }
    for (let j = 0; j < spec.features.length; j++) x.push(values[j] as number);
    y.push(values[spec.features.length] as number);
  }
  return finish({ source: 'cars', featureNames: spec.features, labelName: spec.label, rows: y.length, x: x.toArray(), y: y.toArray(), droppedRows: dropped }, problems);
}

function finish(dataset: Dataset, problems: Problem[]): DataResult {
  if (dataset.droppedRows > 0) {
    problems.push(
      problem(DATA, ProblemCode.RowsDropped, 'info', `${dataset.droppedRows} row(s) of ${dataset.source} had a missing value in a chosen column and were left out; ${dataset.rows} remain.`),
    );
  }
  if (dataset.rows === 0) {
    problems.push(problem(DATA, ProblemCode.DataEmpty, 'error', `No usable rows in ${dataset.source}: every row is missing a chosen column.`));
    return { dataset: null, problems };
  }
  return { dataset, problems };
}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null']);

/**
 * Parses CSV text (header row first; quotes, CRLF and a BOM are fine) into a dataset. Cells that
 * are empty or NA/NaN count as missing (the row is dropped and counted); any other cell in a chosen
 * column that is not a finite number is an error naming its row (the header is row 1) and column.
 * `features: null` uses every column but the label.
 */
export function parseCsvData(text: string, spec: { csv: string; features: string[] | null; label: string }): DataResult {
  const where = spec.csv;
  const csvPath: JsonPath = [...DATA, 'csv'];
  const fail = (code: ProblemCode, message: string, path: JsonPath = csvPath): DataResult => ({
    dataset: null,
    problems: [problem(path, code, 'error', `${where}: ${message}`)],
  });
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return fail(ProblemCode.DataEmpty, 'the file is empty; it needs a header row and at least one data row.');

  let header: string[] | null = null;
  let columns: number[] = [];
  let labelColumn = -1;
  let featureNames: string[] = [];
  const x = new FloatBuffer();
  const y = new FloatBuffer();
  let dropped = 0;
  let row = 0;
  let failure: DataResult | null = null;
  const cells: number[] = [];

  Papa.parse<string[]>(body, {
    header: false,
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      row++;
      const record = result.data;
      if (header === null) {
        header = record.map((h) => h.trim());
        const resolved = resolveCsvColumns(header, spec);
        if ('problems' in resolved) {
          failure = { dataset: null, problems: resolved.problems };
          parser.abort();
          return;
        }
        ({ columns, labelColumn, featureNames } = resolved);
        return;
      }
      if (record.length !== header.length) {
        failure = fail(ProblemCode.CsvMalformed, `row ${row} has ${record.length} cell(s) but the header has ${header.length}.`);
        parser.abort();
        return;
      }
      cells.length = 0;
      let missing = false;
      for (const c of [...columns, labelColumn]) {
        const raw = (record[c] as string).trim();
        if (MISSING.has(raw.toLowerCase())) {
          missing = true;
          break;
        }
        const v = Number(raw);
        if (!Number.isFinite(v)) {
          failure = fail(ProblemCode.CsvNonNumeric, `row ${row}, column "${header[c]}": ${JSON.stringify(raw)} is not a finite number.`);
          parser.abort();
          return;
        }
        cells.push(v);
      }
      if (missing) {
        dropped++;
        return;
      }
      for (let j = 0; j < columns.length; j++) x.push(cells[j] as number);
      y.push(cells[columns.length] as number);
    },
  });
  if (failure) return failure;
  if (header === null) return fail(ProblemCode.DataEmpty, 'the file has no header row.');
  if (y.length === 0 && dropped === 0) return fail(ProblemCode.DataEmpty, 'the file has a header but no data rows.');
  return finish({ source: where, featureNames, labelName: spec.label, rows: y.length, x: x.toArray(), y: y.toArray(), droppedRows: dropped }, []);
}

function resolveCsvColumns(
  header: string[],
  spec: { features: string[] | null; label: string },
): { columns: number[]; labelColumn: number; featureNames: string[] } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup !== undefined) {
    problems.push(problem([...DATA, 'csv'], ProblemCode.CsvMalformed, 'error', `The header names the column "${dup}" twice.`));
  }
  const labelColumn = header.indexOf(spec.label);
  if (labelColumn < 0) problems.push(unknownColumn([...DATA, 'label'], spec.label, header));
  const featureNames = spec.features ?? header.filter((h) => h !== spec.label);
  const columns = featureNames.map((f, i) => {
    const c = header.indexOf(f);
    if (c < 0) problems.push(unknownColumn([...DATA, 'features', i], f, header));
    return c;
  });
  if (featureNames.length === 0) problems.push(problem([...DATA, 'csv'], ProblemCode.DataEmpty, 'error', 'The CSV has no column besides the label to use as a feature.'));
  problems.push(...checkColumns({ kind: 'csv', csv: '', features: spec.features, label: spec.label }));
  return problems.length ? { problems } : { columns, labelColumn, featureNames };
}

/**
 * Generated data: x ~ N(0, 1) per feature, y = w·x + b + noise·N(0, 1), with w uniform in
 * [−2, 2] and b uniform in [−1, 1], all drawn from the spec's seed.
 */
export function makeSynthetic(spec: { samples: number; features: number; noise: number; seed: number }): DataResult {
  const random = createRandom(spec.seed);
  const d = spec.features;
  const weights = Array.from({ length: d }, () => Math.round((random.next() * 4 - 2) * 100) / 100);
  const bias = Math.round((random.next() * 2 - 1) * 100) / 100;
  const x = new Float64Array(spec.samples * d);
  const y = new Float64Array(spec.samples);
  for (let i = 0; i < spec.samples; i++) {
    let target = bias;
    for (let j = 0; j < d; j++) {
      const v = random.nextGaussian();
      x[i * d + j] = v;
      target += (weights[j] as number) * v;
    }
    y[i] = target + spec.noise * random.nextGaussian();
  }
  const featureNames = Array.from({ length: d }, (_, j) => `x${j + 1}`);
  return { dataset: { source: 'synthetic', featureNames, labelName: 'y', rows: spec.samples, x, y, droppedRows: 0, truth: { weights, bias } }, problems: [] };
}
