/**
 * What a run is, as every layer speaks of it: the config it ran, the update counts, the verdict
 * and the report the CLI prints, the worker returns and the panel draws. Types only.
 */
import type { DataSample } from './modelView';
import type { Problem } from './problems';

/** Where the training rows come from, with every default filled in. */
export type DataSpec =
  | { kind: 'dataset'; dataset: 'cars' | 'penguins'; features: string[]; label: string }
  | { kind: 'csv'; csv: string; features: string[] | null; label: string }
  | { kind: 'synthetic'; samples: number; features: number; noise: number; seed: number };

/** A validated training.json with every default applied. */
export interface TrainingConfig {
  learningRate: number;
  /** A positive integer, or 'full' for one update per epoch. */
  batchSize: number | 'full';
  epochs: number;
  data: DataSpec;
  normalize: 'zscore' | 'none';
  validationSplit: number;
  seed: number;
  /** How a batch's gradient moves the weights: plain descent (the default), momentum or Adam. */
  optimizer: OptimizerConfig;
  /** The learning rate of each epoch: constant (the default), step or exponential decay, with an optional warm-up. */
  learningRateSchedule: ScheduleConfig;
  /** The learning lab's settings; training the file ignores them. */
  compare: CompareSettings;
  /** What is learned: linear regression (the default) or binary logistic regression. */
  model: ModelConfig;
}

/**
 * `model` in training.json, defaults applied: `"linear"` → `{ kind: "linear" }` (regression, mean
 * squared error); `{ "logistic": { "positive": "Adelie", "negative": "Gentoo" } }` → binary logistic
 * regression, log loss, the label column's value `positive` coded 1 and `negative` 0 (null: every
 * other value is 0; otherwise rows of other values are left out).
 */
export type ModelConfig = { kind: 'linear' } | { kind: 'logistic'; positive: string; negative: string | null };

/**
 * How a logistic run's label column became 0/1, e.g. penguins Adelie against Gentoo:
 * `{ positive: "Adelie", negative: "Gentoo", positiveRows: 151, negativeRows: 123, otherRows: 68, otherClasses: ["Chinstrap"] }`.
 * Counts are of the usable rows (no missing value in a chosen column), before the validation split.
 */
export interface ClassCoding {
  positive: string;
  /** The class coded 0, or null when every value but `positive` is. */
  negative: string | null;
  positiveRows: number;
  negativeRows: number;
  /** Rows of other classes, left out because `negative` names one class. */
  otherRows: number;
  otherClasses: string[];
}

/**
 * What a logistic run's data and weights say beyond the loss: the finite optimum or why there is
 * none, the curvature bounds, and what a decision-boundary drawing needs.
 */
export interface ClassificationAnalysis {
  /**
   * `finite`: Newton's method converged: L* and θ* exist. `separable`: weights were found that
   * put every training row on its own class's side (z > 0 exactly for the positive rows), so the
   * loss has no minimum: it goes to 0 as those weights are scaled up. `unbounded`: no separating
   * weights were found, but Newton's weights grew without bound while the loss kept falling
   * (quasi-complete separation: some rows tie on the boundary); no finite optimum was found.
   * `unknown`: more than 63 features (or values that overflow): Newton's method was not run; or it
   * ran out of its passes over the rows (at most max(60, 3·10⁷/N)) before settling either way.
   */
  optimum: 'finite' | 'separable' | 'unbounded' | 'unknown';
  /** Newton iterations run. */
  newtonIterations: number;
  /** The largest |gradient| component at the last Newton iterate. */
  newtonGradient: number;
  /** Weights (features' own units) that separate the training rows, when `optimum` is `separable`. */
  separatingWeights: { weights: number[]; bias: number } | null;
  /** λmax of M = (1/N) Σ x̃x̃ᵀ: the log loss's Hessian is at most M/4 everywhere (σ′ ≤ 1/4), so 8/λmax(M) is a sufficient full-batch bound. */
  lambdaMaxM: number | null;
  /** λmax of the Hessian at θ* (finite optimum only): full batch, descent settles at θ* only below 2/λmax(H*). */
  lambdaMaxOptimum: number | null;
  /** 2/λmax(H*): the local bound at the optimum (null without a finite optimum). */
  localBound: number | null;
  /**
   * The points to draw under a decision boundary, in the features' own units: the training rows
   * (then the validation rows), at most `MAX_CLASS_POINTS`, evenly strided. `x[k]` holds point k's
   * feature values, `y[k]` its class (1 positive, 0 negative), `validation[k]` whether it was held out.
   */
  points: { x: number[][]; y: number[]; validation: boolean[]; total: number };
  /**
   * The boundary of the final weights: the set where w·x + b = 0 (σ = 1/2), in the features' units,
   * from `weights` and `bias`. With 2 features it is the line x₂ = −(w₁x₁ + b)/w₂; with 1, the
   * threshold x = −b/w (null when w = 0); with more, draw the first two at the others' training means.
   */
  threshold: number | null;
  /** The training rows' feature means (for drawing more than two features). */
  featureMeans: number[];
}

