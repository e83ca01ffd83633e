import * as os from 'node:os';
import * as path from 'node:path';
import type { Matrix } from '../src/core/model';
import { WEBVIEW_BUDGET, measureWebview } from './bundle';
import { type CsvFigure, measureCsv, writeCsv } from './csv';
import { type MemoryFigure, TRAINING_MEMORY_TARGET, measureMemory } from './memory';
import type { EpochPrefetcher } from '../src/core/prefetch';
import { createThreadPrefetcher } from '../src/prefetch';
import { BUILD_DIR, type Job, PREFETCH_THREAD, makeData, median, relativeDifference, writeData } from './jobs';
import { type AnalysisFigure, type RecordingFigure, measureAnalysis, measureRecording, timeCore } from './overhead';
import { SWEEP_TARGET_MS, type SweepFigure, formatSweepFigure, measureSweep } from './lab';
import { type OptimizerFigure, formatOptimizerFigures, measureOptimizer, optimizerJobs } from './optimizers';
import { trainPlain } from './plain';
import { C_FLAGS, compileReference, compilerVersion, runReference } from './reference';
import { type Tf, loadTfjs, trainTfjs } from './tfjs';

/** Float64 implementations must agree to this relative difference (they are in fact bit-identical). */
export const FLOAT64_TOLERANCE = 1e-9;
/** The float32 tfjs peer must stay this close to the float64 result (a sanity check, not a target). */
export const FLOAT32_TOLERANCE = 1e-3;

/** How much to run: `full` is the issue's job, `smoke` a few seconds of the same paths for CI. */
export interface Settings {
  smoke: boolean;
  /** Data shapes; the first is the headline one (CSV, overheads). */
  shapes: { rows: number; d: number }[];
  runs: number;
  plainRuns: number;
  tfjsRuns: number;
  /** tfjs stops after this many updates and extrapolates the epoch. */
  tfjsMaxUpdates: number;
  csvRuns: number;
  overheadRuns: number;
  /** Rows of the memory-while-training cases. */
  memoryRows: number;
  /**
   * Train the core with its epoch prefetch thread (src/prefetch.ts) from this many rows; undefined
   * times it as the worker runs it, without (the thread measured slower at 10⁶ × 8: see CONTRIBUTING.md, "Performance").
   */
  prefetchMinRows?: number;
}

export const FULL: Settings = { smoke: false, shapes: [{ rows: 1_000_000, d: 8 }], runs: 5, plainRuns: 3, tfjsRuns: 3, tfjsMaxUpdates: 10_000, csvRuns: 3, overheadRuns: 7, memoryRows: 1_000_000 };
// d = 3 pads the core's 8-lane kernels and d = 11 takes its generic loops: every path is checked.
export const SMOKE: Settings = {
  smoke: true,
  shapes: [{ rows: 3000, d: 8 }, { rows: 1000, d: 3 }, { rows: 1000, d: 11 }],
  runs: 1,
  plainRuns: 1,
  tfjsRuns: 1,
  tfjsMaxUpdates: 500,
  csvRuns: 1,
  overheadRuns: 1,
  // Large enough that the run's fixed costs (modules, histories) are small beside the data.
  memoryRows: 200_000,
  // Small N still takes the prefetch thread, so its bits are checked against C too.
  prefetchMinRows: 0,
};

/** The issue's three configurations on `rows` rows; epochs per timed run in brackets in the table. */
export function jobsFor(rows: number, smoke: boolean): Job[] {
  return [
    { name: 'full batch', batch: rows, epochs: smoke ? 3 : 20, lr: 0.1, seed: 7 },
    { name: 'mini-batch 100', batch: 100, epochs: smoke ? 2 : 10, lr: 0.01, seed: 7 },
    { name: 'SGD', batch: 1, epochs: smoke ? 2 : 10, lr: 0.01, seed: 7 },
  ];
}

/** tfjs is timed on fewer epochs: it is ~10³× slower, and its time per epoch does not change. */
function tfjsJob(job: Job, rows: number): Job {
  return { ...job, epochs: job.batch >= rows ? Math.min(job.epochs, 10) : 1 };
}

