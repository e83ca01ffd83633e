import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Matrix } from '../src/core/model';
import { createRandom, identityOrder, shuffleInPlace } from '../src/core/random';
import { BUILD_DIR, type Job, type Params } from './jobs';

/**
 * The tfjs peer is the benchmark's alone, so it is not a dependency of the project (it would be
 * half of node_modules): the first `npm run bench` installs these exact versions with npm into
 * bench/.build/tfjs (git-ignored) and later runs reuse them.
 */
export const TFJS_PACKAGES = ['@tensorflow/tfjs@4.22.0', '@tensorflow/tfjs-backend-wasm@4.22.0'];
export const TFJS_DIR = path.join(BUILD_DIR, 'tfjs');

/** The slice of the tfjs API the benchmark calls (tfjs is installed on demand, so its types are not at hand). */
export interface Tensor {
  dataSync(): ArrayLike<number>;
  dispose(): void;
}
export interface Tf {
  tensor1d(values: Int32Array, dtype: 'int32'): Tensor;
  tensor2d(values: Float32Array, shape: [number, number]): Tensor;
  variable(initial: Tensor): Tensor;
  zeros(shape: number[]): Tensor;
  scalar(value: number): Tensor;
  add(a: Tensor, b: Tensor): Tensor;
  matMul(a: Tensor, b: Tensor): Tensor;
  gather(x: Tensor, indices: Tensor): Tensor;
  tidy<T>(fn: () => T): T;
  dispose(tensors: Tensor[]): void;
  losses: { meanSquaredError(labels: Tensor, predictions: Tensor): Tensor };
  train: { sgd(lr: number): { minimize(loss: () => Tensor): unknown; dispose(): void } };
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
}

/** Installs the tfjs packages into TFJS_DIR unless they are there: npm, from the npm registry only. */
export function installTfjs(progress: (line: string) => void = () => {}): string {
  const manifest = path.join(TFJS_DIR, 'package.json');
  const wanted = JSON.stringify(TFJS_PACKAGES);
  const stamp = path.join(TFJS_DIR, 'installed.json');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return TFJS_DIR;
  progress(`installing ${TFJS_PACKAGES.join(' ')} into ${path.relative(process.cwd(), TFJS_DIR)} (once)`);
  fs.mkdirSync(TFJS_DIR, { recursive: true });
  fs.writeFileSync(manifest, JSON.stringify({ name: 'descent-bench-tfjs', private: true }));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', TFJS_DIR, ...TFJS_PACKAGES], { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  fs.writeFileSync(stamp, wanted);
  return TFJS_DIR;
}

/** Loads @tensorflow/tfjs on its wasm backend (installed on demand), the .wasm files read from disk (no download). */
export async function loadTfjs(progress?: (line: string) => void): Promise<Tf> {
  const dir = installTfjs(progress);
  const require = createRequire(path.join(dir, 'package.json'));
  const tf = require('@tensorflow/tfjs') as Tf;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
  wasm.setWasmPaths(path.join(dir, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + path.sep);
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
  const mse = (xs: Tensor, ys: Tensor): Tensor => tf.losses.meanSquaredError(ys, tf.add(tf.matMul(xs, w), b));
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
