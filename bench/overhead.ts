import { analyzeCurvature } from '../src/core/curvature';
import { judgeRun } from '../src/core/verdict';
import type { Matrix } from '../src/core/model';
import type { EpochPrefetcher } from '../src/core/prefetch';
import { trainModel } from '../src/core/train';
import { type Job, median } from './jobs';

/**
 * trainModel on a job: `ms` per epoch of the whole call (its allocations, first-touch page faults
 * and JIT warm-up included), and `steadyMs`, the median time between two epochs' onEpoch calls
 * (one epoch's work once running; NaN with fewer than 3 epochs).
 */
export function timeCore(m: Matrix, job: Job, prefetch: EpochPrefetcher | undefined, recordBatchLoss = true): { ms: number; steadyMs: number; result: ReturnType<typeof trainModel> } {
  const stamps: number[] = [];
  const t0 = performance.now();
  const result = trainModel(m, null, { learningRate: job.lr, batchSize: job.batch, epochs: job.epochs, seed: job.seed, recordBatchLoss }, { onEpoch: () => void stamps.push(performance.now()), ...(prefetch ? { prefetch } : {}) });
  const ms = (performance.now() - t0) / job.epochs;
  const gaps = stamps.slice(1).map((t, i) => t - (stamps[i] as number));
  return { ms, steadyMs: gaps.length >= 2 ? median(gaps) : NaN, result };
}

export interface RecordingFigure {
  job: string;
  /** Median steady ms per epoch with the per-update batch losses recorded, and without. */
  withMs: number;
  withoutMs: number;
  /** withMs ÷ withoutMs − 1. */
  overhead: number;
}

/**
 * What recording every update's batch loss (LossBuckets) adds to an epoch: runs alternate with and
 * without, each taken at its steady epoch (the once-per-call page faults, tens of ms, would drown
 * a few ms), and each side at its best run, since other processes only ever add time.
 */
export function measureRecording(m: Matrix, job: Job, runs: number, prefetch?: EpochPrefetcher): RecordingFigure {
  const withMs: number[] = [];
  const withoutMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    withMs.push(timeCore(m, job, prefetch, true).steadyMs);
    withoutMs.push(timeCore(m, job, prefetch, false).steadyMs);
  }
  const on = Math.min(...withMs);
  const off = Math.min(...withoutMs);
  return { job: job.name, withMs: on, withoutMs: off, overhead: on / off - 1 };
}

export interface AnalysisFigure {
  /** analyzeCurvature on the training rows (once per run), median ms. */
  curvatureMs: number;
  /** judgeRun on the run's losses (once per run), median ms. */
  diagnoseMs: number;
}

/** The run analysis executeRun adds to training: the closed-form curvature and the verdict. */
export function measureAnalysis(m: Matrix, trainLoss: readonly number[], runs: number): AnalysisFigure {
  const curvature: number[] = [];
  const diagnose: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const c = analyzeCurvature(m);
    const t1 = performance.now();
    judgeRun(trainLoss, { curvature: c, learningRate: 0.01, rows: m.rows, batchSize: m.rows, epochs: trainLoss.length - 1, normalize: 'zscore' });
    const t2 = performance.now();
    curvature.push(t1 - t0);
    diagnose.push(t2 - t1);
  }
  return { curvatureMs: median(curvature), diagnoseMs: median(diagnose) };
}
