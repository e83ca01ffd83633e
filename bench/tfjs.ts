import * as path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { Matrix } from '../src/core/model';
import { createRandom, identityOrder, shuffleInPlace } from '../src/core/random';
import { type Job, type Params, ROOT } from './jobs';

export type Tf = typeof TF;

/** Loads @tensorflow/tfjs on its wasm backend, the .wasm files read from node_modules (no download). */
export async function loadTfjs(): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + path.sep);
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not start');
  await tf.ready();
  return tf;
}

export interface TfjsRun extends Params {
  msPerEpoch: number;
  /** Updates run: fewer than the job's when the epoch time is extrapolated. */
  updates: number;
  extrapolated: boolean;
}

/**
 * The idiomatic tfjs loop: float32 tensors, `tf.train.sgd(lr).minimize(() => MSE)` once per batch,
 * the batch gathered from the data tensor by the epoch's shuffled index (the core's mulberry32
 * order, so the weights are comparable), the full-data loss read back after every epoch. Creating
 * the data tensors is not timed. After `maxUpdates` updates it stops, and the epoch time is
 * extrapolated: shuffle + (time per update × updates per epoch) + full-data loss.
 */
export function trainTfjs(tf: Tf, m: Matrix, job: Job, maxUpdates = Infinity): TfjsRun {
  const { rows, d } = m;
  const batch = Math.min(job.batch, rows);
  const perEpoch = Math.ceil(rows / batch);
  const X = tf.tensor2d(Float32Array.from(m.x), [rows, d]);
  const Y = tf.tensor2d(Float32Array.from(m.y), [rows, 1]);
  const w = tf.variable(tf.zeros([d, 1]));
  const b = tf.variable(tf.scalar(0));
  const optimizer = tf.train.sgd(job.lr);
  const mse = (xs: TF.Tensor, ys: TF.Tensor): TF.Scalar => tf.losses.meanSquaredError(ys, tf.add(tf.matMul(xs, w), b));
  const random = createRandom(job.seed);
  const order = identityOrder(rows);
  const index = new Int32Array(order.buffer); // the same values, typed as tf.gather wants them
  let updates = 0;
  let epochs = 0;
  let shuffleMs = 0;
  let updateMs = 0;
  let lossMs = 0;
  for (let e = 0; e < job.epochs && updates < maxUpdates; e++, epochs++) {
    const t0 = performance.now();
    if (batch < rows) shuffleInPlace(order, random);
    const t1 = performance.now();
    for (let start = 0; start < rows && updates < maxUpdates; start += batch, updates++) {
      const count = Math.min(batch, rows - start);
      tf.tidy(() => {
        if (batch === rows) {
          optimizer.minimize(() => mse(X, Y));
        } else {
          const idx = tf.tensor1d(index.subarray(start, start + count), 'int32');
          const xb = tf.gather(X, idx);
          const yb = tf.gather(Y, idx);
          optimizer.minimize(() => mse(xb, yb));
        }
      });
    }
    const t2 = performance.now();
    const loss = tf.tidy(() => mse(X, Y));
    loss.dataSync();
    loss.dispose();
    const t3 = performance.now();
    shuffleMs += t1 - t0;
    updateMs += t2 - t1;
    lossMs += t3 - t2;
  }
  const result: TfjsRun = {
    w: Array.from(w.dataSync()),
    b: b.dataSync()[0] as number,
    msPerEpoch: shuffleMs / epochs + (updateMs / updates) * perEpoch + lossMs / epochs,
    updates,
    extrapolated: updates < perEpoch * job.epochs,
  };
  tf.dispose([X, Y, w, b]);
  optimizer.dispose();
  return result;
}
