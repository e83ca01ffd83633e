/**
 * The chart's series names and the theme colour each one takes, shared by the host (which
 * compiles the chart) and the page (which supplies the colours). Nothing here imports Vega, so
 * the page can use it without pulling the Vega-Lite compiler into its bundle.
 */
import { MAX_RUNS } from './runs';

/** Every series the loss chart can draw, in the order of the colour scale's fixed domain. */
export const SERIES = {
  training: 'training loss',  // l10n-key
  validation: 'validation loss',  // l10n-key
  batch: 'batch loss (each update)',  // l10n-key
  converged: 'converged',
  oscillating: 'oscillating',
  diverged: 'diverged',
  optimum: 'best reachable (L*)',  // l10n-key
} as const;

export type FixedSeries = (typeof SERIES)[keyof typeof SERIES];

/**
 * The fixed start of the colour domain: slot k of `range.category` colours `FIXED_SERIES[k]`
 * whether or not the series is drawn, so a colour always means the same thing. One name per
 * run slot follows (`MAX_RUNS`), so a run keeps its colour while it is in the runs table.
 */
export const FIXED_SERIES: readonly FixedSeries[] = [SERIES.training, SERIES.validation, SERIES.batch, SERIES.converged, SERIES.oscillating, SERIES.diverged, SERIES.optimum];

/**
 * The VS Code theme variable for each slot of `FIXED_SERIES` (the runs' colours are `RUN_COLOUR_VARS`):
 * e.g. training loss is `--vscode-charts-blue`, a diverged marker `--vscode-charts-red`.
 */
export const SERIES_COLOUR_VARS: readonly string[] = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-descriptionForeground',
  '--vscode-charts-green',
  '--vscode-charts-yellow',
  '--vscode-charts-red',
  '--vscode-descriptionForeground',
];

/**
 * Candidate colours for the other runs, in order of preference; the page takes the first
 * `RUN_COLOURS` whose theme values differ from each other and from the training, validation and
 * diverged colours (webview/theme.ts `runColours`). Never orange (validation), red (the diverged
 * marker) or blue (this run's training loss); the verdict markers' green and yellow come late.
 */
export const RUN_COLOUR_VARS: readonly string[] = [
  '--vscode-charts-purple',
  '--vscode-terminal-ansiCyan',
  '--vscode-terminal-ansiMagenta',
  '--vscode-foreground',
  '--vscode-charts-yellow',
  '--vscode-charts-green',
  '--vscode-terminal-ansiBrightMagenta',
  '--vscode-terminal-ansiBrightCyan',
  '--vscode-terminal-ansiBrightGreen',
];

/** At most this many other runs are drawn beside the current one. */
export const MAX_PREVIOUS_DRAWN = MAX_RUNS - 1;

/** The colour-domain name of a run slot when no run holds it (never shown: the legend lists only drawn series). */
export const slotPlaceholder = (slot: number): string => `\u2063slot ${slot}`;

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

/** Another run of the file (a row of the runs table), drawn beside the current one, e.g. "lr 0.1, batch 1". */
export interface PreviousCurve extends LossCurve {
  /** The run's row id (`RunRow.id`). */
  runId: number;
  /** The row's label; unique among the chart's series. */
  label: string;
  /** Its colour slot (`runStyle`): the same colour as its swatch in the runs table. */
  slot: number;
  /** Updates per epoch, to place the curve on an updates axis. */
  updatesPerEpoch: number;
  /** A diverged run is cut where it leaves the chart (it never sets the loss axis). */
  diverged: boolean;
  /** The run's L* (for the excess-loss view), null when unknown. */
  optimalLoss: number | null;
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
 * A run's chart as data, the same for every view (log scale, x-axis, other runs shown or not, excess loss):
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
  /** Whether this run diverged: it is cut where it leaves the chart when other runs set the axis. */
  diverged: boolean;
  /** L*, the least-squares loss of the training rows: the reference line and the excess-loss view; null when unknown. */
  optimalLoss: number | null;
  /** The file's other runs shown (not hidden), most recent first, at most `MAX_PREVIOUS_DRAWN`. */
  previous: PreviousCurve[];
  /** The learning rate of each epoch under a schedule (the panel under the loss chart); null or absent for a constant rate. */
  rates?: RateCurve | null;
}

/** A schedule's learning rate per epoch: `rate[i]` is the rate every update of epoch `epochs[i]` used. e.g. step decay ×0.5 every 2: epochs [1, 2, 3], rate [0.1, 0.1, 0.05]. */
export interface RateCurve {
  epochs: number[];
  rate: number[];
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
  /** The colour scale's domain: `FIXED_SERIES`, then one name per run slot (a run's label, or a placeholder). */
  colorDomain: string[];
  /** The series the legend lists, e.g. training, validation, L* (the runs table is the runs' legend). */
  legendValues: string[];
  legendDescription: string;
  /** "epoch" or "weight updates". */
  xTitle: string;
  xDomain: [number, number];
  xDescription: string;
  yDomain: [number, number];
  /** e.g. "loss, (mpg)²" or "excess loss L − L*, (mpg)²". */
  yTitle: string;
  yDescription: string;
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
  yTitle: 'loss',
  yDescription: 'Y-axis',
  yTicks: null,
  labelOnLeft: false,
};

/** Per-epoch losses the editor receives at most (a longer history is thinned to its extremes); the chart draws at most half as many. */
export const MAX_HISTORY_POINTS = 4001;
