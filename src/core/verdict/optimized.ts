import { roundRateDown } from '../../shared/format';
import type { Cause, Judgment, Verdict } from '../../shared/report';
import { lastMedian, windowMeans } from './modal';
import { momentumBound, momentumEpochAbove, momentumExcess, momentumEpochsToSettle, momentumGrows, momentumRadius, momentumSuggestion } from './momentum';
import { MAX_SMOOTHING, MIN_RISES, ON_BOUND, RELATIVE_TOLERANCE, VARIANCE_FLOOR, countRises } from './settle';
import type { RunFacts } from './facts';

/** The momentum simulation looks this far ahead at most (epochs), so a long run's analysis stays quick. */
const MAX_HORIZON = 200_000;

/** The facts every verdict reads off the curve, whatever its optimizer: start, overflow, first rise above the start, and the settled epoch. */
function readCurve(trainLoss: readonly number[], facts: RunFacts, smoothing: number) {
  const c = facts.curvature;
  const L0 = trainLoss[0] ?? NaN;
  const Lstar = c.optimalLoss;
  const tolerance = Math.max(RELATIVE_TOLERANCE * Lstar, VARIANCE_FLOOR * c.labelVariance);
  const overflowAt = trainLoss.findIndex((l) => !Number.isFinite(l));
  const aboveStart = trainLoss.findIndex((l, e) => e > 0 && (!Number.isFinite(l) || l > L0));
  const last = trainLoss.length - 1;
  const smoothed = windowMeans(trainLoss, smoothing);
  const limit = Lstar + tolerance;
  let settled = last + 1;
  while (settled > 0 && (smoothed[settled - 1] as number) <= limit) settled--;
  while (settled <= last && (trainLoss[settled] as number) > limit) settled++;
  return {
    L0,
    Lstar,
    tolerance,
    last,
    overflowEpoch: overflowAt >= 0 ? overflowAt : null,
    firstAbove: aboveStart >= 0 ? aboveStart : null,
    epochsAboveStart: trainLoss.filter((l, e) => e > 0 && (!Number.isFinite(l) || l > L0)).length,
    settledEpoch: settled <= last ? settled : null,
    rises: countRises(trainLoss, tolerance),
  };
}

/**
 * Momentum (heavy ball or Nesterov) at a constant rate on full batches: the closed form of the
 * 2×2 recurrence of each direction (momentum.ts). In order:
 * 1. `diverged` when the loss overflows, or lr is above the bound ((1 + μ)/λmax; Nesterov
 *    (1 + μ)/((1 + 2μ)·λmax)) and a direction that carries loss grows;
 * 2. `converged` at the first epoch from which the loss stays within the tolerance of L* to the end,
 *    and (by the exact dynamics, simulated past the run) after it;
 * 3. `oscillating` when lr is on the bound (a direction flips sign at the same size forever);
 * 4. `oscillating` when the loss rose at least MIN_RISES times in the second half, or ends within
 *    the tolerance but the exact dynamics take it out again after the run; else `too-slow`;
 *    the cause is a rate only when the exact dynamics settle sooner at the suggestion.
 */
