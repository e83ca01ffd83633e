/**
 * Epoch prefetching: the shuffled order of epoch e + 1 and its rows, gathered into that order, are
 * prepared while epoch e trains, so the update loop never waits for the random reads of a gather.
 *
 * The core only defines the work and the hand-over; whoever can start a thread (the training
 * worker, the benchmark) runs `produceEpochs` on it with the shared buffers of `createEpochShared`
 * and gives training an `EpochPrefetcher`. Two epoch buffers alternate: the producer fills epoch
 * e + 1's while the trainer reads epoch e's, and waits (Atomics) until the trainer hands a buffer
 * back. The orders are those of trainShuffled's own shuffle (the same seeded mulberry32 stream),
 * and a gathered row holds the same values as a scattered one, so the bits are the same.
 */
import { t } from '../shared/l10n';
import { shuffleMulberry32 } from './random';

/** What a prefetcher prepares: a run's rows (on SharedArrayBuffers to be shared), their layout and its epochs. */
export interface EpochJob {
  x: Float64Array;
  y: Float64Array;
  rows: number;
  d: number;
  /** Values per gathered row: `stride − 1` features (zeros beyond d), then the label. */
  stride: number;
  seed: number;
  epochs: number;
}

/** Starts preparing a run's epochs, or declines (null): then training gathers them itself, with the same bits. */
export interface EpochPrefetcher {
  start(job: EpochJob): EpochFeed | null;
}

/** The epochs of one run, in turn. */
export interface EpochFeed {
  /** Epoch 1's rows, then epoch 2's, …, each in its shuffled order; a call hands the previous buffer back. */
  next(): Float64Array;
  /** Stops preparing (the run ended, early or not); the feed is not used again. */
  close(): void;
}

/** Indices into `EpochShared.control`. */
const READY = 0; // epochs gathered so far
const RETURNED = 1; // epochs whose buffer the trainer has handed back
const STOP = 2; // 1: the trainer is done
const FAILED = 3; // 1: the producer threw

/** The memory a producer and a trainer share (structured-cloneable: typed arrays on SharedArrayBuffers). */
export interface EpochShared {
  job: EpochJob;
  /** The shuffled index, carried from epoch to epoch as trainShuffled carries it, and its inverse. */
  order: Uint32Array;
  inv: Uint32Array;
  /** The two epoch buffers: epoch e is in `buffers[e % 2]`. */
  buffers: [Float64Array, Float64Array];
  control: Int32Array;
}

const sharedArray = <T>(make: (b: SharedArrayBuffer) => T, bytes: number): T => make(new SharedArrayBuffer(bytes));

/** The shared memory for a job: the index and its inverse (8 bytes a row) and two epoch buffers (stride doubles a row each). */
export function createEpochShared(job: EpochJob): EpochShared {
  const order = sharedArray((b) => new Uint32Array(b), job.rows * 4);
  for (let i = 0; i < job.rows; i++) order[i] = i;
  const buffer = () => sharedArray((b) => new Float64Array(b), job.rows * job.stride * 8);
  const inv = sharedArray((b) => new Uint32Array(b), job.rows * 4);
  return { job, order, inv, buffers: [buffer(), buffer()], control: sharedArray((b) => new Int32Array(b), 16) };
}

/**
 * Rows in `order` into `xy`: row order[k] of (x, y) becomes row k (d features at the start of its
 * `stride` values, the label last; the values between are left as they are, zero). It writes each
 * row to its place (`inv`, the inverse of `order`) in one sequential read of the data: random
 * writes cost a fraction of the random reads of a gather (measured: ~30 against ~230 ms at 10⁶ × 8).
 */
export function scatterEpoch(x: Float64Array, y: Float64Array, d: number, stride: number, order: Uint32Array, inv: Uint32Array, xy: Float64Array): void {
  const rows = order.length;
  const label = stride - 1;
  for (let k = 0; k < rows; k++) inv[order[k] as number] = k;
  for (let i = 0, f = 0; i < rows; i++, f += d) {
    const t = (inv[i] as number) * stride;
    for (let j = 0; j < d; j++) xy[t + j] = x[f + j] as number;
    xy[t + label] = y[i] as number;
  }
}

/** The producer (on its own thread): shuffles and gathers every epoch, two ahead at most. */
export function produceEpochs(shared: EpochShared): void {
  const { job, order, inv, buffers, control } = shared;
  try {
    let state = job.seed | 0;
    for (let epoch = 1; epoch <= job.epochs; epoch++) {
      state = shuffleMulberry32(order, state);
      // Epoch e's buffer held epoch e − 2: wait until the trainer is past it.
      for (let back = Atomics.load(control, RETURNED); back < epoch - 2; back = Atomics.load(control, RETURNED)) {
        if (Atomics.load(control, STOP)) return;
        Atomics.wait(control, RETURNED, back);
      }
      if (Atomics.load(control, STOP)) return;
      scatterEpoch(job.x, job.y, job.d, job.stride, order, inv, buffers[epoch % 2] as Float64Array);
      Atomics.store(control, READY, epoch);
      Atomics.notify(control, READY);
    }
  } catch (e) {
    Atomics.store(control, FAILED, 1);
    Atomics.notify(control, READY);
    throw e;
  }
}

/** How long the trainer waits for an epoch before it calls the producer lost (it never takes a second). */
const PRODUCER_TIMEOUT_MS = 60_000;

/** The trainer's side: `next` waits for each epoch in turn; `close` stops the producer and calls `release`. */
export function consumeEpochs(shared: EpochShared, release: () => void): EpochFeed {
  const { buffers, control } = shared;
  let epoch = 0;
  let closed = false;
  return {
    next(): Float64Array {
      epoch++;
      Atomics.store(control, RETURNED, epoch - 1);
      Atomics.notify(control, RETURNED);
      for (let ready = Atomics.load(control, READY); ready < epoch; ready = Atomics.load(control, READY)) {
        if (Atomics.load(control, FAILED)) throw new Error(t('The thread that prepares the next epoch’s batches failed.'));
        if (Atomics.wait(control, READY, ready, PRODUCER_TIMEOUT_MS) === 'timed-out') throw new Error(t('The thread that prepares the next epoch’s batches did not answer in time.'));
      }
      return buffers[epoch % 2] as Float64Array;
    },
    close(): void {
      if (closed) return;
      closed = true;
      Atomics.store(control, STOP, 1);
      Atomics.store(control, RETURNED, 0x7fffffff);
      Atomics.notify(control, RETURNED);
      release();
    },
  };
}

/**
 * A prefetcher without a thread: each `next` shuffles and gathers in the caller's thread. The
 * same code as the threaded producer, so the tests can check the hand-over's bits anywhere.
 */
export const inlinePrefetcher: EpochPrefetcher = {
  start(job) {
    const shared = createEpochShared(job);
    let epoch = 0;
    let state = job.seed | 0;
    return {
      next() {
        epoch++;
        state = shuffleMulberry32(shared.order, state);
        const xy = shared.buffers[epoch % 2] as Float64Array;
        scatterEpoch(job.x, job.y, job.d, job.stride, shared.order, shared.inv, xy);
        return xy;
      },
      close() {},
    };
  },
};
