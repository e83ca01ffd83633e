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
