/**
 * The loss chart: a run's curves as a Vega-Lite layer stack, compiled here in the extension host
 * so the page needs only the Vega runtime. Pure: no `vscode`, no DOM. Colours are never written
 * into the spec: every mark takes its colour from the `category` range, which the page fills
 * from the VS Code theme (see `series.ts` for which slot is which).
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { formatCount, formatNumber } from '../shared/format';
import { verdictSummary } from '../shared/wording';

import { extremeIndices } from '../core/downsample';

import type { PreviousRun, ViewState } from '../shared/protocol';
import { FIXED_SERIES, MAX_PREVIOUS_DRAWN, SERIES } from '../shared/series';
import type { DataSpec, LossBucket, RunReport, TrainingConfig } from '../shared/report';

/** No curve in the chart has more points than this (a few pixels' worth each on a wide panel). */
export const MAX_CHART_POINTS = 2000;
/**
 * A previous run keeps at most this many loss entries. The worker already thins long histories
 * to this size (with their epochs); a report that was not thinned is cut here instead.
 */
export const MAX_PREVIOUS_POINTS = 4001;
/** Pixel height of the plot. */
export const CHART_HEIGHT = 280;

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

/** The rule that marks the verdict, e.g. `{ series: "diverged", epoch: 7, text: "diverged at epoch 7" }`. */
export interface VerdictMark {
  series: string;
  epoch: number;
  update: number;
  x: number;
  text: string;
}

/** The datasets the chart draws, by name (the compiled Vega spec carries them under these names). */
export interface LossChartData {
  curves: CurvePoint[];
  batch: BatchPoint[];
  verdict: VerdictMark[];
}

/**
 * Thins a curve to at most `maxPoints` points: the first and last points stay, and the interior
 * is cut into buckets that each keep their lowest and highest point, so spikes survive (a mean or
 * a stride would hide SGD's noise and a divergence's jump). Points stay in their order; a null
 * (non-finite) value ranks as +∞, so an overflow is kept as its bucket's highest point.
 * e.g. 100,000 epochs of loss → ≤ 2,000 points, including the maximum.
 * Either a plain series, `downsampleSeries([613.9, 120.5, …])`, or points with a value accessor,
 * `downsampleSeries(points, (p) => p.loss)`.
 */
export function downsampleSeries(values: readonly (number | null)[], maxPoints?: number): (number | null)[];
export function downsampleSeries<T>(points: readonly T[], value: (p: T) => number | null, maxPoints?: number): T[];
export function downsampleSeries<T>(points: readonly T[], valueOrMax?: ((p: T) => number | null) | number, maxPoints = MAX_CHART_POINTS): T[] {
  const value = typeof valueOrMax === 'function' ? valueOrMax : (p: T) => p as unknown as number | null;
  const cap = typeof valueOrMax === 'number' ? valueOrMax : maxPoints;
  if (points.length <= cap) return points.slice();
  const rank = (i: number): number => {
    const v = value(points[i] as T);
    return v === null || Number.isNaN(v) ? Infinity : v;
  };
  return extremeIndices(points.length, rank, cap).map((i) => points[i] as T);
}

/**
 * Merges neighbouring batch-loss buckets until at most `maxBuckets` remain: min of the mins, max
 * of the maxes, count-weighted mean. A null (non-finite) max or mean stays null.
 */
export function mergeLossBuckets(buckets: readonly LossBucket[], maxBuckets = MAX_CHART_POINTS): LossBucket[] {
  if (buckets.length <= maxBuckets) return buckets.slice();
  const group = Math.ceil(buckets.length / maxBuckets);
  const out: LossBucket[] = [];
  for (let i = 0; i < buckets.length; i += group) {
    const part = buckets.slice(i, i + group);
    const count = part.reduce((s, b) => s + b.count, 0);
    const mins = part.map((b) => b.min).filter((v): v is number => v !== null);
    const overflow = part.some((b) => b.max === null || b.mean === null);
    out.push({
      update: (part[0] as LossBucket).update,
      count,
      min: mins.length ? Math.min(...mins) : null,
      max: overflow ? null : Math.max(...part.map((b) => b.max as number)),
      mean: overflow ? null : part.reduce((s, b) => s + (b.mean as number) * b.count, 0) / count,
    });
  }
  return out;
}