/**
 * `optimizer` in training.json, defaults applied, e.g. `{ kind: "momentum", momentum: 0.9, nesterov: false }`
 * for `{ "momentum": 0.9 }`. The update rules are PyTorch's (torch.optim.SGD, torch.optim.Adam).
 */
export type OptimizerConfig =
  | { kind: 'sgd' }
  | { kind: 'momentum'; momentum: number; nesterov: boolean }
  | { kind: 'adam'; beta1: number; beta2: number; epsilon: number };

/**
 * `learningRateSchedule` in training.json, defaults applied: a decay and a warm-up of
 * `warmupEpochs` epochs (0: none). Epoch e (1-based) trains at lr × decay(e) × min(1, e / warmupEpochs).
 * e.g. `{ "step": { "every": 10, "factor": 0.5 } }` → `{ kind: "step", every: 10, factor: 0.5, warmupEpochs: 0 }`.
 */
export type ScheduleConfig =
  | { kind: 'constant'; warmupEpochs: number }
  | { kind: 'step'; every: number; factor: number; warmupEpochs: number }
  | { kind: 'exponential'; factor: number; warmupEpochs: number };

/** `compare` in training.json, defaults applied. */
export interface CompareSettings {
  /** The rates a learning-rate comparison trains, as listed (1–8 positive numbers); null: the three-rate default. */
  learningRates: number[] | null;
}

/**
 * How many weight updates each kind of gradient descent makes (the seed's figure 27).
 * e.g. 1,000 examples, 20 epochs: full batch 20, SGD 20,000, mini-batches of 100 → 200
 * (10 per epoch).
 */
export interface UpdateCount {
  batchSize: number;
  /** ⌈N / batchSize⌉: the last, partial batch is an update too. */
  perEpoch: number;
  total: number;
}

export type BatchKind = 'full' | 'sgd' | 'miniBatch';

export interface UpdateTable {
  full: UpdateCount;
  sgd: UpdateCount;
  miniBatch: UpdateCount;
  /** Which row the config uses. */
  current: BatchKind;
}

/** The statistics feature scaling used, reported so a user can map weights back. e.g. `{ name: "Weight_in_lbs", mean: 2970.4, std: 846.8 }`. */
export interface FeatureScale {
  name: string;
  mean: number;
  std: number;
}

/**
 * Per-update batch losses in bounded memory. Every bucket covers `width` consecutive updates and
 * keeps their min, max and mean; when the buckets run out, neighbours merge and the width doubles.
 * Min and max survive merging, so SGD's noise stays visible at any zoom (the seed's figure 25).
 */
export interface LossBucket {
  /** The first update (1-based) the bucket covers. */
  update: number;
  /** How many updates it covers. */
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
}

/** Weights and bias after an epoch, for a model view. e.g. `{ epoch: 3, weights: [−5.1], bias: 19.6 }`. */
export interface Snapshot {
  epoch: number;
  weights: number[];
  bias: number;
}

/**
 * What a run did with its learning rate, judged against the closed-form facts of its data.
 * The rules, with their math, are stated in the README ("How Descent judges a run") and
 * tested against an independent least-squares oracle over a sweep of data and rates.
 */
export type Verdict = 'converged' | 'too-slow' | 'oscillating' | 'diverged';

/** Which theory applies: one update per epoch on every row, or shuffled batches. */
export type Regime = 'full-batch' | 'stochastic';

