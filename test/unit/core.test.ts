import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeCurvature } from '../../src/core/curvature';
import { judgeRun } from '../../src/core/verdict';
import { makeSynthetic } from '../../src/core/data';
import { LossBuckets } from '../../src/core/downsample';
import { type Matrix, meanSquaredError, meanSquaredErrorGrad } from '../../src/core/model';
import { createRandom } from '../../src/core/random';
import { runTraining } from '../../src/core/run';
import { trainModel } from '../../src/core/train';
import { countUpdates } from '../../src/core/updates';
import { configText, solveNormalEquations, trainStraightforward } from './helpers';

const synthetic = (samples: number, features: number, noise: number, seed: number): Matrix => {
  const ds = makeSynthetic({ samples, features, noise, seed }).dataset!;
  return { x: ds.x, y: ds.y, rows: ds.rows, d: features };
};

describe('the seed\'s update-count table (figure 27)', () => {
  it('reads 20 / 20,000 / 200 for 1,000 examples, 20 epochs and batches of 100', () => {
    const t = countUpdates(1000, 20, 100);
    expect(t.full).toEqual({ batchSize: 1000, perEpoch: 1, total: 20 });
    expect(t.sgd).toEqual({ batchSize: 1, perEpoch: 1000, total: 20000 });
    expect(t.miniBatch).toEqual({ batchSize: 100, perEpoch: 10, total: 200 });
    expect(t.current).toBe('miniBatch');
  });

  it('counts one epoch of mini-batches of 100 over 1,000 examples as 10 iterations when training', () => {
    const m = synthetic(1000, 1, 0.1, 1);
    const r = trainModel(m, null, { learningRate: 0.01, batchSize: 100, epochs: 1, seed: 0 });
    expect(r.updates).toBe(10);
  });

  it('counts the partial last batch as an update: 10 rows in batches of 3 make 4 per epoch', () => {
    const m = synthetic(10, 1, 0.1, 1);
    const r = trainModel(m, null, { learningRate: 0.01, batchSize: 3, epochs: 5, seed: 0 });
    expect(r.updates).toBe(20);
    expect(countUpdates(10, 5, 3).miniBatch).toEqual({ batchSize: 3, perEpoch: 4, total: 20 });
  });

  it('treats "full", a batch of N and a batch above N as full batch, and 1 as SGD', () => {
    expect(countUpdates(398, 10, 'full').current).toBe('full');
    expect(countUpdates(398, 10, 398).current).toBe('full');
    expect(countUpdates(398, 10, 500).current).toBe('full');
    expect(countUpdates(398, 10, 1).current).toBe('sgd');
  });
});

describe('a gradient-descent step', () => {
  it('changes a parameter by gradient × learning rate: 2.5 × 0.01 = 0.025', () => {
    // One row x = 1, y = −1.25: at w = b = 0 the error is 1.25, so ∂loss/∂w = ∂loss/∂b = 2·1.25 = 2.5.
    const m: Matrix = { x: Float64Array.of(1), y: Float64Array.of(-1.25), rows: 1, d: 1 };
    const r = trainModel(m, null, { learningRate: 0.01, batchSize: 1, epochs: 1, seed: 0 });
    expect(r.weights[0]).toBeCloseTo(-0.025, 15);
    expect(r.bias).toBeCloseTo(-0.025, 15);
  });

  it('has an analytic gradient that matches finite differences within 1e-6', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1000 }), (d, seed) => {
        const m = synthetic(20, d, 0.5, seed);
        const rnd = createRandom(seed + 1);
        const w = Float64Array.from({ length: d }, () => rnd.next() * 2 - 1);
        const b = rnd.next();
        const gradW = new Float64Array(d);
        const out = new Float64Array(2);
        meanSquaredErrorGrad(m.x, m.y, 0, m.rows, d, w, b, gradW, out);
        const h = 1e-6;
        for (let j = 0; j < d; j++) {
          const wp = Float64Array.from(w);
          const wm = Float64Array.from(w);
          wp[j]! += h;
          wm[j]! -= h;
          const numeric = (meanSquaredError(m, wp, b) - meanSquaredError(m, wm, b)) / (2 * h);
          expect(Math.abs((2 / m.rows) * gradW[j]! - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
        }
        const numericB = (meanSquaredError(m, w, b + h) - meanSquaredError(m, w, b - h)) / (2 * h);
        expect(Math.abs((2 / m.rows) * out[0]! - numericB)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numericB)));
        expect(out[1]).toBeCloseTo(meanSquaredError(m, w, b), 10);
      }),
      { numRuns: 50 },
    );
  });
});

