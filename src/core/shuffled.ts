import type { LossBuckets } from './downsample';
import type { EpochLog } from './epochLog';
import { descendBatches1, descendRows1 } from './kernels/lanes1';
import { descendBatches2, descendRows2 } from './kernels/lanes2';
import { descendBatches4, descendRows4 } from './kernels/lanes4';
import { descendBatches8, descendRows8, meanSquaredError8, scatterRows8 } from './kernels/lanes8';
import { type Matrix, meanSquaredError } from './model';
import type { EpochFeed, EpochPrefetcher } from './prefetch';
import { identityOrder, shuffleMulberry32 } from './random';

/** One training run's state. `params` holds the `lanes` weights (zero beyond d) then the bias. */
export interface ShuffledRun {
  train: Matrix;
  lanes: number;
  params: Float64Array;
  batch: number;
  lr: number;
  record: boolean;
  batchLoss: LossBuckets;
  updates: number;
  log: EpochLog;
}

/** Updates per call of an update kernel: the batch losses of one call wait in a buffer this long. */
const CHUNK_UPDATES = 1024;

type DescendRows = (xy: Float64Array, from: number, to: number, lr: number, params: Float64Array, losses: Float64Array) => number;
type DescendBatches = (xy: Float64Array, rows: number, from: number, to: number, batch: number, lr: number, params: Float64Array, losses: Float64Array) => number;

/** The update kernels by lane count (layout.ts KERNEL_LANES). */
const KERNELS: Record<number, { rows: DescendRows; batches: DescendBatches } | undefined> = {
  1: { rows: descendRows1, batches: descendBatches1 },
  2: { rows: descendRows2, batches: descendBatches2 },
  4: { rows: descendRows4, batches: descendBatches4 },
  8: { rows: descendRows8, batches: descendBatches8 },
};

/**
 * Mini-batch and SGD. Each epoch's rows are moved into its shuffled order (`xy`: the features, then
 * the label) and the update loop streams through them. In this thread, one sequential pass over the
 * data writes every row to its place in the order while summing the loss of the weights it is about
 * to change; with a prefetcher, the epoch arrives gathered and the loss gets a pass of its own over
 * the rows in their order (the same sum, so the same bits), which is all the gather costs this thread.
 * Either way epoch e is closed (loss, snapshot, onEpoch) before any update of epoch e + 1; the last
 * epoch gets a loss pass of its own.
 */
export function trainShuffled(run: ShuffledRun, seed: number, epochs: number, prefetcher: EpochPrefetcher | undefined): void {
  const { train, lanes } = run;
  const feed = prefetcher?.start({ x: train.x, y: train.y, rows: train.rows, d: train.d, stride: lanes + 1, seed, epochs }) ?? null;
  try {
    if (feed) trainPrefetched(run, epochs, feed);
    else trainGathering(run, seed, epochs);
  } finally {
    feed?.close();
  }
}

/** The loss of the weights in `params` over the training rows, summed in row order. */
function lossInRowOrder(run: ShuffledRun): number {
  const { train, lanes, params } = run;
  const b = params[lanes] as number;
  return train.d === 8 && lanes === 8 ? meanSquaredError8(train.x, train.y, train.rows, params, b) : meanSquaredError(train, params, b);
}

function trainPrefetched(run: ShuffledRun, epochs: number, feed: EpochFeed): void {
  const { log, params, lanes } = run;
  const losses = new Float64Array(CHUNK_UPDATES);
  const gradW = new Float64Array(lanes);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (!log.close(epoch - 1, lossInRowOrder(run), params)) return;
    descendEpoch(run, feed.next(), losses, gradW);
  }
  log.close(epochs, lossInRowOrder(run), params);
}

function trainGathering(run: ShuffledRun, seed: number, epochs: number): void {
  const { train, lanes, params, log } = run;
  const { rows, d, x, y } = train;
  const order = identityOrder(rows);
  const inv = new Uint32Array(rows);
  const xy = new Float64Array(rows * (lanes + 1));
  const losses = new Float64Array(CHUNK_UPDATES);
  const gradW = new Float64Array(lanes);
  let state = seed | 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    state = shuffleMulberry32(order, state);
    for (let k = 0; k < rows; k++) inv[order[k] as number] = k;
    const sum = d === 8 && lanes === 8 ? scatterRows8(x, y, rows, inv, xy, params) : scatterRows(x, y, rows, d, lanes + 1, inv, xy, params);
    if (!log.close(epoch - 1, sum / rows, params)) return;
    descendEpoch(run, xy, losses, gradW);
  }
  log.close(epochs, lossInRowOrder(run), params);
}

/** Every batch of one epoch over the shuffled rows `xy`, recording each batch loss. */
function descendEpoch(run: ShuffledRun, xy: Float64Array, losses: Float64Array, gradW: Float64Array): void {
  const { train, lanes, params, batch, lr } = run;
  const { rows, d } = train;
  // Padded lanes stay exactly zero only while the step lr·2/m is finite (see layout.ts).
  const kernel = Number.isFinite(lr * 2) ? KERNELS[lanes] : undefined;
  for (let start = 0; start < rows; ) {
    const end = Math.min(rows, start + batch * CHUNK_UPDATES);
    let next = start;
    // The 8-lane kernels are called by name: a call site shared by every width is polymorphic.
    if (kernel && lanes === 8) next = batch === 1 ? descendRows8(xy, start, end, lr, params, losses) : descendBatches8(xy, rows, start, end, batch, lr, params, losses);
    else if (kernel) next = batch === 1 ? kernel.rows(xy, start, end, lr, params, losses) : kernel.batches(xy, rows, start, end, batch, lr, params, losses);
    if (next < end) {
      // Without lane kernels, the whole chunk; else the one batch where they met a non-finite error.
      const done = Math.ceil((next - start) / batch);
      next = descendBatches(xy, lanes + 1, d, rows, next, kernel ? next + 1 : end, batch, lr, params, gradW, losses, done);
    }
    const updates = Math.ceil((next - start) / batch);
    if (run.record) run.batchLoss.addMany(losses, updates);
    run.updates += updates;
    start = next;
  }
}

/**
 * scatterRows8 for any d: rows of d features in, `stride` values per row out (d + 1, or LANES + 1
 * for the padded kernels: the lanes between stay 0 as `xy` was allocated), the label last and the
 * bias at params[stride − 1]. The padded lanes would add (+0)·(+0) to the prediction: no bit changes.
 */
export function scatterRows(x: Float64Array, y: Float64Array, rows: number, d: number, stride: number, inv: Uint32Array, xy: Float64Array, params: Float64Array): number {
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