/** What to change, when the run did not converge. */
export type Cause =
  /** The rate is above what this batch size tolerates, or overshoots. */
  | 'rate-too-large'
  /** A larger rate (up to the suggestion) converges faster. */
  | 'rate-too-small'
  /** The transient is over, but the batches' noise keeps the loss above the optimum: larger batches or a smaller rate. */
  | 'noise'
  /** No closed form describes the run (Adam, a schedule, momentum on batches): the verdict reads the losses, and names no knob. */
  | 'observed'
  /** The rate is already about as good as it gets: only more epochs help. */
  | 'epochs'
  /** The features' scales make some direction crawl at every stable rate: z-score them. */
  | 'conditioning';

/** A problem with its 1-based line and column in training.json, as `--json` prints it. */
export interface LocatedProblem extends Problem {
  line: number;
  column: number;
}

/** An epoch count that may be "never" (∞), kept valid in JSON. */
export type EpochCount = number | 'never' | null;

/**
 * What the verdict rests on: `plain` the closed form of plain descent at a constant rate,
 * `momentum` the closed form of heavy-ball or Nesterov momentum at a constant rate on full batches,
 * `observed` the losses alone (Adam, a learning-rate schedule, momentum on batches): no bound, no suggestion;
 * `logistic` the log loss's own facts (plain full-batch descent at a constant rate: a sufficient bound
 * from its smoothness; the optimum found by Newton's method, or its absence on separable data).
 */
export type VerdictBasis = 'plain' | 'momentum' | 'observed' | 'logistic';

/** How the suggested rate was found (see Judgment.suggestionBasis). */
export type SuggestionBasis = 'fastest' | 'half-steepest' | 'half-bound' | 'quiet' | 'momentum-fastest' | 'momentum-radius' | 'logistic-smooth';

/** The verdict's numbers, as `--json` prints them and the panel shows them. */
export interface RunAnalysis {
  regime: Regime;
  /** What the verdict rests on: a closed form, or (Adam, schedules, momentum on batches) the losses alone. */
  basis: VerdictBasis;
  /** Momentum on full batches: the spectral radius of the slowest direction per epoch at this rate (< 1 converges); else null. */
  spectralRadius: number | null;
  /** The batch size the bound and the suggestion are for: the smallest batch an epoch takes. */
  boundBatch: number;
  suggestedExact: number | null;
  /** How the suggestion was found (see Judgment.suggestionBasis). */
  suggestionBasis: SuggestionBasis | null;
  /** How far above L* the (smoothed) loss may be and count as converged. */
  tolerance: number;
  /** The average excess loss SGD's noise keeps at this rate (0 for full batch; null: unbounded). */
  noiseFloor: number | null;
  /** Epochs in the trailing mean the stochastic rules read. */
  smoothing: number;
  cause: Cause | null;
  /** The rate is above 1/(2λmax): each step jumps past the minimum along the steepest direction. */
  overshoots: boolean;
  overflowEpoch: number | null;
  predictedDivergenceEpoch: number | null;
  /** Epochs the run's rate needs to converge ("never" when it cannot). */
  epochsNeeded: EpochCount;
  epochsNeededAtSuggestion: EpochCount;
  lambdaMax: number | null;
  lambdaMin: number;
  /** κ = λmax/λmin of the trained features' second-moment matrix; null when it overflows. */
  conditionNumber: number | null;
  /** κ of the same features z-scored. */
  conditionNumberZscored: number | null;
  /** The least-squares weights, in the features' own units. */
  optimum: { weights: number[]; bias: number };
  /** (θₑ − θ*)·v₁ for the first epochs: the distance to the best weights along the steepest direction. */
  steepest: { epochs: number[]; offsets: number[] } | null;
}

/**
 * What a run reports: the `descent train --json` document, the worker's result and the panel's
 * data. Non-finite losses are null so it is always valid JSON.
 */