const plotsOn = (loss: number | null | undefined, logScale: boolean): loss is number =>
  typeof loss === 'number' && Number.isFinite(loss) && (!logScale || loss > 0);

/** An epoch-indexed loss series as chart points, unplottable values dropped, thinned to the cap. */
function curvePoints(series: string, run: number, losses: readonly (number | null)[], epochs: readonly number[] | null, perEpoch: number, view: ViewState): CurvePoint[] {
  const points: CurvePoint[] = [];
  losses.forEach((loss, i) => {
    if (!plotsOn(loss, view.logScale)) return;
    const epoch = epochs?.[i] ?? i;
    const update = epoch * perEpoch;
    points.push({ series, run, epoch, update, x: view.xAxis === 'epoch' ? epoch : update, loss });
  });
  return downsampleSeries(points, (p) => p.loss);
}

function batchPoints(buckets: readonly LossBucket[], perEpoch: number, view: ViewState): BatchPoint[] {
  const points: BatchPoint[] = [];
  for (const b of mergeLossBuckets(buckets)) {
    if (!plotsOn(b.mean, view.logScale) || b.min === null || b.max === null) continue;
    // Update k is measured before its step, on the weights after k − 1 updates: full-batch losses land on the epoch curve.
    const at = b.update - 1 + (b.count - 1) / 2;
    points.push({
      series: SERIES.batch,
      update: b.update,
      updates: b.count,
      epoch: at / perEpoch,
      x: view.xAxis === 'epoch' ? at / perEpoch : at,
      mean: b.mean,
      // On a log axis a zero loss has no place: the band runs off the bottom instead.
      min: view.logScale && b.min <= 0 ? b.mean / 1e6 : b.min,
      max: b.max,
    });
  }
  return points;
}

function verdictMarks(report: RunReport, perEpoch: number, view: ViewState): VerdictMark[] {
  const epoch = report.verdictEpoch;
  if (epoch === null) return [];
  // The marker's words are the wording table's summary ("converged at epoch 19"), so the chart, badge and status bar agree.
  const series = report.verdict === 'converged' ? SERIES.converged : report.verdict === 'diverged' ? SERIES.diverged : report.verdict === 'oscillating' ? SERIES.oscillating : null;
  const text = series ? { series, text: report.verdict === 'oscillating' ? `above its start at epoch ${formatCount(epoch)}` : verdictSummary(report.verdict, epoch) } : null;
  if (!text) return [];
  const update = epoch * perEpoch;
  return [{ ...text, epoch, update, x: view.xAxis === 'epoch' ? epoch : update }];
}

/** Labels made unique, so two runs never share a legend entry or a colour. */
function uniqueLabels(runs: readonly PreviousRun[]): string[] {
  const seen = new Set<string>(FIXED_SERIES);
  return runs.map((r) => {
    let label = r.label;
    if (seen.has(label)) label = `${r.label} (run ${r.runId})`;
    for (let k = 2; seen.has(label); k++) label = `${r.label} (run ${r.runId}, ${k})`;
    seen.add(label);
    return label;
  });
}

/** Updates per epoch of the report's own config (1 when it never planned). */
export function updatesPerEpoch(report: Pick<RunReport, 'updates'>): number {
  return report.updates ? report.updates[report.updates.current].perEpoch : 1;
}

/**
 * The chart's data for a report, its previous runs and the view: what `buildLossChart` draws,
 * exposed for tests. Previous runs are drawn only with `view.showPrevious`, at most
 * `MAX_PREVIOUS_DRAWN` of them (the first ones: the caller lists the most recent first).
 */
