import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeSynthetic } from '../src/core/data';
import type { Matrix } from '../src/core/model';

/** The repository root: every bench entry point runs from it (`npm run bench`, vitest). */
export const ROOT = process.cwd();
/** Compiled C, data files and the bundled bench live here (git-ignored). */
export const BUILD_DIR = path.join(ROOT, 'bench', '.build');
/** The epoch prefetch thread, bundled by bench/run.mjs (and by the unit test that runs the bench). */
export const PREFETCH_THREAD = path.join(BUILD_DIR, 'prefetch-thread.mjs');

/** One training configuration, e.g. `{ name: 'SGD', batch: 1, epochs: 5, lr: 0.01, seed: 7 }`. */
export interface Job {
  name: string;
  batch: number;
  epochs: number;
  lr: number;
  seed: number;
}

/** Final parameters of a run. */
export interface Params {
  w: number[];
  b: number;
}

/**
 * The benchmark's data: x ~ N(0, 1) with `d` features and y = w·x + b + 0.5·N(0, 1), from the
 * core's own generator, so every implementation trains on the same float64 values.
 */
export function makeData(rows: number, d: number): Matrix {
  const ds = makeSynthetic({ samples: rows, features: d, noise: 0.5, seed: 1 }).dataset;
  if (!ds) throw new Error('synthetic data failed');
  return { x: ds.x, y: ds.y, rows, d };
}

/** Writes `m` for the C reference: rows·d float64 features, row-major, then rows float64 labels. */
export function writeData(m: Matrix, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, new Uint8Array(m.x.buffer, m.x.byteOffset, m.x.byteLength));
    fs.writeSync(fd, new Uint8Array(m.y.buffer, m.y.byteOffset, m.y.byteLength));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The largest relative difference between two parameter sets, max |a − b| / max(|a|, |b|);
 * 0 means bit-identical (equal values), NaN that either is not finite.
 */
export function relativeDifference(a: Params, b: Params): number {
  const xs = [...a.w, a.b];
  const ys = [...b.w, b.b];
  if (xs.length !== ys.length) return NaN;
  let worst = 0;
  for (let i = 0; i < xs.length; i++) {
    const p = xs[i] as number;
    const q = ys[i] as number;
    if (!Number.isFinite(p) || !Number.isFinite(q)) return NaN;
    if (p === q) continue;
    worst = Math.max(worst, Math.abs(p - q) / Math.max(Math.abs(p), Math.abs(q)));
  }
  return worst;
}

/** The median of some timings. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((p, q) => p - q);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