export function judgeMomentumRun(trainLoss: readonly number[], facts: RunFacts, momentum: number, nesterov: boolean): Judgment {
  const c = facts.curvature;
  const lr = facts.learningRate;
  const curve = readCurve(trainLoss, facts, 1);
  const representable = Number.isFinite(c.lambdaMax) && c.lambdaMax > 0;
  const bound = !Number.isFinite(c.lambdaMax) ? 0 : representable ? momentumBound(c.lambdaMax, momentum, nesterov) : null;
  const horizon = Math.min(MAX_HORIZON, Math.max(2000, 4 * facts.epochs));
  const best = representable ? momentumSuggestion(c, momentum, nesterov, curve.tolerance, horizon) : null;
  const suggested = best ? roundRateDown(best.rate) : null;
  const judgment = (verdict: Verdict, epoch: number | null, cause: Cause | null, extra: Partial<Judgment> = {}): Judgment => ({
    verdict,
    regime: 'full-batch',
    epoch,
    overflowEpoch: curve.overflowEpoch,
    predictedDivergenceEpoch: null,
    bound,
    smallestBatch: facts.rows,
    suggested,
    suggestedExact: best ? best.rate : null,
    suggestionBasis: best ? (best.basis === 'fastest' ? 'momentum-fastest' : 'momentum-radius') : null,
    optimalLoss: curve.Lstar,
    tolerance: curve.tolerance,
    noiseFloor: 0,
    smoothing: 1,
    epochsNeeded: null,
    epochsNeededAtSuggestion: null,
    epochsNeededAtBest: null,
    cause,
    overshoots: false,
    epochsAboveStart: curve.epochsAboveStart,
    basis: 'momentum',
    spectralRadius: representable ? momentumRadius(c, lr, momentum, nesterov) : null,
    spectralRadiusAtSuggestion: best ? best.radius : null,
    leavesBandLater: false,
    rises: curve.rises,
    ...extra,
  });

  if (curve.overflowEpoch !== null) return judgment('diverged', curve.firstAbove ?? curve.overflowEpoch, 'rate-too-large');
  if (bound !== null && lr > bound * (1 + ON_BOUND)) {
    if (curve.firstAbove !== null || !representable || momentumGrows(c, lr, momentum, nesterov)) {
      const predicted = curve.firstAbove === null && representable ? momentumEpochAbove(c, lr, momentum, nesterov, curve.L0 - curve.Lstar, horizon) : null;
      return judgment('diverged', curve.firstAbove, 'rate-too-large', { predictedDivergenceEpoch: predicted });
    }
  }
  const need = (rate: number) => (representable ? momentumEpochsToSettle(c, rate, momentum, nesterov, curve.tolerance, horizon) : null);
  const epochsNeeded = need(lr);
  // Within the band at the end is not settled when the exact dynamics swing out of it again after the run.
  const exact = representable && momentumExcess(c, lr, momentum, nesterov, 0) !== null;
  const leavesBandLater = curve.settledEpoch !== null && exact && (epochsNeeded === null || epochsNeeded > curve.last);
  if (curve.settledEpoch !== null && !leavesBandLater) return judgment('converged', curve.settledEpoch, null);
  if (bound !== null && lr >= bound * (1 - ON_BOUND)) return judgment('oscillating', curve.firstAbove, 'rate-too-large');

  const epochsNeededAtSuggestion = suggested !== null ? need(suggested) : null;
  const extra = { epochsNeeded, epochsNeededAtSuggestion, epochsNeededAtBest: best ? need(best.rate) : null, leavesBandLater };
  // A rate is named only when the exact dynamics settle sooner at the suggestion; more epochs only when the count is known.
  const helps = suggested !== null && suggested !== lr && epochsNeededAtSuggestion !== null && (epochsNeeded === null || epochsNeededAtSuggestion < epochsNeeded);
  const cause: Cause = helps ? (suggested < lr ? 'rate-too-large' : 'rate-too-small') : epochsNeeded !== null ? 'epochs' : 'observed';
  // Oscillating's headline blames the rate for 'rate-too-large' and 'epochs' (plain descent's meaning): here only a known faster rate may.
  if (curve.rises >= MIN_RISES || leavesBandLater) return judgment('oscillating', curve.firstAbove, cause === 'epochs' ? 'observed' : cause, extra);
  return judgment('too-slow', null, cause, extra);
}

/**
 * No closed form describes the run (Adam, a learning-rate schedule, momentum on batches): no bound
 * and no suggestion, and the verdict reads the losses alone, against the same L* and base
 * tolerance as plain descent (L* depends on the data only). In order:
 * 1. `diverged` when the loss overflows or the median of the last w epochs is above the start by
 *    more than the tolerance;
 * 2. `converged` at the first epoch from which every w-epoch mean stays within the tolerance of L*
 *    and whose own loss is within it (w = 1 for full batch, as for plain batches otherwise);
 * 3. `oscillating` when the loss rose by more than the tolerance at least MIN_RISES times in the
 *    second half of the run;
 * 4. `too-slow` otherwise: it has not settled in the epochs given.
 */
export function judgeObservedRun(trainLoss: readonly number[], facts: RunFacts): Judgment {
  const N = facts.rows;
  const m = Math.max(1, Math.min(facts.batchSize, N));
  const fullBatch = m >= N;
  const tail = N % m;
  const smoothing = fullBatch ? 1 : Math.max(1, Math.min(MAX_SMOOTHING, Math.floor((trainLoss.length - 1) / 5)));
  const curve = readCurve(trainLoss, facts, smoothing);
  const judgment = (verdict: Verdict, epoch: number | null): Judgment => ({
    verdict,
    regime: fullBatch ? 'full-batch' : 'stochastic',
    epoch,
    overflowEpoch: curve.overflowEpoch,
    predictedDivergenceEpoch: null,
    bound: null,
    smallestBatch: fullBatch ? N : tail > 0 ? tail : m,
    suggested: null,
    suggestedExact: null,
    suggestionBasis: null,
    optimalLoss: curve.Lstar,
    tolerance: curve.tolerance,
    noiseFloor: NaN,
    smoothing,
    epochsNeeded: null,
    epochsNeededAtSuggestion: null,
    epochsNeededAtBest: null,
    cause: verdict === 'converged' ? null : 'observed',
    overshoots: false,
    epochsAboveStart: curve.epochsAboveStart,
    basis: 'observed',
    spectralRadius: null,
    spectralRadiusAtSuggestion: null,
    leavesBandLater: false,
    rises: curve.rises,
  });
  if (curve.overflowEpoch !== null) return judgment('diverged', curve.firstAbove ?? curve.overflowEpoch);
  if (curve.last > 0 && lastMedian(trainLoss, smoothing) > curve.L0 + curve.tolerance) return judgment('diverged', curve.firstAbove);
  if (curve.settledEpoch !== null) return judgment('converged', curve.settledEpoch);
  if (curve.rises >= MIN_RISES) return judgment('oscillating', curve.firstAbove);
  return judgment('too-slow', null);
}
