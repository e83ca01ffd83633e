/**
 * The chart for one view, drawn from data the page already has: the host's `ChartData` (each
 * series once) becomes the datasets and signals of the compiled spec for the view's loss axis.
 * Toggling log scale, the x-axis or previous runs recomputes these here, without the host. Pure:
 * no DOM, so every number the chart draws can be unit-tested.
 */
import { formatNumber } from '../src/shared/format';
import { type ChartData, type ChartSignals, type LossCurve, FIXED_SERIES, SERIES } from '../src/shared/series';
import type { ViewState } from './view';

/** One point of an epoch curve, e.g. `{ series: "training loss", run: 0, epoch: 3, update: 30, x: 3, loss: 21.7 }`. */
export interface CurvePoint {
  series: string;
  /** 0 for the current run, else the previous run's id (keeps runs with equal labels apart). */
  run: number;
  epoch: number;
  /** Weight updates made by the end of `epoch`: epoch × updates per epoch. */
  update: number;
  /** Where it sits on the x-axis: `epoch` or `update`, per the view. */
  x: number;
  loss: number;
}

/** A bucket of consecutive per-update batch losses, e.g. updates 33 … 40 with their min, mean and max. */
export interface BatchPoint {
  series: string;
  /** The first update (1-based) of the bucket and how many it covers. */
  update: number;
  updates: number;
  /** The bucket's middle in epochs; the loss of update k is measured on the weights after k − 1 updates. */
  epoch: number;
  x: number;
  mean: number;
  min: number;
  max: number;
}

/** The rule that marks the verdict, e.g. `{ series: "diverged", epoch: 7, update: 7, x: 7, text: "diverged at epoch 7" }`. */
export interface VerdictMark {
  series: string;
  epoch: number;
  update: number;
  x: number;
  text: string;
}

/** The datasets the chart draws, by name (the compiled spec reads them under these names). */
export interface LossChartData {
  curves: CurvePoint[];
  batch: BatchPoint[];
  verdict: VerdictMark[];
}

/** What the page draws for a view: which compiled spec, its datasets and signals, and the chart in words. */
export interface ChartView {
  spec: 'linear' | 'log';
  data: LossChartData;
  signals: ChartSignals;
  /** The previous runs drawn, by their legend labels. */
  previousLabels: string[];
  /** The chart summarised for screen readers (the figure's caption and the SVG's label). */
  description: string;
}

const plotsOn = (loss: number, logScale: boolean): boolean => !logScale || loss > 0;

function curvePoints(series: string, run: number, curve: LossCurve, perEpoch: number, view: ViewState): CurvePoint[] {
  const points: CurvePoint[] = [];
  curve.loss.forEach((loss, i) => {
    if (!plotsOn(loss, view.logScale)) return;
    const epoch = curve.epochs[i] as number;
    const update = epoch * perEpoch;
    points.push({ series, run, epoch, update, x: view.xAxis === 'epoch' ? epoch : update, loss });
  });
  return points;
}

function batchPoints(data: ChartData, view: ViewState): BatchPoint[] {
  const band = data.batch;
  if (!band) return [];
  const perEpoch = data.updatesPerEpoch;
  const points: BatchPoint[] = [];
  band.update.forEach((update, i) => {
    const [count, min, mean, max] = [band.count[i] as number, band.min[i] as number, band.mean[i] as number, band.max[i] as number];
    if (!plotsOn(mean, view.logScale)) return;
    // Update k is measured before its step, on the weights after k − 1 updates: full-batch losses land on the epoch curve.
    const at = update - 1 + (count - 1) / 2;
    // On a log axis a zero loss has no place: the band runs off the bottom instead.
    points.push({ series: SERIES.batch, update, updates: count, epoch: at / perEpoch, x: view.xAxis === 'epoch' ? at / perEpoch : at, mean, min: view.logScale && min <= 0 ? mean / 1e6 : min, max });
  });
  return points;
}

/**
 * The chart's datasets for a view: previous runs only with `view.showPrevious`, losses a log
 * axis cannot place left out, every point placed on the view's x-axis.
 */
export function viewDatasets(data: ChartData, view: ViewState): LossChartData & { previousLabels: string[] } {
  const shown = view.showPrevious ? data.previous : [];
  const curves: CurvePoint[] = [];
  for (const run of shown) curves.push(...curvePoints(run.label, run.runId, run, run.updatesPerEpoch, view));
  if (data.validation) curves.push(...curvePoints(SERIES.validation, 0, data.validation, data.updatesPerEpoch, view));
  curves.push(...curvePoints(SERIES.training, 0, data.training, data.updatesPerEpoch, view));
  const rule = data.verdict;
  const update = rule ? rule.epoch * data.updatesPerEpoch : 0;
  const verdict = rule ? [{ ...rule, update, x: view.xAxis === 'epoch' ? rule.epoch : update }] : [];
  return { curves, batch: batchPoints(data, view), verdict, previousLabels: shown.map((r) => r.label) };
}

/**
 * The loss axis: the epoch curves and the batch means; the min–max band is clipped to it.
 * Linear: from 0 to the current run's highest loss, not previous runs' (a diverged previous run
 * would flatten today's curve to the axis). Log lets previous runs widen it by at most a decade
 * each way. Log is padded by a quarter in log space, and reaches at most a decade under the lowest
 * epoch loss (single-example losses near 0 would squash the curves).
 */
