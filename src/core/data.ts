import Papa from 'papaparse';
// vega-datasets hides data/ behind its package "exports" and its loader fetches from a CDN, so the
// embedded Auto MPG rows are imported by path and bundled.
import carsRows from '../../node_modules/vega-datasets/data/cars.json';

import { type JsonPath, type Problem, ProblemCode, listItems, problem, quote } from '../shared/problems';
import { createRandom } from './random';
import { TRAINING_MEMORY_TARGET } from './train';
import { CARS_COLUMNS } from './schema';
import type { DataSpec } from '../shared/report';

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

/** A dataset without its rows: what a run reports about its data once the rows are prepared. */
export type DatasetInfo = Omit<Dataset, 'x' | 'y'>;

export interface DataResult {
  dataset: Dataset | null;
  problems: Problem[];
}

const DATA: JsonPath = ['data'];

/**
 * Data is capped at this many feature values (rows × features; 400 MB as float64, up to four times
 * that while training): more would not fit the editor's process. CSVs are checked against it from
 * their line count before any array is allocated.
 */
export const MAX_FEATURE_VALUES = 50_000_000;
/** Synthetic data's cap: the same. */
export const MAX_SYNTHETIC_VALUES = MAX_FEATURE_VALUES;

/** Memory while training for `rows` × `features` (TRAINING_MEMORY_TARGET × the numeric size), for messages: "about 4,295 MB". */
function trainingMegabytes(rows: number, features: number): string {
  return `about ${Math.round((rows * (features + 1) * 8 * TRAINING_MEMORY_TARGET) / 1e6).toLocaleString('en-US')} MB while training`;
}

/** Problems with the chosen columns that need no data: a label that is also a feature. */
export function checkColumns(spec: DataSpec): Problem[] {
  if (spec.kind === 'synthetic' || !spec.features) return [];
  const i = spec.features.indexOf(spec.label);
  if (i < 0) return [];
  return [
    problem([...DATA, 'features', i], ProblemCode.LabelIsFeature, 'error', `"${spec.label}" is the label, so it cannot also be a feature: the model would just copy it.`),
  ];
}

/** The columns an "Unknown column" message offers: at most 10 named (a header can have thousands). */
function availableColumns(columns: readonly string[]): string {
  return listItems(columns.slice(0, 10).map((c) => quote(c)).concat(columns.slice(10)));
}

function unknownColumn(path: JsonPath, column: string, available: string): Problem {
  return problem(path, ProblemCode.UnknownColumn, 'error', `Unknown column ${quote(column)}. Available: ${available}.`);
}

