// The performance work in train.ts and data.ts changes how the work is laid out, never a result:
// each test here holds the fast code to the code it replaced (kept below as the oracle) bit for bit.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { type DataResult, checkColumns, makeSynthetic, parseCsvData, parsePlainNumber } from '../../src/core/data';
import { LossBuckets } from '../../src/core/downsample';
import { type Matrix, meanSquaredError, meanSquaredErrorGrad } from '../../src/core/model';
import { type Problem, ProblemCode, listItems, problem, quote } from '../../src/shared/problems';
import { createRandom, identityOrder, shuffleInPlace } from '../../src/core/random';
import { shuffleMulberry32 } from '../../src/core/random';
import { type TrainHooks, type TrainOptions, type TrainResult, trainModel } from '../../src/core/train';

const synthetic = (rows: number, d: number, seed: number): Matrix => {
  const ds = makeSynthetic({ samples: rows, features: d, noise: 0.3, seed }).dataset!;
  return { x: ds.x, y: ds.y, rows, d };
};

/** trainModel before the streaming layout: a shuffled index, rows gathered per epoch, one loss pass per epoch. */
function trainModelBefore(train: Matrix, validation: Matrix | null, options: TrainOptions, hooks: TrainHooks = {}) {
  const { rows, d } = train;
  const batch = Math.max(1, Math.min(options.batchSize, rows));
  const shuffles = batch < rows;
  const random = createRandom(options.seed);
  const order = identityOrder(rows);
  const w = new Float64Array(d);
  let b = 0;
  const gradW = new Float64Array(d);
  const out = new Float64Array(2);
  const batchLoss = new LossBuckets(options.lossBuckets);
  const stride = Math.max(1, Math.ceil(options.epochs / (options.maxSnapshots ?? 1000)));
  const snapshots = [{ epoch: 0, weights: Array.from(w), bias: b }];
  const trainLoss = [meanSquaredError(train, w, b)];
  const validationLoss = validation ? [meanSquaredError(validation, w, b)] : null;
  let epochsRun = 0;
  let updates = 0;
  let nonFinite = false;
  let cancelled = false;
  const xs = new Float64Array(rows * d);
  const ys = new Float64Array(rows);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    if (shuffles) shuffleInPlace(order, random);
    for (let k = 0; k < rows; k++) {
      const i = order[k]!;
      for (let j = 0; j < d; j++) xs[k * d + j] = train.x[i * d + j]!;
      ys[k] = train.y[i]!;
    }
    for (let start = 0; start < rows; start += batch) {
      const count = Math.min(batch, rows - start);
      meanSquaredErrorGrad(xs, ys, start, count, d, w, b, gradW, out);
      const step = (options.learningRate * 2) / count;
      for (let j = 0; j < d; j++) w[j] = w[j]! - step * gradW[j]!;
      b -= step * out[0]!;
      if (options.recordBatchLoss !== false) batchLoss.add(out[1]!);
      updates++;
    }
    epochsRun = epoch;
    const loss = meanSquaredError(train, w, b);
    trainLoss.push(loss);
    if (validation && validationLoss) validationLoss.push(meanSquaredError(validation, w, b));
    if (epoch % stride === 0 || epoch === options.epochs) snapshots.push({ epoch, weights: Array.from(w), bias: b });
    if (!Number.isFinite(loss)) {
      nonFinite = true;
      break;
    }
    if (hooks.onEpoch?.(epoch, loss, options.epochs) === false && epoch < options.epochs) {
      cancelled = true;
      break;
    }
  }
  return { weights: Array.from(w), bias: b, trainLoss, validationLoss, batchLoss: batchLoss.toBuckets(), snapshots, epochsRun, updates, nonFinite, cancelled };
}

const comparable = (r: TrainResult) => ({ ...r, weights: Array.from(r.weights), batchLoss: r.batchLoss.toBuckets() });