/** One row of the table: median ms per epoch per implementation and how their weights agree. */
export interface JobResult {
  rows: number;
  d: number;
  job: Job;
  c: number;
  core: number;
  /** The core's steady epoch: the median time between epochs, without the once-per-call setup. */
  coreSteady: number;
  plain: number;
  tfjs: number;
  tfjsExtrapolated: boolean;
  tfjsUpdates: number;
  /** Relative differences of the final weights (0: bit-identical). */
  coreVsC: number;
  plainVsCore: number;
  tfjsVsFloat64: number;
  /** The core's losses, for the analysis figure. */
  trainLoss: number[];
}

/**
 * Times and checks one configuration; C, core and plain runs alternate so drift hits all alike.
 * `tf` null leaves the tfjs column empty (the unit test runs without tfjs); `prefetch` is the
 * core's epoch prefetcher, as the training worker gives it.
 */
export function measureJob(m: Matrix, dataFile: string, exe: string, job: Job, s: Settings, tf: Tf | null, prefetch?: EpochPrefetcher): JobResult {
  const c: number[] = [];
  const core: number[] = [];
  const coreSteady: number[] = [];
  const plain: number[] = [];
  let cParams = { w: [] as number[], b: NaN };
  let coreRun: ReturnType<typeof timeCore> | null = null;
  let plainParams = { w: [] as number[], b: NaN };
  for (let r = 0; r < s.runs; r++) {
    const ref = runReference(exe, dataFile, m.rows, m.d, job, 1);
    c.push(...ref.msPerEpoch);
    cParams = ref;
    coreRun = timeCore(m, job, prefetch);
    core.push(coreRun.ms);
    coreSteady.push(coreRun.steadyMs);
    if (r < s.plainRuns) {
      const t0 = performance.now();
      plainParams = trainPlain(m, job);
      plain.push((performance.now() - t0) / job.epochs);
    }
  }
  if (!coreRun) throw new Error('no runs');
  const coreParams = { w: Array.from(coreRun.result.weights), b: coreRun.result.bias };

  const tfRun = tf ? timeTfjs(tf, m, tfjsJob(job, m.rows), s) : null;
  return {
    rows: m.rows,
    d: m.d,
    job,
    c: median(c),
    core: median(core),
    coreSteady: median(coreSteady),
    plain: median(plain),
    tfjs: tfRun?.ms ?? NaN,
    tfjsExtrapolated: tfRun?.run.extrapolated ?? false,
    tfjsUpdates: tfRun?.run.updates ?? 0,
    coreVsC: relativeDifference(coreParams, cParams),
    plainVsCore: relativeDifference(plainParams, coreParams),
    tfjsVsFloat64: tfRun ? relativeDifference(tfRun.run, tfRun.float64) : NaN,
    trainLoss: coreRun.result.trainLoss,
  };
}

/** tfjs on its (shorter) job: the median ms per epoch, its last run and the float64 weights of the same job. */
function timeTfjs(tf: Tf, m: Matrix, tj: Job, s: Settings) {
  const ms: number[] = [];
  let run = trainTfjs(tf, m, tj, s.tfjsMaxUpdates);
  ms.push(run.msPerEpoch);
  for (let r = 1; r < s.tfjsRuns; r++) {
    run = trainTfjs(tf, m, tj, s.tfjsMaxUpdates);
    ms.push(run.msPerEpoch);
  }
  return { ms: median(ms), run, float64: trainPlain(m, tj, run.updates) };
}

export interface BenchResult {
  jobs: JobResult[];
  recording: RecordingFigure[];
  analysis: AnalysisFigure;
  csv: CsvFigure;
  memory: MemoryFigure[];
  sweep: SweepFigure;
  /** Momentum and Adam on the headline shape against the extended C loop. */
  optimizers: OptimizerFigure[];
  webview: { bytes: number | null; note: string };
  /** Correctness failures (weights that disagree, a CSV that parsed wrong); timing never fails. */
  failures: string[];
}