/** Growable Float64Array, doubling, so a million parsed rows cost no per-row objects. */
class FloatBuffer {
  private data: Float64Array;
  length = 0;
  /** `capacity`: the expected count, when known, so the array is allocated once. */
  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(1, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** The values, without a copy when little of the array is unused (a view then keeps the rest alive). */
  toArray(): Float64Array {
    const unused = this.data.length - this.length;
    return unused <= this.data.length / 8 ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }
}

/** The Auto MPG rows from vega-datasets with the chosen columns; rows missing one are dropped and counted. */
export function loadCars(spec: { features: string[]; label: string }): DataResult {
  const problems = checkColumns({ kind: 'dataset', dataset: 'cars', ...spec });
  spec.features.forEach((f, i) => {
    if (!(CARS_COLUMNS as readonly string[]).includes(f)) problems.push(unknownColumn([...DATA, 'features', i], f, availableColumns(CARS_COLUMNS)));
  });
  if (!(CARS_COLUMNS as readonly string[]).includes(spec.label)) problems.push(unknownColumn([...DATA, 'label'], spec.label, availableColumns(CARS_COLUMNS)));
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
/** A decimal number as a data cell may write it: `-12.5`, `.5`, `3.`, `1e-3`; not `0x10`, `Infinity` or `1_000`. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

type CsvSpec = { csv: string; features: string[] | null; label: string };

/**
 * Parses CSV text (header row first; quotes, CRLF and a BOM are fine) into a dataset. Cells that
 * are empty or NA/NaN count as missing (the row is dropped and counted); any other cell in a chosen
 * column that is not a finite number is an error naming its row (the header is row 1, blank lines
 * are not counted) and column. `features: null` uses every column but the label.
 *
 * Text without quotes is read by a scanner for comma-separated numbers (~5× papaparse's speed,
 * and the arrays are allocated once); any line it does not fully understand, and any text with
 * quotes, another delimiter or bare-CR line ends, goes through papaparse's rules, so the two
 * paths agree on every value, row number and message.
 *
 * Data of more than `maxFeatureValues` (rows × features) is refused: from the count of lines that
 * are not blank, before any array is allocated, or as papaparse's rows arrive.
 */
export function parseCsvData(text: string, spec: CsvSpec, maxFeatureValues = MAX_FEATURE_VALUES): DataResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return csvFailure(spec.csv, ProblemCode.DataEmpty, 'the file is empty; it needs a header row and at least one data row.');
  const lineEnd = scannableLineEnd(body);
  if (lineEnd) {
    const rows = new CsvRows(spec, maxFeatureValues, countRowLines(body), body.length);
    if (scanCsv(body, lineEnd === '\r\n', rows)) return rows.finish();
  }
  const rows = new CsvRows(spec, maxFeatureValues, 0);
  Papa.parse<string[]>(body, {
    header: false,
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      if (!rows.take(result.data)) parser.abort();
    },
  });
  return rows.finish();
}

function csvFailure(where: string, code: ProblemCode, message: string): DataResult {
  return { dataset: null, problems: [problem([...DATA, 'csv'], code, 'error', `${where}: ${message}`)] };
}

/**
 * The rows of a CSV as they arrive, header first: the chosen columns, the arrays, the dropped rows,
 * or the first failure. `take` applies the rules to one record; `takeNumbers` is the scanner's
 * shortcut for a record already known to hold finite numbers in every chosen cell.
 */
class CsvRows {
  header: string[] | null = null;
  /** Chosen columns in check order (the features in order, then the label); chosen[c] is 1 for those. */
  order: number[] = [];
  chosen: Uint8Array = new Uint8Array(0);
  failure: DataResult | null = null;
  private featureNames: string[] = [];
  private x = new FloatBuffer();
  private y = new FloatBuffer();
  private dropped = 0;
  private row = 0;
  private readonly cells: number[] = [];
  /** Rows allowed by MAX_FEATURE_VALUES, set with the header. */
  private maxRows = Infinity;

  /**
   * `lines`: at most how many rows there can be, so the arrays are allocated once (0: unknown);
   * `textLength` bounds them too, a row needing 2 characters per cell.
   */
  constructor(
    private readonly spec: CsvSpec,
    private readonly maxFeatureValues: number,
    private readonly lines: number,
    private readonly textLength = Infinity,
  ) {}

