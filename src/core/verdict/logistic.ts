import { roundRateDown } from '../../shared/format';
import type { Cause, Judgment, LogisticJudgment, Verdict } from '../../shared/report';
import { lastMedian, windowMeans } from './modal';
import { MAX_SMOOTHING, MIN_RISES, ON_BOUND, RELATIVE_TOLERANCE, countRises } from './settle';
import type { LogisticFacts, RunFacts } from './facts';

/**
 * A logistic run's settled band: within 1% of L* or this many nats (the mean log loss is in nats,
 * natural log; 10⁻⁴ is 0.014% of the starting loss ln 2), whichever is larger.
 */
export const LOG_LOSS_FLOOR = 1e-4;


/**
 * The verdict on a logistic-regression run (the README's rules). The plain-descent bound is
 * 8/λmax(M): the log loss's Hessian is at most M/4 (σ′ ≤ 1/4), so the loss is (λmax/4)-smooth and
 * full-batch descent lowers it at every step below 2/(λmax/4); sufficient, not the exact threshold,
 * and only for plain full-batch descent at a constant rate. The suggestion is the textbook 1/L = 4/λmax(M).
 * With a finite optimum, in order:
 * 1. `diverged`: the loss overflows, or the median of the last w epochs is above the start by more than the tolerance;
 * 2. `converged`: from some epoch on every w-epoch mean stays within max(1% of L*, 10⁻⁴) of L*, and that epoch's own loss is;
 * 3. `oscillating`: the loss rose by more than the tolerance at least 3 times in the second half, or
 *    (plain, full batch) lr ≥ 2/λmax(H*): a step multiplies the error along the optimum's steepest
 *    direction by |1 − lr·λmax(H*)| ≥ 1, so descent cannot settle at θ*;
 * 4. `too-slow` otherwise.
 * Without a finite optimum (separable data): `diverged` as above; `converged` at the first epoch from
 * which every training row stays classified right (the loss keeps falling toward 0 after it: only the
 * weights' scale grows); for quasi-separable data (`unbounded`) or an unknown optimum, at the first epoch
 * from which the training accuracy stays at its best for the second half of the run at least;
 * then `oscillating` (3 rises) or `too-slow`.
 */
