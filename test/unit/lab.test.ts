// The learning lab's core: the sweep against whole runs, the oracle's bound, and the compare plans.
import { describe, expect, it } from 'vitest';
import { SWEEP_RATES, SWEEP_STOP_FACTOR, TOO_HIGH_FACTOR, TOO_LOW_DIVISOR, bestPoint, compareBatchSizes, compareLearningRates, sweepGrid, sweepLearningRates, threeRatePlan } from '../../src/core/lab';
import { type RunPlan, planRun, runTraining } from '../../src/core/run';
import { configText } from './helpers';
import { type Rows, normals, spectrum, toCsv, zscore } from './oracle';
import type { SweepPoint } from '../../src/shared/lab';

const cars = (o: Record<string, unknown> = {}) => configText({ epochs: 50, batchSize: 'full', normalize: 'zscore', validationSplit: 0, seed: 0, ...o });

/** y = 2·x₁ − 3·x₂ + 1 + noise, x₂ correlated with x₁, written as a CSV a training.json reads. */
function syntheticRows(N: number, seed: number): Rows {
  const g = normals(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < N; i++) {
    const a = g();
    const b = 0.6 * a + g();
    x.push([a * 10 + 50, b * 0.1]);
    y.push(2 * a - 3 * b + 1 + 0.3 * g());
  }
  return { x, y };
}
const syntheticText = (o: Record<string, unknown> = {}) =>
  configText({ epochs: 60, batchSize: 'full', normalize: 'zscore', validationSplit: 0, seed: 1, ...o, data: { csv: 'data.csv', features: ['x1', 'x2'], label: 'y' } });

function planOf(text: string, csv?: string): { plan: RunPlan; problems: ReturnType<typeof planRun>['problems'] } {
  const { plan, problems } = planRun(text, csv === undefined ? {} : { reader: { readText: () => csv } });
  if (!plan) throw new Error(JSON.stringify(problems));
  return { plan, problems };
}

