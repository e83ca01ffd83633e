// The benchmark's smoke mode, checked for correctness only (never for time): the C reference, the
// core (with its epoch prefetch thread) and the plain loop must train to the same weights on every
// path of the core. tfjs is the benchmark's alone (installed on demand by `npm run bench`), not the tests'.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { FLOAT64_TOLERANCE, SMOKE, jobsFor, measureJob } from '../../bench/main';
import { BUILD_DIR, PREFETCH_THREAD, makeData, writeData } from '../../bench/jobs';
import { TRAINING_MEMORY_TARGET, measureMemory } from '../../bench/memory';
import { measureSweep } from '../../bench/lab';
import { trainPlain } from '../../bench/plain';
import { compileReference } from '../../bench/reference';
import { createThreadPrefetcher } from '../../src/prefetch';
import { trainStraightforward } from './helpers';

/** Bundles an entry the way bench/run.mjs does, for a child process or a thread. */
function bundle(entry: string, outfile: string): void {
  buildSync({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', mainFields: ['module', 'main'], logLevel: 'error' });
}

const hasGcc = (() => {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the benchmark (smoke mode)', () => {
  it('times the plain loop that is the straightforward algorithm of the tests', () => {
    const m = makeData(500, 3);
    for (const job of jobsFor(m.rows, true)) {
      const plain = trainPlain(m, job);
      const reference = trainStraightforward(m, job.lr, job.batch, job.epochs, job.seed);
      expect({ w: plain.w, b: plain.b }).toEqual(reference);
    }
  });

  it.skipIf(!hasGcc)(
    'gets the same weights from C, the core with its prefetch thread and the plain loop on every configuration',
    () => {
      const exe = compileReference();
      bundle(path.join(__dirname, '..', '..', 'src', 'prefetchThread.ts'), PREFETCH_THREAD);
      const prefetch = createThreadPrefetcher(PREFETCH_THREAD, 0);
      for (const shape of SMOKE.shapes) {
        const m = makeData(shape.rows, shape.d);
        const dataFile = path.join(BUILD_DIR, `test-${shape.rows}x${shape.d}.bin`);
        writeData(m, dataFile);
        for (const job of jobsFor(shape.rows, true)) {
          const r = measureJob(m, dataFile, exe, job, SMOKE, null, prefetch);
          const where = `${job.name}, d = ${shape.d}`;
          expect(r.coreVsC, where).toBe(0);
          expect(r.plainVsCore, where).toBeLessThanOrEqual(FLOAT64_TOLERANCE);
        }
      }
    },
    120_000,
  );

  it('measures the sweep of 24 rates on the cars example, whose best converges below its bound (no time is asserted)', () => {
    const f = measureSweep(1, path.join(__dirname, '..', '..', 'examples', 'cars', 'training.json'));
    expect(f.rates).toBe(24);
    expect(f.bestBelowBound).toBe(true);
    // 21 rates at or below the bound run all 50 epochs; the 3 above stop within a few.
    expect(f.epochsRun).toBeGreaterThan(21 * 50);
    expect(f.epochsRun).toBeLessThan(21 * 50 + 3 * 10);
  });

  it(`keeps memory while training within ${TRAINING_MEMORY_TARGET}× the data's numeric size in every measured configuration`, () => {
    bundle(path.join(__dirname, '..', '..', 'bench', 'memory-child.ts'), path.join(BUILD_DIR, 'memory-child.mjs'));
    bundle(path.join(__dirname, '..', '..', 'src', 'prefetchThread.ts'), PREFETCH_THREAD);
    // Memory, not time: the live bytes of a run in a fresh process (its epochs prefetched on a
    // second thread, as the worker runs them: the double buffer counts), after a full collection.
    for (const f of measureMemory(SMOKE.memoryRows)) {
      expect(f.overNumeric, f.name).toBeLessThanOrEqual(TRAINING_MEMORY_TARGET);
      expect(f.overNumeric, f.name).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);
});
