import type { Curvature } from '../curvature';
import { type RunPlan, variantPlan } from '../run';
import type { TrainHooks } from '../train';
import { comparedRun } from './compare';
import { bestPoint, judgeRates, sweepLearningRates } from './sweep';
import { type ComparedRole, type ComparedRun, OPTIMIZER_RUNS, type TriedRate } from '../../shared/lab';

export { OPTIMIZER_RUNS };
import type { OptimizerConfig, ScheduleConfig } from '../../shared/report';
import type { Problem } from '../../shared/problems';

/** Momentum's μ when the file does not name one: the usual 0.9 (PyTorch examples, Sutskever et al. 2013). */
export const DEFAULT_MOMENTUM = 0.9;
/** Adam's constants when the file does not name them: PyTorch's defaults. */
export const DEFAULT_ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;
/**
 * The rates Adam's sweep tries, two a decade from 10⁻³ to 10 (shown to four digits, as the lab
 * writes rates). Adam moves every parameter about lr per update whatever the gradient's size, so
 * with weights of the order of the label's spread this spans too slow to too jumpy.
 */
export const ADAM_RATES: readonly number[] = [0.001, 0.003162, 0.01, 0.03162, 0.1, 0.3162, 1, 3.162, 10];

/** Every run of an optimizer comparison trains at a constant rate: the suggestions are for one, and a schedule would change what each rate means. */
const CONSTANT: ScheduleConfig = { kind: 'constant', warmupEpochs: 0 };

/** One run of an optimizer comparison before its rate is known (Adam's comes from a sweep). */
export interface PlannedOptimizer {
  optimizer: OptimizerConfig;
  /** The rate and why, or null: Adam's rate is chosen by `adamRate`. */
  rate: { role: ComparedRole; learningRate: number } | null;
}

/**
 * The three optimizers an optimizer comparison trains, on the file's data, batch size, epochs and
 * seed, each at a constant rate of its own:
 * - plain descent at its suggested rate (the closed form; the file's rate when there is none);
 * - momentum (the file's μ and Nesterov when it uses momentum, else heavy ball 0.9): on full batch
 *   at the suggestion of its exact dynamics (verdict/momentum.ts, the rate that settles in the
 *   fewest epochs), otherwise (batches, the log loss) at plain descent's rate × (1 − μ), which keeps the long-run step
 *   lr/(1 − μ) of a steady gradient equal to plain descent's;
 * - Adam (the file's β1, β2, ε when it uses Adam, else PyTorch's): its rate is `adamRate`'s.
 * e.g. cars, full batch: plain 0.49, momentum 0.9 at its suggestion, Adam the best of ADAM_RATES.
 */
export function optimizerPlan(plan: RunPlan, curvature: Curvature): PlannedOptimizer[] {
  const own = plan.config.optimizer;
  const sgd = judgeRates(variantPlan(plan, { optimizer: { kind: 'sgd' }, learningRateSchedule: CONSTANT }), curvature).suggested;
  const plainRate = sgd ?? plan.config.learningRate;
  const momentum: OptimizerConfig = own.kind === 'momentum' ? own : { kind: 'momentum', momentum: DEFAULT_MOMENTUM, nesterov: false };
  const mu = momentum.kind === 'momentum' ? momentum.momentum : DEFAULT_MOMENTUM;
  const momentumJudged = judgeRates(variantPlan(plan, { optimizer: momentum, learningRateSchedule: CONSTANT }), curvature);
  const momentumRate = momentumJudged.basis === 'momentum' && momentumJudged.suggested !== null ? { role: 'momentum-suggested' as const, learningRate: momentumJudged.suggested } : { role: 'momentum-scaled' as const, learningRate: plainRate * (1 - mu) };
  const adam: OptimizerConfig = own.kind === 'adam' ? own : { kind: 'adam', ...DEFAULT_ADAM };
  return [
    { optimizer: { kind: 'sgd' }, rate: { role: sgd !== null ? 'sgd-suggested' : 'sgd-current', learningRate: plainRate } },
    { optimizer: momentum, rate: momentumRate },
    { optimizer: adam, rate: null },
  ];
}

/**
 * Adam's rate: trains each of `rates` (the file's batch size and epochs, a constant rate) and takes
 * the sweep's best (`bestPoint`: the rate that converged in the fewest epochs, ties to the smaller;
 * else the lowest final loss of those that did not diverge). When every rate diverged, the
 * smallest (`adam-smallest`). `tried` says what each rate did.
 */
export function adamRate(plan: RunPlan, curvature: Curvature, optimizer: OptimizerConfig, rates: readonly number[] = ADAM_RATES): { role: ComparedRole; learningRate: number; tried: TriedRate[] } {
  const sweep = sweepLearningRates(variantPlan(plan, { optimizer, learningRateSchedule: CONSTANT }), { rates, curvature });
  const tried = sweep.points.map((p) => ({ learningRate: p.learningRate, verdict: p.verdict, verdictEpoch: p.verdictEpoch }));
  const best = bestPoint(sweep.points);
  if (best === null) return { role: 'adam-smallest', learningRate: Math.min(...rates), tried };
  return { role: 'adam-swept', learningRate: (sweep.points[best] as { learningRate: number }).learningRate, tried };
}

/**
 * Run `index` of the optimizer comparison (what one worker of the lab's pool trains), or null past
 * the plan's end. Adam's run first sweeps its rates, then trains the best with its full history.
 */
export function comparedOptimizerRun(index: number, plan: RunPlan, problems: Problem[], text: string, curvature: Curvature, hooks?: TrainHooks): ComparedRun | null {
  const mine = optimizerPlan(plan, curvature)[index];
  if (!mine) return null;
  const chosen: { role: ComparedRole; learningRate: number; tried?: TriedRate[] } = mine.rate ?? adamRate(plan, curvature, mine.optimizer);
  const run = comparedRun(chosen.role, plan, { learningRate: chosen.learningRate, optimizer: mine.optimizer, learningRateSchedule: CONSTANT }, problems, text, curvature, hooks);
  return chosen.tried ? { ...run, tried: chosen.tried } : run;
}

/** The whole optimizer comparison in one thread (the CLI and tests; the lab runs each in a worker). */
export function compareOptimizers(plan: RunPlan, problems: Problem[], text: string, curvature: Curvature): { kind: 'optimizers'; runs: ComparedRun[] } {
  const runs: ComparedRun[] = [];
  for (let i = 0; i < OPTIMIZER_RUNS; i++) {
    const run = comparedOptimizerRun(i, plan, problems, text, curvature);
    if (run) runs.push(run);
  }
  return { kind: 'optimizers', runs };
}