describe('the streaming training layout', () => {
  it('shuffles exactly as shuffleInPlace with a mulberry32 generator, epoch after epoch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 32 + 5, 2 ** 40)), fc.integer({ min: 1, max: 4 }), (n, seed, epochs) => {
        const fast = identityOrder(n);
        const slow = identityOrder(n);
        const random = createRandom(seed);
        let state = seed;
        for (let e = 0; e < epochs; e++) {
          state = shuffleMulberry32(fast, state);
          shuffleInPlace(slow, random);
          expect(fast).toEqual(slow);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('equals the gathered loop it replaced in every field: weights, losses, batch losses, snapshots', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(0.001, 0.02, 0.3),
        fc.boolean(),
        (rows, d, batch, epochs, seed, lr, withValidation) => {
          const m = synthetic(rows, d, seed);
          const v = withValidation ? synthetic(7, d, seed + 1) : null;
          const options = { learningRate: lr, batchSize: batch, epochs, seed, maxSnapshots: 3, lossBuckets: 16 };
          expect(comparable(trainModel(m, v, options))).toEqual(trainModelBefore(m, v, options));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('diverges the same way, to the same NaN or ±∞ in the same epoch, on every path', () => {
    // d = 1 takes the general loops (padding would exceed the memory target), d = 3 and 7 pad the
    // 8-lane kernels, d = 8 fills them, d > 8 takes the general loops; 1e308 makes lr·2 overflow.
    for (const d of [1, 3, 7, 8, 9]) {
      for (const lr of [5, 1e4, 1e200, 1e308]) {
        for (const batch of [1, 4, 40]) {
          const m = synthetic(40, d, d);
          const options = { learningRate: lr, batchSize: batch, epochs: 300, seed: 3 };
          const fast = trainModel(m, null, options);
          if (lr >= 1e4) expect(fast.nonFinite).toBe(true);
          expect(comparable(fast)).toEqual(trainModelBefore(m, null, options));
        }
      }
    }
  });

  it('stops at the epoch where a hook cancels, with that epoch\'s weights', () => {
    for (const batch of [1, 10, 200]) {
      const m = synthetic(200, 5, 2);
      const options = { learningRate: 0.01, batchSize: batch, epochs: 10, seed: 9 };
      const stopAt3 = { onEpoch: (epoch: number) => epoch < 3 };
      const fast = trainModel(m, null, options, stopAt3);
      expect(fast).toMatchObject({ cancelled: true, epochsRun: 3 });
      expect(comparable(fast)).toEqual(trainModelBefore(m, null, options, stopAt3));
    }
  });

  it('skips the batch-loss record when asked, without changing the weights', () => {
    const m = synthetic(300, 8, 4);
    const options = { learningRate: 0.01, batchSize: 1, epochs: 2, seed: 1 };
    const recorded = trainModel(m, null, options);
    const skipped = trainModel(m, null, { ...options, recordBatchLoss: false });
    expect(recorded.batchLoss.updates).toBe(600);
    expect(skipped.batchLoss.updates).toBe(0);
    expect(Array.from(skipped.weights)).toEqual(Array.from(recorded.weights));
    expect(skipped.trainLoss).toEqual(recorded.trainLoss);
  });
});

// parseCsvData before the scanner (papaparse with a step callback), the oracle for every text.
function parseCsvBefore(text: string, spec: { csv: string; features: string[] | null; label: string }): DataResult {
  const fail = (code: ProblemCode, message: string): DataResult => ({ dataset: null, problems: [problem(['data', 'csv'], code, 'error', `${spec.csv}: ${message}`)] });
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return fail(ProblemCode.DataEmpty, 'the file is empty; it needs a header row and at least one data row.');
  const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null']);
  let header: string[] | null = null;
  let columns: number[] = [];
  let labelColumn = -1;
  let featureNames: string[] = [];
  const x: number[] = [];
  const y: number[] = [];
  let dropped = 0;
  let row = 0;
  let failure: DataResult | null = null;
  Papa.parse<string[]>(body, {
    header: false,
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      row++;
      const record = result.data;
      if (header === null) {
        header = record.map((h) => h.trim());
        const resolved = resolveColumnsBefore(header, spec);
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
      const cells: number[] = [];
      for (const c of [...columns, labelColumn]) {
        const raw = record[c]!.trim();
        if (MISSING.has(raw.toLowerCase())) {
          dropped++;
          return;
        }
        // Decimal only: Number() would also read 0x10, 0b11 and 0o7.
        const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : NaN;
        if (!Number.isFinite(v)) {
          failure = fail(ProblemCode.CsvNonNumeric, `row ${row}, column "${header[c]}": ${JSON.stringify(raw)} is not a finite decimal number.`);
          parser.abort();
          return;
        }
        cells.push(v);
      }
      x.push(...cells.slice(0, -1));
      y.push(cells.at(-1)!);
    },
  });
  if (failure) return failure;
  if (header === null) return fail(ProblemCode.DataEmpty, 'the file has no header row.');
  if (y.length === 0 && dropped === 0) return fail(ProblemCode.DataEmpty, 'the file has a header but no data rows.');
  const problems: Problem[] = [];
  if (y.length === 0) {
    problems.push(problem(['data'], ProblemCode.DataEmpty, 'error', `No usable rows in ${spec.csv}: every row is missing a chosen column.`));
    return { dataset: null, problems };
  }
  const dataset = { source: spec.csv, featureNames, labelName: spec.label, rows: y.length, x: Float64Array.from(x), y: Float64Array.from(y), droppedRows: dropped };
  return { dataset, problems };
}

function resolveColumnsBefore(header: string[], spec: { features: string[] | null; label: string }): { columns: number[]; labelColumn: number; featureNames: string[] } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const unknown = (path: (string | number)[], column: string) => problem(path, ProblemCode.UnknownColumn, 'error', `Unknown column ${quote(column)}. Available: ${listItems(header.map((h) => quote(h)))}.`);
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup !== undefined) problems.push(problem(['data', 'csv'], ProblemCode.CsvMalformed, 'error', `The header names the column ${quote(dup)} twice.`));
  const labelColumn = header.indexOf(spec.label);
  if (labelColumn < 0) problems.push(unknown(['data', 'label'], spec.label));
  const featureNames = spec.features ?? header.filter((h) => h !== spec.label);
  const columns = featureNames.map((f, i) => {
    const c = header.indexOf(f);
    if (c < 0) problems.push(unknown(['data', 'features', i], f));
    return c;
  });
  if (featureNames.length === 0) problems.push(problem(['data', 'csv'], ProblemCode.DataEmpty, 'error', 'The CSV has no column besides the label to use as a feature.'));
  problems.push(...checkColumns({ kind: 'csv', csv: '', features: spec.features, label: spec.label }));
  return problems.length ? { problems } : { columns, labelColumn, featureNames };
}

/** Cells a CSV meets: plain numbers in every spelling, missing markers, text, and near-misses of each. */
const cellArb = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map(String) },
  { weight: 3, arbitrary: fc.tuple(fc.double({ noNaN: true, min: -1e4, max: 1e4 }), fc.integer({ min: 0, max: 8 })).map(([v, k]) => v.toFixed(k)) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v.toExponential(5)) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '', ' ', 'NA', 'n/a', 'NaN', 'null', 'abc', '1e400', '-0', '-0.0', '0x1A', ' 7 ', '+.5', '5.', '.', '-', '+', '1e', '1e+', '1.2.3',
      '12345678901234567890', '0.000000000000000001234', '1E-5', '\t3', '3\t', '\u00a04', '1_000', 'Infinity', '007', '1e22', '1e23', '9007199254740993', '4.35', '  -12.5e3  ',
    ),
  },
);

