import { type Curvature, analyzeRows, startingLoss } from '../curvature';
import { LOG_LOSS_UNIT, type RunPlan, trainPlan, variantPlan } from '../run';
import { type RunFacts, judgeRun } from '../verdict';
import type { SweepPoint, SweepReport } from '../../shared/lab';
import type { Judgment } from '../../shared/report';

/** A sweep's default grid: 24 rates, 5 a decade, the top 3 above the bound (the bound itself is one of them). */
export const SWEEP_RATES = 24;
export const SWEEP_PER_DECADE = 5;
export const SWEEP_ABOVE_BOUND = 3;
/**
 * A rate whose training loss passes this many times its start is stopped there and judged
 * diverged. Full batch: below the bound the loss never rises above its start (every direction's
 * error shrinks or holds), so only a rate above it, which the verdict calls diverged, can pass it.
 * Batches: below the bound the batches' noise keeps the expected loss near L*, far below 100× the
 * start; the tests check the verdicts against whole runs.
 */
export const SWEEP_STOP_FACTOR = 100;
/** Final losses within this share of the lowest are a tie (rounding), won by the smaller rate. */
export const SWEEP_TIE = 1e-9;

export interface SweepOptions {
  /** The rates to train (any order; the report sorts them). Default: the grid `sweepGrid` spans around the bound. */
  rates?: readonly number[];
  /** The plan's closed-form analysis, when the caller already has it (it depends on the rows alone). */
  curvature?: Curvature;
  /** Called after each rate with its point (progress); return false to stop the sweep there. */
  onPoint?(point: SweepPoint, index: number, count: number): boolean | void;
}

/**
 * Rates log-spaced around an anchor: anchor × 10^(k / perDecade) for k from
 * −(count − 1 − above) to `above`, so the anchor itself is on the grid and `above` rates lie beyond it.
 * e.g. `sweepGrid(1)` → 10⁻⁴, 10⁻³·⁸, …, 1, 10⁰·², 10⁰·⁴, 10⁰·⁶ (24 rates).
 */
export function sweepGrid(anchor: number, count = SWEEP_RATES, perDecade = SWEEP_PER_DECADE, above = SWEEP_ABOVE_BOUND): number[] {
  const first = -(count - 1 - above);
  return Array.from({ length: count }, (_, i) => anchor * 10 ** ((first + i) / perDecade));
}

/**
 * The bound and the suggestion of a config's data and batch size, without training: the verdict
 * derives them from the curvature alone, so judging the start (epoch 0) gives them.
 */
export function judgeRates(plan: RunPlan, curvature: Curvature): Judgment {
  return judgeRun([startingLoss(curvature)], runFacts(plan, plan.config.learningRate, curvature, []));
}

/** A logistic run's facts carry its training accuracy per epoch (`accuracy`); a linear run's have none. */
const runFacts = (plan: RunPlan, learningRate: number, curvature: Curvature, accuracy: readonly number[] | null | undefined): RunFacts => ({
  ...(curvature.logistic ? { logistic: { analysis: curvature.logistic, trainAccuracy: accuracy ?? [] } } : {}),
  curvature,
  learningRate,
  rows: plan.prepared.train.rows,
  batchSize: plan.batchSize,
  epochs: plan.config.epochs,
  normalize: plan.config.normalize,
  optimizer: plan.config.optimizer,
  schedule: plan.config.learningRateSchedule,
});

/**
 * Trains the plan's config at many learning rates and reads final loss against rate (Smith's
 * learning-rate range test, but each rate is a whole run from θ = 0 and is judged). One prepared
 * dataset and one curvature analysis serve every rate; each rate trains the config's batch size
 * and epochs (the same budget of updates) and stops early once its loss overflows or passes
 * `SWEEP_STOP_FACTOR` × its start. A point that ran every epoch is exactly the run
 * `runTraining` makes at that rate: same losses, same verdict.
 * e.g. on all 398 cars (z-scored, full batch, 50 epochs): bound 1, suggestion 0.49, best ≈ 0.398 (converged at epoch 3).
 */
