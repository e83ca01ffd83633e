import type { Curvature } from '../curvature';
import { epochWhenAbove, epochsToSettle, lastMedian, sgdNoiseFloor, windowMeans } from './modal';
import { roundRateDown } from '../../shared/format';
import type { Cause, Judgment, Regime, Verdict } from '../../shared/report';
import { judgeMomentumRun, judgeObservedRun } from './optimized';
import { judgeLogisticRun } from './logistic';
import type { RunFacts } from './facts';

export type { LogisticFacts, RunFacts } from './facts';
import { MAX_NOISE_FLOOR, MAX_SMOOTHING, NOISE_FLOORS, ON_BOUND, RELATIVE_TOLERANCE, VARIANCE_FLOOR, countRises } from './settle';


export { RELATIVE_TOLERANCE, VARIANCE_FLOOR, ON_BOUND, MAX_SMOOTHING, NOISE_FLOORS, MAX_NOISE_FLOOR, countRises } from './settle';

/**
 * Reads a run's per-epoch training loss (`trainLoss[e]` after e epochs, e = 0 before any update)
 * against its data's closed-form facts. See the README for the rules; in short:
 * - full batch: above the bound 1/λmax diverged (even before the loss shows it), on it oscillating,
 *   settled within tolerance of L* converged, otherwise oscillating above the suggestion (the
 *   fastest constant rate: above it the bouncing along the steepest direction sets the pace) and
 *   too slow below it;
 * - stochastic: worse than the start at the end diverged, above the bound for the smallest
 *   batch oscillating, settled (trailing mean) within tolerance plus the noise floor converged,
 *   otherwise oscillating above the suggestion and too slow below it.
 */
export function judgeRun(trainLoss: readonly number[], facts: RunFacts): Judgment {
  if (facts.logistic) return judgeLogisticRun(trainLoss, facts, facts.logistic);
  const optimizer = facts.optimizer ?? { kind: 'sgd' };
  const constant = !facts.schedule || (facts.schedule.kind === 'constant' && facts.schedule.warmupEpochs === 0);
  const fullBatch = facts.batchSize >= facts.rows;
  if (optimizer.kind === 'sgd' && constant) return judgePlainRun(trainLoss, facts);
  if (optimizer.kind === 'momentum' && constant && fullBatch) return judgeMomentumRun(trainLoss, facts, optimizer.momentum, optimizer.nesterov);
  return judgeObservedRun(trainLoss, facts);
}

