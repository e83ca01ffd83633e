/**
 * The learning-rate panel under the loss chart: when the run has a schedule (step or exponential
 * decay, a warm-up), the rate each epoch trained at, as a step line on the loss chart's x axis
 * (epochs or weight updates, the same domain), in the training curve's theme colour. A run at a
 * constant rate has no panel. The spec is plain Vega (no Vega-Lite compile needed in the page),
 * drawn in interpreter mode by the same renderer as the charts above it.
 */
import { formatNumber } from '../src/shared/format';
import type { ChartData, RateCurve } from '../src/shared/series';
import type { ChartContent, ChartRenderer } from './chart';
import type { ChartThemeConfig } from './theme';
import type { ViewState } from './view';
import { displayLocale, t } from '../src/shared/l10n';

/** Pixel height of the panel's plot: small beside the loss chart, which it annotates. */
export const RATE_PANEL_HEIGHT = 64;

/** One point of the step line: the rate from the previous point's x to this x. */
export interface RatePoint {
  x: number;
  epoch: number;
  rate: number;
}

/**
 * The panel's content for a rate curve in a view: points at the end of each epoch (x in epochs or
 * updates) joined as steps (`step-before`: the rate of epoch e spans e − 1 … e), the loss chart's
 * x domain and title, the y axis from 0 to just above the highest rate, and a description.
 * e.g. step decay ×0.5 every 2 epochs at 0.1: points (0, 0.1), (1, 0.1), (2, 0.1), (3, 0.05) ….
 */
export function rateView(rates: RateCurve, updatesPerEpoch: number, view: Pick<ViewState, 'xAxis'>, xDomain: readonly [number, number] | number[]): ChartContent {
  const k = view.xAxis === 'update' ? updatesPerEpoch : 1;
  const points: RatePoint[] = [];
  rates.epochs.forEach((epoch, i) => {
    const rate = rates.rate[i] as number;
    // The first epoch's step starts where it trained from.
    if (i === 0) points.push({ x: (epoch - 1) * k, epoch, rate });
    points.push({ x: epoch * k, epoch, rate });
  });
  const high = Math.max(...rates.rate, 0);
  const first = points[0];
  const last = points[points.length - 1];
  const xTitle = view.xAxis === 'epoch' ? t('epoch') : t('weight updates');
  const description = first && last ? t('Learning rate per epoch: {0} at epoch {1}, {2} at epoch {3}, highest {4}.', formatNumber(first.rate), first.epoch, formatNumber(last.rate), last.epoch, formatNumber(high)) : t('Learning rate per epoch.');
  return { data: { rates: points }, signals: { xDomain: [xDomain[0] ?? 0, xDomain[1] ?? 1], xTitle, yMax: high > 0 ? high * 1.08 : 1 }, description };
}

/** The spec built for the display language last asked for: one object while the language stays, so the renderer keeps its Vega view. */
let built: { locale: string; spec: object } | null = null;

/**
 * The panel's Vega spec in the display language: dataset `rates`; signals `xDomain`, `xTitle`,
 * `yMax`; the width follows the container. The same object while the language stays.
 */
export function rateSpec(): object {
  const locale = displayLocale();
  if (built?.locale !== locale) built = { locale, spec: buildRateSpec() };
  return built.spec;
}

function buildRateSpec(): object {
  const rateName = t('learning rate');
  const epochName = t('epoch');
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    description: t('Learning rate per epoch'),
    autosize: { type: 'fit-x', contains: 'padding' },
    height: RATE_PANEL_HEIGHT,
    padding: { left: 5, right: 5, top: 4, bottom: 5 },
    background: null,
    signals: [
      { name: 'width', init: 'isFinite(containerSize()[0]) ? containerSize()[0] : 300', on: [{ update: 'isFinite(containerSize()[0]) ? containerSize()[0] : 300', events: 'window:resize' }] },
      { name: 'xDomain', value: [0, 1] },
      { name: 'xTitle', value: epochName },
      { name: 'yMax', value: 1 },
    ],
    data: [{ name: 'rates', values: [] }],
    scales: [
      { name: 'x', type: 'linear', domain: { signal: 'xDomain' }, range: 'width', zero: false, nice: false },
      { name: 'y', type: 'linear', domain: { signal: '[0, yMax]' }, range: 'height', nice: false, zero: true },
      // The line takes the training curve's colour: the first of the theme's category range.
      { name: 'colour', type: 'ordinal', domain: ['training'], range: 'category' },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: { signal: 'xTitle' }, format: ',~r', tickCount: { signal: 'ceil(width / 90)' }, aria: false },
      { orient: 'left', scale: 'y', title: rateName, tickCount: 3, format: '.2~g', grid: true, aria: false },
    ],
    marks: [
      {
        type: 'line',
        from: { data: 'rates' },
        aria: false,
        encode: {
          enter: { interpolate: { value: 'step-before' }, strokeWidth: { value: 2 }, stroke: { scale: 'colour', value: 'training' } },
          update: { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'rate' } },
        },
      },
      {
        type: 'symbol',
        from: { data: 'rates' },
        aria: false,
        encode: {
          enter: { size: { value: 40 }, opacity: { value: 0 }, fill: { scale: 'colour', value: 'training' } },
          update: {
            x: { scale: 'x', field: 'x' },
            y: { scale: 'y', field: 'rate' },
            tooltip: { signal: `{ ${JSON.stringify(epochName)}: datum.epoch, ${JSON.stringify(rateName)}: format(datum.rate, '.4~g') }` },
          },
          hover: { opacity: { value: 1 } },
        },
      },
    ],
  };
}

/** What the page needs of the panel's elements. */
export interface RatePanelElements {
  /** Shown only when there is a schedule to draw. */
  box: HTMLElement;
  chart: HTMLElement;
}

/**
 * The panel: `show` draws the run's rates (or hides the panel for a constant rate) with the loss
 * chart's x domain; resolves to the marks drawn, or null when hidden or superseded.
 */
export function createRatePanel(elements: RatePanelElements, renderer: ChartRenderer<ChartContent>) {
  return {
    async show(data: ChartData | null | undefined, view: ViewState, xDomain: readonly [number, number] | number[], config: ChartThemeConfig): Promise<number | null> {
      const rates = data?.rates;
      elements.box.hidden = !rates;
      if (!data || !rates) {
        renderer.clear(elements.chart);
        return null;
      }
      const marks = await renderer.render(elements.chart, rateSpec(), config, rateView(rates, data.updatesPerEpoch, view, xDomain));
      if (marks !== null) elements.box.dataset.drawn = String(rates.epochs.length);
      return marks;
    },
  };
}