describe('the learning-rate sweep', () => {
  it('spans 24 rates, 5 a decade, from 10⁻⁴ of the bound to 4× it, with the bound itself on the grid', () => {
    const grid = sweepGrid(0.8);
    expect(grid).toHaveLength(SWEEP_RATES);
    expect(grid[0]).toBeCloseTo(0.8e-4, 12);
    expect(grid[20]).toBe(0.8);
    expect(grid[23]! / 0.8).toBeCloseTo(10 ** 0.6, 12);
    for (let i = 1; i < grid.length; i++) expect(grid[i]! / grid[i - 1]!).toBeCloseTo(10 ** 0.2, 12);
  });

  it('finds its best below the bound on cars, and that rate trained alone converges', () => {
    const { plan } = planOf(cars());
    const sweep = sweepLearningRates(plan);
    expect(sweep.stableLearningRateBound).toBeCloseTo(1, 12); // one z-scored feature: λmax = 1
    const best = sweep.points[sweep.best!]!;
    expect(best.learningRate).toBeLessThan(sweep.stableLearningRateBound!);
    expect(best.verdict).toBe('converged');
    expect(runTraining(cars({ learningRate: best.learningRate })).verdict).toBe('converged');
    expect(best.finalLoss! / sweep.optimalLoss).toBeCloseTo(1, 9);
  });

  it('finds its best below the oracle’s bound on correlated synthetic data, and that rate trained alone converges', () => {
    const rows = syntheticRows(400, 3);
    const csv = toCsv(rows).replace(/^[^\n]*/, 'x1,x2,y');
    const { plan } = planOf(syntheticText(), csv);
    const oracleBound = 1 / spectrum(zscore(rows)).lambdaMax;
    const sweep = sweepLearningRates(plan);
    expect(sweep.stableLearningRateBound! / oracleBound).toBeCloseTo(1, 6);
    const best = sweep.points[sweep.best!]!;
    expect(best.learningRate).toBeLessThan(oracleBound);
    expect(runTraining(syntheticText({ learningRate: best.learningRate }), { reader: { readText: () => csv } }).verdict).toBe('converged');
  });

  it('marks every rate above the full-batch bound diverged and stops training it early', () => {
    const { plan } = planOf(cars());
    const sweep = sweepLearningRates(plan);
    const above = sweep.points.filter((p) => p.learningRate > sweep.stableLearningRateBound! * 1.01);
    expect(above).toHaveLength(3);
    for (const p of above) {
      expect(p.verdict).toBe('diverged');
      expect(p.finalLoss).toBeNull();
      expect(p.stoppedEarly).toBe('diverging');
      expect(p.epochsRun).toBeLessThan(5);
      // Trained alone it runs all 50 epochs and its loss passes the stop where the sweep stopped.
      const alone = runTraining(cars({ learningRate: p.learningRate }));
      expect(alone.epochsRun).toBe(50);
      expect(alone.history!.trainLoss[p.epochsRun]!).toBeGreaterThan(SWEEP_STOP_FACTOR * alone.history!.trainLoss[0]!);
    }
    // Nothing at or below the bound is stopped.
    for (const p of sweep.points.filter((q) => q.learningRate <= sweep.stableLearningRateBound!)) expect(p.epochsRun).toBe(50);
  });

  it.each([
    ['full batch', 'full'],
    ['mini-batches of 100', 100],
    ['SGD', 1],
  ] as const)('agrees exactly with runTraining at every rate (%s): verdicts, epochs and losses', (_name, batchSize) => {
    const { plan } = planOf(cars({ batchSize }));
    const sweep = sweepLearningRates(plan);
    expect(sweep.points).toHaveLength(SWEEP_RATES);
    for (const p of sweep.points) {
      const alone = runTraining(cars({ batchSize, learningRate: p.learningRate }));
      expect({ rate: p.learningRate, verdict: p.verdict, epoch: p.verdictEpoch }).toEqual({ rate: p.learningRate, verdict: alone.verdict, epoch: alone.verdictEpoch });
      if (p.stoppedEarly === null) {
        expect(p.epochsRun).toBe(alone.epochsRun);
        if (p.verdict !== 'diverged') expect(p.finalLoss).toBe(alone.finalLoss);
      } else {
        expect(p.epochsRun).toBeLessThan(alone.epochsRun);
      }
    }
    expect(sweep.suggestedLearningRate).toBe(runTraining(cars({ batchSize })).suggestedLearningRate);
    expect(sweep.stableLearningRateBound).toBe(runTraining(cars({ batchSize })).stableLearningRateBound);
  });

  it('calls best the rate that converged first, a tie going to the smaller rate', () => {
    const done = (learningRate: number, verdictEpoch: number): SweepPoint => ({ learningRate, finalLoss: 18.71, epochsRun: 50, stoppedEarly: null, verdict: 'converged', verdictEpoch });
    expect(bestPoint([done(0.1, 19), done(0.16, 11), done(0.4, 3), done(0.63, 4)])).toBe(2);
    expect(bestPoint([done(0.3, 3), done(0.4, 3)])).toBe(0);
  });

  it('without a converged rate, calls the lowest final loss best, a tie (rounding) going to the smaller rate, and never a diverged run', () => {
    const point = (learningRate: number, finalLoss: number | null): SweepPoint => ({ learningRate, finalLoss, epochsRun: 5, stoppedEarly: null, verdict: finalLoss === null ? 'diverged' : 'too-slow', verdictEpoch: null });
    expect(bestPoint([point(0.1, 20), point(0.2, 18.7), point(0.4, 18.7 * (1 + 1e-12)), point(0.8, null)])).toBe(1);
    expect(bestPoint([point(0.1, 20), point(0.2, 18.7 * (1 + 1e-6)), point(0.4, 18.7)])).toBe(2);
    expect(bestPoint([point(1, null), point(2, null)])).toBeNull();
  });

  it('trains the rates it is given, in ascending order, and stops when the progress hook says so', () => {
    const { plan } = planOf(cars());
    expect(sweepLearningRates(plan, { rates: [0.5, 0.01, 0.1] }).points.map((p) => p.learningRate)).toEqual([0.01, 0.1, 0.5]);
    const seen: number[] = [];
    const partial = sweepLearningRates(plan, { onPoint: (_p, i) => (seen.push(i), i < 4) });
    expect(partial.points).toHaveLength(5);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('comparing learning rates', () => {
  it('plans suggestion ÷ 30, the suggestion and 1.5 × the bound, or the config’s rate alone without a bound', () => {
    expect(threeRatePlan(1, 0.49, 0.1)).toEqual([
      { role: 'too-low', learningRate: 0.49 / TOO_LOW_DIVISOR },
      { role: 'suggested', learningRate: 0.49 },
      { role: 'too-high', learningRate: TOO_HIGH_FACTOR * 1 },
    ]);
    expect(threeRatePlan(null, null, 0.1)).toEqual([{ role: 'current', learningRate: 0.1 }]);
  });

  it('trains the three rates on cars: too slow, converged, diverged', () => {
    const text = cars();
    const { plan, problems } = planOf(text);
    const c = compareLearningRates(plan, problems, text);
    expect(c.kind).toBe('learning-rates');
    const alone = runTraining(text);
    expect(c.runs.map((r) => [r.role, r.learningRate, r.report.verdict])).toEqual([
      ['too-low', alone.suggestedLearningRate! / 30, 'too-slow'],
      ['suggested', alone.suggestedLearningRate, 'converged'],
      ['too-high', 1.5 * alone.stableLearningRateBound!, 'diverged'],
    ]);
    // Ordinary reports: each is the run runTraining makes at its rate.
    for (const r of c.runs) {
      const single = runTraining(cars({ learningRate: r.learningRate }));
      expect({ ...r.report, problems: [] }).toEqual({ ...single, problems: [] });
    }
  });

  it('trains compare.learningRates from the file, and rates given instead of it', () => {
    const text = cars({ compare: { learningRates: [0.3, 0.01] } });
    const { plan, problems } = planOf(text);
    expect(compareLearningRates(plan, problems, text).runs.map((r) => [r.role, r.learningRate, r.report.config!.learningRate])).toEqual([
      ['listed', 0.3, 0.3],
      ['listed', 0.01, 0.01],
    ]);
    expect(compareLearningRates(plan, problems, text, [2]).runs.map((r) => [r.learningRate, r.report.verdict])).toEqual([[2, 'diverged']]);
  });
});

describe('comparing batch sizes', () => {
  it('trains full batch, mini-batches of 100 and SGD at one rate and epochs, each with its update counts', () => {
    const text = cars({ learningRate: 0.05, validationSplit: 0.2 });
    const { plan, problems } = planOf(text);
    const c = compareBatchSizes(plan, problems, text);
    expect(c.kind).toBe('batch-sizes');
    expect(c.runs.map((r) => [r.role, r.batchSize, r.report.updates!.current, r.report.totalUpdates, r.report.epochsRun, r.report.config!.learningRate])).toEqual([
      ['full-batch', 318, 'full', 50, 50, 0.05],
      ['mini-batch', 100, 'miniBatch', 200, 50, 0.05],
      ['sgd', 1, 'sgd', 15_900, 50, 0.05],
    ]);
    for (const r of c.runs) {
      const single = runTraining(cars({ learningRate: 0.05, validationSplit: 0.2, batchSize: r.batchSize === 318 ? 'full' : r.batchSize }));
      expect(r.report.history!.trainLoss).toEqual(single.history!.trainLoss);
      expect(r.report.verdict).toBe(single.verdict);
    }
  });
});