/** Runs every measurement of `s`, reporting progress on stderr. */
export async function runBench(s: Settings, progress: (line: string) => void = () => {}): Promise<BenchResult> {
  const exe = compileReference();
  const tf = await loadTfjs(progress);
  const prefetch = s.prefetchMinRows === undefined ? undefined : createThreadPrefetcher(PREFETCH_THREAD, s.prefetchMinRows);
  const jobs: JobResult[] = [];
  let headline: Matrix | null = null;
  let headlineFile = '';
  for (const shape of s.shapes) {
    const m = makeData(shape.rows, shape.d);
    const dataFile = path.join(BUILD_DIR, `data-${shape.rows}x${shape.d}.bin`);
    if (!headline) {
      headline = m;
      headlineFile = dataFile;
    }
    writeData(m, dataFile);
    for (const job of jobsFor(shape.rows, s.smoke)) {
      progress(`${job.name}, N = ${shape.rows}, d = ${shape.d}`);
      jobs.push(measureJob(m, dataFile, exe, job, s, tf, prefetch));
    }
  }
  if (!headline) throw new Error('no shapes');
  const m = headline;

  const optimizers = measureOptimizers(m, headlineFile, exe, s, progress);

  progress('recording and analysis overhead');
  const [, mini, sgd] = jobsFor(m.rows, s.smoke) as [Job, Job, Job];
  const recording = [measureRecording(m, sgd, s.overheadRuns, prefetch), measureRecording(m, mini, s.overheadRuns, prefetch)];
  const analysis = measureAnalysis(m, jobs[2]?.trainLoss ?? [], s.overheadRuns);

  progress('CSV');
  const csvFile = path.join(BUILD_DIR, `data-${m.rows}x${m.d}.csv`);
  writeCsv(m, csvFile);
  const csv = measureCsv(csvFile, s.csvRuns);

  progress('memory while training');
  const memory = measureMemory(s.memoryRows);

  progress('learning-rate sweep');
  const sweep = measureSweep(s.overheadRuns);

  progress('webview bundle');
  const webview = measureWebview(!s.smoke);

  const failures: string[] = [];
  for (const r of jobs) {
    const where = `${r.job.name} (N = ${r.rows}, d = ${r.d})`;
    if (!(r.coreVsC <= FLOAT64_TOLERANCE)) failures.push(`${where}: the core and C disagree (${r.coreVsC})`);
    if (!(r.plainVsCore <= FLOAT64_TOLERANCE)) failures.push(`${where}: the plain loop and the core disagree (${r.plainVsCore})`);
    if (!(r.tfjsVsFloat64 <= FLOAT32_TOLERANCE)) failures.push(`${where}: tfjs is ${r.tfjsVsFloat64} from float64`);
  }
  if (csv.rows !== m.rows || csv.features !== m.d) failures.push(`CSV: parsed ${csv.rows} rows × ${csv.features} features, expected ${m.rows} × ${m.d}: ${csv.problems.join(' ')}`);
  for (const f of memory) {
    if (!(f.overNumeric <= TRAINING_MEMORY_TARGET)) failures.push(`memory while training, ${f.name}: ${f.overNumeric.toFixed(2)}× the data's numeric size (target ≤ ${TRAINING_MEMORY_TARGET}×)`);
  }
  if (!sweep.bestBelowBound) failures.push('sweep: the best rate on cars is not below the bound, or did not converge');
  for (const f of optimizers) if (!(f.coreVsC <= FLOAT64_TOLERANCE)) failures.push(`${f.job.name}: the core and C disagree (${f.coreVsC})`);
  return { jobs, recording, analysis, csv, memory, sweep, optimizers, webview, failures };
}

/** Momentum and Adam on the headline data (written to `dataFile`) against the extended C loop. */
function measureOptimizers(m: Matrix, dataFile: string, exe: string, s: Settings, progress: (line: string) => void): OptimizerFigure[] {
  return optimizerJobs(m.rows, s.smoke).map((job) => {
    progress(`${job.name}, N = ${m.rows}, d = ${m.d}`);
    return measureOptimizer(m, dataFile, exe, job, Math.min(s.runs, 3));
  });
}