const csvArb = fc
  .record({
    width: fc.integer({ min: 2, max: 5 }),
    rows: fc.array(fc.tuple(fc.array(cellArb, { minLength: 1, maxLength: 7 }), fc.integer({ min: 0, max: 9 })), { maxLength: 25 }),
    crlf: fc.constantFrom('\n', '\r\n', '\n', 'mixed'),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    quote: fc.integer({ min: 0, max: 9 }),
    features: fc.option(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'zz'), { maxLength: 3 }), { nil: null }),
    label: fc.constantFrom('y', 'y', 'y', 'a'),
  })
  .map(({ width, rows, crlf, bom, trailing, quote, features, label }) => {
    const header = ['a', 'b', 'c', 'd'].slice(0, width - 1).concat('y');
    const lines = [header.join(',')];
    for (const [cells, shape] of rows) {
      // Mostly rows of the header's width; some too short or long, and blank lines papaparse skips.
      if (shape === 0) lines.push(['', ' ', ',,', ' , '][cells.length % 4]!);
      else lines.push((shape === 1 ? cells : Array.from({ length: width }, (_, j) => cells[j % cells.length]!)).join(','));
    }
    if (quote === 0 && lines.length > 1) lines[1] = `"${lines[1]}"`;
    const end = (i: number) => (crlf === 'mixed' ? (i % 3 ? '\r\n' : '\n') : crlf);
    const text = lines.map((l, i) => l + (i < lines.length - 1 || trailing ? end(i) : '')).join('');
    return { text: (bom ? '\ufeff' : '') + text, spec: { csv: 't.csv', features, label } };
  });