  /** Applies the rules to one record that is not blank; false when parsing must stop (a failure). */
  take(record: string[]): boolean {
    this.row++;
    const header = this.header;
    if (header === null) return this.takeHeader(record.map((h) => h.trim()));
    if (record.length !== header.length) {
      return this.fail(ProblemCode.CsvMalformed, `row ${this.row} has ${record.length} cell(s) but the header has ${header.length}.`);
    }
    if (this.y.length >= this.maxRows) return this.tooLarge(this.y.length + 1, false);
    const cells = this.cells;
    cells.length = 0;
    for (const c of this.order) {
      const raw = (record[c] as string).trim();
      if (MISSING.has(raw.toLowerCase())) {
        this.dropped++;
        return true;
      }
      // Number() also reads 0x10, 0b11 and 0o7; a data cell must be written in decimal.
      const v = DECIMAL.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(v)) return this.fail(ProblemCode.CsvNonNumeric, `row ${this.row}, column ${quote(header[c] as string)}: ${quote(raw)} is not a finite decimal number.`);
      cells.push(v);
    }
    this.push(cells);
    return true;
  }

  /** A data row whose chosen cells are finite numbers: `values[c]` for column c. */
  takeNumbers(values: Float64Array): void {
    if (this.y.length >= this.maxRows) {
      this.tooLarge(this.y.length + 1, false);
      return;
    }
    this.row++;
    const cells = this.cells;
    cells.length = 0;
    for (const c of this.order) cells.push(values[c] as number);
    this.push(cells);
  }

  finish(): DataResult {
    if (this.failure) return this.failure;
    if (this.header === null) return csvFailure(this.spec.csv, ProblemCode.DataEmpty, 'the file has no header row.');
    if (this.y.length === 0 && this.dropped === 0) return csvFailure(this.spec.csv, ProblemCode.DataEmpty, 'the file has a header but no data rows.');
    const { csv, label } = this.spec;
    return finish({ source: csv, featureNames: this.featureNames, labelName: label, rows: this.y.length, x: this.x.toArray(), y: this.y.toArray(), droppedRows: this.dropped }, []);
  }

  private takeHeader(header: string[]): boolean {
    this.header = header;
    const resolved = resolveCsvColumns(header, this.spec);
    if ('problems' in resolved) {
      this.failure = { dataset: null, problems: resolved.problems };
      return false;
    }
    this.featureNames = resolved.featureNames;
    this.order = [...resolved.columns, resolved.labelColumn];
    this.chosen = new Uint8Array(header.length);
    for (const c of this.order) this.chosen[c] = 1;
    this.maxRows = Math.floor(this.maxFeatureValues / Math.max(1, resolved.columns.length));
    if (this.lines > 0) {
      // A row kept has a character in each chosen cell, a comma between cells and a line end.
      const rows = Math.min(Math.max(0, this.lines - this.row), Math.ceil(this.textLength / (this.order.length + header.length)));
      if (rows > this.maxRows) return this.tooLarge(rows, true);
      this.x = new FloatBuffer(rows * resolved.columns.length);
      this.y = new FloatBuffer(rows);
    }
    return true;
  }

  /** Refuses data of more than MAX_FEATURE_VALUES, before the arrays for it are allocated. */
  private tooLarge(rows: number, estimated: boolean): false {
    const features = this.featureNames.length;
    const count = rows.toLocaleString('en-US');
    return this.fail(
      ProblemCode.TooLarge,
      `${estimated ? `${count} lines of data` : `at least ${count} rows`} × ${features.toLocaleString('en-US')} feature(s) make more than the ${this.maxFeatureValues.toLocaleString('en-US')} feature values Descent trains on (${trainingMegabytes(rows, features)}).`,
    );
  }

  private push(cells: number[]): void {
    const features = cells.length - 1;
    for (let j = 0; j < features; j++) this.x.push(cells[j] as number);
    this.y.push(cells[features] as number);
  }

  private fail(code: ProblemCode, message: string): false {
    this.failure = csvFailure(this.spec.csv, code, message);
    return false;
  }
}

/**
 * The line end papaparse would use, when the scanner can read the text the same way: no quotes,
 * no other delimiter it might guess (it looks at the first 10 lines), and LF or CRLF line ends
 * (papaparse's choice from the first megabyte). null: leave the text to papaparse.
 */
