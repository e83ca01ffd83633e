// Runs in a fresh node process (bench/csv.ts): read one CSV, parse it into training arrays, and
// report the times and the memory high-water mark, with nothing else in the heap to blur them.
import { readFileSync, statSync } from 'node:fs';
import { parseCsvData } from '../src/core/data';
import type { CsvChildReport } from './csv';

const file = process.argv[2];
if (!file) throw new Error('usage: csv-child.mjs FILE');
const baseRss = process.memoryUsage().rss;
const t0 = performance.now();
const text = readFileSync(file, 'utf8');
const t1 = performance.now();
const result = parseCsvData(text, { csv: file, features: null, label: 'y' });
const t2 = performance.now();
const report: CsvChildReport = {
  readMs: t1 - t0,
  parseMs: t2 - t1,
  rows: result.dataset?.rows ?? 0,
  features: result.dataset?.featureNames.length ?? 0,
  problems: result.problems.map((p) => p.message),
  baseRss,
  peakRss: process.resourceUsage().maxRSS * 1024,
  bytes: statSync(file).size,
};
process.stdout.write(JSON.stringify(report));
