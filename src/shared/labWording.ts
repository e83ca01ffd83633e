/**
 * The learning lab's words: what each compared run is, and the sweep's marks. Beside the one
 * wording table (wording.ts), which says everything about a single run; numbers go through the one
 * formatter.
 */
import { formatCount, formatNumber } from './format';
import type { ComparedRole, TriedRate } from './lab';
import type { OptimizerConfig } from './report';
import { optimizerPhrase, verdictSummary } from './wording';
import { assertNever } from './assertNever';

/** "too low (suggestion ÷ 30)", "suggested", "SGD" … e.g. for a legend or a CLI line. */
export function comparedRoleLabel(role: ComparedRole): string {
  switch (role) {
    case 'too-low':
      return 'too low (suggestion ÷ 30)';
    case 'suggested':
      return 'suggested';
    case 'too-high':
      return 'too high (1.5 × bound)';
    case 'listed':
      return 'listed';
    case 'current':
      return 'this file’s rate';
    case 'full-batch':
      return 'full batch';
    case 'mini-batch':
      return 'mini-batch';
    case 'sgd':
      return 'SGD';
    case 'sgd-suggested':
      return 'suggested';
    case 'sgd-current':
      return 'this file’s rate';
    case 'momentum-suggested':
      return 'its suggestion';
    case 'momentum-scaled':
      return 'plain rate × (1 − μ)';
    case 'adam-swept':
      return `best of ${formatCount(ADAM_SWEEP_SIZE)} tried`;
    case 'adam-smallest':
      return `smallest of ${formatCount(ADAM_SWEEP_SIZE)} tried, all diverged`;
    default:
      return assertNever(role);
  }
}

/** The sweep's summary line, e.g. "best rate 0.3981 (converged at epoch 3, final loss 18.71); stable bound 1, suggested 0.49". */
export function sweepSummary(best: { learningRate: number; finalLoss: number; verdict?: string; verdictEpoch?: number | null } | null, bound: number | null, suggested: number | null): string {
  const marks = [bound !== null ? `stable bound ${formatNumber(bound)}` : 'no stable bound', suggested !== null ? `suggested ${formatNumber(suggested)}` : 'no suggestion'].join(', ');
  const settled = best?.verdict === 'converged' && typeof best.verdictEpoch === 'number' ? `converged at epoch ${formatCount(best.verdictEpoch)}, ` : '';
  const head = best ? `best rate ${formatNumber(best.learningRate)} (${settled}final loss ${formatNumber(best.finalLoss)})` : 'every rate diverged';
  return `${head}; ${marks}`;
}

/** How many rates Adam's sweep tries in an optimizer comparison (src/core/lab/optimizers.ts ADAM_RATES). */
export const ADAM_SWEEP_SIZE = 9;

/** An optimizer's short name for a legend: "plain descent", "momentum 0.9", "Nesterov momentum 0.9", "Adam". */
export function optimizerName(o: OptimizerConfig): string {
  return o.kind === 'sgd' ? 'plain descent' : o.kind === 'adam' ? 'Adam' : optimizerPhrase(o);
}

/** An optimizer comparison's curve label, e.g. "momentum 0.9 · lr 0.041 (its suggestion): converged at epoch 12". */
export function optimizerRunLabel(run: { role: ComparedRole; learningRate: number; optimizer: OptimizerConfig }, verdict: string): string {
  return `${optimizerName(run.optimizer)} · lr ${formatNumber(run.learningRate)} (${comparedRoleLabel(run.role)}): ${verdict}`;
}

/**
 * How an optimizer comparison chose its rates, one line per rule that applied, e.g. for cars (full
 * batch): plain descent's suggestion, momentum's from its exact dynamics, Adam's from its sweep.
 */
export function optimizersNote(roles: readonly ComparedRole[]): string[] {
  const lines = ['Each optimizer trains this file’s data, batch size, epochs and seed at a constant rate of its own (a schedule in the file is left out: the suggestions are for a constant rate).'];
  if (roles.includes('sgd-suggested')) lines.push('Plain descent: the suggested rate, worked out from the data’s curvature before any training.');
  if (roles.includes('sgd-current')) lines.push('Plain descent: this file’s rate, since the data has no stable bound to suggest one from.');
  if (roles.includes('momentum-suggested')) lines.push('Momentum: its own suggestion, the rate below its bound whose exact full-batch dynamics settle in the fewest epochs.');
  if (roles.includes('momentum-scaled')) lines.push('Momentum: no closed form gives a rate here (there is one only for the squared error on full batches), so plain descent’s rate × (1 − μ): a steady gradient then moves the weights as far per update as plain descent does.');
  return lines;
}

