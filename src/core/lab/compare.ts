import { type Curvature, analyzeRows } from '../curvature';
import { type PlanChange, type RunPlan, executeRun, variantPlan } from '../run';
import type { TrainHooks } from '../train';
import { judgeRates } from './sweep';
import type { ComparedRole, ComparedRun, Comparison } from '../../shared/lab';
import type { Problem } from '../../shared/problems';

/** The too-low rate of the three-rate plan is the suggestion divided by this. */
export const TOO_LOW_DIVISOR = 30;
/** The too-high rate of the three-rate plan is the stable bound times this. */
export const TOO_HIGH_FACTOR = 1.5;

/** A rate to train and why. */
export interface PlannedRate {
  role: ComparedRole;
  learningRate: number;
}

/**
 * The three-rate plan from the closed-form facts: too low = suggestion / 30 (each update moves
 * about 1/30 as far, so it needs many times the epochs: on the cars example 122 epochs against the suggestion's 2), the suggestion
 * itself, and too high = 1.5 × the stable bound (full batch: the steepest direction's error
 * doubles in size every epoch, |1 − 2·1.5| = 2). Without a bound or a suggestion (λmax 0 or not
 * representable) there is nothing to plan from: the config's own rate alone.
 * e.g. the cars example (z-scored, full batch): bound 1, suggestion 0.49 → 0.01633, 0.49, 1.5.
 */
export function threeRatePlan(bound: number | null, suggested: number | null, current: number): PlannedRate[] {
  if (suggested === null || bound === null || !(bound > 0) || !Number.isFinite(bound)) return [{ role: 'current', learningRate: current }];
  return [
    { role: 'too-low', learningRate: suggested / TOO_LOW_DIVISOR },
    { role: 'suggested', learningRate: suggested },
    { role: 'too-high', learningRate: TOO_HIGH_FACTOR * bound },
  ];
}

export interface CompareOptions {
  /** The plan's closed-form analysis, when the caller already has it. */
  curvature?: Curvature;
  /** Per-run hooks (progress, cancellation); the worker's prefetcher may ride along. */
  hooks?: TrainHooks;
}

/**
 * The rates a learning-rate comparison trains: `rates` when given (e.g. `--rates`), else the
 * config's `compare.learningRates`, else the three-rate plan.
 */
export function plannedRates(plan: RunPlan, curvature: Curvature, rates?: readonly number[]): PlannedRate[] {
  const listed = rates ?? plan.config.compare.learningRates;
  if (listed) return listed.map((learningRate) => ({ role: 'listed', learningRate }));
  const j = judgeRates(plan, curvature);
  return threeRatePlan(j.bound, j.suggested, plan.config.learningRate);
}

/**
 * Trains the config at a few learning rates (see `plannedRates`), each an ordinary RunReport on
 * the same rows, judged with one curvature analysis. A report's problems are located in `text`
 * (the file's own), and its verdict problem speaks of the compared run's rate.
 */
export function compareLearningRates(plan: RunPlan, problems: Problem[], text: string, rates?: readonly number[], options: CompareOptions = {}): Comparison {
  const curvature = options.curvature ?? analyzeRows(plan.prepared.train, plan.config.model.kind);
  const runs = plannedRates(plan, curvature, rates).map(({ role, learningRate }) => compared(role, variantPlan(plan, { learningRate }), problems, text, curvature, options));
  return { kind: 'learning-rates', runs };
}

/**
 * Trains the config as full batch, mini-batches and SGD at its own rate and epochs (the
 * mini-batch size is the update table's: the config's when it is a mini-batch, else 100), each an
 * ordinary RunReport with its update counts.
 * e.g. cars (318 training rows), 50 epochs: 50, 200 and 15,900 updates.
 */
export function compareBatchSizes(plan: RunPlan, problems: Problem[], text: string, options: CompareOptions = {}): Comparison {
  const curvature = options.curvature ?? analyzeRows(plan.prepared.train, plan.config.model.kind);
  const runs = batchSizePlan(plan).map(({ role, batchSize }) => compared(role, variantPlan(plan, { batchSize }), problems, text, curvature, options));
  return { kind: 'batch-sizes', runs };
}

/** The batch sizes `compareBatchSizes` trains, in order: full batch, the update table's mini-batch, SGD. */
export function batchSizePlan(plan: RunPlan): { role: ComparedRole; batchSize: number | 'full' }[] {
  return [
    { role: 'full-batch', batchSize: 'full' },
    { role: 'mini-batch', batchSize: plan.updates.miniBatch.batchSize },
    { role: 'sgd', batchSize: 1 },
  ];
}

/**
 * One run of a comparison (what a worker of the lab's pool trains): the plan varied by `change`,
 * judged with the shared `curvature`. `compareLearningRates` and `compareBatchSizes` are these runs in a row.
 */
export function comparedRun(role: ComparedRole, plan: RunPlan, change: PlanChange, problems: Problem[], text: string, curvature: Curvature, hooks?: TrainHooks): ComparedRun {
  return compared(role, variantPlan(plan, change), problems, text, curvature, hooks ? { hooks } : {});
}

function compared(role: ComparedRole, plan: RunPlan, problems: Problem[], text: string, curvature: Curvature, options: CompareOptions): ComparedRun {
  return { role, learningRate: plan.config.learningRate, batchSize: plan.batchSize, report: executeRun(plan, problems, text, options.hooks, curvature) };
}