describe('training against the closed-form oracle', () => {
  it('approaches the normal-equations solution within 1e-6 on synthetic data', () => {
    const m = synthetic(500, 3, 0.3, 7);
    const oracle = solveNormalEquations(m);
    const r = trainModel(m, null, { learningRate: 0.2, batchSize: 500, epochs: 2000, seed: 0 });
    Array.from(r.weights).forEach((w, j) => expect(Math.abs(w - oracle[j]!)).toBeLessThan(1e-6));
    expect(Math.abs(r.bias - oracle[3]!)).toBeLessThan(1e-6);
  });

  it('computes θ* and L* that agree with the oracle to 1e-9', () => {
    const m = synthetic(300, 4, 1, 3);
    const c = analyzeCurvature(m);
    const oracle = solveNormalEquations(m);
    c.optimum.forEach((v, i) => expect(Math.abs(v - oracle[i]!)).toBeLessThan(1e-9));
    const w = Float64Array.from(oracle.slice(0, 4));
    expect(c.optimalLoss).toBeCloseTo(meanSquaredError(m, w, oracle[4]!), 9);
  });

  it('recovers the true weights of synthetic data within the noise', () => {
    const r = runTraining(configText({ learningRate: 0.1, epochs: 300, normalize: 'none', data: { synthetic: { samples: 2000, features: 2, noise: 0.01, seed: 5 } } }));
    r.data!.truth!.weights.forEach((w, j) => expect(r.weights[j]).toBeCloseTo(w, 2));
    expect(r.bias).toBeCloseTo(r.data!.truth!.bias, 2);
  });
});

