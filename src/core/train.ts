import { LossBuckets } from './downsample';
import { LANES, type Matrix, meanSquaredError, meanSquaredError8, meanSquaredErrorGrad, meanSquaredErrorGrad8 } from './model';
import { identityOrder, shuffleMulberry32 } from './random';
import type { Snapshot } from '../shared/report';

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

export interface TrainHooks {
  /** Called after each epoch with the training loss; return false to stop (cancellation). */
  onEpoch?(epoch: number, trainLoss: number): boolean | void;
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

/** Updates per call of an update kernel: the batch losses of one call wait in a buffer this long. */
const CHUNK_UPDATES = 1024;

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
 * order once, in one sequential read that also sums the previous epoch's loss, so the update loop
 * streams; full batch needs one pass per epoch, since the pass that measures the loss also sums
 * the next gradient; and up to 8 features have kernels with the weights in registers.
 */
export function trainModel(train: Matrix, validation: Matrix | null, options: TrainOptions, hooks: TrainHooks = {}): TrainResult {
  const { rows, d } = train;
  const lr = options.learningRate;
  const batch = Math.max(1, Math.min(options.batchSize, rows));
  const shuffled = batch < rows;
  const lanes = chooseLanes(d, lr, shuffled);
  const run: Run = {
    train,
    lanes,
    // The shuffled path pads as it copies rows into the epoch's order; full batch reads padded rows.
    x: lanes === d || shuffled ? train.x : padRows(train, lanes),
    params: new Float64Array(lanes + 1),
    batch,
    lr,
    record: options.recordBatchLoss !== false,
    batchLoss: new LossBuckets(options.lossBuckets),
    updates: 0,
    log: new EpochLog(d, lanes, options.epochs, options.maxSnapshots ?? 1000, validation, hooks),
  };
  if (shuffled) trainShuffled(run, options.seed, options.epochs);
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
 * Memory while training, as a multiple of the data's numeric size (rows × (d + 1) doubles): the
 * data itself plus what a layout adds. The benchmark reports the measured figure.
 */
export const TRAINING_MEMORY_TARGET = 4;

/**
 * Doubles per training row a layout adds to the data: for full batch a padded copy of the features
 * (none when lanes = d); for mini-batch and SGD the epoch's rows in order (lanes + 1 values) and the
 * shuffled index with its inverse (two 32-bit integers, one double).
 */
export function layoutDoublesPerRow(lanes: number, d: number, shuffled: boolean): number {
  return shuffled ? lanes + 2 : lanes === d ? 0 : lanes;
}

/**
 * The features per row the kernels read: LANES (the 8-lane kernels, d ≤ 8 padded with zeros) when
 * that layout keeps memory within TRAINING_MEMORY_TARGET × the data, else d (the general loops,
 * which give the same bits, see LANES). e.g. SGD with d = 1 pads to 9 doubles per row against the
 * data's 2, so it runs the general loop; d ≥ 3 runs the kernels. Padded lanes also stay exactly
 * zero only while the step lr·2/m is finite.
 */
export function chooseLanes(d: number, lr: number, shuffled: boolean): number {
  if (d > LANES || !Number.isFinite(lr * 2)) return d;
  const data = d + 1;
  return data + layoutDoublesPerRow(LANES, d, shuffled) <= TRAINING_MEMORY_TARGET * data ? LANES : d;
}

/** One training run's state. `params` holds the `lanes` weights (zero beyond d) then the bias. */
interface Run {
  train: Matrix;
  lanes: number;
  /** The training features: `lanes` per row for full batch, d per row for the shuffled path (it pads as it copies). */
  x: Float64Array;
  params: Float64Array;
  batch: number;
  lr: number;
  record: boolean;
  batchLoss: LossBuckets;
  updates: number;
  log: EpochLog;
}

/** The per-epoch record: losses, snapshots, the hook, and whether to go on (shared by the fast kernels and the general path). */
export class EpochLog {
  readonly trainLoss: number[] = [];
  readonly validationLoss: number[] | null;
  readonly snapshots: Snapshot[] = [];
  epochsRun = 0;
  nonFinite = false;
  cancelled = false;
  private readonly stride: number;

  constructor(
    private readonly d: number,
    private readonly lanes: number,
    private readonly epochs: number,
    maxSnapshots: number,
    private readonly validation: Matrix | null,
    private readonly hooks: TrainHooks,
  ) {
    this.validationLoss = validation ? [] : null;
    this.stride = Math.max(1, Math.ceil(epochs / maxSnapshots));
  }

  /** Records the weights in `params` after `epoch` (0: before any update) and their training loss; false means stop. */
  close(epoch: number, loss: number, params: Float64Array): boolean {
    const bias = params[this.lanes] as number;
    this.trainLoss.push(loss);
    if (this.validation) this.validationLoss?.push(meanSquaredError(this.validation, params, bias));
    if (epoch === 0 || epoch % this.stride === 0 || epoch === this.epochs) {
      this.snapshots.push({ epoch, weights: Array.from(params.subarray(0, this.d)), bias });
    }
    if (epoch === 0) return true;
    this.epochsRun = epoch;
    if (!Number.isFinite(loss)) {
      this.nonFinite = true;
      return false;
    }
    if (this.hooks.onEpoch?.(epoch, loss) === false && epoch < this.epochs) {
      this.cancelled = true;
      return false;
    }
    return true;
  }
}

/**
 * One batch holds every row, so there is no shuffle and each epoch is one pass: the pass over
 * the weights after epoch e measures its loss and sums the gradient of update e + 1 (the same
 * rows in the same order with the same weights, so the same bits as two passes).
 */
function trainFullBatch(run: Run, epochs: number): void {
  const { train, lanes, x, params, lr, log } = run;
  const { rows, d, y } = train;
  const gradW = new Float64Array(lanes);
  const out = new Float64Array(2);
  const measure = (): void => {
    if (lanes === LANES) meanSquaredErrorGrad8(x, y, 0, rows, params, params[lanes] as number, gradW, out);
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

/**
 * Mini-batch and SGD. Each epoch shuffles the index, then one sequential pass over the data writes
 * every row to its place in the epoch's order (`xy`: the features, then the label) while summing
 * the loss of the weights it is about to change; the update loop then streams through `xy`.
 * So epoch e is closed (loss, snapshot, onEpoch) in epoch e + 1's pass, before any of its
 * updates; the last epoch gets a loss pass of its own.
 */
function trainShuffled(run: Run, seed: number, epochs: number): void {
  const { train, lanes, x, params, log } = run;
  const { rows, d, y } = train;
  const order = identityOrder(rows);
  const inv = new Uint32Array(rows);
  const xy = new Float64Array(rows * (lanes + 1));
  const losses = new Float64Array(CHUNK_UPDATES);
  const gradW = new Float64Array(lanes);
  let state = seed | 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    state = shuffleMulberry32(order, state);
    for (let k = 0; k < rows; k++) inv[order[k] as number] = k;
    const sum = d === LANES ? scatterRows8(x, y, rows, inv, xy, params) : scatterRows(x, y, rows, d, lanes + 1, inv, xy, params);
    if (!log.close(epoch - 1, sum / rows, params)) return;
    descendEpoch(run, xy, losses, gradW);
  }
  const b = params[lanes] as number;
  log.close(epochs, d === LANES ? meanSquaredError8(x, y, rows, params, b) : meanSquaredError(train, params, b), params);
}

/** Every batch of one epoch over the shuffled rows `xy`, recording each batch loss. */
function descendEpoch(run: Run, xy: Float64Array, losses: Float64Array, gradW: Float64Array): void {
  const { train, lanes, params, batch, lr } = run;
  const { rows, d } = train;
  for (let start = 0; start < rows; ) {
    const end = Math.min(rows, start + batch * CHUNK_UPDATES);
    let next = start;
    if (lanes === LANES) {
      next = batch === 1 ? descendRows8(xy, start, end, lr, params, losses) : descendBatches8(xy, rows, start, end, batch, lr, params, losses);
    }
    if (next < end) {
      // Without lane kernels, the whole chunk; else the one batch where they met a non-finite error.
      const done = Math.ceil((next - start) / batch);
      next = descendBatches(xy, lanes + 1, d, rows, next, lanes === LANES ? next + 1 : end, batch, lr, params, gradW, losses, done);
    }
    const updates = Math.ceil((next - start) / batch);
    if (run.record) run.batchLoss.addMany(losses, updates);
    run.updates += updates;
    start = next;
  }
}

/** The rows of `m` with `lanes` ≥ d features each, the extra ones 0. */
function padRows(m: Matrix, lanes: number): Float64Array {
  const { rows, d, x } = m;
  const out = new Float64Array(rows * lanes);
  for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) out[i * lanes + j] = x[i * d + j] as number;
  return out;
}

/**
 * Writes row i of (x, y) (8 features) to row inv[i] of `xy` (8 features, then the label) and
 * returns Σᵢ (ŷᵢ − yᵢ)² at `params`, in row order as meanSquaredError sums it.
 */
function scatterRows8(x: Float64Array, y: Float64Array, rows: number, inv: Uint32Array, xy: Float64Array, params: Float64Array): number {
  const w0 = params[0] as number, w1 = params[1] as number, w2 = params[2] as number, w3 = params[3] as number;
  const w4 = params[4] as number, w5 = params[5] as number, w6 = params[6] as number, w7 = params[7] as number;
  const b = params[8] as number;
  let sum = 0;
  for (let i = 0, f = 0; i < rows; i++, f += 8) {
    const x0 = x[f] as number, x1 = x[f + 1] as number, x2 = x[f + 2] as number, x3 = x[f + 3] as number;
    const x4 = x[f + 4] as number, x5 = x[f + 5] as number, x6 = x[f + 6] as number, x7 = x[f + 7] as number;
    const label = y[i] as number;
    const t = (inv[i] as number) * 9;
    xy[t] = x0;
    xy[t + 1] = x1;
    xy[t + 2] = x2;
    xy[t + 3] = x3;
    xy[t + 4] = x4;
    xy[t + 5] = x5;
    xy[t + 6] = x6;
    xy[t + 7] = x7;
    xy[t + 8] = label;
    const err = b + w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * x5 + w6 * x6 + w7 * x7 - label;
    sum += err * err;
  }
  return sum;
}

/**
 * scatterRows8 for any d: rows of d features in, `stride` values per row out (d + 1, or LANES + 1
 * for the padded kernels: the lanes between stay 0 as `xy` was allocated), the label last and the
 * bias at params[stride − 1]. The padded lanes would add (+0)·(+0) to the prediction: no bit changes.
 */
function scatterRows(x: Float64Array, y: Float64Array, rows: number, d: number, stride: number, inv: Uint32Array, xy: Float64Array, params: Float64Array): number {
  const b = params[stride - 1] as number;
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const f = i * d;
    const t = (inv[i] as number) * stride;
    let p = b;
    for (let j = 0; j < d; j++) {
      const v = x[f + j] as number;
      xy[t + j] = v;
      p += (params[j] as number) * v;
    }
    const label = y[i] as number;
    xy[t + stride - 1] = label;
    const err = p - label;
    sum += err * err;
  }
  return sum;
}

/**
 * SGD over rows from … to − 1 of `xy` (8 features, then the label): per row,
 * wⱼ ← wⱼ − lr·2·(ŷ − y)·xⱼ and b ← b − lr·2·(ŷ − y), the straightforward loop's bits with m = 1
 * (its gradient 0 + e·xⱼ differs from e·xⱼ only in the sign of a zero, which wⱼ − step·(±0) drops
 * since wⱼ is never −0). Writes the batch losses to `losses` and returns where it stopped: `to`,
 * or the row whose error is not finite, before its update, for the exact generic loop to take.
 */
function descendRows8(xy: Float64Array, from: number, to: number, lr: number, params: Float64Array, losses: Float64Array): number {
  let w0 = params[0] as number, w1 = params[1] as number, w2 = params[2] as number, w3 = params[3] as number;
  let w4 = params[4] as number, w5 = params[5] as number, w6 = params[6] as number, w7 = params[7] as number;
  let b = params[8] as number;
  const step = lr * 2;
  let i = from;
  for (let f = from * 9, u = 0; i < to; i++, f += 9, u++) {
    const x0 = xy[f] as number, x1 = xy[f + 1] as number, x2 = xy[f + 2] as number, x3 = xy[f + 3] as number;
    const x4 = xy[f + 4] as number, x5 = xy[f + 5] as number, x6 = xy[f + 6] as number, x7 = xy[f + 7] as number;
    const err = b + w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * x5 + w6 * x6 + w7 * x7 - (xy[f + 8] as number);
    if (err - err !== 0) break;
    w0 = w0 - step * (err * x0);
    w1 = w1 - step * (err * x1);
    w2 = w2 - step * (err * x2);
    w3 = w3 - step * (err * x3);
    w4 = w4 - step * (err * x4);
    w5 = w5 - step * (err * x5);
    w6 = w6 - step * (err * x6);
    w7 = w7 - step * (err * x7);
    b -= step * err;
    losses[u] = err * err;
  }
  params[0] = w0;
  params[1] = w1;
  params[2] = w2;
  params[3] = w3;
  params[4] = w4;
  params[5] = w5;
  params[6] = w6;
  params[7] = w7;
  params[8] = b;
  return i;
}

/**
 * The batches of `batch` rows that start in from … to − 1 of `xy` (8 features, then the label),
 * one update each: the sums of meanSquaredErrorGrad8, then wⱼ ← wⱼ − (lr·2/m)·gradWⱼ. Writes the
 * batch losses to `losses` and returns where it stopped: past the last batch, or at a batch whose
 * error sum is not finite, before its update, for the exact generic loop to take.
 */
function descendBatches8(xy: Float64Array, rows: number, from: number, to: number, batch: number, lr: number, params: Float64Array, losses: Float64Array): number {
  let w0 = params[0] as number, w1 = params[1] as number, w2 = params[2] as number, w3 = params[3] as number;
  let w4 = params[4] as number, w5 = params[5] as number, w6 = params[6] as number, w7 = params[7] as number;
  let b = params[8] as number;
  const fullStep = (lr * 2) / batch;
  let start = from;
  for (let u = 0; start < to; start += batch, u++) {
    const count = Math.min(batch, rows - start);
    let g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0;
    let gradB = 0;
    let loss = 0;
    for (let f = start * 9, end = (start + count) * 9; f < end; f += 9) {
      const x0 = xy[f] as number, x1 = xy[f + 1] as number, x2 = xy[f + 2] as number, x3 = xy[f + 3] as number;
      const x4 = xy[f + 4] as number, x5 = xy[f + 5] as number, x6 = xy[f + 6] as number, x7 = xy[f + 7] as number;
      const err = b + w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * x5 + w6 * x6 + w7 * x7 - (xy[f + 8] as number);
      g0 += err * x0;
      g1 += err * x1;
      g2 += err * x2;
      g3 += err * x3;
      g4 += err * x4;
      g5 += err * x5;
      g6 += err * x6;
      g7 += err * x7;
      gradB += err;
      loss += err * err;
    }
    if (gradB - gradB !== 0) break;
    const step = count === batch ? fullStep : (lr * 2) / count;
    w0 = w0 - step * g0;
    w1 = w1 - step * g1;
    w2 = w2 - step * g2;
    w3 = w3 - step * g3;
    w4 = w4 - step * g4;
    w5 = w5 - step * g5;
    w6 = w6 - step * g6;
    w7 = w7 - step * g7;
    b -= step * gradB;
    losses[u] = loss / count;
  }
  params[0] = w0;
  params[1] = w1;
  params[2] = w2;
  params[3] = w3;
  params[4] = w4;
  params[5] = w5;
  params[6] = w6;
  params[7] = w7;
  params[8] = b;
  return start;
}

/**
 * descendBatches8 for any layout: rows of `stride` values (d features, then the label last), the
 * bias at params[stride − 1]; batch losses go to `losses` from index `u`. Returns where it stopped.
 */
function descendBatches(
  xy: Float64Array,
  stride: number,
  d: number,
  rows: number,
  from: number,
  to: number,
  batch: number,
  lr: number,
  params: Float64Array,
  gradW: Float64Array,
  losses: Float64Array,
  u: number,
): number {
  const label = stride - 1;
  let b = params[label] as number;
  let start = from;
  for (; start < to; start += batch, u++) {
    const count = Math.min(batch, rows - start);
    gradW.fill(0);
    let gradB = 0;
    let loss = 0;
    for (let f = start * stride, end = (start + count) * stride; f < end; f += stride) {
      let p = b;
      for (let j = 0; j < d; j++) p += (params[j] as number) * (xy[f + j] as number);
      const err = p - (xy[f + label] as number);
      for (let j = 0; j < d; j++) gradW[j] = (gradW[j] as number) + err * (xy[f + j] as number);
      gradB += err;
      loss += err * err;
    }
    const step = (lr * 2) / count;
    for (let j = 0; j < d; j++) params[j] = (params[j] as number) - step * (gradW[j] as number);
    b -= step * gradB;
    losses[u] = loss / count;
  }
  params[label] = b;
  return start;
}
