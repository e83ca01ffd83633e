import Papa from 'papaparse';
import { formatCount } from '../../shared/format';
import { type Problem, ProblemCode, problem, quote } from '../../shared/problems';
import { ClassLabels } from './classes';
import { t } from '../../shared/l10n';
import { DATA, type DataResult, FloatBuffer, MAX_FEATURE_VALUES, availableColumns, checkColumns, finish, trainingMegabytes, unknownColumn } from './dataset';
import { type RowSink, countRowLines, scanCsv, scannableLineEnd } from './csvScan';

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null']);
/** A decimal number as a data cell may write it: `-12.5`, `.5`, `3.`, `1e-3`; not `0x10`, `Infinity` or `1_000`. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `classes`: a logistic model's classes; the label column is then read as text and coded 0/1 (`ClassLabels`). */
type CsvSpec = { csv: string; features: string[] | null; label: string; classes?: { positive: string; negative: string | null } };

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
  if (body.trim() === '') return csvFailure(spec.csv, ProblemCode.DataEmpty, t('the file is empty; it needs a header row and at least one data row.'));
  // The number scanner reads every chosen cell as a number; a class label is text, so papaparse reads those files.
  const lineEnd = spec.classes ? null : scannableLineEnd(body);
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
export class CsvRows implements RowSink {
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
  /** A logistic model's label coding; null when the label is a number. */
  private readonly labels: ClassLabels | null;

  /**
   * `lines`: at most how many rows there can be, so the arrays are allocated once (0: unknown);
   * `textLength` bounds them too, a row needing 2 characters per cell.
   */
  constructor(
    private readonly spec: CsvSpec,
    private readonly maxFeatureValues: number,
    private readonly lines: number,
    private readonly textLength = Infinity,
  ) {
    this.labels = spec.classes ? new ClassLabels(spec.classes.positive, spec.classes.negative) : null;
  }

  /** Applies the rules to one record that is not blank; false when parsing must stop (a failure). */
  take(record: string[]): boolean {
    this.row++;
    const header = this.header;
    if (header === null) return this.takeHeader(record.map((h) => h.trim()));
    if (record.length !== header.length) {
      return this.fail(ProblemCode.CsvMalformed, t('row {0} has {1} cell(s) but the header has {2}.', this.row, record.length, header.length));
    }
    if (this.y.length >= this.maxRows) return this.tooLarge(this.y.length + 1, false);
    const cells = this.cells;
    cells.length = 0;
    const labels = this.labels;
    const features = labels ? this.order.length - 1 : this.order.length;
    if (labels) {
      // A missing label drops the row like a missing feature; a row of another class is left out after its features are checked.
      const label = record[this.order[features] as number] as string;
      if (ClassLabels.isMissing(label)) {
        this.dropped++;
        return true;
      }
    }
    for (let k = 0; k < features; k++) {
      const c = this.order[k] as number;
      const raw = (record[c] as string).trim();
      if (MISSING.has(raw.toLowerCase())) {
        this.dropped++;
        return true;
      }
      // Number() also reads 0x10, 0b11 and 0o7; a data cell must be written in decimal.
      const v = DECIMAL.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(v)) return this.fail(ProblemCode.CsvNonNumeric, t('row {0}, column {1}: {2} is not a finite decimal number.', this.row, quote(header[c] as string), quote(raw)));
      cells.push(v);
    }
    if (labels) {
      const code = labels.code(record[this.order[features] as number] as string);
      if (code === null || code === undefined) return true;
      cells.push(code);
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
    if (this.header === null) return csvFailure(this.spec.csv, ProblemCode.DataEmpty, t('the file has no header row.'));
    if (this.y.length === 0 && this.dropped === 0) return csvFailure(this.spec.csv, ProblemCode.DataEmpty, t('the file has a header but no data rows.'));
    const { csv, label } = this.spec;
    const problems = this.labels?.problems(label) ?? [];
    if (problems.some((p) => p.severity === 'error')) return { dataset: null, problems };
    const classes = this.labels ? { classes: this.labels.coding() } : {};
    return finish({ source: csv, featureNames: this.featureNames, labelName: label, rows: this.y.length, x: this.x.toArray(), y: this.y.toArray(), droppedRows: this.dropped, ...classes }, problems);
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
    const count = formatCount(rows);
    return this.fail(
      ProblemCode.TooLarge,
      estimated
        ? t('{0} lines of data × {1} feature(s) make more than the {2} feature values Descent trains on ({3}).', count, formatCount(features), formatCount(this.maxFeatureValues), trainingMegabytes(rows, features))
        : t('at least {0} rows × {1} feature(s) make more than the {2} feature values Descent trains on ({3}).', count, formatCount(features), formatCount(this.maxFeatureValues), trainingMegabytes(rows, features)),
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
    problems.push(problem([...DATA, 'csv'], ProblemCode.CsvMalformed, 'error', t('The header names the column {0} twice.', quote(dup))));
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
  if (featureNames.length === 0) problems.push(problem([...DATA, 'csv'], ProblemCode.DataEmpty, 'error', t('The CSV has no column besides the label to use as a feature.')));
  problems.push(...checkColumns({ kind: 'csv', csv: '', features: spec.features, label: spec.label }));
  return problems.length ? { problems } : { columns, labelColumn, featureNames };
}