/** The closed form of plain descent at a constant rate (the README's rules). */
function judgePlainRun(trainLoss: readonly number[], facts: RunFacts): Judgment {
  const { curvature: c, learningRate: lr, rows: N, epochs } = facts;
  const m = Math.max(1, Math.min(facts.batchSize, N));
  const regime: Regime = m >= N ? 'full-batch' : 'stochastic';
  const tail = N % m;
  const smallestBatch = regime === 'full-batch' ? N : tail > 0 ? tail : m;
  const lambdaMax = c.lambdaMax;
  const representable = Number.isFinite(lambdaMax) && lambdaMax > 0;

  const L0 = trainLoss[0] ?? NaN;
  const Lstar = c.optimalLoss;
  const updatesPerEpoch = Math.ceil(N / m);
  const base = Math.max(RELATIVE_TOLERANCE * Lstar, VARIANCE_FLOOR * c.labelVariance);

  let bound: number | null;
  let suggestedExact: number | null;
  let suggestionBasis: Judgment['suggestionBasis'] = null;
  if (!Number.isFinite(lambdaMax)) {
    bound = 0;
    suggestedExact = null;
  } else if (!(lambdaMax > 0)) {
    bound = null;
    suggestedExact = null;
  } else if (regime === 'full-batch') {
    bound = 1 / lambdaMax;
    suggestedExact = fastestFullBatchRate(c, base);
    suggestionBasis = hasModes(c) ? 'fastest' : 'half-steepest';
  } else {
    const m0 = smallestBatch;
    bound = m0 / (c.maxRowNormSq + (m0 - 1) * lambdaMax);
    suggestedExact = quietRate(c, bound / 2, m, N, base);
    suggestionBasis = suggestedExact < bound / 2 ? 'quiet' : 'half-bound';
    if (!(bound > 0) || !Number.isFinite(bound)) {
      suggestionBasis = null;
      bound = Number.isFinite(c.maxRowNormSq) ? bound : 0;
      suggestedExact = null;
    }
  }
  const suggested = suggestedExact !== null && suggestedExact > 0 ? roundRateDown(suggestedExact) : null;

  const floorAt = (rate: number) => (regime === 'full-batch' ? 0 : sgdNoiseFloor(rate, c, m, N));
  const noiseFloor = floorAt(lr);
  // The noise can excuse a loss up to three floors above L*, but a floor above half of L* is no convergence.
  const settles = Number.isFinite(noiseFloor) && noiseFloor <= MAX_NOISE_FLOOR * Lstar;
  const tolerance = base + (Number.isFinite(noiseFloor) ? NOISE_FLOORS * noiseFloor : 0);
  const smoothing = regime === 'full-batch' ? 1 : Math.max(1, Math.min(MAX_SMOOTHING, Math.floor((trainLoss.length - 1) / 5)));
  const overflowAt = trainLoss.findIndex((l) => !Number.isFinite(l));
  const overflowEpoch = overflowAt >= 0 ? overflowAt : null;
  const aboveStart = trainLoss.findIndex((l, e) => e > 0 && (!Number.isFinite(l) || l > L0));
  const epochsAboveStart = trainLoss.filter((l, e) => e > 0 && (!Number.isFinite(l) || l > L0)).length;
  const firstAbove = aboveStart >= 0 ? aboveStart : null;
  const overshoots = representable && lr * 2 * lambdaMax > 1 + ON_BOUND;
  // The expected excess is the transient plus one noise floor; the transient must fall below the rest of the tolerance.
  const need = (rate: number) => {
    const floor = floorAt(rate);
    return representable && Number.isFinite(floor) ? epochsToSettle(c, rate, updatesPerEpoch, base + (NOISE_FLOORS - 1) * floor) : null;
  };

  const judgment = (verdict: Verdict, epoch: number | null, cause: Cause | null, extra: Partial<Judgment> = {}): Judgment => ({
    verdict,
    regime,
    epoch,
    overflowEpoch,
    predictedDivergenceEpoch: null,
    bound,
    smallestBatch,
    suggested,
    suggestedExact,
    suggestionBasis,
    optimalLoss: Lstar,
    tolerance,
    noiseFloor,
    smoothing,
    epochsNeeded: null,
    epochsNeededAtSuggestion: null,
    epochsNeededAtBest: null,
    cause,
    overshoots,
    epochsAboveStart,
    basis: 'plain',
    spectralRadius: null,
    spectralRadiusAtSuggestion: null,
    leavesBandLater: false,
    rises: countRises(trainLoss, tolerance),
    ...extra,
  });

  // Diverged: the loss overflowed; or (full batch) the rate is above the bound and some direction that carries loss grows.
  if (overflowEpoch !== null) return judgment('diverged', firstAbove ?? overflowEpoch, 'rate-too-large');
  if (regime === 'full-batch' && bound !== null && lr > bound * (1 + ON_BOUND)) {
    const predicted = firstAbove === null && representable ? epochWhenAbove(c, lr, L0 - Lstar) : null;
    // With no growing direction excited (the start is already optimal along it) nothing diverges: judge the curve.
    if (firstAbove !== null || predicted !== null || !representable) return judgment('diverged', firstAbove, 'rate-too-large', { predictedDivergenceEpoch: predicted });
  }
  const smoothed = windowMeans(trainLoss, smoothing);
  const last = trainLoss.length - 1;
  // Batches: worse than the start at the end, by more than the noise explains.
  if (last > 0 && lastMedian(trainLoss, smoothing) > L0 + tolerance) return judgment('diverged', firstAbove, 'rate-too-large');
  if (regime === 'stochastic' && bound !== null && lr >= bound * (1 - ON_BOUND)) return judgment('oscillating', firstAbove, 'rate-too-large');

  // Converged: from some epoch on the (smoothed) loss stayed within tolerance of L*, and that epoch's own loss is within it.
  const limit = Lstar + tolerance;
  if (settles) {
    let settled = last + 1;
    while (settled > 0 && (smoothed[settled - 1] as number) <= limit) settled--;
    while (settled <= last && (trainLoss[settled] as number) > limit) settled++;
    if (settled <= last) return judgment('converged', settled, null);
  }

  const epochsNeeded = need(lr);
  const epochsNeededAtSuggestion = suggested !== null ? need(suggested) : null;
  const extra = { epochsNeeded, epochsNeededAtSuggestion, epochsNeededAtBest: suggestedExact !== null ? need(suggestedExact) : null };
  // The scales, not the rate, are the problem when even the suggestion is far too slow and z-scoring would fix the conditioning.
  const conditioning = facts.normalize === 'none' && c.conditionNumber > 100 * c.conditionNumberZscored && (epochsNeededAtSuggestion === null || epochsNeededAtSuggestion > epochs);
  if (regime === 'full-batch' && bound !== null && lr >= bound * (1 - ON_BOUND)) return judgment('oscillating', firstAbove, 'rate-too-large', extra);
  if (!settles) return judgment('oscillating', firstAbove, 'noise', extra);
  const helps = suggested !== null && (epochsNeededAtSuggestion === null || epochsNeeded === null || epochsNeededAtSuggestion < epochsNeeded);
  if (suggestedExact !== null && lr > suggestedExact) return judgment('oscillating', firstAbove, conditioning ? 'conditioning' : helps ? 'rate-too-large' : 'epochs', extra);
  // Batches: the expected transient was over long before the end (by half the run), yet the loss has not settled: that is the noise.
  if (regime === 'stochastic' && epochsNeeded !== null && 2 * epochsNeeded <= last) return judgment('oscillating', firstAbove, 'noise', extra);
  // Too slow: what would help? A larger rate when the suggestion is larger and faster; otherwise the scales or more epochs.
  const cause: Cause = conditioning ? 'conditioning' : helps && suggested !== null && suggested > lr ? 'rate-too-small' : 'epochs';
  return judgment('too-slow', null, cause, extra);
}