export interface RunReport {
  /** True when training ran (possibly stopping early); false when problems prevented it. */
  trained: boolean;
  config: TrainingConfig | null;
  data: {
    source: string;
    features: string[];
    label: string;
    /** Usable rows before the validation split. */
    rows: number;
    droppedRows: number;
    validationRows: number;
    normalization: { method: 'zscore' | 'none'; features: FeatureScale[] };
    /** For synthetic data: the weights that generated it. */
    truth: { weights: number[]; bias: number } | null;
  } | null;
  /** Training examples N (after the validation split). */
  samples: number;
  updates: UpdateTable | null;
  history: {
    trainLoss: (number | null)[];
    validationLoss: (number | null)[] | null;
    /**
     * The epoch of each entry of trainLoss and validationLoss once a long history has been thinned
     * (`thinHistory`); null while entry e is epoch e.
     */
    epochs: number[] | null;
    batchLoss: LossBucket[];
    snapshots: Snapshot[];
    /**
     * The learning rate each entry's epoch trained at, aligned with trainLoss (entry 0, before
     * training, is null); null for a constant schedule, where every epoch uses `config.learningRate`.
     */
    learningRates: (number | null)[] | null;
    /** Logistic runs: the share of training rows classified right (z > 0 ⇔ positive) after each entry's epoch; null for linear. */
    trainAccuracy: (number | null)[] | null;
    /** The same over the validation rows; null without a split or for linear. */
    validationAccuracy: (number | null)[] | null;
  } | null;
  /** The unit of every loss: the label's units squared, or `nats` (log loss, natural logarithm). */
  lossUnit: string;
  /** The model trained: `{ kind: "linear" }` or `{ kind: "logistic", positive, negative }` (the config's). */
  model: ModelConfig | null;
  /** The optimizer that trained it, e.g. `{ kind: "momentum", momentum: 0.9, nesterov: false }` (the config's `optimizer`). */
  optimizer: OptimizerConfig | null;
  /** The learning-rate schedule it trained with, e.g. `{ kind: "constant", warmupEpochs: 0 }` (the config's `learningRateSchedule`). */
  schedule: ScheduleConfig | null;
  /** Logistic runs: the final share of rows classified right; null for linear. */
  accuracy: { train: number; validation: number | null } | null;
  /** Logistic runs: the label coding, the optimum (or why there is none) and what a boundary drawing needs. */
  classification: (ClassificationAnalysis & { classes: ClassCoding }) | null;
  verdict: Verdict | null;
  reason: string | null;
  /**
   * converged: the first epoch from which the loss stayed settled; diverged: the first epoch whose
   * loss exceeded the starting loss (null when it has not yet); oscillating: the first such spike.
   */
  verdictEpoch: number | null;
  /** The stable bound that applies to the batch size in use (see `analysis.regime`, `analysis.boundBatch`). */
  stableLearningRateBound: number | null;
  /** The suggested rate, rounded down to two significant digits: the value every surface shows. */
  suggestedLearningRate: number | null;
  /** How the suggestion is derived. */
  suggestion: string | null;
  /** The numbers behind the verdict (null for a run that did not train). */
  analysis: RunAnalysis | null;
  optimalLoss: number | null;
  finalLoss: number | null;
  /** Final weights, one per feature, in the features' own units; ŷ = Σ wⱼxⱼ + bias. */
  weights: number[];
  bias: number | null;
  epochsRun: number;
  totalUpdates: number;
  stoppedEarly: 'non-finite' | 'cancelled' | null;
  problems: LocatedProblem[];
  /** What the panel's model view and loss landscape draw from; only the editor's worker asks for it (absent from `--json`). */
  geometry?: RunGeometry;
}

/**
 * A run's data and loss surface for drawing: a bounded sample of the training rows in the data's
 * units (null past 64 features) and the loss as a quadratic in the trained coordinates,
 * L(θ) = L* + Σₖ λₖ(vₖ·(θ − θ*))² (null when M was not decomposed).
 */
export interface RunGeometry {
  sample: DataSample | null;
  quadratic: { eigenvalues: number[]; eigenvectors: number[][]; optimum: number[]; optimalLoss: number } | null;
}

