import * as fs from 'node:fs';
import * as path from 'node:path';
import { sweepLearningRates } from '../src/core/lab';
import { planRun } from '../src/core/run';
import { median } from './jobs';

/** The target for a sweep of 24 rates on the cars example. */
export const SWEEP_TARGET_MS = 150;

export interface SweepFigure {
  rates: number;
  /** The first sweep in the process (JIT cold), and the median of the rest. */
  firstMs: number;
  medianMs: number;
  /** planRun of the example (parse, load and prepare the cars data), once: not part of the sweep. */
  planMs: number;
  /** The sweep's best lies below its bound and converged (a correctness check). */
  bestBelowBound: boolean;
  epochsRun: number;
}

/**
 * Times `sweepLearningRates` on the shipped cars example (examples/cars/training.json: 50 epochs,
 * full batch, 318 training rows), from a plan made once: the sweep's own analysis and its 24 runs.
 */
export function measureSweep(runs: number, example = path.join('examples', 'cars', 'training.json')): SweepFigure {
  const text = fs.readFileSync(example, 'utf8');
  const t0 = performance.now();
  const { plan } = planRun(text);
  const planMs = performance.now() - t0;
  if (!plan) throw new Error('the cars example does not plan');
  const times: number[] = [];
  let sweep: ReturnType<typeof sweepLearningRates> | null = null;
  for (let r = 0; r <= runs; r++) {
    const start = performance.now();
    sweep = sweepLearningRates(plan);
    times.push(performance.now() - start);
  }
  if (!sweep) throw new Error('no sweep');
  const best = sweep.best !== null ? sweep.points[sweep.best] : undefined;
  return {
    rates: sweep.points.length,
    firstMs: times[0] ?? NaN,
    medianMs: median(times.slice(1)),
    planMs,
    bestBelowBound: best !== undefined && sweep.stableLearningRateBound !== null && best.learningRate < sweep.stableLearningRateBound && best.verdict === 'converged',
    epochsRun: sweep.points.reduce((sum, p) => sum + p.epochsRun, 0),
  };
}

/** The figure's lines for the report. */
export function formatSweepFigure(f: SweepFigure): string {
  return `Learning-rate sweep, cars example (${f.rates} rates, ${f.epochsRun} epochs trained in all): first ${f.firstMs.toFixed(1)} ms, then median ${f.medianMs.toFixed(1)} ms (planning the example once: ${f.planMs.toFixed(1)} ms)`;
}
