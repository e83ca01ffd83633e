// Epoch prefetching (core/prefetch.ts, src/prefetch.ts) changes where the shuffled rows are
// gathered, never a bit of the result: every field equals the single-thread path's.
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSynthetic } from '../../src/core/data';
import { KERNEL_LANES, TRAINING_MEMORY_TARGET, chooseLayout, layoutDoublesPerRow } from '../../src/core/layout';
import type { Matrix } from '../../src/core/model';
import { type EpochPrefetcher, inlinePrefetcher } from '../../src/core/prefetch';
import { type TrainHooks, type TrainOptions, type TrainResult, trainModel } from '../../src/core/train';
import { createThreadPrefetcher } from '../../src/prefetch';
import { trainStraightforward } from './helpers';

const synthetic = (rows: number, d: number, seed: number): Matrix => {
  const ds = makeSynthetic({ samples: rows, features: d, noise: 0.3, seed }).dataset!;
  return { x: ds.x, y: ds.y, rows, d };
};

const comparable = (r: TrainResult) => ({ ...r, weights: Array.from(r.weights), batchLoss: r.batchLoss.toBuckets() });

/** A prefetcher that records how many runs it fed, so a test knows the prefetched path ran. */
function counting(inner: EpochPrefetcher): EpochPrefetcher & { started: number } {
  const p = {
    started: 0,
    start(job: Parameters<EpochPrefetcher['start']>[0]) {
      const feed = inner.start(job);
      if (feed) p.started++;
      return feed;
    },
  };
  return p;
}

function both(m: Matrix, v: Matrix | null, options: TrainOptions, prefetch: EpochPrefetcher, hooks: TrainHooks = {}) {
  return { alone: comparable(trainModel(m, v, options, hooks)), prefetched: comparable(trainModel(m, v, options, { ...hooks, prefetch })) };
}

describe('epoch prefetching', () => {
  it('equals the single-thread path in every field: weights, losses, batch losses, snapshots', () => {
    const prefetch = counting(inlinePrefetcher);
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 70 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(0.001, 0.02, 0.3, 1e4, 1e308),
        fc.boolean(),
        (rows, d, batch, epochs, seed, lr, withValidation) => {
          const m = synthetic(rows, d, seed);
          const v = withValidation ? synthetic(7, d, seed + 1) : null;
          const options = { learningRate: lr, batchSize: Math.min(batch, rows - 1), epochs, seed, maxSnapshots: 3, lossBuckets: 16 };
          const { alone, prefetched } = both(m, v, options, prefetch);
          expect(prefetched).toEqual(alone);
          if (lr < 1) expect(alone.weights).toEqual(trainStraightforward(m, lr, options.batchSize, epochs, seed).w);
        },
      ),
      { numRuns: 300 },
    );
    expect(prefetch.started).toBeGreaterThan(200);
  });

  it('stops where a hook cancels, with that epoch\'s weights, on the prefetched path too', () => {
    const m = synthetic(200, 5, 2);
    for (const batch of [1, 10]) {
      const options = { learningRate: 0.01, batchSize: batch, epochs: 10, seed: 9 };
      const { alone, prefetched } = both(m, null, options, inlinePrefetcher, { onEpoch: (epoch: number) => epoch < 3 });
      expect(prefetched).toMatchObject({ cancelled: true, epochsRun: 3 });
      expect(prefetched).toEqual(alone);
    }
  });

  it('gets the same bits from the real prefetch thread, and ends the thread when a run stops early', () => {
    const script = path.join(__dirname, '..', '..', 'bench', '.build', 'prefetch-thread-test.mjs');
    buildSync({ entryPoints: [path.join(__dirname, '..', '..', 'src', 'prefetchThread.ts')], outfile: script, bundle: true, platform: 'node', format: 'esm', logLevel: 'error' });
    const prefetch = counting(createThreadPrefetcher(script, 0));
    for (const d of [1, 2, 3, 5, 8, 11]) {
      const m = synthetic(3000, d, d);
      for (const batch of [1, 7, 100]) {
        const options = { learningRate: 0.01, batchSize: batch, epochs: 4, seed: d + batch };
        const { alone, prefetched } = both(m, null, options, prefetch);
        expect(prefetched, `d = ${d}, batch = ${batch}`).toEqual(alone);
        const stopped = both(m, null, options, prefetch, { onEpoch: (epoch: number) => epoch < 2 });
        expect(stopped.prefetched, `d = ${d}, batch = ${batch}, cancelled`).toEqual(stopped.alone);
      }
    }
    // Every run but d = 5's six: its 8-lane double buffer would not fit the memory target.
    expect(prefetch.started).toBe(30);
  }, 60_000);

  it('lays every width out within the memory target, prefetched with a kernel where two epoch buffers fit', () => {
    for (let d = 1; d <= 12; d++) {
      for (const shuffled of [false, true]) {
        const { lanes, prefetch } = chooseLayout(d, 0.01, shuffled, true);
        expect(d + 1 + layoutDoublesPerRow(lanes, d, shuffled, prefetch), `d = ${d}`).toBeLessThanOrEqual(TRAINING_MEMORY_TARGET * (d + 1));
        if (shuffled && d <= 8) expect(KERNEL_LANES, `d = ${d}`).toContain(lanes);
      }
    }
    expect([1, 2, 3, 4, 6, 7, 8].map((d) => chooseLayout(d, 0.01, true, true))).toEqual([1, 2, 4, 4, 8, 8, 8].map((lanes) => ({ lanes, prefetch: true })));
    expect(chooseLayout(5, 0.01, true, true)).toEqual({ lanes: 8, prefetch: false });
    expect(chooseLayout(2, 0.01, true, false)).toEqual({ lanes: 2, prefetch: false });
  });
});

describe('a prefetch thread that fails', () => {
  it('stops training with a message in the display language', async () => {
    const { consumeEpochs, createEpochShared } = await import('../../src/core/prefetch');
    const { setLanguage } = await import('../../src/shared/l10n');
    const fs = await import('node:fs');
    const m = synthetic(8, 2, 1);
    const shared = createEpochShared({ x: m.x, y: m.y, rows: m.rows, d: m.d, stride: 4, epochs: 3, seed: 1 });
    // The producer's flag when it throws (src/core/prefetch.ts FAILED, slot 3 of the control words).
    Atomics.store(shared.control, 3, 1);
    expect(() => consumeEpochs(shared, () => undefined).next()).toThrow('The thread that prepares the next epoch’s batches failed.');
    setLanguage({ locale: 'ja', bundle: JSON.parse(fs.readFileSync('l10n/bundle.l10n.ja.json', 'utf8')) });
    try {
      expect(() => consumeEpochs(shared, () => undefined).next()).toThrow('次のエポックのバッチを用意するスレッドが失敗しました。');
    } finally {
      setLanguage({ locale: 'en' });
    }
  });
});
