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
import { t } from './l10n';

/** "too low (suggestion ÷ 30)", "suggested", "SGD" … e.g. for a legend or a CLI line. */
export function comparedRoleLabel(role: ComparedRole): string {
  switch (role) {
    case 'too-low':
      return t('too low (suggestion ÷ 30)');
    case 'suggested':
      return t('suggested');
    case 'too-high':
      return t('too high (1.5 × bound)');
    case 'listed':
      return t('listed');
    case 'current':
      return t('this file’s rate');
    case 'full-batch':
      return t('full batch');
    case 'mini-batch':
      return t('mini-batch');
    case 'sgd':
      return 'SGD';
    case 'sgd-suggested':
      return t('suggested');
    case 'sgd-current':
      return t('this file’s rate');
    case 'momentum-suggested':
      return t('its suggestion');
    case 'momentum-scaled':
      return t('plain rate × (1 − μ)');
    case 'adam-swept':
      return t('best of {0} tried', formatCount(ADAM_SWEEP_SIZE));
    case 'adam-smallest':
      return t('smallest of {0} tried, all diverged', formatCount(ADAM_SWEEP_SIZE));
    default:
      return assertNever(role);
  }
}

/** The sweep's summary line, e.g. "best rate 0.3981 (converged at epoch 3, final loss 18.71); stable bound 1, suggested 0.49". */
export function sweepSummary(best: { learningRate: number; finalLoss: number; verdict?: string; verdictEpoch?: number | null } | null, bound: number | null, suggested: number | null): string {
  const boundMark = bound !== null ? t('stable bound {0}', formatNumber(bound)) : t('no stable bound');
  const suggestedMark = suggested !== null ? t('suggested {0}', formatNumber(suggested)) : t('no suggestion');
  const head = !best
    ? t('every rate diverged')
    : best.verdict === 'converged' && typeof best.verdictEpoch === 'number'
      ? t('best rate {0} (converged at epoch {1}, final loss {2})', formatNumber(best.learningRate), formatCount(best.verdictEpoch), formatNumber(best.finalLoss))
      : t('best rate {0} (final loss {1})', formatNumber(best.learningRate), formatNumber(best.finalLoss));
  return t('{0}; {1}, {2}', head, boundMark, suggestedMark);
}

/** How many rates Adam's sweep tries in an optimizer comparison (src/core/lab/optimizers.ts ADAM_RATES). */
export const ADAM_SWEEP_SIZE = 9;

/** An optimizer's short name for a legend: "plain descent", "momentum 0.9", "Nesterov momentum 0.9", "Adam". */
export function optimizerName(o: OptimizerConfig): string {
  return o.kind === 'sgd' ? t('plain descent') : o.kind === 'adam' ? 'Adam' : optimizerPhrase(o);
}

/** An optimizer comparison's curve label, e.g. "momentum 0.9 · lr 0.041 (its suggestion): converged at epoch 12". */
export function optimizerRunLabel(run: { role: ComparedRole; learningRate: number; optimizer: OptimizerConfig }, verdict: string): string {
  return t('{0} · lr {1} ({2}): {3}', optimizerName(run.optimizer), formatNumber(run.learningRate), comparedRoleLabel(run.role), verdict);
}

/**
 * How an optimizer comparison chose its rates, one line per rule that applied, e.g. for cars (full
 * batch): plain descent's suggestion, momentum's from its exact dynamics, Adam's from its sweep.
 */
export function optimizersNote(roles: readonly ComparedRole[]): string[] {
  const lines = [t('Each optimizer trains this file’s data, batch size, epochs and seed at a constant rate of its own (a schedule in the file is left out: the suggestions are for a constant rate).')];
  if (roles.includes('sgd-suggested')) lines.push(t('Plain descent: the suggested rate, worked out from the data’s curvature before any training.'));
  if (roles.includes('sgd-current')) lines.push(t('Plain descent: this file’s rate, since the data has no stable bound to suggest one from.'));
  if (roles.includes('momentum-suggested')) lines.push(t('Momentum: its own suggestion, the rate below its bound whose exact full-batch dynamics settle in the fewest epochs.'));
  if (roles.includes('momentum-scaled')) lines.push(t('Momentum: no closed form gives a rate here (there is one only for the squared error on full batches), so plain descent’s rate × (1 − μ): a steady gradient then moves the weights as far per update as plain descent does.'));
  return lines;
}

