/**
 * What the panel's model view and loss landscape draw, as the host sends them (once per run, in a
 * `modelViews` message) and the compiled specs they are drawn with (once per page). Types and
 * constants only: the page imports this without the Vega-Lite compiler.
 */

/** At most this many training rows are drawn in the model view (a stride through the rows when there are more). */
export const MAX_MODEL_POINTS = 2000;
/** The sample's feature values are bounded too: points × features ≤ this (a wide dataset draws fewer points; the message stays under about 800 KB). */
export const MAX_MODEL_VALUES = 32_000;
/** Wider datasets get no model view (their rows would be too many numbers to send for a picture). */
export const MAX_MODEL_FEATURES = 64;

/**
 * A bounded sample of the training rows in the data's own units, row-major: feature j of sampled
 * row i is `x[i·d + j]`. `rows` is how many training rows there are; `x.length / d < rows` means
 * the sample is thinned (every k-th row, in the rows' order).
 * e.g. cars: `{ d: 1, x: [3504, 3693, …], y: [18, 15, …], rows: 398 }`.
 */
export interface DataSample {
  d: number;
  x: number[];
  y: number[];
  rows: number;
}

/**
 * The model at each recorded epoch, in the data's own units (weights per feature unit, the bias
 * in the label's unit): ŷ = Σ wⱼxⱼ + b. A null marks a weight that overflowed.
 * e.g. `{ epochs: [0, 1, 2], weights: [[0], [−0.0057], [−0.0075]], bias: [0, 40.1, 45.3] }`.
 */
export interface ModelHistory {
  epochs: number[];
  weights: (number | null)[][];
  bias: (number | null)[];
}

/** The model view of a run: its data, its model per recorded epoch and the least-squares model. */
export interface ModelViewData {
  features: string[];
  label: string;
  sample: DataSample;
  history: ModelHistory;
  /** The least-squares weights θ* in the data's units, or null when unknown. */
  optimum: { weights: number[]; bias: number } | null;
}

/** A point of the loss landscape's plane, e.g. `[−6.4, 23.5]`. */
export type PlanePoint = [number, number];

/**
 * The loss landscape of a run, in two coordinates (a, b): for one feature the weight and bias as
 * training updates them; for more, the offsets from θ* along the two steepest directions of the
 * loss. Everything is already in those coordinates and clipped to the window.
 */
export interface LandscapeData {
  /** 'weights': (w, b) of a one-feature model; 'projected': the plane through θ* of M's top two eigenvectors. */
  kind: 'weights' | 'projected';
  xTitle: string;
  yTitle: string;
  /** The window drawn (equal scale on both axes, so a round bowl looks round). */
  xDomain: PlanePoint;
  yDomain: PlanePoint;
  lossUnit: string;
  optimum: PlanePoint;
  optimalLoss: number;
  /** The loss at cell centres of an n × n grid over the window, row-major from the bottom-left: `values[row·n + col]`. */
  grid: { n: number; values: number[] };
  /** Closed loss contours (exact ellipses of the quadratic), one polyline per level. */
  contours: { level: number; a: number[]; b: number[] }[];
  /** The descent path, one point per recorded epoch, up to where it leaves the window (then that edge point). */
  path: { epochs: number[]; a: number[]; b: number[] };
  /** Where the path first leaves the window: the epoch outside and the point on the edge, or null. */
  exit: { epoch: number; a: number; b: number } | null;
  /** What the chart shows, in one or two sentences (the projection statement for several features). */
  note: string;
}

/** At most this many epochs of accuracy are sent (a longer history is strided, first and last kept). */
export const MAX_ACCURACY_POINTS = 1000;

/**
 * A logistic run's views: the labelled points (the report's `classification.points`, at most
 * 2,000, in the features' own units) reduced to the drawn features, the model per recorded epoch
 * in the features' units, and the accuracy per epoch. `shown` names the drawn features: one (the
 * sigmoid p = σ(wx + b) over the points at 0/1) or two (the boundary w·x + b = 0 over the scatter);
 * with more than two features, the two whose weight moves z most per standard deviation of the
 * points, the others held at their training means (`means`), and `projection` says so.
 * e.g. penguins: `{ shown: [0, 1], positive: "Adelie", negative: "Chinstrap", … }`.
 */
export interface ClassifierViewData {
  features: string[];
  label: string;
  positive: string;
  /** The class coded 0, e.g. "Chinstrap", or "not Adelie" when every other value is. */
  negative: string;
  shown: number[];
  /** The training means of every feature (the fixed values of the features not drawn). */
  means: number[];
  /** What the drawing holds fixed, e.g. "4 features: drawn are Beak Depth (mm) and … at the other features' training means", or null. */
  projection: string | null;
  /** `x[k]` holds point k's values of the shown features; `y[k]` 1 positive, 0 negative; `validation[k]` held out. `total`: rows in the run. */
  points: { x: number[][]; y: number[]; validation: boolean[]; total: number };
  history: ModelHistory;
  /** Whether the log loss has a finite minimum (the report's `classification.optimum`). */
  optimum: 'finite' | 'separable' | 'unbounded' | 'unknown';
  /** Accuracy (0 … 1) after each listed epoch; `validation` null without held-out rows. */
  accuracy: { epochs: number[]; train: (number | null)[]; validation: (number | null)[] | null };
}

