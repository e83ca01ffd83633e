import { formatCount, formatNumber } from '../../shared/format';
import { type Problem, type ProblemFix, ProblemCode as Code, capProblems } from '../../shared/problems';
import type { EpochCount, Judgment, LocatedProblem, RunReport, Snapshot, TrainingConfig } from '../../shared/report';
import { fixTitle } from '../../shared/wording';
import { t } from '../../shared/l10n';
import { extremeIndices } from '../downsample';
import { TextIndex, locateProblem } from '../locate';
import { assertNever } from '../../shared/assertNever';

/** A finite number, or null (JSON has no ∞ or NaN). */
export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** An epoch count for the report: null unknown, 'never' when it is infinite. */
export const epochCount = (e: number | null): EpochCount => (e === null ? null : Number.isFinite(e) ? e : 'never');

/** How the suggested rate is derived, with its numbers. */
export function suggestionText(j: Judgment, lambdaMax: number, lambdaMin: number, beta: number): string | null {
  if (j.suggestedExact === null) return null;
  const lr = formatNumber(j.suggestedExact);
  const m0 = formatCount(j.smallestBatch);
  switch (j.suggestionBasis) {
    case 'fastest':
      return t("lr = {0}: the constant rate that comes within the tolerance of the best loss in the fewest epochs from the starting weights, found from the loss's eigen-directions (eigenvalues from λmin = {1} to λmax = {2} of the features' second-moment matrix); it lies between 1/(2λmax) and the stable bound 1/λmax (with one z-scored feature, λmin = λmax and it is 1/(2λmax): one step reaches the minimum).", lr, formatNumber(lambdaMin), formatNumber(lambdaMax));
    case 'half-steepest':
      return t("lr = 1/(2λmax) = {0}, with λmax = {1} the largest eigenvalue of the features' second-moment matrix: the steepest direction reaches its minimum in one step. (The features are too many or too badly conditioned to find the fastest rate from the loss's directions.)", lr, formatNumber(lambdaMax));
    case 'half-bound':
      return t("lr = m₀ / (2·(β + (m₀ − 1)·λmax)) = {0} for the smallest batch, m₀ = {1}, with λmax = {2} and β = {3} the largest squared row norm: half the bound below which every batch's step is stable in mean square.", lr, m0, formatNumber(lambdaMax), formatNumber(beta));
    case 'quiet':
      return t('lr = {0}: half the stable bound for batches of {1}, m₀ / (2·(β + (m₀ − 1)·λmax)) = {2} (λmax = {3}, β = {4} the largest squared row norm), lowered until the noise the batches add keeps the loss within 10% of the best on average.', lr, m0, formatNumber(j.bound !== null ? j.bound / 2 : NaN), formatNumber(lambdaMax), formatNumber(beta));
    case 'momentum-fastest':
      return t("lr = {0}: of 399 rates evenly spaced below the momentum run's stable bound {1}, the one whose exact full-batch dynamics from the starting weights come within the tolerance of the best loss in the fewest epochs (simulated along the loss's eigen-directions, λmax = {2}); there the slowest direction shrinks ×{3} per epoch.", lr, formatNumber(j.bound ?? NaN), formatNumber(lambdaMax), formatNumber(j.spectralRadiusAtSuggestion ?? NaN));
    case 'momentum-radius':
      return t("lr = {0}: of 399 rates evenly spaced below the momentum run's stable bound {1}, the one whose slowest direction shrinks most per epoch (the largest spectral radius of the momentum recurrence over the loss's directions is smallest there, {2}), with λmax = {3}.", lr, formatNumber(j.bound ?? NaN), formatNumber(j.spectralRadiusAtSuggestion ?? NaN), formatNumber(lambdaMax));
    case 'logistic-smooth':
      return t("lr = 4/λmax = {0} (1/L), with λmax = {1} the largest eigenvalue of the features' second-moment matrix M: the log loss's Hessian is at most M/4 (σ′ ≤ 1/4), so its curvature is at most L = λmax/4, and at 1/L every full-batch step is guaranteed to lower the loss by at least ‖g‖²·lr/2. A rate with that guarantee, not the fastest: the curvature at the optimum is smaller, so larger rates (up to the local bound 2/λmax(H*), when there is an optimum) may settle sooner.", lr, formatNumber(lambdaMax));
    case null:
      return null;
    default:
      return assertNever(j.suggestionBasis);
  }
}

