/**
 * The chart's series names and the theme colour each one takes, shared by the host (which
 * compiles the chart) and the page (which supplies the colours). Nothing here imports Vega, so
 * the page can use it without pulling the Vega-Lite compiler into its bundle.
 */

/** Every series the loss chart can draw, in the order of the colour scale's fixed domain. */
export const SERIES = {
  training: 'training loss',
  validation: 'validation loss',
  batch: 'batch loss (each update)',
  converged: 'converged',
  oscillating: 'oscillating',
  diverged: 'diverged',
} as const;

export type FixedSeries = (typeof SERIES)[keyof typeof SERIES];

/**
 * The fixed start of the colour domain: slot k of `range.category` colours `FIXED_SERIES[k]`
 * whether or not the series is drawn, so a colour always means the same thing. Previous runs
 * follow, most recent first.
 */
export const FIXED_SERIES: readonly FixedSeries[] = [SERIES.training, SERIES.validation, SERIES.batch, SERIES.converged, SERIES.oscillating, SERIES.diverged];

/**
 * The VS Code theme variable for each slot of `FIXED_SERIES`, then for previous runs (cycled):
 * e.g. training loss is `--vscode-charts-blue`, a diverged marker `--vscode-charts-red`.
 */
export const SERIES_COLOUR_VARS: readonly string[] = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-descriptionForeground',
  '--vscode-charts-green',
  '--vscode-charts-yellow',
  '--vscode-charts-red',
];

/** Colours for previous runs, most recent first; they repeat when there are more runs than colours. */
// Purple is the one chart colour no current series uses; yellow comes late because next to orange (validation) it is hard to tell apart in light themes.
export const PREVIOUS_COLOUR_VARS: readonly string[] = ['--vscode-charts-purple', '--vscode-charts-green', '--vscode-charts-red', '--vscode-charts-yellow', '--vscode-foreground'];

/** At most this many previous runs are drawn (the most recent ones). */
export const MAX_PREVIOUS_DRAWN = PREVIOUS_COLOUR_VARS.length;

// ── what the host sends the page to draw ─────────────────────────────────────────────────────

/**
 * One loss curve, columnar: entry i is the loss after epoch `epochs[i]`. Only finite losses, at
 * most a few thousand entries (thinned with their extremes kept).
 * e.g. `{ epochs: [0, 1, 2], loss: [613.9, 120.5, 40.2] }`.
 */
export interface LossCurve {
  epochs: number[];
  loss: number[];
}

/** A previous run's training loss, drawn faded and labelled by what changed, e.g. "learningRate 0.01 → 0.5". */
export interface PreviousCurve extends LossCurve {
  runId: number;
  /** Unique among the chart's series, so two runs never share a legend entry or a colour. */
  label: string;
  /** Updates per epoch, to place the curve on an updates axis. */
  updatesPerEpoch: number;
}

/**
 * The per-update batch loss in buckets of consecutive updates, columnar: bucket i covers updates
 * `update[i]` … `update[i] + count[i] − 1` with their min, mean and max (all finite).
 */
export interface BatchBand {
  update: number[];
  count: number[];
  min: number[];
  mean: number[];
  max: number[];
}

/** The rule that marks the verdict, e.g. `{ series: "diverged", epoch: 7, text: "diverged at epoch 7" }`. */
export interface VerdictRule {
  series: typeof SERIES.converged | typeof SERIES.oscillating | typeof SERIES.diverged;
  epoch: number;
  text: string;
}

/**
 * A run's chart as data, the same for every view (log scale, x-axis, previous runs shown or not):
 * each series once. The page turns it into the datasets of the compiled spec named by `specKey`.
 */
export interface ChartData {
  /** Which compiled specs draw it (`ChartSpecs.key`): they depend only on the chart's structure. */
  specKey: string;
  /** e.g. "(Miles_per_Gallon)²". */
  lossUnit: string;
  /** Updates per epoch of the run's own config (1 when it never planned). */
  updatesPerEpoch: number;
  training: LossCurve;
  validation: LossCurve | null;
  /** Null when each epoch is one update: the batch loss is then the epoch curve itself. */
  batch: BatchBand | null;
  verdict: VerdictRule | null;
  /** The file's previous runs, most recent first, at most `MAX_PREVIOUS_DRAWN`. */
  previous: PreviousCurve[];
}

/**
 * The compiled Vega specs of one chart structure, one per loss-axis type (a scale's type cannot
 * change in a running Vega view). They read datasets `curves`, `batch` and `verdict`, and the
 * signals of `ChartSignals`, which the page fills for its view.
 */
export interface ChartSpecs {
  key: string;
  linear: object;
  log: object;
}

/** The Vega signals a compiled chart reads, set by the page for its view and data. */
export interface ChartSignals {
  /** The colour scale's domain: `FIXED_SERIES`, then the previous runs drawn. */
  colorDomain: string[];
  /** The series the legend lists, e.g. training, validation, then previous runs. */
  legendValues: string[];
  legendDescription: string;
  /** "epoch" or "weight updates". */
  xTitle: string;
  xDomain: [number, number];
  xDescription: string;
  yDomain: [number, number];
  /** Tick values of a log axis, or null to let Vega choose. */
  yTicks: number[] | null;
  /** The verdict's label sits left of its rule (the rule is near the right end). */
  labelOnLeft: boolean;
}

/** Default values of the signals, before the page sets them (what a spec is compiled with). */
export const DEFAULT_CHART_SIGNALS: ChartSignals = {
  colorDomain: [...FIXED_SERIES],
  legendValues: [SERIES.training],
  legendDescription: 'Legend',
  xTitle: 'epoch',
  xDomain: [0, 1],
  xDescription: 'X-axis',
  yDomain: [1, 10],
  yTicks: null,
  labelOnLeft: false,
};

/** Per-epoch losses the editor receives at most (a longer history is thinned to its extremes); the chart draws at most half as many. */
export const MAX_HISTORY_POINTS = 4001;
