import { describe, expect, it, vi } from 'vitest';
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { MAX_CHART_POINTS, downsampleSeries, lossChartData, mergeLossBuckets } from '../../src/chart/lossData';
import { buildLossSpecs, chartStructure } from '../../src/chart/lossSpec';
import { type PreviousRun, previousRunFrom } from '../../src/chart/previousRuns';
import { FIXED_SERIES, SERIES } from '../../src/shared/series';

import { runTraining } from '../../src/core/run';
import { fillView, specDatasets } from '../../webview/chart';
import { type BatchPoint, type CurvePoint, type VerdictMark, chartView, logTickValues, viewDatasets } from '../../webview/chartView';
import { themeConfig } from '../../webview/theme';
import { DEFAULT_VIEW, type ViewState } from '../../webview/view';
import { configText } from './helpers';
import type { RunReport, TrainingConfig } from '../../src/shared/report';

const view = (change: Partial<ViewState> = {}): ViewState => ({ ...DEFAULT_VIEW, ...change });

// Real runs on the cars data, each trained once for the whole file.
const fullBatch = runTraining(configText({ learningRate: 0.05, validationSplit: 0.2 }));
const sgd = runTraining(configText({ learningRate: 0.01, batchSize: 1, epochs: 3 }));
const diverged = runTraining(configText({ learningRate: 1.5 }));
const slow = runTraining(configText({ learningRate: 0.01 }));

/** The chart's datasets for a view, as the page computes them from the host's data. */
const lossChartDataFor = (report: RunReport, previous: PreviousRun[], v: ViewState) => viewDatasets(lossChartData(report, previous), v);

/**
 * Draws a chart as the host and the page do together: the host's data and compiled specs, then
 * the page's view of them put into a Vega view (parsed with ASTs, run headless through the
 * expression interpreter).
 */