const fmtMs = (v: number): string => (!Number.isFinite(v) ? '–' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const fmtRatio = (v: number): string => (v >= 100 ? `${Math.round(v).toLocaleString('en-US')}×` : v >= 10 ? `${v.toFixed(0)}×` : `${v.toFixed(2)}×`);
const fmtDiff = (v: number): string => (v === 0 ? 'identical' : Number.isNaN(v) ? 'non-finite' : v.toExponential(1));
const mark = (ok: boolean): string => (ok ? '✓' : '✗');

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The target a configuration's core ÷ C ratio is held to. */
function cTarget(r: JobResult): number {
  return r.job.batch >= r.rows ? 1.2 : 0.6;
}

/** The report: one table, then the overhead, CSV and bundle figures, then the targets. */
export function formatReport(res: BenchResult, s: Settings): string {
  const out: string[] = [];
  const cpu = os.cpus();
  out.push(`Descent benchmark${s.smoke ? ' (smoke: small N, timings not meaningful)' : ''} — ${new Date().toISOString()}`);
  out.push(`${cpu[0]?.model ?? 'cpu'} × ${cpu.length}, node ${process.version}, ${compilerVersion()} ${C_FLAGS.join(' ')}`);
  out.push('Linear regression, MSE, plain gradient descent, seeded shuffle each epoch, full-data loss after every epoch; median ms per epoch.');
  out.push('');
  const head = ['configuration', 'C', 'JS core', '(steady)', 'plain JS', 'tfjs wasm', 'core÷C', '(steady)', 'tfjs÷core', 'core vs C', 'plain vs core', 'tfjs f32 vs f64'];
  const rows = res.jobs.map((r) => [
    `${r.job.name}, N=${r.rows.toLocaleString('en-US')} d=${r.d} (${r.job.epochs} ep)`,
    fmtMs(r.c),
    fmtMs(r.core),
    fmtMs(r.coreSteady),
    fmtMs(r.plain),
    `${fmtMs(r.tfjs)}${r.tfjsExtrapolated ? '*' : ''}`,
    fmtRatio(r.core / r.c),
    Number.isFinite(r.coreSteady) ? fmtRatio(r.coreSteady / r.c) : '–',
    fmtRatio(r.tfjs / r.core),
    fmtDiff(r.coreVsC),
    fmtDiff(r.plainVsCore),
    fmtDiff(r.tfjsVsFloat64),
  ]);
  out.push(table([head, ...rows]));
  const extrapolated = res.jobs.filter((r) => r.tfjsExtrapolated);
  if (extrapolated.length) {
    const n = Math.max(...extrapolated.map((r) => r.tfjsUpdates));
    out.push(`* tfjs extrapolated from its first ${n.toLocaleString('en-US')} updates (shuffle + time per update × updates per epoch + full-data loss).`);
  }
  out.push('JS core: the whole trainModel call ÷ epochs (its fresh buffers, their first-touch page faults and JIT warm-up included);');
  out.push('(steady): the median time between two epochs of the same call. C and plain JS time their epochs only; core÷C is judged on the whole call.');
  out.push('tfjs ran fewer epochs than the others (1 for mini-batch and SGD); "tfjs f32 vs f64" compares it with the plain float64 loop on that same job.');
  out.push('');

  out.push(...formatOptimizerFigures(res.optimizers, res.jobs[0]?.rows ?? 0, res.jobs[0]?.d ?? 0));
  out.push('');

  out.push(`Per-update batch-loss recording (LossBuckets), trainModel with and without (best steady epoch of ${s.overheadRuns} alternating runs each):`);
  for (const f of res.recording) out.push(`  ${f.job}: ${fmtMs(f.withMs)} vs ${fmtMs(f.withoutMs)} ms per epoch: +${(f.overhead * 100).toFixed(1)}%`);
  const a = res.analysis;
  const analysisMs = a.curvatureMs + a.diagnoseMs;
  out.push(`Run analysis (analyzeCurvature ${fmtMs(a.curvatureMs)} ms + judgeRun ${fmtMs(a.diagnoseMs)} ms, once per run):`);
  for (const r of res.jobs.filter((j) => j.rows === res.jobs[0]?.rows && j.d === res.jobs[0]?.d)) {
    out.push(`  ${r.job.name}: ${((analysisMs / r.core) * 100).toFixed(0)}% of one epoch, ${((analysisMs / (r.core * r.job.epochs)) * 100).toFixed(1)}% of the ${r.job.epochs}-epoch run`);
  }
  out.push('');

  const c = res.csv;
  out.push(
    `CSV: ${c.rows.toLocaleString('en-US')} rows × ${c.features + 1} columns, ${(c.bytes / 1e6).toFixed(1)} MB: parseCsvData ${fmtMs(c.parseMs)} ms = ${c.mbPerSecond.toFixed(0)} MB/s ` +
      `(reading the file: ${fmtMs(c.readMs)} ms); peak memory ${c.peakOverFile.toFixed(2)}× the file (RSS above the child's baseline, the text included)`,
  );
  out.push(`Memory while training (live typed arrays + JS heap during the first epoch, after a full GC, above the baseline before reading the CSV), × the data's numeric size rows × (d + 1) × 8 bytes and × the CSV file:`);
  for (const f of res.memory) out.push(`  ${f.name}: ${f.overNumeric.toFixed(2)}× the numeric size (${(f.numericBytes / 1e6).toFixed(1)} MB), ${f.overFile.toFixed(2)}× the CSV (${(f.csvBytes / 1e6).toFixed(1)} MB)`);
  out.push(formatSweepFigure(res.sweep));
  const wv = res.webview;
  out.push(wv.bytes === null ? `Webview bundle: dist/webview.js does not exist (${wv.note})` : `Webview bundle: dist/webview.js ${(wv.bytes / 1024).toFixed(0)} KiB (${wv.note})`);
  out.push('');

  // At smoke sizes the ratios say nothing about the targets (start-up dominates): no verdicts.
  if (s.smoke) {
    out.push('Targets: not judged in smoke mode (small N); run `npm run bench` for the figures.');
    return out.join('\n');
  }
  out.push('Targets:');
  for (const r of res.jobs.filter((j) => j.rows === res.jobs[0]?.rows && j.d === res.jobs[0]?.d)) {
    const t = cTarget(r);
    const steady = Number.isFinite(r.coreSteady) ? `; steady epochs ${fmtRatio(r.coreSteady / r.c)}` : '';
    out.push(`  ${mark(r.core / r.c <= t)} ${r.job.name}: core ${fmtRatio(r.core / r.c)} the C reference${steady} (target ≤ ${t}×)`);
    const tfTarget = r.job.batch === 1 ? 1000 : r.job.batch < r.rows ? 20 : 0;
    if (tfTarget) out.push(`  ${mark(r.tfjs / r.core >= tfTarget)} ${r.job.name}: ${fmtRatio(r.tfjs / r.core)} faster than tfjs wasm (target ≥ ${tfTarget}×)`);
  }
  for (const f of res.recording) out.push(`  ${mark(f.overhead <= 0.1)} recording adds ${(f.overhead * 100).toFixed(1)}% to a ${f.job} epoch (target ≤ 10%)`);
  const sgd = res.jobs.find((j) => j.job.batch === 1);
  if (sgd) out.push(`  ${mark(analysisMs <= 0.1 * sgd.core)} the run analysis is ${((analysisMs / sgd.core) * 100).toFixed(0)}% of an SGD epoch (target ≤ 10%)`);
  out.push(`  ${mark(c.mbPerSecond >= 50)} CSV parses at ${c.mbPerSecond.toFixed(0)} MB/s (target ≥ 50)`);
  out.push(`  ${mark(c.peakOverFile < 4)} CSV peak memory ${c.peakOverFile.toFixed(2)}× the file (target < 4×)`);
  const worst = res.memory.reduce((a, f) => Math.max(a, f.overNumeric), 0);
  out.push(`  ${mark(worst <= TRAINING_MEMORY_TARGET)} memory while training at most ${worst.toFixed(2)}× the data's numeric size (target ≤ ${TRAINING_MEMORY_TARGET}×)`);
  out.push(`  ${mark(res.sweep.medianMs <= SWEEP_TARGET_MS)} a sweep of ${res.sweep.rates} rates on cars takes ${res.sweep.medianMs.toFixed(1)} ms (first ${res.sweep.firstMs.toFixed(1)} ms; target ≤ ${SWEEP_TARGET_MS} ms)`);
  if (wv.bytes !== null) out.push(`  ${mark(wv.bytes <= WEBVIEW_BUDGET)} webview ${(wv.bytes / 1024).toFixed(0)} KiB (target ≤ 1024 KiB)`);
  if (res.failures.length) {
    out.push('');
    out.push('FAILURES:');
    for (const f of res.failures) out.push(`  ${f}`);
  }
  return out.join('\n');
}

/** The CLI: `node bench/run.mjs [--smoke]`. Returns the exit code: 1 when a correctness check failed. */
export async function main(args: string[]): Promise<number> {
  // `--sweep`: only the learning-rate sweep's figure (seconds, no C compiler or tfjs needed).
  if (args.includes('--sweep')) {
    const f = measureSweep(FULL.overheadRuns);
    process.stdout.write(`${formatSweepFigure(f)}\n  ${mark(f.medianMs <= SWEEP_TARGET_MS)} target ≤ ${SWEEP_TARGET_MS} ms\n`);
    return f.bestBelowBound ? 0 : 1;
  }
  // `--optimizers`: the plain-SGD table's C and core columns and the momentum and Adam figures alone (no tfjs, CSV or memory).
  if (args.includes('--optimizers')) return optimizersOnly(args.includes('--smoke') ? SMOKE : FULL);
  const s = args.includes('--smoke') ? SMOKE : FULL;
  const res = await runBench(s, (line) => process.stderr.write(`… ${line}\n`));
  process.stdout.write(`${formatReport(res, s)}\n`);
  return res.failures.length ? 1 : 0;
}

/** `--optimizers`: the fast path's rows (C and core) and the momentum and Adam rows on the headline shape. */
function optimizersOnly(s: Settings): number {
  const exe = compileReference();
  const shape = s.shapes[0] as { rows: number; d: number };
  const m = makeData(shape.rows, shape.d);
  const dataFile = path.join(BUILD_DIR, `data-${shape.rows}x${shape.d}.bin`);
  writeData(m, dataFile);
  const progress = (line: string) => process.stderr.write(`… ${line}\n`);
  const out = [`Descent benchmark, optimizers — ${new Date().toISOString()}`, `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, node ${process.version}, ${compilerVersion()} ${C_FLAGS.join(' ')}`, ''];
  const failures: string[] = [];
  out.push(`Plain SGD (the fast path, trainModel), N=${m.rows.toLocaleString('en-US')} d=${m.d}; median ms per epoch:`);
  for (const job of jobsFor(m.rows, s.smoke)) {
    progress(`${job.name}, N = ${m.rows}, d = ${m.d}`);
    const r = measureJob(m, dataFile, exe, job, { ...s, runs: Math.min(s.runs, 3), plainRuns: 0 }, null);
    out.push(`  ${job.name} (lr ${job.lr}, ${job.epochs} ep): C ${fmtMs(r.c)}, core ${fmtMs(r.core)} (steady ${fmtMs(r.coreSteady)}), core÷C ${fmtRatio(r.core / r.c)}, ${r.coreVsC === 0 ? 'identical weights' : `weights within ${fmtDiff(r.coreVsC)}`}`);
    if (!(r.coreVsC <= FLOAT64_TOLERANCE)) failures.push(`${job.name}: the core and C disagree (${r.coreVsC})`);
  }
  const figures = measureOptimizers(m, dataFile, exe, s, progress);
  for (const f of figures) if (!(f.coreVsC <= FLOAT64_TOLERANCE)) failures.push(`${f.job.name}: the core and C disagree (${f.coreVsC})`);
  out.push(...formatOptimizerFigures(figures, m.rows, m.d));
  if (failures.length) out.push('', 'FAILURES:', ...failures.map((f) => `  ${f}`));
  process.stdout.write(`${out.join('\n')}\n`);
  return failures.length ? 1 : 0;
}