/** The model views of one run, sent once per run before the snapshot that shows it. */
export interface ModelViews {
  runId: number;
  /** null: not drawable (too many features, or a run with no weights). `reason` says why. */
  model: ModelViewData | null;
  /** A logistic run's boundary and accuracy (absent or null for linear regression). */
  classifier?: ClassifierViewData | null;
  landscape: LandscapeData | null;
  /** Why a view is missing, e.g. "The loss landscape needs the loss's eigen-directions, which are not computed for more than 63 features." */
  reason: string | null;
}

/** The compiled Vega specs of the model view (one feature; predicted against actual) and the landscape. */
export interface ModelSpecs {
  feature: object;
  predicted: object;
  landscape: object;
  /** Logistic runs: the boundary over the scatter (two features), the sigmoid over the points (one), accuracy per epoch. */
  boundary?: object;
  sigmoid?: object;
  accuracy?: object;
}

/**
 * The signal the loss chart's epoch marker reads: the x position (epoch or weight updates, per the
 * chart's axis) of the epoch the model view shows; null hides it.
 */
export const EPOCH_MARKER_SIGNAL = 'epochMarker';

/**
 * The model views' series. Colours come by slot from the theme's `range.category` (see
 * `series.ts`: 0 blue, 1 orange, 2 the muted foreground, 3 green, 4 yellow, 5 red), so the model
 * and the path are the loss chart's training blue and a departure is its diverged red.
 */
export const MODEL_SERIES = {
  model: 'model at this epoch',  // l10n-key
  data: 'training rows',  // l10n-key
  best: 'best fit (least squares)',  // l10n-key
  predicted: 'predictions at this epoch',  // l10n-key
  exact: 'perfect prediction (y = x)',  // l10n-key
  path: 'descent path',  // l10n-key
  start: 'start (θ = 0)',
  contours: 'loss contours',  // l10n-key
  optimum: 'best weights θ*',  // l10n-key
  leaves: 'leaves the view',  // l10n-key
  boundary: 'boundary at this epoch',  // l10n-key
  finalBoundary: 'final boundary',  // l10n-key
  sigmoid: 'p at this epoch',  // l10n-key
  finalSigmoid: 'final p',
  threshold: 'threshold p = ½',
  trainAccuracy: 'training accuracy',  // l10n-key
  validationAccuracy: 'validation accuracy',  // l10n-key
  epochMarker: 'epoch shown',  // l10n-key
} as const;

/** Each view's colour domain by slot (an empty slot holds a placeholder no mark uses) and the legend's entries. */
export const MODEL_COLOURS = {
  feature: { domain: [MODEL_SERIES.model, '·1', MODEL_SERIES.data, MODEL_SERIES.best, '·4', '·5'], legend: [MODEL_SERIES.model, MODEL_SERIES.data, MODEL_SERIES.best] },
  predicted: { domain: [MODEL_SERIES.predicted, '·1', '·2', MODEL_SERIES.exact, '·4', '·5'], legend: [MODEL_SERIES.predicted, MODEL_SERIES.exact] },
  landscape: {
    domain: [MODEL_SERIES.path, MODEL_SERIES.start, MODEL_SERIES.contours, MODEL_SERIES.optimum, '·4', MODEL_SERIES.leaves],
    legend: [MODEL_SERIES.path, MODEL_SERIES.start, MODEL_SERIES.optimum, MODEL_SERIES.contours, MODEL_SERIES.leaves],
  },
  // The lines take the loss chart's training blue (now) and the muted grey (final); slots 1 and 3 (orange, green) are the classes `1` and `0`, which modelSpec.ts fills in.
  boundary: { domain: [MODEL_SERIES.boundary, '·1', MODEL_SERIES.finalBoundary, '·3', '·4', '·5'], legend: [MODEL_SERIES.boundary, MODEL_SERIES.finalBoundary] },
  sigmoid: { domain: [MODEL_SERIES.sigmoid, '·1', MODEL_SERIES.finalSigmoid, '·3', MODEL_SERIES.threshold, '·5'], legend: [MODEL_SERIES.sigmoid, MODEL_SERIES.threshold, MODEL_SERIES.finalSigmoid] },
  accuracy: { domain: [MODEL_SERIES.trainAccuracy, MODEL_SERIES.validationAccuracy, MODEL_SERIES.epochMarker, '·3', '·4', '·5'], legend: [MODEL_SERIES.trainAccuracy, MODEL_SERIES.validationAccuracy] },
} as const;

/** The signals the model and landscape specs read, with the values a spec starts from. */
export interface ModelSignals {
  xDomain: [number, number];
  yDomain: [number, number];
  xTitle: string;
  yTitle: string;
}

export const DEFAULT_MODEL_SIGNALS: ModelSignals = { xDomain: [0, 1], yDomain: [0, 1], xTitle: 'x', yTitle: 'y' };
