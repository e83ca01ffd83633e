/**
 * The chart for one view, drawn from data the page already has: the host's `ChartData` (each
 * series once) becomes the datasets and signals of the compiled spec for the view's loss axis.
 * Toggling log scale, the x-axis, other runs or the excess-loss view recomputes these here,
 * without the host. The loss axis keeps every shown run that did not diverge inside it; a
 * diverged one is cut where it leaves the top and marked there (`lossDomain`, `cutAtTop`).
 * Pure: no DOM, so every number the chart draws can be unit-tested.
 */
import { lossUnitLabel } from '../src/shared/wording';
import { formatCount, formatNumber } from '../src/shared/format';
import { MAX_RUNS, runStyle } from '../src/shared/runs';
import { type ChartData, type ChartSignals, type LossCurve, FIXED_SERIES, SERIES, slotPlaceholder } from '../src/shared/series';
import type { ViewState } from './view';
import { t } from '../src/shared/l10n';
import { seriesLabels } from '../src/shared/seriesLabels';

/** One point of an epoch curve, e.g. `{ series: "training loss", run: 0, epoch: 3, update: 30, x: 3, loss: 21.7, value: 21.7, dashed: false }`. */
export interface CurvePoint {
  series: string;
  /** 0 for the current run, else the other run's id (keeps runs with equal labels apart). */
  run: number;
  epoch: number;
  /** Weight updates made by the end of `epoch`: epoch × updates per epoch. */
  update: number;
  /** Where it sits on the x-axis: `epoch` or `update`, per the view. */
  x: number;
  /** Where it sits on the y-axis: the loss, or in the excess view the loss − L*. */
  loss: number;
  /** The loss itself (the tooltip's number). */
  value: number;
  /** Drawn dashed: a run whose slot is past the palette. */
  dashed: boolean;
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

/** Where a capped run leaves the top of the chart, e.g. `{ series: "lr 1.5", x: 1.4, loss: 2400, text: "lr 1.5 diverged: above 2,400 from epoch 2 (loss 9,100)" }`. */
export interface ExitMark {
  series: string;
  run: number;
  x: number;
  loss: number;
  text: string;
}

/** The L* reference line, e.g. `{ series: "best reachable (L*)", loss: 18.7, text: "L* = 18.7 (mpg)², …" }`. */
export interface ReferenceMark {
  series: string;
  loss: number;
  text: string;
}

/** The datasets the chart draws, by name (the compiled spec reads them under these names). */
export interface LossChartData {
  curves: CurvePoint[];
  batch: BatchPoint[];
  verdict: VerdictMark[];
  exits: ExitMark[];
  reference: ReferenceMark[];
  /** The current run's points the pointer can pick (its curves, at most `MAX_HOVER_POINTS` each). */
  hover: CurvePoint[];
}

/** The pointer picks among at most this many points of each of the current run's curves (one Voronoi cell each). */
export const MAX_HOVER_POINTS = 250;

/** Every k-th point and the last, at most `max`: e.g. 2,001 points → 251. */
function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return points.slice();
  const step = Math.ceil((points.length - 1) / (max - 1));
  const out = points.filter((_, i) => i % step === 0);
  if ((points.length - 1) % step !== 0) out.push(points[points.length - 1] as T);
  return out;
}

/** What the page draws for a view: which compiled spec, its datasets and signals, and the chart in words. */
export interface ChartView {
  spec: 'linear' | 'log';
  data: LossChartData;
  signals: ChartSignals;
  /** The other runs drawn, by their labels. */
  previousLabels: string[];
  /** The chart summarised for screen readers (the figure's caption and the SVG's label). */
  description: string;
}

const plotsOn = (loss: number, logScale: boolean): boolean => Number.isFinite(loss) && (!logScale || loss > 0);

/** Whether the view draws the excess loss L − L* (asked for, and L* known). */
export const showsExcess = (data: Pick<ChartData, 'optimalLoss'>, view: ViewState): boolean => view.excess && data.optimalLoss !== null;