export function lossDomain(data: LossChartData, logScale: boolean): [number, number] | null {
  const current = [...data.curves.filter((p) => p.run === 0).map((p) => p.loss), ...data.batch.map((b) => b.mean)];
  if (current.length === 0) return null;
  const max = (v: number[]) => v.reduce((a, b) => Math.max(a, b), -Infinity);
  const min = (v: number[]) => v.reduce((a, b) => Math.min(a, b), Infinity);
  const hiCurrent = max(current);
  if (!logScale) return [0, hiCurrent > 0 ? hiCurrent : 1];
  // Previous runs widen the log axis by at most a decade each way, so a faded diverged run
  // (1e30) cannot flatten the run the user is looking at; beyond that they are clipped.
  const previous = data.curves.filter((p) => p.run !== 0).map((p) => p.loss);
  const runCurve = data.curves.filter((p) => p.run === 0).map((p) => p.loss);
  const floor = runCurve.length ? min(runCurve) / 10 : min(current);
  const loCurrent = Math.max(min(current), floor);
  const hi = previous.length ? Math.max(hiCurrent, Math.min(max(previous), hiCurrent * 10)) : hiCurrent;
  const lo = previous.length ? Math.min(loCurrent, Math.max(min(previous), loCurrent / 10)) : loCurrent;
  return lo === hi ? [lo / 2, hi * 2] : [lo / 1.25, hi * 1.25];
}

/**
 * Tick values for a log axis over [lo, hi]: 1-2-5 steps when the range is short, powers of ten
 * otherwise, at most about eight. e.g. [15, 800] → 20, 50, 100, 200, 500; [1, 1e30] → 1, 1e4, …, 1e28.
 * Fewer than two values when the range is too narrow for round ticks (the caller lets Vega choose).
 */
export function logTickValues(lo: number, hi: number, maxTicks = 8): number[] {
  if (!(lo > 0) || !(hi > lo)) return [];
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  for (const steps of [[1, 2, 5], [1, 3], [1]]) {
    const ticks: number[] = [];
    for (let k = first; k <= last; k++) for (const m of steps) ticks.push(Number((m * 10 ** k).toPrecision(12)));
    const inside = ticks.filter((t) => t >= lo && t <= hi);
    if (inside.length <= maxTicks && inside.length >= 2) return inside;
  }
  const powers: number[] = [];
  for (let k = Math.ceil(Math.log10(lo)); k <= Math.floor(Math.log10(hi)); k++) powers.push(10 ** k);
  const stride = Math.ceil(powers.length / maxTicks);
  return powers.filter((_, i) => i % stride === 0);
}

/** The chart in words, e.g. "Loss chart: training loss from 613.9 at epoch 0 to 18.71 at epoch 50; converged at epoch 19." */
function describeChart(data: LossChartData, previousRuns: number): string {
  const training = data.curves.filter((p) => p.series === SERIES.training);
  const first = training[0];
  const last = training[training.length - 1];
  if (!first || !last) return 'Loss chart: no loss to draw.';
  return (
    `Loss chart: training loss from ${formatNumber(first.loss)} at epoch ${first.epoch} to ${formatNumber(last.loss)} at epoch ${last.epoch}` +
    (data.verdict[0] ? `; ${data.verdict[0].text}` : '') +
    (previousRuns ? `; ${previousRuns} previous run(s) shown faded` : '') +
    '.'
  );
}

/**
 * Everything the page needs to draw `data` in `view`: the spec to use, its datasets and the
 * values of its signals (axis domains and titles, colour domain, legend), and the description.
 * e.g. `chartView(data, { logScale: false, xAxis: "update", showPrevious: true }).signals.xTitle === "weight updates"`.
 */
export function chartView(data: ChartData, view: ViewState): ChartView {
  const { previousLabels, ...datasets } = viewDatasets(data, view);
  const legendValues = [SERIES.training, ...(data.validation ? [SERIES.validation] : []), ...(data.batch ? [SERIES.batch] : []), ...previousLabels];
  const xTitle = view.xAxis === 'epoch' ? 'epoch' : 'weight updates';
  // The x-axis spans the current run; longer previous runs are clipped at its end.
  const xEnd = Math.max(0, ...datasets.curves.filter((p) => p.run === 0).map((p) => p.x), ...datasets.batch.map((p) => p.x));
  // With nothing to place (every loss left out), an empty frame with a plain unit range.
  const domain = lossDomain(datasets, view.logScale) ?? (view.logScale ? [1, 10] : [0, 1]);
  const ticks = view.logScale ? logTickValues(domain[0], domain[1]) : [];
  const verdictX = datasets.verdict[0]?.x ?? 0;
  return {
    spec: view.logScale ? 'log' : 'linear',
    data: datasets,
    previousLabels,
    description: describeChart(datasets, previousLabels.length),
    signals: {
      colorDomain: [...FIXED_SERIES, ...previousLabels],
      legendValues,
      legendDescription: `Legend: ${legendValues.join(', ')}`,
      xTitle,
      xDomain: [0, xEnd > 0 ? xEnd : 1],
      xDescription: `X-axis: ${xTitle}, from 0 to ${xEnd.toLocaleString('en-US')}`,
      yDomain: domain,
      yTicks: ticks.length >= 2 ? ticks : null,
      labelOnLeft: xEnd > 0 && verdictX > xEnd * 0.6,
    },
  };
}