export function judgeLogisticRun(trainLoss: readonly number[], facts: RunFacts, logistic: LogisticFacts): Judgment {
  const { curvature: c, learningRate: lr, rows: N } = facts;
  const a = logistic.analysis;
  const m = Math.max(1, Math.min(facts.batchSize, N));
  const fullBatch = m >= N;
  const tail = N % m;
  const optimizer = facts.optimizer ?? { kind: 'sgd' };
  const constant = !facts.schedule || (facts.schedule.kind === 'constant' && facts.schedule.warmupEpochs === 0);
  const representable = Number.isFinite(c.lambdaMax) && c.lambdaMax > 0;
  const boundApplies = optimizer.kind === 'sgd' && constant && fullBatch && representable;
  const bound = boundApplies ? 8 / c.lambdaMax : null;
  const suggestedExact = boundApplies ? 4 / c.lambdaMax : null;
  const suggested = suggestedExact !== null ? roundRateDown(suggestedExact) : null;
  const finite = a.optimum === 'finite' && a.optimalLoss !== null;
  // Without a finite optimum there is no L* to declare (on separable data the infimum 0 is never reached): NaN, null in reports.
  const Lstar = finite ? (a.optimalLoss as number) : NaN;
  const tolerance = finite ? Math.max(RELATIVE_TOLERANCE * Lstar, LOG_LOSS_FLOOR) : LOG_LOSS_FLOOR;
  const smoothing = fullBatch ? 1 : Math.max(1, Math.min(MAX_SMOOTHING, Math.floor((trainLoss.length - 1) / 5)));
  const L0 = trainLoss[0] ?? NaN;
  const last = trainLoss.length - 1;
  const overflowAt = trainLoss.findIndex((l) => !Number.isFinite(l));
  const overflowEpoch = overflowAt >= 0 ? overflowAt : null;
  const aboveStart = trainLoss.findIndex((l, e) => e > 0 && (!Number.isFinite(l) || l > L0));
  const firstAbove = aboveStart >= 0 ? aboveStart : null;
  const localBound = finite && a.lambdaMaxOptimum !== null && a.lambdaMaxOptimum > 0 ? 2 / a.lambdaMaxOptimum : null;
  const accuracy = logistic.trainAccuracy;
  const finalAccuracy = overflowEpoch === null && accuracy.length > 0 ? (accuracy[accuracy.length - 1] as number) : null;
  const separatedEpoch = stayedFrom(accuracy, (v) => v === 1);
  const rises = countRises(trainLoss, tolerance);

  const judgment = (verdict: Verdict, epoch: number | null, cause: Cause | null): Judgment => {
    const details: LogisticJudgment = { optimum: a.optimum, finalAccuracy, separatedEpoch, localBound: boundApplies ? localBound : null, boundApplies };
    return {
      verdict,
      regime: fullBatch ? 'full-batch' : 'stochastic',
      epoch,
      overflowEpoch,
      predictedDivergenceEpoch: null,
      bound,
      smallestBatch: fullBatch ? N : tail > 0 ? tail : m,
      suggested,
      suggestedExact,
      suggestionBasis: suggestedExact !== null ? 'logistic-smooth' : null,
      optimalLoss: Lstar,
      tolerance,
      noiseFloor: NaN,
      smoothing,
      epochsNeeded: null,
      epochsNeededAtSuggestion: null,
      epochsNeededAtBest: null,
      cause,
      overshoots: false,
      epochsAboveStart: trainLoss.filter((l, e) => e > 0 && (!Number.isFinite(l) || l > L0)).length,
      basis: 'logistic',
      spectralRadius: null,
      spectralRadiusAtSuggestion: null,
      leavesBandLater: false,
      rises,
      logistic: details,
    };
  };
  // A knob is named only where the closed form says which way helps: the smoothness bound and its suggestion.
  const tooLarge: Cause = bound !== null && lr > bound ? 'rate-too-large' : 'observed';
  const slowCause: Cause = suggested !== null ? (suggested > lr ? 'rate-too-small' : 'epochs') : 'observed';

  if (overflowEpoch !== null) return judgment('diverged', firstAbove ?? overflowEpoch, tooLarge);
  if (last > 0 && lastMedian(trainLoss, smoothing) > L0 + tolerance) return judgment('diverged', firstAbove, tooLarge);
  if (finite) {
    const limit = Lstar + tolerance;
    const smoothed = windowMeans(trainLoss, smoothing);
    let settled = last + 1;
    while (settled > 0 && (smoothed[settled - 1] as number) <= limit) settled--;
    while (settled <= last && (trainLoss[settled] as number) > limit) settled++;
    if (settled <= last) return judgment('converged', settled, null);
    if (boundApplies && localBound !== null && lr >= localBound * (1 - ON_BOUND)) return judgment('oscillating', firstAbove, suggested !== null && suggested < lr ? 'rate-too-large' : 'observed');
  } else if (a.optimum === 'separable') {
    if (separatedEpoch !== null) return judgment('converged', separatedEpoch, null);
  } else {
    let best = 0;
    for (const v of accuracy) if (v > best) best = v;
    const heldFrom = stayedFrom(accuracy, (v) => v === best);
    if (heldFrom !== null && heldFrom > 0 && 2 * heldFrom <= last) return judgment('converged', heldFrom, null);
  }
  if (rises >= MIN_RISES) return judgment('oscillating', firstAbove, suggested !== null && suggested < lr ? 'rate-too-large' : 'observed');
  return judgment('too-slow', null, slowCause);
}

/** The first index from which every entry satisfies `holds` to the end, or null. */
function stayedFrom(series: readonly number[], holds: (v: number) => boolean): number | null {
  let from = series.length;
  while (from > 0 && holds(series[from - 1] as number)) from--;
  return from < series.length ? from : null;
}
