/**
 * The learning lab's results, as the CLI prints them and a panel draws them: a learning-rate
 * sweep (final loss against rate) and comparisons of a few runs of one config. Types only; the
 * rules are in src/core/lab and the README ("The learning lab").
 */
import type { Regime, RunReport, Verdict } from './report';

/**
 * One rate of a sweep, trained on the config's data, batch size and epochs.
 * e.g. `{ learningRate: 0.1585, finalLoss: 18.71, epochsRun: 50, stoppedEarly: null, verdict: "converged", verdictEpoch: 6 }`.
 */
export interface SweepPoint {
  learningRate: number;
  /** The training loss after the last epoch trained; null when the run diverged (a chart marks it off the top). */
  finalLoss: number | null;
  /** Epochs trained: the config's epochs, or fewer when the sweep stopped the rate early. */
  epochsRun: number;
  /**
   * Why training stopped before the last epoch: `non-finite` the loss overflowed, `diverging` the
   * loss passed `SWEEP_STOP_FACTOR` × its start; null it ran every epoch.
   */
  stoppedEarly: 'non-finite' | 'diverging' | null;
  verdict: Verdict;
  /** The epoch the verdict names (see RunReport.verdictEpoch). */
  verdictEpoch: number | null;
}

/**
 * Final loss against learning rate on a log axis, with the closed-form marks: what
 * `sweepLearningRates` returns and `descent sweep --json` prints.
 */
export interface SweepReport {
  /** Ascending by rate. */
  points: SweepPoint[];
  /**
   * Index in `points` of the best rate: the converged rate that converged first (ties to the smaller
   * rate); when none converged, the lowest final loss among runs that did not diverge (ties within
   * 10⁻⁹ to the smaller rate); null when every rate diverged.
   */
  best: number | null;
  regime: Regime;
  /** Rows per update of every run (N for full batch). */
  batchSize: number;
  /** The smallest batch an epoch takes, which the bound is for. */
  boundBatch: number;
  epochs: number;
  /** The stable bound that applies to the batch size (1/λmax for full batch); null when there is none. */
  stableLearningRateBound: number | null;
  /** The suggested rate (rounded down to two digits, as every surface shows it). */
  suggestedLearningRate: number | null;
  /** L*: the lowest loss any rate can reach; for a logistic model without a finite optimum (separable data) NaN, null in JSON. */
  optimalLoss: number;
  /** The loss before any update (weights 0): where every curve starts. */
  startLoss: number;
  /** The unit of every loss, e.g. `(Miles_per_Gallon)²`, or `nats` for the log loss. */
  lossUnit: string;
}

/**
 * Why a compared run has its rate or batch size: the three-rate plan (`too-low`, `suggested`,
 * `too-high`), a rate from `compare.learningRates` or `--rates` (`listed`), the config's own rate
 * when there is no bound to plan from (`current`), or the three batch sizes. An optimizer
 * comparison's runs say how each rate was chosen (src/core/lab/optimizers.ts): plain descent at its
 * suggestion (`sgd-suggested`, or `sgd-current` without one), momentum at the suggestion of its
 * exact full-batch dynamics (`momentum-suggested`) or at plain descent's rate × (1 − μ)
 * (`momentum-scaled`), Adam at the best of a small sweep (`adam-swept`; `adam-smallest` when every
 * swept rate diverged).
 */
export type ComparedRole =
  | 'too-low'
  | 'suggested'
  | 'too-high'
  | 'listed'
  | 'current'
  | 'full-batch'
  | 'mini-batch'
  | 'sgd'
  | 'sgd-suggested'
  | 'sgd-current'
  | 'momentum-suggested'
  | 'momentum-scaled'
  | 'adam-swept'
  | 'adam-smallest';

/** How many runs an optimizer comparison has: plain descent, momentum, Adam. */
export const OPTIMIZER_RUNS = 3;

/** A rate tried to choose a compared run's rate (Adam's sweep), and what it did. */
export interface TriedRate {
  learningRate: number;
  verdict: Verdict;
  verdictEpoch: number | null;
}

/** One run of a comparison: an ordinary RunReport, so everything that shows a run shows it. */
export interface ComparedRun {
  role: ComparedRole;
  learningRate: number;
  /** Rows per update, resolved (N for full batch). */
  batchSize: number;
  report: RunReport;
  /** The rates tried to choose this one, when a sweep chose it (Adam in an optimizer comparison). */
  tried?: TriedRate[];
}

/**
 * A few runs of one config that differ in one knob. Each report carries its update counts
 * (`updates`, `totalUpdates`) and `samples`, so a chart can put the curves on epochs, updates
 * (epoch × updates per epoch) or examples seen (epoch × N).
 */
export interface Comparison {
  kind: 'learning-rates' | 'batch-sizes' | 'optimizers';
  runs: ComparedRun[];
}
