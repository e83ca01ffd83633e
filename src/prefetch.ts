/**
 * The epoch prefetcher on a second thread (see core/prefetch.ts): while the training thread runs
 * epoch e, a worker thread shuffles and gathers epoch e + 1 into the other half of a shared double
 * buffer. Glue, because only glue may start threads; the training worker and the benchmark use it.
 */
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { type EpochFeed, type EpochJob, type EpochPrefetcher, consumeEpochs, createEpochShared } from './core/prefetch';

/**
 * Below this many rows a thread does not pay: starting one costs about as much as gathering
 * 10⁵ rows a few times.
 */
export const PREFETCH_MIN_ROWS = 100_000;

const isShared = (a: Float64Array): boolean => a.buffer instanceof SharedArrayBuffer;

/**
 * A prefetcher running `script` (the bundled src/prefetchThread.ts) on a new thread per run. It
 * declines runs of fewer than `minRows` rows or fewer than two epochs, and rows not on a
 * SharedArrayBuffer (a copy would cost memory the target does not have), and any when `script` is
 * missing: training then gathers
 * in its own thread, with the same bits.
 */
export function createThreadPrefetcher(script: string, minRows = PREFETCH_MIN_ROWS): EpochPrefetcher {
  return {
    start(job: EpochJob): EpochFeed | null {
      if (job.rows < minRows || job.epochs < 2 || !isShared(job.x) || !isShared(job.y) || !fs.existsSync(script)) return null;
      const shared = createEpochShared(job);
      const worker = new Worker(script, { workerData: shared });
      // The thread ends on its own once told to stop; it must never keep a process alive.
      worker.unref();
      return consumeEpochs(shared, () => void worker.terminate());
    },
  };
}
