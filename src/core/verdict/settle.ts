/** The thresholds every verdict rule shares (plain, momentum, observed), and the curve's rises. */

/** Settled: within 1% of L* … */
export const RELATIVE_TOLERANCE = 0.01;
/** … or, for data a line fits (almost) exactly, within 10⁻⁶ of the label's variance (RMSE 0.1% of its spread). */
export const VARIANCE_FLOOR = 1e-6;
/** A rate within this share of the full-batch bound counts as on it (the top direction neither grows nor shrinks). */
export const ON_BOUND = 1e-6;
/** Stochastic runs are read through means over windows of up to this many epochs (a fifth of the run at most). */
export const MAX_SMOOTHING = 10;
/** A stochastic run counts as settled within this many noise floors (plus the base tolerance) of L*. */
export const NOISE_FLOORS = 3;
/** A noise floor above this share of L* is no convergence, whatever the curve does: the rate (or the batch) is the problem. */
export const MAX_NOISE_FLOOR = 0.5;

/** A run whose loss rose this many times in its second half (each by more than the tolerance) is oscillating by the observed rules. */
export const MIN_RISES = 3;

/**
 * Epochs in the second half of a run whose loss rose above the epoch before by more than
 * `tolerance` (a non-finite loss counts as a rise): how often the curve went back up.
 */
export function countRises(trainLoss: readonly number[], tolerance: number): number {
  const last = trainLoss.length - 1;
  let rises = 0;
  for (let e = Math.max(1, Math.ceil(last / 2) + 1); e <= last; e++) {
    const now = trainLoss[e] as number;
    if (!Number.isFinite(now) || now > (trainLoss[e - 1] as number) + tolerance) rises++;
  }
  return rises;
}