/** How an optimizer comparison chose a run's rate, in full (its table's column), e.g. "its own suggestion: the exact full-batch dynamics settle fastest". */
export function optimizerRoleDetail(role: ComparedRole): string {
  switch (role) {
    case 'sgd-suggested':
      return t('the suggested rate (closed form)');
    case 'sgd-current':
      return t('this file’s rate (no stable bound to suggest from)');
    case 'momentum-suggested':
      return t('its own suggestion: its exact full-batch dynamics settle fastest');
    case 'momentum-scaled':
      return t('plain descent’s rate × (1 − μ) (no closed form for momentum here)');
    case 'adam-swept':
      return t('the best of {0} rates tried (see below)', formatCount(ADAM_SWEEP_SIZE));
    case 'adam-smallest':
      return t('the smallest of {0} rates tried: every one diverged', formatCount(ADAM_SWEEP_SIZE));
    default:
      return comparedRoleLabel(role);
  }
}

/** What Adam's sweep tried, e.g. "Adam's rate was chosen from 7 rates, each trained like this run: 0.001 too slow; 0.003162 converged at epoch 40; …". */
export function triedRatesLine(name: string, tried: readonly TriedRate[]): string {
  const each = tried.map((r) => `${formatNumber(r.learningRate)} ${verdictSummary(r.verdict, r.verdictEpoch)}`).join('; ');
  return t('{0}’s rate was chosen from {1} rates, each trained for the same epochs: {2}. The best is the one that converged in the fewest epochs (else the lowest final loss).', name, formatCount(tried.length), each);
}

/** A compared run's curve label, e.g. "lr 1.5 · too high (1.5 × bound): diverged at epoch 1", "batch 1 · SGD: converged at epoch 4". */
export function comparedRunLabel(kind: 'rates' | 'batches', run: { role: ComparedRole; learningRate: number; batchSize: number }, verdict: string): string {
  const what = kind === 'rates' ? `lr ${formatNumber(run.learningRate)}` : t('batch {0}', formatCount(run.batchSize));
  return t('{0} · {1}: {2}', what, comparedRoleLabel(run.role), verdict);
}

/** The heading of a comparison, e.g. "3 learning rates on training.json: converged, too slow, diverged". */
export function comparisonHeading(kind: 'rates' | 'batches' | 'optimizers', fileName: string, verdicts: readonly string[]): string {
  const list = verdicts.join('; ');
  if (kind === 'optimizers') return t('plain descent, momentum and Adam, each at its own rate on {0}: {1}', fileName, list);
  if (kind === 'batches') return t('full batch, mini-batch and SGD on {0}: {1}', fileName, list);
  return verdicts.length === 1 ? t('{0} learning rate on {1}: {2}', verdicts.length, fileName, list) : t('{0} learning rates on {1}: {2}', verdicts.length, fileName, list);
}

/**
 * The sweep's marks in words: what the stable bound and the suggestion are, and what "best" means.
 * e.g. for cars: "The stable bound, 1, is 1/λmax (full batch): above it the steepest direction's error grows every epoch and the loss diverges."
 */
export function sweepExplanation(s: { regime: 'full-batch' | 'stochastic'; boundBatch: number; stableLearningRateBound: number | null; suggestedLearningRate: number | null; epochs: number; points: { length: number } }): string[] {
  const lines: string[] = [];
  if (s.stableLearningRateBound === null) lines.push(t('There is no stable bound for this data (its curvature is 0 or not representable): the rates are spread around the file’s own rate.'));
  else if (s.regime === 'full-batch')
    lines.push(t('The stable bound, {0}, is 1/λmax (full batch): below it every step shrinks the error along every direction; above it the steepest direction’s error grows every epoch and the loss diverges.', formatNumber(s.stableLearningRateBound)));
  else
    lines.push(
      t('The stable bound, {0}, is m₀/(β + (m₀ − 1)·λmax) for the smallest batch of {1} row(s): below it every batch’s expected step contracts; on or above it steps on the largest examples overshoot.', formatNumber(s.stableLearningRateBound), formatCount(s.boundBatch)),
    );
  if (s.suggestedLearningRate !== null) lines.push(t('The suggested rate, {0}, is worked out from the same closed form before any training: the rate that settles fastest, or half the bound when the batches’ noise decides.', formatNumber(s.suggestedLearningRate)));
  lines.push(
    t('Each of the {0} rates trains the file’s batch size for {1} epochs from zero weights; a rate stops early once its loss passes 100× its start. The best (★) is the rate that converged in the fewest epochs (a tie goes to the smaller rate), or, when none converged, the lowest final loss.', formatCount(s.points.length), formatCount(s.epochs)),
  );
  return lines;
}