describe('determinism', () => {
  it('gives bit-identical results for the same file and seed', () => {
    const text = configText({ learningRate: 0.02, batchSize: 8, epochs: 15, seed: 42 });
    expect(JSON.stringify(runTraining(text))).toBe(JSON.stringify(runTraining(text)));
  });

  it('gives a different shuffle for a different seed', () => {
    const a = runTraining(configText({ learningRate: 0.02, batchSize: 8, epochs: 5, seed: 1 }));
    const b = runTraining(configText({ learningRate: 0.02, batchSize: 8, epochs: 5, seed: 2 }));
    expect(a.weights).not.toEqual(b.weights);
  });

  it('streams the gathered rows yet equals the straightforward indexed loop bit for bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 99 }), (rows, d, batch, seed) => {
        const m = synthetic(rows, d, 0.2, seed);
        const fast = trainModel(m, null, { learningRate: 0.05, batchSize: batch, epochs: 4, seed });
        const slow = trainStraightforward(m, 0.05, batch, 4, seed);
        expect(Array.from(fast.weights)).toEqual(slow.w);
        expect(fast.bias).toBe(slow.b);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the stability bound', () => {
  const m = synthetic(400, 3, 0.5, 11);
  const c = analyzeCurvature(m);
  const bound = 1 / c.lambdaMax;

  it('is 1/λmax of the second-moment matrix, which power iteration confirms', () => {
    // Power iteration on M = (1/N) X̃ᵀX̃ as an independent check of the Jacobi eigenvalues.
    let v = [1, 1, 1, 1];
    let lambda = 0;
    for (let it = 0; it < 500; it++) {
      const mv = [0, 0, 0, 0];
      for (let i = 0; i < m.rows; i++) {
        const row = [...Array.from(m.x.subarray(i * 3, i * 3 + 3)), 1];
        const dot = row.reduce((s, r, k) => s + r * v[k]!, 0);
        row.forEach((r, k) => (mv[k]! += (r * dot) / m.rows));
      }
      lambda = Math.hypot(...mv);
      v = mv.map((x) => x / lambda);
    }
    expect(bound).toBeCloseTo(1 / lambda, 9);
  });

  it('converges at 0.9 × the bound and diverges at 1.1 × (full batch)', () => {
    const run = (lr: number) => {
      const r = trainModel(m, null, { learningRate: lr, batchSize: m.rows, epochs: 400, seed: 0 });
      return judgeRun(r.trainLoss, { curvature: c, learningRate: lr, rows: m.rows, batchSize: m.rows, epochs: 400, normalize: 'none' }).verdict;
    };
    expect(run(0.9 * bound)).toBe('converged');
    expect(run(1.1 * bound)).toBe('diverged');
  });

  it('suggests for full batch a rate between half the bound and the bound, and less for smaller batches', () => {
    const suggest = (batchSize: number) => judgeRun([1], { curvature: c, learningRate: 0.01, rows: m.rows, batchSize, epochs: 1, normalize: 'none' }).suggestedExact!;
    expect(suggest(m.rows)).toBeGreaterThanOrEqual(bound / 2 - 1e-12);
    expect(suggest(m.rows)).toBeLessThan(bound);
    expect(suggest(1)).toBeLessThan(suggest(32));
  });
});

describe('the four verdicts on the cars data', () => {
  const verdictOf = (o: Record<string, unknown>) => runTraining(configText(o));

  it('converged: rate 0.1, full batch, 50 epochs, improving a lot in the first ~20 epochs (figure 21)', () => {
    const r = verdictOf({ learningRate: 0.1, batchSize: 'full', epochs: 50 });
    expect(r.verdict).toBe('converged');
    expect(r.verdictEpoch).toBeGreaterThan(10);
    expect(r.verdictEpoch).toBeLessThan(30);
    expect(r.problems.filter((p) => p.path[0] === 'learningRate')).toEqual([]);
  });

  it('too-slow: rate 0.001 for 20 epochs is still falling (figure 22)', () => {
    const r = verdictOf({ learningRate: 0.001, batchSize: 'full', epochs: 20 });
    expect(r.verdict).toBe('too-slow');
    expect(r.problems.find((p) => p.code === 'too-slow')).toMatchObject({ severity: 'info', path: ['learningRate'] });
  });

  it('oscillating: SGD at rate 0.15 jumps up and down (figure 23)', () => {
    const r = verdictOf({ learningRate: 0.15, batchSize: 1, epochs: 30 });
    expect(r.verdict).toBe('oscillating');
    expect(r.problems.find((p) => p.code === 'oscillating')).toMatchObject({ severity: 'warning', path: ['learningRate'] });
  });

  it('diverged: rate 1.5 full batch makes the loss rise sharply (figure 24), naming the epoch and bound', () => {
    const r = verdictOf({ learningRate: 1.5, batchSize: 'full', epochs: 30 });
    expect(r.verdict).toBe('diverged');
    const p = r.problems.find((q) => q.code === 'diverged')!;
    expect(p.severity).toBe('error');
    expect(p.message).toMatch(/epoch \d+/);
    expect(p.message).toMatch(/stable bound 1 \(1\/λmax, full batch\)/);
    expect(p.fix).toMatchObject({ path: ['learningRate'], value: r.suggestedLearningRate });
    expect([0.49, 0.5]).toContain(r.suggestedLearningRate);
  });

  it('stops early and says so when the loss overflows, without throwing', () => {
    const r = verdictOf({ learningRate: 1e6, batchSize: 'full', epochs: 1000 });
    expect(r.verdict).toBe('diverged');
    expect(r.stoppedEarly).toBe('non-finite');
    expect(r.epochsRun).toBeLessThan(1000);
    expect(JSON.parse(JSON.stringify(r)).history.trainLoss.at(-1)).toBeNull();
  });
});

describe('per-update batch losses', () => {
  it('stay within the bucket budget and keep every extreme', () => {
    const buckets = new LossBuckets(64);
    const values = Array.from({ length: 10_000 }, (_, i) => Math.sin(i) * 10 + (i === 7777 ? 1000 : 0));
    values.forEach((v) => buckets.add(v));
    const out = buckets.toBuckets();
    expect(out.length).toBeLessThanOrEqual(64);
    expect(out.reduce((s, b) => s + b.count, 0)).toBe(10_000);
    expect(Math.max(...out.map((b) => b.max!))).toBe(Math.max(...values));
    expect(Math.min(...out.map((b) => b.min!))).toBe(Math.min(...values));
  });

  it('records one per update for SGD on cars, showing noise in the curve', () => {
    const r = runTraining(configText({ learningRate: 0.01, batchSize: 1, epochs: 2 }));
    const buckets = r.history!.batchLoss;
    expect(buckets.reduce((s, b) => s + b.count, 0)).toBe(r.totalUpdates);
    // SGD's noise: the batch loss rises from one update to the next many times (figure 25).
    const rises = buckets.filter((b, i) => i > 0 && b.mean! > buckets[i - 1]!.mean!).length;
    expect(rises).toBeGreaterThan(buckets.length / 10);
  });
});

describe('recording batch losses in bulk', () => {
  it('gives the same buckets as adding one by one, for any lengths and chunkings', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: false }), fc.constant(Number.NaN)), { maxLength: 3000 }), fc.integer({ min: 1, max: 700 }), fc.integer({ min: 2, max: 64 }), (values, chunk, capacity) => {
        const one = new LossBuckets(capacity - (capacity % 2));
        const bulk = new LossBuckets(capacity - (capacity % 2));
        values.forEach((v) => one.add(v));
        for (let i = 0; i < values.length; i += chunk) {
          const part = Float64Array.from(values.slice(i, i + chunk));
          bulk.addMany(part, part.length);
        }
        expect(bulk.toBuckets()).toEqual(one.toBuckets());
        expect(bulk.updates).toBe(values.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the verdict\'s fix points the right way', () => {
  const fixOf = (r: ReturnType<typeof runTraining>) => r.problems.find((p) => ['diverged', 'oscillating', 'too-slow'].includes(p.code));

  it('lowers the rate for a diverged run, rounded down so it stays on the safe side', () => {
    const r = runTraining(configText({ learningRate: 1.5, epochs: 20, validationSplit: 0.2 }));
    const fix = fixOf(r)!.fix!;
    expect(fix.value).toBeLessThan(1.5);
    expect(fix.value).toBeLessThanOrEqual(r.suggestedLearningRate!);
  });

  it('offers no rate for a run whose noise, not its rate, keeps it from settling, and names batches and rate', () => {
    // 8 rows of pure noise in batches of 3 (a 2-row tail): the transient ends at once, the noise stays.
    const text = configText({ learningRate: 0.05, batchSize: 3, epochs: 60, data: { synthetic: { samples: 8, features: 1, noise: 5, seed: 3 } } });
    const r = runTraining(text);
    if (r.verdict === 'oscillating' && r.analysis?.cause === 'noise') {
      const p = fixOf(r)!;
      expect(p.fix).toBeUndefined();
      expect(p.message).toMatch(/Larger batches or a smaller rate/);
    } else {
      expect(r.verdict).toBe('converged');
    }
  });

  it('offers z-scoring, not a rate, for a slow run already at the suggested rate on badly scaled features', () => {
    const probe = runTraining(configText({ normalize: 'none', epochs: 30 }));
    const atSuggestion = runTraining(configText({ normalize: 'none', epochs: 30, learningRate: probe.suggestedLearningRate }));
    expect(atSuggestion.verdict).toBe('too-slow');
    expect(atSuggestion.analysis?.cause).toBe('conditioning');
    const p = fixOf(atSuggestion)!;
    expect(p.fix).toMatchObject({ path: ['normalize'], value: 'zscore' });
    expect(p.message).toMatch(/"normalize": "zscore"/);
  });

  it('calls a one-epoch run that reaches the optimum converged, not too slow', () => {
    // z-scored cars: M = I, so 0.5 = 1/(λmax + λmin) zeroes the error in one step.
    expect(runTraining(configText({ learningRate: 0.5, epochs: 1 })).verdict).toBe('converged');
  });
});

describe('thinning a long history for the editor', () => {
  it('keeps at most the budget, the first and last epochs, and every extreme, with their epochs', async () => {
    const { thinHistory } = await import('../../src/core/run');
    const r = runTraining(configText({ learningRate: 0.01, epochs: 30_000 }));
    const full = r.history!.trainLoss;
    const thin = thinHistory(r, 401);
    const h = thin.history!;
    expect(h.trainLoss.length).toBeLessThanOrEqual(401);
    expect(h.epochs![0]).toBe(0);
    expect(h.epochs!.at(-1)).toBe(30_000);
    h.epochs!.forEach((e, i) => expect(h.trainLoss[i]).toBe(full[e]));
    expect(Math.min(...(h.trainLoss as number[]))).toBe(Math.min(...(full as number[])));
    expect(thinHistory(runTraining(configText({ epochs: 10 })), 401).history!.epochs).toBeNull();
  });
});