async function drawChart(report: RunReport, previous: PreviousRun[] = [], v: ViewState = view(), config?: object) {
  const data = lossChartData(report, previous);
  const shown = chartView(data, v);
  const spec = buildLossSpecs(chartStructure(data))[shown.spec] as vega.Spec;
  const chart = new vega.View(vega.parse(spec, config as vega.Config, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
  const datasets = specDatasets(spec);
  fillView(chart, datasets, shown);
  await chart.runAsync();
  // A structure without a layer for a dataset leaves it out: read that as empty.
  const dataOf = <T>(name: string): T[] => (datasets.has(name) ? (chart.data(name) as T[]) : []);
  const curves = dataOf<CurvePoint>('curves');
  return {
    spec,
    chart,
    curves,
    series: (name: string) => curves.filter((p) => p.series === name),
    batch: dataOf<BatchPoint>('batch'),
    verdict: dataOf<VerdictMark>('verdict'),
  };
}

type SceneNode = { marktype?: string; role?: string; items?: unknown[] };

/** Every drawn item of the marks of a type and role (by default data marks, not axes or legends), e.g. all symbols. */
function itemsOf(chart: vega.View, marktype: string, role = 'mark'): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const walk = (node: SceneNode) => {
    for (const item of node.items ?? []) {
      if (node.marktype === marktype && node.role === role) out.push(item as Record<string, unknown>);
      const children = (item as { items?: unknown[] }).items;
      if (children) for (const child of children) walk(child as SceneNode);
    }
  };
  walk((chart.scenegraph() as unknown as { root: SceneNode }).root);
  return out;
}

/** The texts the chart draws in a role, e.g. the axis titles or the legend's labels. */
const textsOf = (chart: vega.View, role: 'axis-title' | 'legend-label') => itemsOf(chart, 'text', role).map((t) => t.text);

describe('the loss chart on real runs', () => {
  it('compiles to a Vega spec that parses and runs headless', async () => {
    const { spec, curves } = await drawChart(fullBatch);
    expect((spec as { $schema?: string }).$schema).toContain('/vega/');
    expect(curves.length).toBeGreaterThan(0);
  });

  it('draws the training loss once per epoch: epochs + 1 points, from the initial loss', async () => {
    const full = await drawChart(fullBatch);
    expect(full.series(SERIES.training).map((p) => p.epoch)).toEqual(Array.from({ length: 51 }, (_, e) => e));
    expect(full.series(SERIES.training)[0]?.loss).toBe(fullBatch.history?.trainLoss[0]);
    const noisy = await drawChart(sgd);
    expect(noisy.series(SERIES.training)).toHaveLength(4);
  });

  it('draws the validation loss only when the config holds rows out', async () => {
    expect((await drawChart(fullBatch)).series(SERIES.validation)).toHaveLength(51);
    expect((await drawChart(sgd)).series(SERIES.validation)).toHaveLength(0);
  });

  it('uses a log loss axis when the view asks for it, and a linear one from zero otherwise', async () => {
    const log = await drawChart(fullBatch, [], view({ logScale: true }));
    expect(log.chart.scale('y').type).toBe('log');
    const linear = await drawChart(fullBatch, [], view({ logScale: false }));
    expect(linear.chart.scale('y').type).toBe('linear');
    expect(linear.chart.scale('y').domain()[0]).toBe(0);
  });

  it('leaves out missing and non-positive losses on a log axis, but keeps zero on a linear one', async () => {
    const history = fullBatch.history!;
    const broken: RunReport = { ...fullBatch, history: { ...history, trainLoss: [...history.trainLoss.slice(0, 48), null, 0, -1] } };
    const log = await drawChart(broken, [], view({ logScale: true }));
    expect(log.series(SERIES.training).map((p) => p.epoch)).toEqual(Array.from({ length: 48 }, (_, e) => e));
    const linear = await drawChart(broken, [], view({ logScale: false }));
    expect(linear.series(SERIES.training).map((p) => p.loss).slice(-2)).toEqual([0, -1]);
  });

  it('puts epoch e at update e × updates-per-epoch on the weight-updates axis', async () => {
    const perEpoch = sgd.updates![sgd.updates!.current].perEpoch;
    expect(perEpoch).toBe(sgd.samples);
    const byEpoch = await drawChart(sgd, [], view({ xAxis: 'epoch' }));
    const byUpdate = await drawChart(sgd, [], view({ xAxis: 'update' }));
    expect(byEpoch.series(SERIES.training).map((p) => p.x)).toEqual([0, 1, 2, 3]);
    expect(byUpdate.series(SERIES.training).map((p) => p.x)).toEqual([0, 1, 2, 3].map((e) => e * perEpoch));
    expect(byUpdate.verdict[0]?.x).toBe(byEpoch.verdict[0]!.x * perEpoch);
    expect(textsOf(byUpdate.chart, 'axis-title')).toContain('weight updates');
    expect(textsOf(byEpoch.chart, 'axis-title')).toContain('epoch');
    // The x scale ends where the run ends, in either unit.
    expect(byUpdate.chart.scale('x').domain()).toEqual([0, 3 * perEpoch]);
    expect(byEpoch.chart.scale('x').domain()).toEqual([0, 3]);
  });

  it('shows the per-update batch loss with a min–max band for SGD, and none for full batch (it is the epoch curve)', async () => {
    const noisy = await drawChart(sgd);
    expect(noisy.batch.length).toBeGreaterThan(100);
    expect(noisy.batch.every((b) => b.min <= b.mean && b.mean <= b.max)).toBe(true);
    // SGD's noise: single-example losses spread far around the epoch curve.
    expect(noisy.batch.some((b) => b.max > 2 * b.min)).toBe(true);
    expect(itemsOf(noisy.chart, 'area').length).toBe(noisy.batch.length);
    expect((await drawChart(fullBatch)).batch).toHaveLength(0);
  });

  it('places update k\'s batch loss at k − 1 updates, on the weights it was measured with', () => {
    const data = lossChartDataFor(sgd, [], view({ xAxis: 'update' }));
    const first = sgd.history!.batchLoss[0]!;
    expect(data.batch[0]?.x).toBe(first.update - 1 + (first.count - 1) / 2);
  });

  it('draws other runs in their slots\' colours (the runs table is their legend), and hides them when asked', async () => {
    const previous = [previousRunFrom(slow, 3, { ...slow.config!, learningRate: 0.05 }, 1), previousRunFrom(diverged, 2, null, 0)];
    const shown = await drawChart(fullBatch, previous, view({ showPrevious: true }));
    expect(shown.series('learningRate 0.05 → 0.01')).toHaveLength(51);
    expect(shown.series('run 2').length).toBeGreaterThan(0);
    const domain = shown.chart.scale('color').domain() as string[];
    expect(domain.slice(0, FIXED_SERIES.length)).toEqual([...FIXED_SERIES]);
    expect(domain.indexOf('run 2')).toBe(FIXED_SERIES.length + 0);
    expect(domain.indexOf('learningRate 0.05 → 0.01')).toBe(FIXED_SERIES.length + 1);
    expect(textsOf(shown.chart, 'legend-label')).toEqual([SERIES.training, SERIES.validation, SERIES.optimum]);
    const hidden = await drawChart(fullBatch, previous, view({ showPrevious: false }));
    expect(hidden.curves.filter((p) => p.run !== 0)).toHaveLength(0);
    expect((hidden.chart.scale('color').domain() as string[]).filter((d) => d === 'run 2' || d.startsWith('learningRate'))).toEqual([]);
  });

  it('keeps two previous runs with the same label apart', () => {
    const a = previousRunFrom(slow, 2, null);
    const data = lossChartDataFor(fullBatch, [a, { ...a, runId: 3, label: a.label }], view());
    expect(new Set(data.previousLabels).size).toBe(2);
  });

  it('keeps the colour domain fixed, so a colour means the same series in every chart', async () => {
    const full = await drawChart(fullBatch);
    const noisy = await drawChart(sgd);
    expect(full.chart.scale('color').domain()).toEqual(noisy.chart.scale('color').domain());
    expect(full.chart.scale('color').domain().slice(0, FIXED_SERIES.length)).toEqual([...FIXED_SERIES]);
  });

  it('writes no colour into the spec: every series takes its colour from the theme\'s category range', async () => {
    for (const report of [fullBatch, sgd, diverged]) {
      const text = JSON.stringify(buildLossSpecs(chartStructure(lossChartData(report, [previousRunFrom(slow, 1, null)]))));
      expect(text).not.toMatch(/#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i);
    }
    const dark = themeConfig({ '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#f14c4c', '--vscode-charts-purple': '#b180d7' }, 'dark');
    const { chart } = await drawChart(diverged, [previousRunFrom(slow, 1, null)], view(), dark);
    const colour = chart.scale('color');
    expect(colour(SERIES.training)).toBe('#3794ff');
    expect(colour(SERIES.validation)).toBe('#d18616');
    expect(colour(SERIES.diverged)).toBe('#f14c4c');
    expect(colour('run 1')).toBe('#b180d7');
  });

  it('marks the verdict epoch with a rule: converged, and diverged for a rate of 1.5', async () => {
    const ok = await drawChart(fullBatch);
    expect(ok.verdict).toEqual([expect.objectContaining({ series: SERIES.converged, epoch: fullBatch.verdictEpoch })]);
    const bad = await drawChart(diverged);
    expect(diverged.verdict).toBe('diverged');
    expect(bad.verdict).toEqual([expect.objectContaining({ series: SERIES.diverged, epoch: diverged.verdictEpoch, text: `diverged at epoch ${diverged.verdictEpoch}` })]);
    expect(itemsOf(bad.chart, 'rule').some((r) => (r as { datum?: { series?: string } }).datum?.series === SERIES.diverged)).toBe(true);
  });

  it('draws no verdict rule for a run that is still too slow to have one', async () => {
    expect(slow.verdict).toBe('too-slow');
    expect((await drawChart(slow)).verdict).toHaveLength(0);
  });

  it('gives each point a tooltip with its series, epoch, update and loss', async () => {
    const { chart } = await drawChart(sgd, [], view({ xAxis: 'update' }));
    const tips = itemsOf(chart, 'symbol').map((s) => s.tooltip as Record<string, string>);
    expect(tips.length).toBe(4);
    expect(tips[1]).toEqual({ series: SERIES.training, epoch: '1', update: sgd.samples.toLocaleString('en-US'), 'loss (Miles_per_Gallon)²': expect.any(String) });
  });

  it('keeps every series at or under the downsample cap, even for 5,000 epochs', async () => {
    const long = runTraining(configText({ learningRate: 0.001, epochs: 5000 }));
    const { series } = await drawChart(long, [previousRunFrom(long, 1, null)]);
    expect(series(SERIES.training).length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(series(SERIES.training).at(-1)?.epoch).toBe(5000);
    expect(series('run 1').length).toBeLessThanOrEqual(MAX_CHART_POINTS);
  });

  it('runs without eval: the compiled spec needs only the expression interpreter', async () => {
    const data = lossChartData(sgd, [previousRunFrom(slow, 1, null)]);
    const shown = chartView(data, view({ xAxis: 'update' }));
    const spec = buildLossSpecs(chartStructure(data))[shown.spec] as vega.Spec;
    const evalSpy = vi.spyOn(globalThis, 'Function').mockImplementation(() => {
      throw new Error('eval is not allowed under the panel\'s CSP');
    });
    try {
      const chart = new vega.View(vega.parse(spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
      fillView(chart, specDatasets(spec), shown);
      await chart.runAsync();
      expect(itemsOf(chart, 'line').length).toBeGreaterThan(0);
      chart.finalize();
      // The same spec through Vega's default code generator does need eval: the spy really blocks it.
      expect(() => new vega.View(vega.parse(spec), { renderer: 'none' })).toThrow(/eval is not allowed/);
    } finally {
      evalSpy.mockRestore();
    }
  });
});

describe('one compiled chart per structure, every view drawn by the page', () => {
  const views: ViewState[] = [true, false].flatMap((logScale) => (['epoch', 'update'] as const).flatMap((xAxis) => [true, false].flatMap((showPrevious) => [false, true].map((excess) => ({ logScale, xAxis, showPrevious, excess })))));
  const previous = [previousRunFrom(slow, 2, null, 1), previousRunFrom(diverged, 1, null, 0)];

  /** What a drawn chart shows: scales, axis titles, legend, and the data of every dataset. */
  const drawn = (chart: vega.View, datasets: ReadonlySet<string>) => ({
    x: chart.scale('x').domain(),
    y: [chart.scale('y').type, ...chart.scale('y').domain()],
    colour: chart.scale('color').domain(),
    titles: textsOf(chart, 'axis-title'),
    legend: textsOf(chart, 'legend-label'),
    lines: itemsOf(chart, 'line').length,
    // Tuples as plain fields (Vega's own ids differ between views).
    data: [...datasets].map((name) => (chart.data(name) as object[]).map((d) => JSON.stringify(d, (k, val: unknown) => (k === '_vgsid_' ? undefined : val)))),
  });

  it('keys the specs by structure alone: another rate, or any view, needs no new compile', () => {
    const a = lossChartData(fullBatch, previous);
    const b = lossChartData(runTraining(configText({ learningRate: 0.2, validationSplit: 0.2 })), previous);
    expect(b.specKey).toBe(a.specKey);
    expect(lossChartData(runTraining(configText({ learningRate: 0.05 })), previous).specKey).not.toBe(a.specKey); // no validation curve
    expect(new Set(views.map((v) => chartView(a, v).spec))).toEqual(new Set(['linear', 'log']));
  });

  it('redraws a live chart in each of the sixteen views exactly as a freshly parsed chart of that view draws it', async () => {
    const data = lossChartData(sgd, previous);
    const specs = buildLossSpecs(chartStructure(data));
    const live = { linear: new vega.View(vega.parse(specs.linear as vega.Spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter }), log: new vega.View(vega.parse(specs.log as vega.Spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter }) };
    // Every view, twice over, into the same two live views: only datasets and signals change.
    for (const v of [...views, ...views.reverse()]) {
      const shown = chartView(data, v);
      const datasets = specDatasets(specs[shown.spec]);
      fillView(live[shown.spec], datasets, shown);
      await live[shown.spec].runAsync();
      const fresh = await drawChart(sgd, previous, v);
      expect(drawn(live[shown.spec], datasets)).toEqual(drawn(fresh.chart, datasets));
      expect(drawn(fresh.chart, datasets).titles[0]).toBe(v.xAxis === 'epoch' ? 'epoch' : 'weight updates');
      expect(fresh.chart.scale('y').type).toBe(v.logScale || v.excess ? 'log' : 'linear');
      expect(fresh.curves.some((p) => p.run !== 0)).toBe(v.showPrevious);
    }
  });

  it('sends each series once: the data is the same for every view, and holds no weight snapshots', () => {
    const data = lossChartData(fullBatch, previous);
    const text = JSON.stringify(data);
    expect(data.training.loss).toEqual(fullBatch.history!.trainLoss);
    expect(data.previous.map((p) => p.label)).toEqual(['run 2', 'run 1']);
    expect(text).not.toMatch(/snapshots|weights/);
    // Each view's datasets come from it: previous runs only when shown, x per the axis.
    const byUpdate = viewDatasets(data, view({ xAxis: 'update', showPrevious: false }));
    expect(byUpdate.curves.filter((p) => p.run !== 0)).toHaveLength(0);
    expect(byUpdate.curves.filter((p) => p.series === SERIES.training).map((p) => p.x)).toEqual(data.training.epochs.map((e) => e * data.updatesPerEpoch));
  });
});

describe('downsampleSeries', () => {
  const spiky = Array.from({ length: 100_000 }, (_, i) => (i === 77_777 ? 1e6 : i === 33_333 ? -5 : 10 + Math.sin(i)));

  it('returns a short series unchanged', () => {
    expect(downsampleSeries([3, 2, 1])).toEqual([3, 2, 1]);
  });

  it('thins 100,000 points to the cap and keeps the ends and both spikes, in order', () => {
    const out = downsampleSeries(spiky);
    expect(out.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(out.length).toBeGreaterThan(MAX_CHART_POINTS * 0.9);
    expect(out[0]).toBe(spiky[0]);
    expect(out.at(-1)).toBe(spiky.at(-1));
    expect(out).toContain(1e6);
    expect(out).toContain(-5);
  });

  it('keeps points in their order with an accessor, and a non-finite loss as its bucket\'s top', () => {
    const points = Array.from({ length: 10_000 }, (_, i) => ({ i, loss: i === 5000 ? null : Math.cos(i) }));
    const out = downsampleSeries(points, (p) => p.loss, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out.map((p) => p.i)).toEqual([...out.map((p) => p.i)].sort((a, b) => a - b));
    expect(out.some((p) => p.i === 5000)).toBe(true);
  });
});

describe('mergeLossBuckets', () => {
  it('merges neighbours to the cap: min of mins, max of maxes, count-weighted mean', () => {
    const buckets = [
      { update: 1, count: 1, min: 2, max: 2, mean: 2 },
      { update: 2, count: 3, min: 1, max: 9, mean: 6 },
      { update: 5, count: 2, min: 4, max: 5, mean: 4.5 },
    ];
    expect(mergeLossBuckets(buckets, 2)).toEqual([
      { update: 1, count: 4, min: 1, max: 9, mean: 5 },
      { update: 5, count: 2, min: 4, max: 5, mean: 4.5 },
    ]);
  });
});

describe('lossDomain', () => {
  it('keeps the current run readable on a log scale when another run diverged: the diverged one leaves at the top, marked', () => {
    const converged = runTraining(configText({ learningRate: 0.49 }));
    const data = lossChartDataFor(converged, [previousRunFrom(diverged, 1, null)], view({ logScale: true }));
    const currentMax = Math.max(...data.curves.filter((p) => p.run === 0).map((p) => p.loss));
    const [, hi] = data.domain!;
    expect(hi).toBeLessThanOrEqual(currentMax * 1.25 + 1e-9);
    expect(hi).toBeGreaterThanOrEqual(currentMax);
    // The diverged run is cut where it leaves, and a triangle marks the place.
    expect(Math.max(...data.curves.filter((p) => p.run === 1).map((p) => p.loss))).toBeLessThanOrEqual(hi);
    expect(data.exits).toHaveLength(1);
    expect(data.exits[0]!.loss).toBe(hi);
    expect(data.exits[0]!.text).toMatch(/diverged: leaves the chart at epoch \d+/);
  });

  it('lets a lone diverged run set the axis (nothing else to read)', () => {
    const data = lossChartDataFor(diverged, [], view({ logScale: true }));
    expect(data.exits).toEqual([]);
    expect(data.domain![1]).toBeGreaterThanOrEqual(Math.max(...data.curves.map((p) => p.loss)));
  });
});

describe('logTickValues', () => {
  it('steps 1-2-5 over a short range', () => {
    expect(logTickValues(15, 800)).toEqual([20, 50, 100, 200, 500]);
  });

  it('keeps a diverged run\'s 30 decades to a handful of powers of ten', () => {
    const ticks = logTickValues(1, 1e30);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks.every((t) => Number.isInteger(Math.log10(t)))).toBe(true);
  });
});

describe('previousRunFrom', () => {
  const config = fullBatch.config!;
  const withConfig = (change: Partial<TrainingConfig>): RunReport => ({ ...fullBatch, config: { ...config, ...change } });

  it('labels a run by the rate it changed: "learningRate 0.01 → 0.5"', () => {
    const run = previousRunFrom(withConfig({ learningRate: 0.5 }), 4, { ...config, learningRate: 0.01 });
    expect(run.label).toBe('learningRate 0.01 → 0.5');
    expect(run.learningRate).toBe(0.5);
    expect(run.runId).toBe(4);
  });

  it('joins several changes with commas, in the order of training.json', () => {
    const run = previousRunFrom(withConfig({ learningRate: 0.1, batchSize: 1, epochs: 3 }), 5, config);
    expect(run.label).toBe('learningRate 0.05 → 0.1, batchSize full → 1, epochs 50 → 3');
  });

  it('names a changed feature list', () => {
    const data = { ...config.data, features: ['Weight_in_lbs', 'Horsepower'] } as TrainingConfig['data'];
    expect(previousRunFrom(withConfig({ data }), 6, config).label).toBe('features Weight_in_lbs → Weight_in_lbs, Horsepower');
  });

  it('falls back to "run N" when nothing changed or there is no earlier config', () => {
    expect(previousRunFrom(fullBatch, 7, config).label).toBe('run 7');
    expect(previousRunFrom(fullBatch, 8, null).label).toBe('run 8');
  });

  it('keeps the training loss per epoch and the run\'s updates per epoch', () => {
    const run = previousRunFrom(sgd, 9, null);
    expect(run.trainLoss).toEqual(sgd.history!.trainLoss);
    expect(run.updatesPerEpoch).toBe(sgd.updates!.sgd.perEpoch);
    expect(run.verdict).toBe(sgd.verdict);
  });
});

describe('a thinned history', () => {
  it('is drawn at its epochs, not at its indices', async () => {
    const { thinHistory } = await import('../../src/core/run');
    const long = thinHistory(runTraining(configText({ learningRate: 0.01, epochs: 20_000 })), 401);
    const data = lossChartDataFor(long, [previousRunFrom(long, 1, null)], view({ logScale: false }));
    const current = data.curves.filter((p) => p.run === 0);
    expect(Math.max(...current.map((p) => p.epoch))).toBe(20_000);
    const previous = data.curves.filter((p) => p.run !== 0);
    expect(Math.max(...previous.map((p) => p.epoch))).toBe(20_000);
  });
});
