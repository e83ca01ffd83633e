// The sweep and the comparisons analyse the rows once, however many rates they train: the
// closed-form analysis depends on the rows alone, and a pass over 10⁶ rows costs more than an epoch.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { compareBatchSizes, compareLearningRates, sweepLearningRates } from '../../src/core/lab';
import { analyzeCurvature } from '../../src/core/curvature/analyze';
import { planRun, runTraining } from '../../src/core/run';
import { configText } from './helpers';

vi.mock('../../src/core/curvature/analyze', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/core/curvature/analyze')>();
  return { ...actual, analyzeCurvature: vi.fn(actual.analyzeCurvature) };
});

const text = configText({ epochs: 30, batchSize: 'full', normalize: 'zscore', validationSplit: 0, seed: 0 });
const counted = vi.mocked(analyzeCurvature);

describe('one curvature analysis per sweep or comparison', () => {
  // Braces: a function returned from beforeEach would be called as its cleanup.
  beforeEach(() => {
    counted.mockClear();
  });

  it('counts one analysis per runTraining (the counter sees the analysis)', () => {
    runTraining(text);
    runTraining(text);
    expect(counted).toHaveBeenCalledTimes(2);
  });

  it('analyses once for a sweep of 24 rates', () => {
    const { plan } = planRun(text);
    counted.mockClear();
    expect(sweepLearningRates(plan!).points).toHaveLength(24);
    expect(counted).toHaveBeenCalledTimes(1);
  });

  it('analyses once for three rates and once for three batch sizes, and not at all when given the analysis', () => {
    const { plan, problems } = planRun(text);
    counted.mockClear();
    compareLearningRates(plan!, problems, text);
    expect(counted).toHaveBeenCalledTimes(1);
    compareBatchSizes(plan!, problems, text);
    expect(counted).toHaveBeenCalledTimes(2);
    const curvature = analyzeCurvature(plan!.prepared.train);
    counted.mockClear();
    sweepLearningRates(plan!, { curvature });
    compareLearningRates(plan!, problems, text, undefined, { curvature });
    expect(counted).toHaveBeenCalledTimes(0);
  });
});