/** One drawn curve before the loss axis is fixed: its points, and whether it may leave the chart. */
interface Curve {
  label: string;
  run: number;
  points: CurvePoint[];
  /** Diverged while a run that did not diverge sets the axis: cut where it leaves the chart. */
  capped: boolean;
}

function curvePoints(series: string, run: number, curve: LossCurve, perEpoch: number, view: ViewState, offset: number, dashed = false): CurvePoint[] {
  const points: CurvePoint[] = [];
  const logScale = view.logScale || view.excess;
  curve.loss.forEach((value, i) => {
    const loss = value - offset;
    if (!plotsOn(loss, logScale)) return;
    const epoch = curve.epochs[i] as number;
    const update = epoch * perEpoch;
    points.push({ series, run, epoch, update, x: view.xAxis === 'epoch' ? epoch : update, loss, value, dashed });
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
 * The curves a view draws: other runs only with `view.showPrevious`, losses a log axis cannot
 * place left out, every point on the view's x-axis. The excess view draws each run's training
 * loss − its own L* (validation and batch losses are on other rows, where L* is no floor).
 */
function viewCurves(data: ChartData, view: ViewState): { curves: Curve[]; batch: BatchPoint[] } {
  const excess = showsExcess(data, view);
  const shown = view.showPrevious ? data.previous.filter((r) => !excess || r.optimalLoss !== null) : [];
  const current = data.optimalLoss ?? 0;
  const curves: Curve[] = [];
  const diverged = [data.diverged, ...shown.map((r) => r.diverged)];
  // Cap diverged runs only when a run that did not diverge is there to set the axis.
  const cap = diverged.some((d) => !d);
  for (const run of shown) {
    const { dashed } = runStyle(run.slot);
    curves.push({ label: run.label, run: run.runId, capped: cap && run.diverged, points: curvePoints(run.label, run.runId, run, run.updatesPerEpoch, view, excess ? (run.optimalLoss as number) : 0, dashed) });
  }
  if (data.validation && !excess) curves.push({ label: SERIES.validation, run: 0, capped: cap && data.diverged, points: curvePoints(SERIES.validation, 0, data.validation, data.updatesPerEpoch, view, 0) });
  curves.push({ label: SERIES.training, run: 0, capped: cap && data.diverged, points: curvePoints(SERIES.training, 0, data.training, data.updatesPerEpoch, view, excess ? current : 0) });
  return { curves, batch: excess ? [] : batchPoints(data, view) };
}

/** A curve as the loss axis sees it: its losses, and whether it is capped (it may leave the chart; only its start counts). */
export interface DomainCurve {
  values: readonly number[];
  capped: boolean;
}

/**
 * The loss axis, from the curves shown. Every curve that is not capped lies inside it whole:
 * a slow run never clips a fast one, nor the reverse. A capped (diverged) curve counts only
 * its start, so its blow-up (to 1e30) cannot stretch the axis: it leaves the chart at the top.
 * The batch means count too, but on a log axis reach at most a decade under the lowest epoch
 * loss (single-example losses near 0 would squash the curves); the min–max band is clipped.
 * `reference` (L*, when drawn) is kept inside. Linear: from 0; log: padded by a quarter in log
 * space. Null when there is nothing to place.
 */
export function lossDomain(curves: readonly DomainCurve[], batchMeans: readonly number[], logScale: boolean, reference: number | null = null): [number, number] | null {
  const ok = (v: number) => plotsOn(v, logScale);
  const epochValues: number[] = [];
  for (const c of curves) {
    if (c.capped) {
      const start = c.values[0];
      if (start !== undefined && ok(start)) epochValues.push(start);
    } else {
      for (const v of c.values) if (ok(v)) epochValues.push(v);
    }
  }
  const means = batchMeans.filter(ok);
  if (reference !== null && ok(reference)) epochValues.push(reference);
  if (epochValues.length === 0 && means.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of epochValues) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const floor = epochValues.length ? lo / 10 : -Infinity;
  for (const v of means) {
    if (v > hi) hi = v;
    if (v < lo) lo = Math.max(v, floor);
  }
  if (!logScale) return [0, hi > 0 ? hi : 1];
  return lo === hi ? [lo / 2, hi * 2] : [lo / 1.25, hi * 1.25];
}

/**
 * Cuts a capped curve where it first rises above `top`: the points before, then the point where
 * the segment crosses `top` (interpolated in the axis's space, so on a log axis in log space).
 * Returns the kept points and the exit (null when the curve stays inside).
 */
export function cutAtTop(points: readonly CurvePoint[], top: number, logScale: boolean): { kept: CurvePoint[]; exit: { x: number; epoch: number; value: number } | null } {
  const i = points.findIndex((p) => p.loss > top);
  if (i < 0) return { kept: points.slice(), exit: null };
  const above = points[i] as CurvePoint;
  if (i === 0) return { kept: [{ ...above, loss: top }], exit: { x: above.x, epoch: above.epoch, value: above.value } };
  const below = points[i - 1] as CurvePoint;
  const t = logScale ? (Math.log(top) - Math.log(below.loss)) / (Math.log(above.loss) - Math.log(below.loss)) : (top - below.loss) / (above.loss - below.loss);
  const x = below.x + (above.x - below.x) * Math.min(1, Math.max(0, t));
  return { kept: [...points.slice(0, i), { ...above, x, loss: top }], exit: { x, epoch: above.epoch, value: above.value } };
}

/**
 * The chart's datasets for a view: other runs only with `view.showPrevious`, losses a log
 * axis cannot place left out, every point placed on the view's x-axis, and capped runs cut
 * where they leave `domain`'s top (`lossDomain` computes it from the same curves).
 */
export function viewDatasets(data: ChartData, view: ViewState): LossChartData & { previousLabels: string[]; domain: [number, number] | null; xEnd: number } {
  const excess = showsExcess(data, view);
  const logScale = view.logScale || excess;
  const { curves, batch } = viewCurves(data, view);
  const reference = !excess && data.optimalLoss !== null && plotsOn(data.optimalLoss, logScale) ? data.optimalLoss : null;
  const domain = lossDomain(
    curves.map((c) => ({ values: c.points.map((p) => p.loss), capped: c.capped })),
    batch.map((b) => b.mean),
    logScale,
    reference,
  );
  // The x-axis spans the current run, all of it even when it is cut where it leaves the top
  // (longer runs are clipped at its end).
  const xEnd = Math.max(0, ...curves.filter((c) => c.run === 0).flatMap((c) => c.points.map((p) => p.x)), ...batch.map((p) => p.x));
  const points: CurvePoint[] = [];
  const exits: ExitMark[] = [];
  for (const c of curves) {
    if (!c.capped || !domain) {
      points.push(...c.points);
      continue;
    }
    const { kept, exit } = cutAtTop(c.points, domain[1], logScale);
    points.push(...kept);
    if (exit) {
      const name = c.run !== 0 ? c.label : c.label === SERIES.validation ? t('this run (validation loss)') : t('this run (training loss)');
      exits.push({ series: c.label, run: c.run, x: exit.x, loss: domain[1], text: t('{0} diverged: leaves the chart at epoch {1}, loss {2}', name, formatCount(exit.epoch), formatNumber(exit.value)) });
    }
  }
  const rule = data.verdict;
  const update = rule ? rule.epoch * data.updatesPerEpoch : 0;
  const verdict = rule ? [{ ...rule, update, x: view.xAxis === 'epoch' ? rule.epoch : update }] : [];
  const referenceMarks = reference !== null ? [{ series: SERIES.optimum, loss: reference, text: t('L* = {0}: the least-squares loss, the lowest any rate reaches', `${formatNumber(reference)} ${lossUnitLabel(data.lossUnit)}`) }] : [];
  const previousLabels = curves.filter((c) => c.run !== 0).map((c) => c.label);
  const hover = [SERIES.training, SERIES.validation].flatMap((series) => thin(points.filter((p) => p.run === 0 && p.series === series), MAX_HOVER_POINTS));
  return { curves: points, batch, verdict, exits, reference: referenceMarks, hover, previousLabels, domain, xEnd };
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

/** The chart in words, e.g. "Loss chart: training loss from 613.9 at epoch 0 to 18.71 at epoch 50; converged at epoch 19; 2 other run(s) shown." */
function describeChart(data: LossChartData, previousRuns: number, excess: boolean): string {
  const training = data.curves.filter((p) => p.series === SERIES.training);
  const first = training[0];
  const last = training[training.length - 1];
  if (!first || !last) return t('Loss chart: no loss to draw.');
  const from = [formatNumber(first.loss), first.epoch, formatNumber(last.loss), last.epoch] as const;
  const parts = [excess ? t('Loss chart: excess loss L − L* from {0} at epoch {1} to {2} at epoch {3}', ...from) : t('Loss chart: training loss from {0} at epoch {1} to {2} at epoch {3}', ...from)];
  if (data.verdict[0]) parts.push(data.verdict[0].text);
  if (previousRuns) parts.push(t('{0} other run(s) shown', previousRuns));
  parts.push(...data.exits.map((e) => e.text));
  return t('{0}.', parts.reduce((all, part) => t('{0}; {1}', all, part)));
}

/**
 * Everything the page needs to draw `data` in `view`: the spec to use, its datasets and the
 * values of its signals (axis domains and titles, colour domain, legend), and the description.
 * e.g. `chartView(data, { logScale: false, xAxis: "update", showPrevious: true, excess: false }).signals.xTitle === "weight updates"`.
 */
export function chartView(data: ChartData, view: ViewState): ChartView {
  const { previousLabels, domain: found, xEnd, ...datasets } = viewDatasets(data, view);
  const excess = showsExcess(data, view);
  const logScale = view.logScale || excess;
  const legendValues = [SERIES.training, ...(data.validation && !excess ? [SERIES.validation] : []), ...(datasets.batch.length ? [SERIES.batch] : []), ...(datasets.reference.length ? [SERIES.optimum] : [])];
  const xTitle = view.xAxis === 'epoch' ? t('epoch') : t('weight updates');
  // With nothing to place (every loss left out), an empty frame with a plain unit range.
  const domain = found ?? (logScale ? [1, 10] : [0, 1]);
  const ticks = logScale ? logTickValues(domain[0], domain[1]) : [];
  const verdictX = datasets.verdict[0]?.x ?? 0;
  const unit = lossUnitLabel(data.lossUnit) || t('squared error');
  // Short enough to fit the chart's height: the caption and the axis description say "excess loss".
  const yTitle = excess ? `L − L*, ${unit}` : t('loss, {0}', unit);
  // The legend's series are data keys (English); a screen reader hears their display names.
  const shownNames = seriesLabels();
  // Each run's colour is its slot's, whatever else is shown: the slot names follow the fixed series.
  const slots = Array.from({ length: MAX_RUNS }, (_, k) => slotPlaceholder(k));
  for (const run of data.previous) if (previousLabels.includes(run.label)) slots[run.slot] = run.label;
  return {
    spec: logScale ? 'log' : 'linear',
    data: datasets,
    previousLabels,
    description: describeChart(datasets, previousLabels.length, excess),
    signals: {
      colorDomain: [...FIXED_SERIES, ...slots],
      legendValues,
      legendDescription: t('Legend: {0}', legendValues.map((v) => shownNames[v] ?? v).join(', ')),
      xTitle,
      xDomain: [0, xEnd > 0 ? xEnd : 1],
      xDescription: t('X-axis: {0}, from 0 to {1}', xTitle, formatCount(xEnd)),
      yDomain: domain,
      yTitle,
      yDescription: excess ? (logScale ? t('Y-axis: excess loss {0}, log scale', yTitle) : t('Y-axis: excess loss {0}, linear scale', yTitle)) : logScale ? t('Y-axis: {0}, log scale', yTitle) : t('Y-axis: {0}, linear scale', yTitle),
      yTicks: ticks.length >= 2 ? ticks : null,
      labelOnLeft: xEnd > 0 && verdictX > xEnd * 0.6,
    },
  };
}
