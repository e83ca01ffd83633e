import { LossBuckets } from './downsample';
import { EpochLog, type TrainHooks } from './epochLog';
import { meanSquaredErrorGrad8 } from './kernels/lanes8';
import { chooseLayout } from './layout';
import { type Matrix, meanSquaredErrorGrad } from './model';
import { type ShuffledRun, trainShuffled } from './shuffled';
import type { Snapshot } from '../shared/report';

export { EpochLog } from './epochLog';
export { TRAINING_MEMORY_TARGET, chooseLayout, layoutDoublesPerRow } from './layout';

export interface TrainOptions {
  learningRate: number;
  /** Rows per update, already resolved: 1 … rows (rows means full batch). */
  batchSize: number;
  epochs: number;
  seed: number;
  /** Buckets for the per-update batch losses (bounded memory for any number of updates). */
  lossBuckets?: number;
  /** At most this many weight snapshots are kept; epochs are strided to fit. */
  maxSnapshots?: number;
  /** Record every update's batch loss in `batchLoss` (default true); false leaves it empty. */
  recordBatchLoss?: boolean;
}

export type { TrainHooks };

export interface TrainResult {
  weights: Float64Array;
  bias: number;
  /** Loss over all training rows after e epochs; index 0 is before any update. */
  trainLoss: number[];
  /** The same over the validation rows, when there are any. */
  validationLoss: number[] | null;
  batchLoss: LossBuckets;
  snapshots: Snapshot[];
  epochsRun: number;
  updates: number;
  /** The loss became NaN or ±∞ and training stopped at `epochsRun`. */
  nonFinite: boolean;
  /** A hook asked to stop before the last epoch. */
  cancelled: boolean;
  /** Logistic runs: the share of training rows classified right after each epoch (index 0 before any update); absent otherwise. */
  trainAccuracy?: number[] | null;
  /** The same over the validation rows, when there are any. */
  validationAccuracy?: number[] | null;
}

/**
 * Mini-batch gradient descent on the MSE of a linear model, weights and bias starting at 0.
 *
 * Each epoch shuffles the row order with the seeded generator (carried over from the previous
 * epoch, as a shuffled index would be; skipped when one batch holds every row, since the order
 * cannot matter then), walks it in batches of `batchSize` (the last, partial batch is used),
 * and updates once per batch: wⱼ ← wⱼ − lr·(2/m)·Σ (ŷ − y)·xⱼ, b ← b − lr·(2/m)·Σ (ŷ − y).
 *
 * Every bit of the result is that of the straightforward loop over a shuffled index
 * (test/unit/helpers.ts), but the work is laid out for memory: rows are moved into the epoch's
 * order once (by a prefetcher while the epoch before trains, when the caller gives one), so the
 * update loop streams; full batch needs one pass per epoch, since the pass that measures the loss
 * also sums the next gradient; and up to 8 features have kernels with the weights in registers.
 */
export function trainModel(train: Matrix, validation: Matrix | null, options: TrainOptions, hooks: TrainHooks = {}): TrainResult {
  const { rows, d } = train;
  const lr = options.learningRate;
  const batch = Math.max(1, Math.min(options.batchSize, rows));
  const shuffled = batch < rows;
  const layout = chooseLayout(d, lr, shuffled, hooks.prefetch !== undefined && options.epochs > 0);
  const { lanes } = layout;
  const run: ShuffledRun = {
    train,
    lanes,
    params: new Float64Array(lanes + 1),
    batch,
    lr,
    record: options.recordBatchLoss !== false,
    batchLoss: new LossBuckets(options.lossBuckets),
    updates: 0,
    log: new EpochLog(d, lanes, options.epochs, options.maxSnapshots ?? 1000, validation, hooks),
  };
  if (shuffled) trainShuffled(run, options.seed, options.epochs, layout.prefetch ? hooks.prefetch : undefined);
  else trainFullBatch(run, options.epochs);

  const { log, params } = run;
  return {
    weights: params.slice(0, d),
    bias: params[lanes] as number,
    trainLoss: log.trainLoss,
    validationLoss: log.validationLoss,
    batchLoss: run.batchLoss,
    snapshots: log.snapshots,
    epochsRun: log.epochsRun,
    updates: run.updates,
    nonFinite: log.nonFinite,
    cancelled: log.cancelled,
  };
}

/**
 * One batch holds every row, so there is no shuffle and each epoch is one pass: the pass over
 * the weights after epoch e measures its loss and sums the gradient of update e + 1 (the same
 * rows in the same order with the same weights, so the same bits as two passes). With 8 lanes
 * the pass reads a padded copy of the features.
 */
function trainFullBatch(run: ShuffledRun, epochs: number): void {
  const { train, lanes, params, lr, log } = run;
  const { rows, d, y } = train;
  const x = lanes === d ? train.x : padRows(train, lanes);
  const gradW = new Float64Array(lanes);
  const out = new Float64Array(2);
  const measure = (): void => {
    if (lanes === 8) meanSquaredErrorGrad8(x, y, 0, rows, params, params[lanes] as number, gradW, out);
    else meanSquaredErrorGrad(x, y, 0, rows, d, params, params[lanes] as number, gradW, out);
  };
  measure();
  if (!log.close(0, out[1] as number, params)) return;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (rows > 0) {
      const step = (lr * 2) / rows;
      for (let j = 0; j < d; j++) params[j] = (params[j] as number) - step * (gradW[j] as number);
      params[lanes] = (params[lanes] as number) - step * (out[0] as number);
      if (run.record) run.batchLoss.add(out[1] as number);
      run.updates++;
    }
    measure();
    if (!log.close(epoch, out[1] as number, params)) return;
  }
}

/** The rows of `m` with `lanes` ≥ d features each, the extra ones 0. */
function padRows(m: Matrix, lanes: number): Float64Array {
  const { rows, d, x } = m;
  const out = new Float64Array(rows * lanes);
  for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) out[i * lanes + j] = x[i * d + j] as number;
  return out;
}