export function lossChartData(report: RunReport, previous: readonly PreviousRun[], view: ViewState): LossChartData & { previousLabels: string[] } {
  const perEpoch = updatesPerEpoch(report);
  const history = report.history;
  const shown = view.showPrevious ? previous.slice(0, MAX_PREVIOUS_DRAWN) : [];
  const previousLabels = uniqueLabels(shown);
  const curves: CurvePoint[] = [];
  shown.forEach((run, i) => curves.push(...curvePoints(previousLabels[i] as string, run.runId, run.trainLoss, run.epochs, run.updatesPerEpoch, view)));
  if (history?.validationLoss) curves.push(...curvePoints(SERIES.validation, 0, history.validationLoss, history.epochs, perEpoch, view));
  if (history) curves.push(...curvePoints(SERIES.training, 0, history.trainLoss, history.epochs, perEpoch, view));
  // With one update per epoch the batch loss is the epoch curve itself: no noise to show.
  const batch = history && perEpoch > 1 ? batchPoints(history.batchLoss, perEpoch, view) : [];
  return { curves, batch, verdict: verdictMarks(report, perEpoch, view), previousLabels };
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

const fmt = (v: number) => formatNumber(v);

/**
 * The chart for a run as a compiled Vega spec (`compile(vegaLite).spec`), with datasets named
 * `curves` (training, validation and previous-run losses per epoch), `batch` (per-update batch
 * loss buckets) and `verdict`. Layers, bottom to top: verdict rule, batch min–max band and mean,
 * previous runs (faded), training (solid), validation (dashed), hover points with tooltips. Its
 * `description` summarises the run in words, for screen readers.
 * e.g. `vega.parse(buildLossChart(report, [], DEFAULT_VIEW), themeConfig, { ast: true })`.
 */
export function buildLossChart(report: RunReport, previous: readonly PreviousRun[], view: ViewState): object {
  const data = lossChartData(report, previous, view);
  const hasValidation = data.curves.some((p) => p.series === SERIES.validation);
  const legendValues = [SERIES.training, ...(hasValidation ? [SERIES.validation] : []), ...(data.batch.length ? [SERIES.batch] : []), ...data.previousLabels];
  const color = {
    field: 'series',
    type: 'nominal',
    scale: { domain: [...FIXED_SERIES, ...data.previousLabels], range: 'category' },
    legend: {
      title: null,
      orient: 'bottom',
      direction: 'horizontal',
      // As many columns as fit the panel's width, so a narrow panel wraps the legend instead of cutting it.
      columns: { expr: 'max(1, min(3, floor(width / 230)))' },
      values: legendValues,
      description: `Legend: ${legendValues.join(', ')}`,
      labelLimit: 300,
      symbolType: 'stroke',
      symbolStrokeWidth: 2.5,
      symbolOpacity: 1,
    },
  } as const;
  const xTitle = view.xAxis === 'epoch' ? 'epoch' : 'weight updates';
  // The x-axis spans the current run; longer previous runs are clipped at its end.
  const xEnd = Math.max(0, ...data.curves.filter((p) => p.run === 0).map((p) => p.x), ...data.batch.map((p) => p.x));
  const xScale = xEnd > 0 ? { domain: [0, xEnd], nice: false } : {};
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: xScale, axis: { format: ',d', tickMinStep: 1, tickCount: { expr: 'ceil(width / 80)' }, labelFlush: true, description: `X-axis: ${xTitle}, from 0 to ${xEnd.toLocaleString('en-US')}` } } as const;
  const yTitle = `loss, ${report.lossUnit || 'squared error'}`;
  const domain = lossDomain(data, view.logScale);
  const yScale = view.logScale ? { type: 'log', ...(domain ? { domain, nice: false } : {}) } : { type: 'linear', zero: true, ...(domain ? { domain, nice: true } : {}) };
  const logTicks = view.logScale && domain ? logTickValues(domain[0], domain[1]) : [];
  const yAxis = {
    description: `Y-axis: ${yTitle}, ${view.logScale ? 'log' : 'linear'} scale`,
    // Plain numbers with separators, e notation only for the huge and the tiny (a diverged run reaches 1e30).
    labelExpr: "abs(datum.value) >= 1e6 || (abs(datum.value) < 1e-3 && datum.value != 0) ? format(datum.value, '.0e') : format(datum.value, ',~r')",
    ...(logTicks.length >= 2 ? { values: logTicks } : { tickCount: 6 }),
  };
  const y = (field: string) => ({ field, type: 'quantitative', title: yTitle, scale: yScale, axis: yAxis }) as const;
  const epochOnly = (field: string) => ({ field, type: 'quantitative', title: field, format: ',' }) as const;
  const onCurve = (series: string) => ({ filter: { field: 'series', equal: series } });
  const verdictX = data.verdict[0]?.x ?? 0;
  const labelOnLeft = xEnd > 0 && verdictX > xEnd * 0.6;

  const layers: object[] = [];
  if (data.verdict.length) {
    layers.push({
      data: { name: 'verdict' },
      mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5, aria: false },
      encoding: { x, color, tooltip: [{ field: 'text', title: 'verdict' }, epochOnly('epoch'), epochOnly('update')] },
    });
  }
  if (data.batch.length) {
    layers.push(
      {
        data: { name: 'batch' },
        mark: { type: 'area', opacity: 0.18, clip: true, interpolate: 'step-after', aria: false },
        encoding: { x, y: y('min'), y2: { field: 'max' }, color },
      },
      {
        data: { name: 'batch' },
        mark: { type: 'line', opacity: 0.45, strokeWidth: 1, clip: true, aria: false },
        encoding: { x, y: y('mean'), color },
      },
    );
  }
  if (data.previousLabels.length) {
    layers.push({
      data: { name: 'curves' },
      transform: [{ filter: { not: { field: 'run', equal: 0 } } }],
      mark: { type: 'line', opacity: 0.5, strokeWidth: 1.25, clip: true, aria: false },
      encoding: { x, y: y('loss'), color, detail: { field: 'run', type: 'nominal' } },
    });
  }
  layers.push({
    data: { name: 'curves' },
    transform: [onCurve(SERIES.training)],
    mark: { type: 'line', strokeWidth: 2.25, clip: true, aria: false },
    encoding: { x, y: y('loss'), color },
  });
  // Dashed over solid, so the validation curve stays visible where the two agree.
  if (hasValidation) {
    layers.push({
      data: { name: 'curves' },
      transform: [onCurve(SERIES.validation)],
      mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.75, clip: true, aria: false },
      encoding: { x, y: y('loss'), color },
    });
  }
  // Points appear only under the pointer (nearest point of the current run's curves), with the
  // tooltip. Only the current run: each hover point brings a Voronoi cell, and faded previous
  // runs would double what the page draws on every save.
  layers.push({
    data: { name: 'curves' },
    transform: [{ filter: { field: 'run', equal: 0 } }],
    params: [{ name: 'hover', select: { type: 'point', on: 'pointerover', clear: 'pointerout', nearest: true, toggle: false } }],
    mark: { type: 'point', filled: true, size: 60, clip: true, aria: false },
    encoding: {
      x,
      y: y('loss'),
      color,
      opacity: { condition: { param: 'hover', empty: false, value: 1 }, value: 0 },
      tooltip: [
        { field: 'series', title: 'series' },
        epochOnly('epoch'),
        epochOnly('update'),
        { field: 'loss', type: 'quantitative', title: `loss ${report.lossUnit}`.trim(), format: '.4~g' },
      ],
    },
  });
  if (data.verdict.length) {
    layers.push({
      data: { name: 'verdict' },
      mark: { type: 'text', baseline: 'top', align: labelOnLeft ? 'right' : 'left', dx: labelOnLeft ? -5 : 5, dy: 4, fontSize: 11, fontWeight: 'bold', aria: false },
      encoding: { x, y: { value: 0 }, text: { field: 'text' }, color },
    });
  }

  // Screen readers get this summary (the page shows it as the figure's caption) rather than one label per mark.
  const training = data.curves.filter((p) => p.series === SERIES.training);
  const first = training[0];
  const last = training[training.length - 1];
  const description =
    first && last
      ? `Loss chart: training loss from ${fmt(first.loss)} at epoch ${first.epoch} to ${fmt(last.loss)} at epoch ${last.epoch}` +
        (data.verdict[0] ? `; ${data.verdict[0].text}` : '') +
        (data.previousLabels.length ? `; ${data.previousLabels.length} previous run(s) shown faded` : '') +
        '.'
      : 'Loss chart: no loss to draw.';

  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    width: 'container',
    height: CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    background: null,
    datasets: { curves: data.curves, batch: data.batch, verdict: data.verdict },
    layer: layers,
  } as unknown as TopLevelSpec;
  return compile(spec).spec;
}