export interface Judgment {
  verdict: Verdict;
  regime: Regime;
  /**
   * converged: the first epoch from which the (smoothed) loss stayed within `tolerance` of L*;
   * diverged: the first epoch whose loss exceeded the starting loss (null if it has not yet);
   * oscillating: the first epoch whose loss exceeded the start (a spike), else null.
   */
  epoch: number | null;
  /** The epoch the loss became NaN or ±∞, when it did. */
  overflowEpoch: number | null;
  /** full batch: diverged runs still below their start: the epoch the loss will pass L₀ (about). */
  predictedDivergenceEpoch: number | null;
  /** The stable bound that applies: 1/λmax for full batch, m₀/(β + (m₀ − 1)λmax) for batches of m₀. */
  bound: number | null;
  /** The smallest batch an epoch takes (the tail batch when N is not a multiple of the batch size). */
  smallestBatch: number;
  /** The suggested rate, rounded down to two significant digits (the one value every surface shows). */
  suggested: number | null;
  /**
   * The suggestion before rounding: for full batch the rate that settles in the fewest epochs
   * (`fastestFullBatchRate`), for batches m₀/(2(β + (m₀ − 1)λmax)) or less, so that its noise
   * floor is at most 10% of L* (`quietRate`).
   */
  suggestedExact: number | null;
  /**
   * How the suggestion was found: `fastest` (full batch, the modal decomposition's fastest rate),
   * `half-steepest` (full batch without a decomposition: 1/(2λmax)), `half-bound` (batches: half the
   * bound for m₀), `quiet` (batches: lowered so its noise floor is 10% of L*), `momentum-fastest`
   * (momentum, full batch: the rate whose exact dynamics settle in the fewest epochs), `momentum-radius`
   * (the same when that search is too long: the rate whose slowest direction contracts most per epoch); null without one.
   */
  suggestionBasis: SuggestionBasis | null;
  /** What the verdict rests on: `plain` and `momentum` closed forms, or `observed` losses alone. */
  basis: VerdictBasis;
  /** Momentum on full batches: max over the loss's directions of the per-epoch spectral radius; else null. */
  spectralRadius: number | null;
  /** Momentum on full batches: the same at the suggestion before rounding; else null. */
  spectralRadiusAtSuggestion: number | null;
  /**
   * Momentum on full batches: the loss ends within the tolerance of L*, but the exact dynamics take
   * it out of that band again after the last epoch (it has not settled); false otherwise.
   */
  leavesBandLater: boolean;
  /** Observed rules: epochs in the second half of the run whose loss rose by more than the tolerance. */
  rises: number;
  /** L*; NaN for a logistic run whose log loss has no finite optimum (separable data). */
  optimalLoss: number;
  /** How far above L* a loss may be and count as settled: max(1% of L*, 10⁻⁶·Var(y)) plus three noise floors. */
  tolerance: number;
  /** The excess loss constant-rate SGD settles at, to first order L*·f/(1 − f), f = lr·tr(M)·(N − m)/(m(N − 1)); 0 for full batch. */
  noiseFloor: number;
  /** Epochs of the trailing mean the stochastic rules read (1 for full batch). */
  smoothing: number;
  /** Epochs the run would need at its rate to settle (∞: never), or null when unknown. */
  epochsNeeded: number | null;
  /** The same at the suggested rate (rounded). */
  epochsNeededAtSuggestion: number | null;
  /** The same at the suggestion before rounding: for full batch, the fewest any constant rate needs. */
  epochsNeededAtBest: number | null;
  /** What to change; null for a converged run. */
  cause: Cause | null;
  /** The rate is above 1/(2λmax): each update jumps past the minimum along the steepest direction. */
  overshoots: boolean;
  /** Epochs whose loss exceeded the starting loss. */
  epochsAboveStart: number;
  /** Logistic runs: what the verdict read besides the loss (absent for linear regression). */
  logistic?: LogisticJudgment;
}

/** The classification facts of a logistic run's verdict. */
export interface LogisticJudgment {
  /** Whether the log loss has a finite minimum on the training rows (see ClassificationAnalysis.optimum). */
  optimum: 'finite' | 'separable' | 'unbounded' | 'unknown';
  /** The final training accuracy (share of rows classified right), null when the loss overflowed. */
  finalAccuracy: number | null;
  /** The first epoch from which every training row stayed classified right to the end, or null. */
  separatedEpoch: number | null;
  /** 2/λmax(H*), the local bound at a finite optimum, else null. */
  localBound: number | null;
  /** Whether the bound (8/λmax(M), sufficient) applies: plain full-batch descent at a constant rate. */
  boundApplies: boolean;
}
