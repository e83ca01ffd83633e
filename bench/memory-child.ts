// Runs in a fresh `node --expose-gc` process (bench/memory.ts): plans and trains one CSV the way
// the worker does (read, parse, prepare, train), and reports the live memory during the first
// epoch above the baseline before reading, after a full collection each time, so only what the
// run holds counts: the data, the layout's buffers and the run's records.
import * as path from 'node:path';
import { executeRun, planRun } from '../src/core/run';
import { createFileReader } from '../src/dataAccess';
import { createThreadPrefetcher } from '../src/prefetch';
import type { MemoryChildReport } from './memory';

const [arg, batch, split] = process.argv.slice(2);
if (!arg || !batch || split === undefined) throw new Error('usage: memory-child.mjs FILE BATCH SPLIT');
const file = path.resolve(arg);
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with --expose-gc');
const live = () => {
  // Twice: a collection finishes freeing the array buffers the one before found dead.
  collect();
  collect();
  const m = process.memoryUsage();
  return { arrays: m.arrayBuffers, heap: m.heapUsed };
};
const dir = path.dirname(file);
const text = JSON.stringify({ data: { csv: path.basename(file), label: 'y' }, batchSize: batch === 'full' ? 'full' : Number(batch), epochs: 2, learningRate: 0.001, validationSplit: Number(split) });
const base = live();
const { plan, problems } = planRun(text, { reader: createFileReader(dir, [dir]) });
if (!plan) throw new Error(problems.map((p) => p.message).join(' '));
let during = { arrays: 0, heap: 0 };
// As the training worker runs it: epochs prefetched on a second thread (its double buffer is shared memory, counted here).
executeRun(plan, problems, text, {
  prefetch: createThreadPrefetcher(path.join(path.dirname(process.argv[1] ?? ''), 'prefetch-thread.mjs')),
  onEpoch(epoch) {
    if (epoch === 1) during = live();
  },
});
const rows = plan.dataset.rows;
const d = plan.dataset.featureNames.length;
const report: MemoryChildReport = {
  rows,
  d,
  numericBytes: rows * (d + 1) * 8,
  arrays: during.arrays - base.arrays,
  heap: during.heap - base.heap,
};
process.stdout.write(JSON.stringify(report));
