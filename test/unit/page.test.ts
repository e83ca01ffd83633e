// The page's logic (webview/page.ts) driven with stand-ins for VS Code's API, the DOM layout and
// the Vega renderer: what it draws, and what it tells the host, when the user changes the view.
import { describe, expect, it } from 'vitest';
import { lossChartData } from '../../src/chart/lossData';
import { buildLossSpecs, chartStructure } from '../../src/chart/lossSpec';
import { previousRunFrom } from '../../src/chart/previousRuns';
import { runTraining } from '../../src/core/run';
import type { Envelope } from '../../src/shared/channel';
import { type PanelSnapshot, type WebviewToHost, panelReport } from '../../src/shared/protocol';
import type { ChartRenderer } from '../../webview/chart';
import type { ChartView } from '../../webview/chartView';
import { createPage } from '../../webview/page';
import type { PanelActions, PanelLayout } from '../../webview/render';
import { themeConfig } from '../../webview/theme';
import type { PageState, ViewState } from '../../webview/view';
import { configText } from './helpers';

const report = runTraining(configText({ learningRate: 0.05, validationSplit: 0.2 }));
const data = lossChartData(report, [previousRunFrom(runTraining(configText({ learningRate: 0.01, validationSplit: 0.2 })), 1, null)]);
const specs = buildLossSpecs(chartStructure(data));
const snapshot: PanelSnapshot = { fileName: 'training.json', relativePath: 'training.json', fileUri: 'file:///w/training.json', state: 'done', message: null, runId: 2, report: panelReport(report), chart: data, bestConvergedRate: null, runs: [] };

function openPage(saved: unknown = undefined) {
  const sent: WebviewToHost[] = [];
  const draws: { spec: object; chart: ChartView }[] = [];
  let state: PageState | null = null;
  let actions: PanelActions | null = null;
  const settle = () => new Promise((r) => setTimeout(r, 0));
  const renderer: ChartRenderer = {
    render: async (_container, spec, _config, chart) => {
      draws.push({ spec, chart });
      return 42;
    },
    clear: () => undefined,
  };
  const layout: PanelLayout = { chart: {} as HTMLElement, render: (s) => s.chart !== null, describeChart: () => undefined, chartDrawn: () => undefined, progress: () => undefined };
  const page = createPage({
    api: { postMessage: (e) => sent.push((e as Envelope<WebviewToHost>).body), getState: () => saved, setState: (s) => void (state = s) },
    makeLayout: (a) => ((actions = a), layout),
    renderer,
    theme: () => themeConfig({}, 'dark'),
  });
  const fromHost = (body: unknown) => page.receive({ kind: 'event', body });
  return { sent, draws, fromHost, settle, state: () => state, change: (c: Partial<ViewState>) => actions!.changeView(c) };
}

describe('the page owns its view', () => {
  it('draws a view change from the data and specs it already has, and sends the host nothing', async () => {
    const p = openPage();
    p.fromHost({ type: 'chartSpecs', specs });
    p.fromHost({ type: 'snapshot', snapshot });
    await p.settle();
    expect(p.sent).toEqual([{ type: 'ready' }, { type: 'drawn', runId: 2, marks: 42 }]);
    expect(p.draws).toHaveLength(1);
    expect(p.draws[0]!.spec).toBe(specs.log);

    p.change({ logScale: false });
    await p.settle();
    p.change({ xAxis: 'update' });
    await p.settle();
    p.change({ showPrevious: false });
    await p.settle();
    expect(p.sent).toHaveLength(2);
    expect(p.draws).toHaveLength(4);
    const last = p.draws[3]!;
    expect(last.spec).toBe(specs.linear);
    expect(last.chart.signals.xTitle).toBe('weight updates');
    expect(last.chart.previousLabels).toEqual([]);
    expect(last.chart.data.curves.filter((c) => c.series === 'training loss').map((c) => c.x)).toEqual(data.training.epochs.map((e) => e * data.updatesPerEpoch));
    expect(p.state()).toEqual({ view: { logScale: false, xAxis: 'update', showPrevious: false, excess: false }, fileUri: snapshot.fileUri, runsSort: null });
  });

  it('starts from the view it saved, and keeps it when the host sends the next run', async () => {
    const p = openPage({ view: { logScale: false, xAxis: 'update', showPrevious: true }, fileUri: snapshot.fileUri });
    p.fromHost({ type: 'chartSpecs', specs });
    p.fromHost({ type: 'snapshot', snapshot });
    p.fromHost({ type: 'snapshot', snapshot: { ...snapshot, runId: 3 } });
    await p.settle();
    expect(p.draws.map((d) => d.spec)).toEqual([specs.linear, specs.linear]);
    expect(p.draws.every((d) => d.chart.signals.xTitle === 'weight updates')).toBe(true);
    expect(p.sent.filter((m) => m.type === 'drawn').map((m) => (m as { runId: number }).runId)).toEqual([2, 3]);
  });

  it('redraws nothing for a snapshot that changes only the state, and draws nothing without the specs', async () => {
    const p = openPage();
    p.fromHost({ type: 'snapshot', snapshot });
    await p.settle();
    expect(p.draws).toHaveLength(0);
    p.fromHost({ type: 'chartSpecs', specs });
    p.fromHost({ type: 'snapshot', snapshot });
    p.fromHost({ type: 'snapshot', snapshot: { ...snapshot, state: 'training' } });
    await p.settle();
    expect(p.draws).toHaveLength(1);
  });
});
