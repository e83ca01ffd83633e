import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeSynthetic } from '../../src/core/data';
import { descend } from '../../src/core/descent';
import type { Matrix } from '../../src/core/model';
import { LINEAR } from '../../src/core/models';
import { plainDescent } from '../../src/core/optimizers';
import { trainModel } from '../../src/core/train';

const synthetic = (samples: number, features: number, noise: number, seed: number): Matrix => {
  const ds = makeSynthetic({ samples, features, noise, seed }).dataset!;
  return { x: ds.x, y: ds.y, rows: ds.rows, d: features };
};

const bits = (a: ArrayLike<number>) => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('the general path (any model, any optimizer) and the fast kernels it specialises', () => {
  it('are bit-identical for the linear model with plain descent: weights, losses, snapshots, batch losses, updates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 70 }),
        fc.double({ min: 1e-4, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.boolean(),
        (d, rows, batchSize, lr, epochs, seed, withValidation) => {
          const m = synthetic(rows, d, 0.5, seed);
          const v = withValidation ? synthetic(7, d, 0.5, seed + 1) : null;
          const options = { learningRate: lr, batchSize, epochs, seed, maxSnapshots: 5, lossBuckets: 16 };
          const fast = trainModel(m, v, options);
          const general = descend(m, v, { ...options, model: LINEAR, optimizer: plainDescent() });
          expect(bits(general.weights)).toEqual(bits(fast.weights));
          expect(bits([general.bias])).toEqual(bits([fast.bias]));
          expect(bits(general.trainLoss)).toEqual(bits(fast.trainLoss));
          expect(general.validationLoss && bits(general.validationLoss)).toEqual(fast.validationLoss && bits(fast.validationLoss));
          expect(general.snapshots).toEqual(fast.snapshots);
          expect(general.batchLoss.toBuckets()).toEqual(fast.batchLoss.toBuckets());
          expect([general.updates, general.epochsRun, general.nonFinite, general.cancelled]).toEqual([fast.updates, fast.epochsRun, fast.nonFinite, fast.cancelled]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stop alike when the loss overflows and when a hook cancels', () => {
    const m = synthetic(40, 3, 1, 9);
    for (const lr of [50, 1e6]) {
      const fast = trainModel(m, null, { learningRate: lr, batchSize: 7, epochs: 500, seed: 2 });
      const general = descend(m, null, { learningRate: lr, batchSize: 7, epochs: 500, seed: 2, model: LINEAR, optimizer: plainDescent() });
      expect(fast.nonFinite).toBe(true);
      expect([general.epochsRun, general.nonFinite]).toEqual([fast.epochsRun, fast.nonFinite]);
      expect(bits(general.trainLoss)).toEqual(bits(fast.trainLoss));
    }
    const stopAt3 = { onEpoch: (e: number) => e < 3 };
    const fast = trainModel(m, null, { learningRate: 0.01, batchSize: 5, epochs: 10, seed: 1 }, stopAt3);
    const general = descend(m, null, { learningRate: 0.01, batchSize: 5, epochs: 10, seed: 1, model: LINEAR, optimizer: plainDescent() }, stopAt3);
    expect([general.epochsRun, general.cancelled]).toEqual([3, true]);
    expect(bits(general.weights)).toEqual(bits(fast.weights));
  });
});
