/**
 * The learning lab's words: what each compared run is, and the sweep's marks. Beside the one
 * wording table (wording.ts), which says everything about a single run; numbers go through the one
 * formatter.
 */
import { formatCount, formatNumber } from './format';
import type { ComparedRole } from './lab';
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

/** A compared run's curve label, e.g. "lr 1.5 · too high (1.5 × bound): diverged at epoch 1", "batch 1 · SGD: converged at epoch 4". */
export function comparedRunLabel(kind: 'rates' | 'batches', run: { role: ComparedRole; learningRate: number; batchSize: number }, verdict: string): string {
  const what = kind === 'rates' ? `lr ${formatNumber(run.learningRate)}` : `batch ${formatCount(run.batchSize)}`;
  return `${what} · ${comparedRoleLabel(run.role)}: ${verdict}`;
}

/** The heading of a comparison, e.g. "3 learning rates on training.json: converged, too slow, diverged". */
export function comparisonHeading(kind: 'rates' | 'batches', fileName: string, verdicts: readonly string[]): string {
  const what = kind === 'rates' ? `${verdicts.length} learning rate${verdicts.length === 1 ? '' : 's'}` : 'full batch, mini-batch and SGD';
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
