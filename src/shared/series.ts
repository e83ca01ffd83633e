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