// ── previous runs ────────────────────────────────────────────────────────────────────────────

const showValue = (v: unknown): string => (typeof v === 'number' ? fmt(v) : Array.isArray(v) ? v.join(', ') : String(v));

function dataName(spec: DataSpec): string {
  switch (spec.kind) {
    case 'dataset':
      return spec.dataset;
    case 'csv':
      return spec.csv;
    case 'synthetic':
      return 'synthetic';
    default: {
      const never: never = spec;
      throw new Error(`unknown data kind ${JSON.stringify(never)}`);
    }
  }
}

/** What changed in the data, e.g. `["data cars → houses.csv"]` or `["features Weight_in_lbs → Weight_in_lbs, Horsepower"]`. */
function dataChanges(before: DataSpec, after: DataSpec): string[] {
  if (before.kind !== after.kind || dataName(before) !== dataName(after)) return [`data ${dataName(before)} → ${dataName(after)}`];
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  const keys = Object.keys(a).filter((k) => k !== 'kind' && k !== 'dataset' && k !== 'csv');
  return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).map((k) => `${k} ${b[k] === null ? 'all' : showValue(b[k])} → ${a[k] === null ? 'all' : showValue(a[k])}`);
}

/**
 * What changed from one config to the next, in the order of training.json's keys, e.g.
 * `"learningRate 0.01 → 0.5, batchSize full → 1"`; null when nothing did.
 */
