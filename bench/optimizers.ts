/**
 * Momentum and Adam at 10⁶ × 8 against the C reference loop extended with the same updates
 * (bench/reference.c): ms per epoch of the core's general path (`descend`, what a run with one of
 * these optimizers trains) and of C, and how their final weights agree. The plain-SGD fast path is
 * the main table's; these rows show what leaving it costs.
 */
import type { Matrix } from '../src/core/model';
import { LINEAR } from '../src/core/models';
import { descend } from '../src/core/descent';
import { createOptimizer } from '../src/core/optimizers';
import type { OptimizerConfig } from '../src/shared/report';
import { type Job, median, relativeDifference } from './jobs';
import { runReference } from './reference';

/** One optimizer on one batch size. */
export interface OptimizerJob extends Job {
  optimizer: OptimizerConfig;
}

export interface OptimizerFigure {
  job: OptimizerJob;
  /** Median ms per epoch. */
  c: number;
  core: number;
  /** Relative difference of the final weights (0: bit-identical). */
  coreVsC: number;
}

const MOMENTUM: OptimizerConfig = { kind: 'momentum', momentum: 0.9, nesterov: false };
const ADAM: OptimizerConfig = { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * Momentum 0.9 and Adam (PyTorch's defaults) on full batch, mini-batches of 100 and SGD; each rate
 * is one the run stays finite at, e.g. momentum at a tenth of plain descent's rate (its steps add
 * up to about 1/(1 − μ) = 10 gradients).
 */
export function optimizerJobs(rows: number, smoke: boolean): OptimizerJob[] {
  const jobs: OptimizerJob[] = [];
  for (const [label, optimizer, rates] of [
    ['momentum 0.9', MOMENTUM, [0.01, 0.001, 0.001]],
    ['Adam', ADAM, [0.01, 0.01, 0.001]],
  ] as const) {
    jobs.push({ name: `${label}, full batch`, optimizer, batch: rows, epochs: smoke ? 3 : 20, lr: rates[0], seed: 7 });
    jobs.push({ name: `${label}, mini-batch 100`, optimizer, batch: 100, epochs: smoke ? 2 : 5, lr: rates[1], seed: 7 });
    jobs.push({ name: `${label}, SGD`, optimizer, batch: 1, epochs: smoke ? 1 : 3, lr: rates[2], seed: 7 });
  }
  return jobs;
}

/** The C reference's optimizer arguments, e.g. `["momentum", "0.9", "0"]`. */
export function optimizerArgs(o: OptimizerConfig): string[] {
  switch (o.kind) {
    case 'sgd':
      return ['sgd'];
    case 'momentum':
      return ['momentum', String(o.momentum), o.nesterov ? '1' : '0'];
    case 'adam':
      return ['adam', String(o.beta1), String(o.beta2), String(o.epsilon)];
  }
}

/** Times a job in C and in the core, alternating, `runs` times each. */
export function measureOptimizer(m: Matrix, dataFile: string, exe: string, job: OptimizerJob, runs: number): OptimizerFigure {
  const c: number[] = [];
  const core: number[] = [];
  let cParams = { w: [] as number[], b: NaN };
  let coreParams = { w: [] as number[], b: NaN };
  for (let r = 0; r < runs; r++) {
    const ref = runReference(exe, dataFile, m.rows, m.d, job, 1, optimizerArgs(job.optimizer));
    c.push(...ref.msPerEpoch);
    cParams = ref;
    const t0 = performance.now();
    const result = descend(m, null, { learningRate: job.lr, batchSize: job.batch, epochs: job.epochs, seed: job.seed, model: LINEAR, optimizer: createOptimizer(job.optimizer, m.d + 1) });
    core.push((performance.now() - t0) / job.epochs);
    coreParams = { w: Array.from(result.weights), b: result.bias };
  }
  return { job, c: median(c), core: median(core), coreVsC: relativeDifference(coreParams, cParams) };
}

/** The figures as report lines. */
export function formatOptimizerFigures(figures: readonly OptimizerFigure[], rows: number, d: number): string[] {
  const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const out = [`Momentum and Adam, N=${rows.toLocaleString('en-US')} d=${d}: the core's general path (descend) against the C loop extended with the same update; median ms per epoch:`];
  for (const f of figures) {
    const agree = f.coreVsC === 0 ? 'identical weights' : Number.isNaN(f.coreVsC) ? 'non-finite weights' : `weights within ${f.coreVsC.toExponential(1)}`;
    out.push(`  ${f.job.name} (lr ${f.job.lr}, ${f.job.epochs} ep): C ${fmt(f.c)}, core ${fmt(f.core)}, core÷C ${(f.core / f.c).toFixed(2)}×, ${agree}`);
  }
  return out;
}
