// The learning-rate panel under the loss chart: the chart data carries a schedule's rate per epoch
// (checked against the schedule worked by hand), none for a constant rate, and the panel's Vega
// spec draws it as steps on the loss chart's x axis in interpreter mode.
import { describe, expect, it } from 'vitest';
import { View, parse } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { lossChartData, rateCurve } from '../../src/chart/lossData';
import { runTraining } from '../../src/core/run';
import { chartView } from '../../webview/chartView';
import { rateSpec, rateView } from '../../webview/ratePanel';
import { themeConfig } from '../../webview/theme';
import { DEFAULT_VIEW } from '../../webview/view';
import { configText } from './helpers';

const scheduled = (schedule: unknown, o: Record<string, unknown> = {}) => runTraining(configText({ epochs: 30, batchSize: 'full', learningRate: 0.1, learningRateSchedule: schedule, ...o }));

describe('the chart’s learning rate per epoch', () => {
  it('is the schedule’s rate of every epoch: step decay ×0.5 every 10 epochs at 0.1 after a 4-epoch warm-up', () => {
    const data = lossChartData(scheduled({ step: { every: 10, factor: 0.5 }, warmupEpochs: 4 }), []);
    // By hand: epochs 1–3 warm up at e/4 × 0.1, epoch 4–10 at 0.1, 11–20 at 0.05, 21–30 at 0.025.
    const byHand = Array.from({ length: 30 }, (_, i) => {
      const e = i + 1;
      return 0.1 * 0.5 ** Math.floor((e - 1) / 10) * (e < 4 ? e / 4 : 1);
    });
    expect(data.rates?.epochs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    data.rates?.rate.forEach((r, i) => expect(r).toBeCloseTo(byHand[i]!, 15));
  });

  it('is absent for a constant rate, and for a run with momentum or Adam at a constant rate', () => {
    expect(lossChartData(runTraining(configText({ epochs: 10, learningRate: 0.1 })), []).rates).toBeNull();
    expect(lossChartData(runTraining(configText({ epochs: 10, learningRate: 0.1, optimizer: { adam: {} } })), []).rates).toBeNull();
    expect(rateCurve(null)).toBeNull();
  });

  it('follows a thinned history’s epochs', () => {
    expect(rateCurve({ learningRates: [null, 0.1, 0.05, 0.025], epochs: [0, 2, 5, 9] })).toEqual({ epochs: [2, 5, 9], rate: [0.1, 0.05, 0.025] });
  });

  it('draws as steps on the loss chart’s x axis: the rate of epoch e spans e − 1 … e, in updates when the axis counts them', () => {
    const rates = { epochs: [1, 2, 3], rate: [0.1, 0.1, 0.05] };
    const byEpoch = rateView(rates, 4, { xAxis: 'epoch' }, [0, 3]);
    expect((byEpoch.data as { rates: { x: number; rate: number }[] }).rates.map((p) => [p.x, p.rate])).toEqual([[0, 0.1], [1, 0.1], [2, 0.1], [3, 0.05]]);
    const byUpdate = rateView(rates, 4, { xAxis: 'update' }, [0, 12]);
    expect((byUpdate.data as { rates: { x: number }[] }).rates.map((p) => p.x)).toEqual([0, 4, 8, 12]);
    expect(byUpdate.signals).toMatchObject({ xDomain: [0, 12], xTitle: 'weight updates' });
    expect(byEpoch.description).toBe('Learning rate per epoch: 0.1 at epoch 1, 0.05 at epoch 3, highest 0.1.');
  });

  it('is a Vega spec the page draws in interpreter mode, its x domain the loss chart’s', async () => {
    const report = scheduled({ exponential: { factor: 0.9 } });
    const data = lossChartData(report, []);
    const loss = chartView(data, DEFAULT_VIEW);
    const content = rateView(data.rates!, data.updatesPerEpoch, DEFAULT_VIEW, loss.signals.xDomain);
    expect(content.signals).toMatchObject({ xDomain: loss.signals.xDomain });
    const view = new View(parse(rateSpec() as never, themeConfig({ '--vscode-charts-blue': '#3794ff' }, 'dark') as never, { ast: true }), { expr: expressionInterpreter, renderer: 'none' });
    for (const [k, v] of Object.entries(content.signals)) view.signal(k, v);
    view.data('rates', (content.data as { rates: object[] }).rates);
    const svg = await view.toSVG();
    view.finalize();
    // The step line, in the training curve's theme colour, and the axis title.
    expect(svg).toContain('stroke="#3794ff"');
    expect(svg).toContain('learning rate');
  });
});