/** The fix that points the right way for a judgment, or none (see the README's verdict rules). */
export function verdictFix(j: Judgment, config: TrainingConfig): ProblemFix | undefined {
  const lr = config.learningRate;
  switch (j.cause) {
    case null:
      return undefined;
    case 'rate-too-large':
      return j.suggested !== null && j.suggested < lr ? { path: ['learningRate'], value: j.suggested, title: fixTitle('learningRate', j.suggested, 'suggested') } : undefined;
    case 'rate-too-small':
      return j.suggested !== null && j.suggested > lr ? { path: ['learningRate'], value: j.suggested, title: fixTitle('learningRate', j.suggested, 'suggested') } : undefined;
    case 'conditioning':
      return { path: ['normalize'], value: 'zscore', title: fixTitle('normalize', 'zscore', 'scales') };
    case 'noise':
    case 'observed':
      return undefined;
    case 'epochs':
      // Full batch follows the closed form exactly, so the count is a fact; for batches it is an estimate and no fix is offered.
      return (j.suggestionBasis === 'fastest' || j.suggestionBasis === 'momentum-fastest' || j.suggestionBasis === 'momentum-radius') && j.epochsNeeded !== null && Number.isFinite(j.epochsNeeded) && j.epochsNeeded > config.epochs && j.epochsNeeded <= 1e7
        ? { path: ['epochs'], value: j.epochsNeeded, title: fixTitle('epochs', j.epochsNeeded, 'needed') }
        : undefined;
    default: {
      const never: never = j.cause;
      throw new Error(`unknown cause ${String(never)}`);
    }
  }
}

/** The problem severity and code each verdict other than converged raises. */
export const VERDICT_SEVERITY = { diverged: 'error', oscillating: 'warning', 'too-slow': 'info' } as const;
export const VERDICT_CODE = { diverged: Code.Diverged, oscillating: Code.Oscillating, 'too-slow': Code.TooSlow } as const;

/**
 * The first weights of a run along the steepest direction of the loss, measured from the best
 * weights: (θₑ − θ*)·v₁ for the first epochs. Above 1/(2λmax) the signs alternate: each step
 * jumps past the minimum. e.g. `[−23.5, 22.6, −21.7, …]` at lr 0.98 on cars.
 */
export function steepestPath(snapshots: Snapshot[], optimum: number[], direction: number[] | undefined): { epochs: number[]; offsets: number[] } | null {
  if (!direction) return null;
  const epochs: number[] = [];
  const offsets: number[] = [];
  for (const s of snapshots) {
    if (s.epoch !== epochs.length || epochs.length >= 8) break;
    const theta = [...s.weights, s.bias];
    const offset = theta.reduce((sum, t, i) => sum + (t - (optimum[i] as number)) * (direction[i] as number), 0);
    if (!Number.isFinite(offset)) break;
    epochs.push(s.epoch);
    offsets.push(offset);
  }
  return epochs.length >= 2 ? { epochs, offsets } : null;
}

/**
 * A report whose per-epoch losses fit in `maxPoints` entries, for sending to the editor: the first
 * and last epochs stay, and every bucket of epochs between keeps its lowest and highest training
 * loss (a non-finite loss counts as highest), so a spike or a blow-up survives. `history.epochs`
 * then names each entry's epoch. Shorter histories are returned as they are.
 * e.g. 1,000,000 epochs → 4,000 entries, epochs `[0, 12, 250, …, 1000000]`.
 */
export function thinHistory(report: RunReport, maxPoints: number): RunReport {
  const h = report.history;
  if (!h || h.trainLoss.length <= maxPoints) return report;
  const losses = h.trainLoss;
  const keep = extremeIndices(losses.length, (i) => losses[i] ?? Infinity, maxPoints);
  const pick = (series: (number | null)[]) => keep.map((i) => series[i] ?? null);
  return {
    ...report,
    history: {
      ...h,
      trainLoss: pick(losses),
      validationLoss: h.validationLoss ? pick(h.validationLoss) : null,
      learningRates: h.learningRates ? pick(h.learningRates) : null,
      trainAccuracy: h.trainAccuracy ? pick(h.trainAccuracy) : null,
      validationAccuracy: h.validationAccuracy ? pick(h.validationAccuracy) : null,
      epochs: keep,
    },
  };
}

/**
 * Adds line and column to every problem, at most MAX_PROBLEMS of them (the rest are counted in
 * one more): the text is parsed and its lines indexed once for all of them.
 */
export function locateAll(text: string, problems: Problem[]): LocatedProblem[] {
  const index = new TextIndex(text);
  return capProblems(problems).map((p) => {
    const span = locateProblem(text, p, index);
    return { ...p, line: span.line, column: span.column };
  });
}

/** A report for a config that could not train: only its problems. */
export function failedReport(text: string, problems: Problem[]): RunReport {
  return {
    trained: false, config: null, data: null, samples: 0, updates: null, history: null, lossUnit: '', model: null, optimizer: null, schedule: null, accuracy: null, classification: null,
    verdict: null, reason: null, verdictEpoch: null, stableLearningRateBound: null, suggestedLearningRate: null,
    suggestion: null, analysis: null, optimalLoss: null, finalLoss: null, weights: [], bias: null, epochsRun: 0, totalUpdates: 0,
    stoppedEarly: null, problems: locateAll(text, problems),
  };
}