/** How an optimizer comparison chose a run's rate, in full (its table's column), e.g. "its own suggestion: the exact full-batch dynamics settle fastest". */
export function optimizerRoleDetail(role: ComparedRole): string {
  switch (role) {
    case 'sgd-suggested':
      return 'the suggested rate (closed form)';
    case 'sgd-current':
      return 'this file’s rate (no stable bound to suggest from)';
    case 'momentum-suggested':
      return 'its own suggestion: its exact full-batch dynamics settle fastest';
    case 'momentum-scaled':
      return 'plain descent’s rate × (1 − μ) (no closed form for momentum here)';
    case 'adam-swept':
      return `the best of ${formatCount(ADAM_SWEEP_SIZE)} rates tried (see below)`;
    case 'adam-smallest':
      return `the smallest of ${formatCount(ADAM_SWEEP_SIZE)} rates tried: every one diverged`;
    default:
      return comparedRoleLabel(role);
  }
}

/** What Adam's sweep tried, e.g. "Adam's rate was chosen from 7 rates, each trained like this run: 0.001 too slow; 0.003162 converged at epoch 40; …". */
export function triedRatesLine(name: string, tried: readonly TriedRate[]): string {
  return `${name}’s rate was chosen from ${formatCount(tried.length)} rates, each trained for the same epochs: ${tried.map((t) => `${formatNumber(t.learningRate)} ${verdictSummary(t.verdict, t.verdictEpoch)}`).join('; ')}. The best is the one that converged in the fewest epochs (else the lowest final loss).`;
}

/** A compared run's curve label, e.g. "lr 1.5 · too high (1.5 × bound): diverged at epoch 1", "batch 1 · SGD: converged at epoch 4". */
export function comparedRunLabel(kind: 'rates' | 'batches', run: { role: ComparedRole; learningRate: number; batchSize: number }, verdict: string): string {
  const what = kind === 'rates' ? `lr ${formatNumber(run.learningRate)}` : `batch ${formatCount(run.batchSize)}`;
  return `${what} · ${comparedRoleLabel(run.role)}: ${verdict}`;
}

/** The heading of a comparison, e.g. "3 learning rates on training.json: converged, too slow, diverged". */
export function comparisonHeading(kind: 'rates' | 'batches' | 'optimizers', fileName: string, verdicts: readonly string[]): string {
  const what = kind === 'rates' ? `${verdicts.length} learning rate${verdicts.length === 1 ? '' : 's'}` : kind === 'optimizers' ? 'plain descent, momentum and Adam, each at its own rate' : 'full batch, mini-batch and SGD';
  return `${what} on ${fileName}: ${verdicts.join('; ')}`;
}

/**
 * The sweep's marks in words: what the stable bound and the suggestion are, and what "best" means.
 * e.g. for cars: "The stable bound, 1, is 1/λmax (full batch): above it the steepest direction's error grows every epoch and the loss diverges."
 */
export function sweepExplanation(s: { regime: 'full-batch' | 'stochastic'; boundBatch: number; stableLearningRateBound: number | null; suggestedLearningRate: number | null; epochs: number; points: { length: number } }): string[] {
  const lines: string[] = [];
  if (s.stableLearningRateBound === null) lines.push('There is no stable bound for this data (its curvature is 0 or not representable): the rates are spread around the file’s own rate.');
  else if (s.regime === 'full-batch')
    lines.push(`The stable bound, ${formatNumber(s.stableLearningRateBound)}, is 1/λmax (full batch): below it every step shrinks the error along every direction; above it the steepest direction’s error grows every epoch and the loss diverges.`);
  else
    lines.push(
      `The stable bound, ${formatNumber(s.stableLearningRateBound)}, is m₀/(β + (m₀ − 1)·λmax) for the smallest batch of ${formatCount(s.boundBatch)} row(s): below it every batch’s expected step contracts; on or above it steps on the largest examples overshoot.`,
    );
  if (s.suggestedLearningRate !== null) lines.push(`The suggested rate, ${formatNumber(s.suggestedLearningRate)}, is worked out from the same closed form before any training: the rate that settles fastest, or half the bound when the batches’ noise decides.`);
  lines.push(
    `Each of the ${formatCount(s.points.length)} rates trains the file’s batch size for ${formatCount(s.epochs)} epochs from zero weights; a rate stops early once its loss passes 100× its start. The best (★) is the rate that converged in the fewest epochs (a tie goes to the smaller rate), or, when none converged, the lowest final loss.`,
  );
  return lines;
}