function scannableLineEnd(text: string): '\n' | '\r\n' | null {
  if (text.indexOf('"') >= 0) return null;
  let previewEnd = 0;
  for (let line = 0; line < 10 && previewEnd >= 0; line++) previewEnd = text.indexOf('\n', previewEnd + (line > 0 ? 1 : 0));
  if (/[\t|;\x1e\x1f]/.test(text.slice(0, previewEnd < 0 ? text.length : previewEnd))) return null;
  const head = text.slice(0, 1 << 20);
  const firstCr = head.indexOf('\r');
  const firstLf = head.indexOf('\n');
  if (firstCr < 0 || (firstLf >= 0 && firstLf < firstCr)) return '\n';
  let crs = 0;
  let crlfs = 0;
  for (let i = firstCr; i >= 0; i = head.indexOf('\r', i + 1)) {
    crs++;
    if (head.charCodeAt(i + 1) === 10) crlfs++;
  }
  return crlfs >= (crs + 1) / 2 ? '\r\n' : null;
}

/**
 * Lines in the text that are not empty (nor a lone CR): an upper bound on its rows, the header
 * included, that a file of blank lines does not inflate.
 */
function countRowLines(text: string): number {
  let lines = 0;
  let start = 0;
  for (;;) {
    const lf = text.indexOf('\n', start);
    const end = lf < 0 ? text.length : lf;
    if (end - start > (end > start && text.charCodeAt(end - 1) === 13 ? 1 : 0)) lines++;
    if (lf < 0) return lines;
    start = lf + 1;
  }
}

/**
 * Feeds every line of quote-free text to `rows`: plain numeric lines straight from the characters,
 * any other line split at its commas and given to `take`, as papaparse would have split it.
 * false when the text must go to papaparse after all (with CRLF line ends, a bare LF is no line end).
 */
function scanCsv(text: string, crlf: boolean, rows: CsvRows): boolean {
  const n = text.length;
  let values = new Float64Array(0);
  const commas: CommaCursor = { at: -1 };
  for (let start = 0; start < n && !rows.failure; ) {
    const lf = text.indexOf('\n', start);
    const next = lf < 0 ? n : lf;
    let end = next;
    // The CR of a CRLF ends the line; with LF line ends it ends the last cell, which is trimmed.
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    else if (crlf && lf >= 0) return false;
    const header = rows.header;
    if (header !== null && values.length !== header.length) values = new Float64Array(header.length);
    if (header !== null && scanNumbers(text, start, end, rows.chosen, values, commas)) {
      rows.takeNumbers(values);
    } else {
      const record = text.slice(start, end).split(',');
      // papaparse's greedy skipEmptyLines: a line of blank cells is not a row.
      if (record.join('').trim() !== '') rows.take(record);
    }
    start = next + 1;
  }
  return true;
}

/**
 * The next comma at or after the scan's position (text.length when there is none). Lines are scanned
 * in order, so each search starts past the last one: a search is never repeated over the same text,
 * however many blank or comma-free lines come before the next comma.
 */
interface CommaCursor {
  at: number;
}

function nextComma(text: string, from: number, cursor: CommaCursor): number {
  if (cursor.at < from) {
    const i = text.indexOf(',', from);
    cursor.at = i < 0 ? text.length : i;
  }
  return cursor.at;
}

/**
 * Reads line start … end − 1 as comma-separated cells, writing the chosen ones (chosen[c] = 1) to
 * values[c]; false, leaving the line to the general rules, unless it has exactly one cell per
 * column and every chosen one is a plain finite number.
 */
