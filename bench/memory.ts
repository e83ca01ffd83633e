import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { TRAINING_MEMORY_TARGET } from '../src/core/train';
import type { Matrix } from '../src/core/model';
import { writeCsv } from './csv';
import { BUILD_DIR, makeData } from './jobs';

/** What bench/memory-child.ts reports about one run. */
export interface MemoryChildReport {
  rows: number;
  d: number;
  /** rows × (d + 1) doubles: the data as numbers. */
  numericBytes: number;
  /** Live ArrayBuffer bytes (typed arrays) during the first epoch, above the baseline before reading. */
  arrays: number;
  /** Live JS heap bytes, the same way (histories, problems, small objects). */
  heap: number;
}

/** One configuration's memory while training. */
export interface MemoryFigure {
  name: string;
  rows: number;
  d: number;
  csvBytes: number;
  numericBytes: number;
  /** (arrays + heap) ÷ the numeric size: the figure the target is for. */
  overNumeric: number;
  /** The same ÷ the CSV file's size. */
  overFile: number;
}

/** The configurations measured: small d (where padding would cost most), the benchmark's d = 8, and a split. */
export function memoryCases(rows: number): { name: string; d: number; batch: string; split: number }[] {
  return [
    { name: 'SGD, d = 1', d: 1, batch: '1', split: 0 },
    { name: 'full batch, d = 1', d: 1, batch: 'full', split: 0 },
    { name: 'mini-batch 100, d = 2', d: 2, batch: '100', split: 0 },
    { name: 'SGD, d = 3, validationSplit 0.2', d: 3, batch: '1', split: 0.2 },
    { name: 'full batch, d = 8', d: 8, batch: 'full', split: 0 },
    { name: `SGD, d = 8`, d: 8, batch: '1', split: 0 },
  ].map((c) => ({ ...c, name: `${c.name}, N = ${rows.toLocaleString('en-US')}` }));
}

/** Trains each case's CSV in a fresh child process and measures its live memory during training. */
export function measureMemory(rows: number): MemoryFigure[] {
  const child = path.join(BUILD_DIR, 'memory-child.mjs');
  return memoryCases(rows).map((c) => {
    const m: Matrix = makeData(rows, c.d);
    const file = path.join(BUILD_DIR, `memory-${rows}x${c.d}.csv`);
    const csvBytes = writeCsv(m, file);
    const out = execFileSync(process.execPath, ['--expose-gc', child, file, c.batch, String(c.split)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const r = JSON.parse(out) as MemoryChildReport;
    const used = r.arrays + r.heap;
    return { name: c.name, rows: r.rows, d: r.d, csvBytes, numericBytes: r.numericBytes, overNumeric: used / r.numericBytes, overFile: used / csvBytes };
  });
}

export { TRAINING_MEMORY_TARGET };