/**
 * The full-batch rate that needs the fewest epochs to come within `tolerance` of L* from θ = 0,
 * by the modal decomposition (exact for full batch): on a grid of 400 rates over [1/(2λmax), 1/λmax)
 * (below 1/(2λmax) every direction still shrinks faster at a larger rate, so the fastest rate is
 * never there), the smallest of the fastest. Without a decomposition (very wide or very badly
 * conditioned data), 1/(2λmax).
 */
export function fastestFullBatchRate(c: Curvature, tolerance: number): number {
  const half = 1 / (2 * c.lambdaMax);
  if (!hasModes(c)) return half;
  let best = half;
  let bestEpochs = epochsToSettle(c, half, 1, tolerance) ?? Infinity;
  for (let k = 1; k < GRID; k++) {
    const rate = half * (1 + k / GRID);
    const epochs = epochsToSettle(c, rate, 1, tolerance) ?? Infinity;
    if (epochs < bestEpochs) {
      best = rate;
      bestEpochs = epochs;
    }
  }
  return best;
}

/** The decomposition resolves every direction that carries loss (up to 63 features, κ ≤ 10¹⁰). */
export const hasModes = (c: Curvature): boolean => c.eigenvalues.length > 0 && c.conditionNumber <= 1e10;

/**
 * The batches' suggestion: half the stable bound for the smallest batch (Ma, Bassily and Belkin's
 * rate), but no more than the rate whose noise floor is `NOISE_TARGET` of L* (or the base
 * tolerance, when that is larger: data a line fits exactly), so the suggested
 * rate itself settles close to the best (the floor grows with the rate; found by bisection).
 */
function quietRate(c: Curvature, halfBound: number, m: number, N: number, base: number): number {
  // On data a line fits (almost) exactly the floor is below the base tolerance whatever its share of L*.
  const target = Math.max(NOISE_TARGET * c.optimalLoss, base);
  if (!(c.optimalLoss > 0) || sgdNoiseFloor(halfBound, c, m, N) <= target) return halfBound;
  let lo = 0;
  let hi = halfBound;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (sgdNoiseFloor(mid, c, m, N) <= target) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The suggestion for batches keeps SGD's noise floor within this share of L*. */
export const NOISE_TARGET = 0.1;

/** Grid steps for the fastest full-batch rate between 1/(2λmax) and 1/λmax. */
const GRID = 400;
