import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Matrix } from '../src/core/model';
import { BUILD_DIR, median } from './jobs';

/** Writes `m` as CSV, header `x1,…,xd,y`, six decimals per cell (e.g. `-0.123457`): a typical export. */
export function writeCsv(m: Matrix, file: string): number {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  try {
    const header = [...Array.from({ length: m.d }, (_, j) => `x${j + 1}`), 'y'].join(',');
    fs.writeSync(fd, `${header}\n`);
    const chunk: string[] = [];
    for (let i = 0; i < m.rows; i++) {
      const cells: string[] = [];
      for (let j = 0; j < m.d; j++) cells.push((m.x[i * m.d + j] as number).toFixed(6));
      cells.push((m.y[i] as number).toFixed(6));
      chunk.push(cells.join(','));
      if (chunk.length === 10_000 || i === m.rows - 1) {
        fs.writeSync(fd, `${chunk.join('\n')}\n`);
        chunk.length = 0;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

/** What bench/csv-child.ts reports about one read-and-parse in a fresh process. */
export interface CsvChildReport {
  readMs: number;
  parseMs: number;
  rows: number;
  features: number;
  problems: string[];
  /** RSS before reading the file, and the process's peak RSS (bytes). */
  baseRss: number;
  peakRss: number;
  bytes: number;
}

export interface CsvFigure {
  bytes: number;
  rows: number;
  features: number;
  /** File bytes ÷ median parse time. */
  mbPerSecond: number;
  parseMs: number;
  readMs: number;
  /** (peak RSS − RSS before reading) ÷ file size, the worst of the runs: text, arrays and garbage. */
  peakOverFile: number;
  problems: string[];
}

/** Parses `file` with parseCsvData in `runs` fresh child processes (bench/.build/csv-child.mjs). */
export function measureCsv(file: string, runs: number): CsvFigure {
  const child = path.join(BUILD_DIR, 'csv-child.mjs');
  const reports: CsvChildReport[] = [];
  for (let r = 0; r < runs; r++) {
    const out = execFileSync(process.execPath, [child, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    reports.push(JSON.parse(out) as CsvChildReport);
  }
  const first = reports[0] as CsvChildReport;
  const parseMs = median(reports.map((r) => r.parseMs));
  return {
    bytes: first.bytes,
    rows: first.rows,
    features: first.features,
    mbPerSecond: first.bytes / 1e6 / (parseMs / 1000),
    parseMs,
    readMs: median(reports.map((r) => r.readMs)),
    peakOverFile: Math.max(...reports.map((r) => (r.peakRss - r.baseRss) / r.bytes)),
    problems: first.problems,
  };
}