describe('the CSV scanner', () => {
  it('reads a plain number exactly as Number does, and refuses anything else', () => {
    const plain = fc
      .tuple(fc.constantFrom('', ' ', '  '), fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{0,18}$/), fc.option(fc.stringMatching(/^[0-9]{0,18}$/)), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 400 }))), fc.constantFrom('', ' '))
      .map(([lead, sign, int, frac, exp, trail]) => `${lead}${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `${exp[0]}${exp[1]}${exp[2]}`}${trail}`);
    fc.assert(
      fc.property(fc.oneof(plain, fc.string({ unit: fc.constantFrom(...'0123456789.-+eEx _\t'.split('')) })), (cell) => {
        const v = parsePlainNumber(`${cell},1`, 0, cell.length);
        const expected = Number(cell.trim());
        if (!Number.isNaN(v)) expect(Object.is(v, expected)).toBe(true);
        else expect(/^ *[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)? *$/.test(cell)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('parses every CSV exactly as the papaparse reader did: values, dropped rows, row numbers, messages', () => {
    fc.assert(
      fc.property(csvArb, ({ text, spec }) => {
        expect(parseCsvData(text, spec)).toEqual(parseCsvBefore(text, spec));
      }),
      { numRuns: 1500 },
    );
  });

  it('leaves to papaparse what only it reads the same way: bare CR lines, a tab-separated file, an LF inside CRLF', () => {
    const spec = { csv: 't.csv', features: null, label: 'y' };
    for (const text of ['a,y\r1,2\r3,4\r', 'a\ty\n1\t2\n3\t4\n', 'a,y\r\n1,2\n3,4\r\n5,6\r\n', 'a,y\n1,2\n3,4\n5,6\n7,8\n9,1\n1,2\n3,4\n5,6\n7,8\n9\t1,2\n']) {
      expect(parseCsvData(text, spec)).toEqual(parseCsvBefore(text, spec));
    }
  });

  it('reads 20,000 synthetic rows to the same bits as Number', () => {
    const m = synthetic(20_000, 4, 5);
    const lines = ['a,b,c,d,y'];
    for (let i = 0; i < m.rows; i++) lines.push([...Array.from(m.x.subarray(i * 4, i * 4 + 4)), m.y[i]!].map((v) => v.toFixed(7)).join(','));
    const text = lines.join('\n');
    expect(parseCsvData(text, { csv: 's.csv', features: null, label: 'y' })).toEqual(parseCsvBefore(text, { csv: 's.csv', features: null, label: 'y' }));
  });
});