export function sweepLearningRates(plan: RunPlan, options: SweepOptions = {}): SweepReport {
  const { config, prepared } = plan;
  const curvature = options.curvature ?? analyzeRows(prepared.train, config.model.kind);
  const base = judgeRates(plan, curvature);
  const anchor = base.bound !== null && base.bound > 0 && Number.isFinite(base.bound) ? base.bound : config.learningRate;
  const rates = [...(options.rates ?? sweepGrid(anchor))].sort((a, b) => a - b);
  const points: SweepPoint[] = [];
  let startLoss = startingLoss(curvature);
  for (const [i, learningRate] of rates.entries()) {
    const stopAbove = SWEEP_STOP_FACTOR * startingLoss(curvature);
    // The config's own optimizer and schedule: plain SGD at a constant rate is trainModel, as before.
    const result = trainPlan(variantPlan(plan, { learningRate }), { onEpoch: (_epoch, loss) => !(loss > stopAbove) }, { maxSnapshots: 1, recordBatchLoss: false });
    const loss = result.trainLoss;
    startLoss = loss[0] ?? startLoss;
    const judgment = judgeRun(loss, runFacts(plan, learningRate, curvature, result.trainAccuracy));
    const stopped = result.cancelled;
    const verdict = stopped ? 'diverged' : judgment.verdict;
    const firstAbove = loss.findIndex((l, e) => e > 0 && (!Number.isFinite(l) || l > (loss[0] as number)));
    const last = loss[loss.length - 1] ?? NaN;
    const point: SweepPoint = {
      learningRate,
      finalLoss: verdict === 'diverged' || !Number.isFinite(last) ? null : last,
      epochsRun: result.epochsRun,
      stoppedEarly: result.nonFinite ? 'non-finite' : stopped ? 'diverging' : null,
      verdict,
      verdictEpoch: stopped && judgment.verdict !== 'diverged' ? (firstAbove > 0 ? firstAbove : null) : judgment.epoch,
    };
    points.push(point);
    if (options.onPoint?.(point, i, rates.length) === false) break;
  }
  return {
    points,
    best: bestPoint(points),
    regime: base.regime,
    batchSize: plan.batchSize,
    boundBatch: base.smallestBatch,
    epochs: config.epochs,
    stableLearningRateBound: base.bound,
    suggestedLearningRate: base.suggested,
    optimalLoss: base.optimalLoss,
    startLoss,
    lossUnit: curvature.logistic ? LOG_LOSS_UNIT : `(${plan.dataset.labelName})²`,
  };
}

/**
 * The best point: among rates that converged, the one that converged first (the fewest epochs to
 * settle; a tie goes to the smaller rate), since every converged rate ends at L* to within the
 * tolerance and the final losses among them differ only by rounding. When none converged, the
 * lowest final loss among rates that did not diverge (a tie, within SWEEP_TIE, goes to the smaller
 * rate). Null when every rate diverged.
 */
export function bestPoint(points: readonly SweepPoint[]): number | null {
  let best: number | null = null;
  points.forEach((p, i) => {
    if (p.verdict !== 'converged' || p.verdictEpoch === null) return;
    const b = best === null ? null : (points[best] as SweepPoint);
    if (b === null || (p.verdictEpoch as number) < (b.verdictEpoch as number) || (p.verdictEpoch === b.verdictEpoch && p.learningRate < b.learningRate)) best = i;
  });
  if (best !== null) return best;
  let lowest = Infinity;
  for (const p of points) if (p.finalLoss !== null && p.verdict !== 'diverged' && p.finalLoss < lowest) lowest = p.finalLoss;
  if (lowest === Infinity) return null;
  points.forEach((p, i) => {
    if (p.finalLoss === null || p.verdict === 'diverged' || p.finalLoss > lowest + SWEEP_TIE * Math.abs(lowest)) return;
    if (best === null || p.learningRate < (points[best] as SweepPoint).learningRate) best = i;
  });
  return best;
}