function scanNumbers(text: string, start: number, end: number, chosen: Uint8Array, values: Float64Array, commas: CommaCursor): boolean {
  const width = chosen.length;
  let c = 0;
  for (let from = start; ; c++) {
    const comma = nextComma(text, from, commas);
    const to = comma > end ? end : comma;
    if (c >= width) return false;
    if (chosen[c] === 1) {
      const v = parsePlainNumber(text, from, to);
      if (v - v !== 0) return false;
      values[c] = v;
    }
    if (to === end) break;
    from = to + 1;
  }
  return c + 1 === width;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`)); // exact: 10^k = 2^k·5^k and 5^k < 2^53 for k ≤ 22

/**
 * Number(text.slice(from, to).trim()) for a cell like ` -12.5e3 ` (spaces, a sign, digits with one
 * point, an exponent), NaN for anything else (the caller's general path then decides). `to` must be
 * a comma, a line end or the end of the text: it stops every loop. Up to 15 digits and a power of
 * ten within ±22, the value is m·10^e or m / 10^−e of two exact doubles, which one rounding makes
 * the correctly rounded result Number gives (Clinger's fast path); beyond that it calls Number.
 */
export function parsePlainNumber(text: string, from: number, to: number): number {
  let i = from;
  let ch = text.charCodeAt(i);
  while (ch === 32) ch = text.charCodeAt(++i);
  const start = i;
  const negative = ch === 45;
  if (ch === 45 || ch === 43) ch = text.charCodeAt(++i);
  let mantissa = 0;
  let digits = i;
  while (ch >= 48 && ch <= 57) {
    mantissa = mantissa * 10 + (ch - 48);
    ch = text.charCodeAt(++i);
  }
  digits = i - digits;
  let fraction = 0;
  if (ch === 46) {
    ch = text.charCodeAt(++i);
    fraction = i;
    while (ch >= 48 && ch <= 57) {
      mantissa = mantissa * 10 + (ch - 48);
      ch = text.charCodeAt(++i);
    }
    fraction = i - fraction;
    digits += fraction;
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (ch === 101 || ch === 69) {
    ch = text.charCodeAt(++i);
    const negativeExponent = ch === 45;
    if (ch === 45 || ch === 43) ch = text.charCodeAt(++i);
    const first = i;
    while (ch >= 48 && ch <= 57) {
      if (exponent < 1e6) exponent = exponent * 10 + (ch - 48);
      ch = text.charCodeAt(++i);
    }
    if (i === first) return NaN;
    if (negativeExponent) exponent = -exponent;
  }
  const end = i;
  while (ch === 32) ch = text.charCodeAt(++i);
  if (i !== to) return NaN;
  const scale = exponent - fraction;
  if (digits > 15 || scale > 22 || scale < -22) return Number(text.slice(start, end));
  const value = scale >= 0 ? mantissa * (POWERS_OF_TEN[scale] as number) : mantissa / (POWERS_OF_TEN[-scale] as number);
  return negative ? -value : value;
}

function resolveCsvColumns(
  header: string[],
  spec: { features: string[] | null; label: string },
): { columns: number[]; labelColumn: number; featureNames: string[] } | { problems: Problem[] } {
  const problems: Problem[] = [];
  // One map of the header serves every lookup: a header can have many thousands of columns.
  const columnOf = new Map<string, number>();
  let dup: string | undefined;
  header.forEach((h, i) => {
    if (!columnOf.has(h)) columnOf.set(h, i);
    else dup ??= h;
  });
  if (dup !== undefined) {
    problems.push(problem([...DATA, 'csv'], ProblemCode.CsvMalformed, 'error', `The header names the column ${quote(dup)} twice.`));
  }
  let available: string | undefined;
  const labelColumn = columnOf.get(spec.label) ?? -1;
  if (labelColumn < 0) problems.push(unknownColumn([...DATA, 'label'], spec.label, (available ??= availableColumns(header))));
  const featureNames = spec.features ?? header.filter((h) => h !== spec.label);
  const columns = featureNames.map((f, i) => {
    const c = columnOf.get(f) ?? -1;
    if (c < 0) problems.push(unknownColumn([...DATA, 'features', i], f, (available ??= availableColumns(header))));
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
  const values = spec.samples * spec.features;
  if (values > MAX_SYNTHETIC_VALUES) {
    return {
      dataset: null,
      problems: [problem([...DATA, 'synthetic'], ProblemCode.TooLarge, 'error', `samples × features is ${values.toLocaleString('en-US')} values (${trainingMegabytes(spec.samples, spec.features)}); Descent generates at most ${MAX_SYNTHETIC_VALUES.toLocaleString('en-US')}.`)],
    };
  }
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
