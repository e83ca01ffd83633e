import { LossBuckets } from './downsample';
import { type Matrix, meanSquaredError, meanSquaredErrorGrad } from './model';
import { createRandom, identityOrder, shuffleInPlace } from './random';

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
}

export interface TrainHooks {
  /** Called after each epoch with the training loss; return false to stop (cancellation). */
  onEpoch?(epoch: number, trainLoss: number): boolean | void;
}

/** Weights and bias after an epoch, for a model view. e.g. `{ epoch: 3, weights: [−5.1], bias: 19.6 }`. */
export interface Snapshot {
  epoch: number;
  weights: number[];
  bias: number;
}

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
}

/**
 * Mini-batch gradient descent on the MSE of a linear model, weights and bias starting at 0.
 *
 * Each epoch shuffles the row order with the seeded generator (carried over from the previous
 * epoch, as a shuffled index would be; skipped when one batch holds every row, since the order
 * cannot matter then), walks it in batches of `batchSize` (the last, partial batch is used),
 * and updates once per batch: wⱼ ← wⱼ − lr·(2/m)·Σ (ŷ − y)·xⱼ, b ← b − lr·(2/m)·Σ (ŷ − y).
 *
 * The rows are gathered into the epoch's order once, so the update loop streams through memory
 * instead of jumping through an index; the arithmetic, and so every bit of the result, is that
 * of the straightforward indexed loop.
 */
export function trainModel(train: Matrix, validation: Matrix | null, options: TrainOptions, hooks: TrainHooks = {}): TrainResult {
  const { rows, d } = train;
  const batch = Math.max(1, Math.min(options.batchSize, rows));
  const shuffles = batch < rows;
  const random = createRandom(options.seed);
  const order = identityOrder(rows);
  const xs = shuffles ? new Float64Array(rows * d) : train.x;
  const ys = shuffles ? new Float64Array(rows) : train.y;
  const w = new Float64Array(d);
  let b = 0;
  const gradW = new Float64Array(d);
  const out = new Float64Array(2);
  const batchLoss = new LossBuckets(options.lossBuckets);
  const maxSnapshots = options.maxSnapshots ?? 1000;
  const stride = Math.max(1, Math.ceil(options.epochs / maxSnapshots));
  const snapshots: Snapshot[] = [{ epoch: 0, weights: Array.from(w), bias: b }];
  const trainLoss = [meanSquaredError(train, w, b)];
  const validationLoss = validation ? [meanSquaredError(validation, w, b)] : null;
  let epochsRun = 0;
  let updates = 0;
  let nonFinite = false;
  let cancelled = false;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    if (shuffles) {
      shuffleInPlace(order, random);
      gatherRows(train, order, xs, ys);
    }
    for (let start = 0; start < rows; start += batch) {
      const count = Math.min(batch, rows - start);
      meanSquaredErrorGrad(xs, ys, start, count, d, w, b, gradW, out);
      const step = (options.learningRate * 2) / count;
      for (let j = 0; j < d; j++) w[j] = (w[j] as number) - step * (gradW[j] as number);
      b -= step * (out[0] as number);
      batchLoss.add(out[1] as number);
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
    if (hooks.onEpoch?.(epoch, loss) === false && epoch < options.epochs) {
      cancelled = true;
      break;
    }
  }
  return { weights: w, bias: b, trainLoss, validationLoss, batchLoss, snapshots, epochsRun, updates, nonFinite, cancelled };
}

/** xs/ys ← the rows of `m` in `order`: one pass of independent loads, then the epoch streams. */
function gatherRows(m: Matrix, order: Uint32Array, xs: Float64Array, ys: Float64Array): void {
  const { d, rows, x, y } = m;
  for (let k = 0; k < rows; k++) {
    const i = order[k] as number;
    const from = i * d;
    const to = k * d;
    for (let j = 0; j < d; j++) xs[to + j] = x[from + j] as number;
    ys[k] = y[i] as number;
  }
}