export function describeConfigChange(before: TrainingConfig, after: TrainingConfig): string | null {
  const changes: string[] = [];
  const scalar = ['learningRate', 'batchSize', 'epochs'] as const;
  for (const k of scalar) if (before[k] !== after[k]) changes.push(`${k} ${showValue(before[k])} → ${showValue(after[k])}`);
  changes.push(...dataChanges(before.data, after.data));
  for (const k of ['normalize', 'validationSplit', 'seed'] as const) if (before[k] !== after[k]) changes.push(`${k} ${showValue(before[k])} → ${showValue(after[k])}`);
  return changes.length ? changes.join(', ') : null;
}

/**
 * A finished run as a previous run of its file, labelled by what changed versus the config of
 * the run before it (`previousConfig`, null for the first run): e.g. "learningRate 0.01 → 0.5",
 * or "run 3" when nothing changed. Its training loss is kept per epoch, cut after
 * `MAX_PREVIOUS_POINTS` epochs.
 */
export function previousRunFrom(report: RunReport, runId: number, previousConfig: TrainingConfig | null): PreviousRun {
  const change = report.config && previousConfig ? describeConfigChange(previousConfig, report.config) : null;
  return {
    runId,
    label: change ?? `run ${runId}`,
    learningRate: report.config?.learningRate ?? 0,
    verdict: report.verdict,
    trainLoss: (report.history?.trainLoss ?? []).slice(0, MAX_PREVIOUS_POINTS),
    epochs: report.history?.epochs?.slice(0, MAX_PREVIOUS_POINTS) ?? null,
    updatesPerEpoch: updatesPerEpoch(report),
  };
}
