/**
 * The loss chart's specs: a Vega-Lite layer stack compiled here in the extension host, so the
 * page needs only the Vega runtime. A spec depends only on the chart's structure (which series
 * exist, the loss unit), never on the numbers or the view: the data arrives as named datasets
 * and the view-dependent parts (axis domains and titles, the colour domain, the legend) as
 * signals (`ChartSignals`), which the page sets. So the host compiles rarely and the page redraws
 * any view from what it already has. Pure: no `vscode`, no DOM. Colours are never written into
 * the spec: every mark takes its colour from the `category` range, which the page fills from the
 * VS Code theme (see `series.ts` for which slot is which).
 */
import type { TopLevelSpec } from 'vega-lite';
import { compileSpec } from './compileSpec';
import { type ChartData, type ChartSignals, type ChartSpecs, DEFAULT_CHART_SIGNALS } from '../shared/series';
import { EPOCH_MARKER_SIGNAL } from '../shared/modelView';
import { t } from '../shared/l10n';
import { legendLabels, shownSeries } from '../shared/seriesLabels';
import { lossUnitLabel } from '../shared/wording';

/** Pixel height of the plot (the legend goes below it). */
export const CHART_HEIGHT = 320;

/** What a chart's layers and fixed texts depend on, e.g. `{ lossUnit: "(mpg)²", validation: true, batch: false, verdict: true, previous: true, reference: true }`. */
export interface ChartStructure {
  lossUnit: string;
  validation: boolean;
  batch: boolean;
  verdict: boolean;
  previous: boolean;
  /** L* is known: a reference line, and the excess-loss view. */
  reference: boolean;
}

/** The structure of a chart's data. */
export function chartStructure(data: Omit<ChartData, 'specKey'>): ChartStructure {
  return { lossUnit: data.lossUnit, validation: data.validation !== null, batch: data.batch !== null, verdict: data.verdict !== null, previous: data.previous.length > 0, reference: data.optimalLoss !== null };
}

/** The key compiled specs are cached and sent under. */
export const structureKey = (s: ChartStructure): string => JSON.stringify([s.lossUnit, s.validation, s.batch, s.verdict, s.previous, s.reference]);

const signal = (name: keyof ChartSignals) => ({ expr: name });

/**
 * The Vega-Lite spec of a structure for one loss-axis type, with datasets named `curves`
 * (training, validation and other runs' losses per epoch), `batch` (per-update batch loss
 * buckets), `verdict`, `exits` (where a capped run leaves the chart), `reference` (L*) and
 * `hover` (the current run's points the pointer can pick, thinned).
 * Layers, bottom to top: verdict rule, L* rule, batch min–max band and mean, other runs (each
 * its slot's colour, dashed past the palette), training (solid), validation (dashed), exit
 * triangles, hover points with tooltips, verdict label.
 */
export function lossChartSpec(structure: ChartStructure, logScale: boolean): TopLevelSpec {
  const color = {
    field: 'series',
    type: 'nominal',
    scale: { domain: signal('colorDomain'), range: 'category' },
    legend: {
      title: null,
      orient: 'bottom',
      direction: 'horizontal',
      // As many columns as fit the panel's width, so a narrow panel wraps the legend instead of cutting it.
      columns: { expr: 'max(1, min(4, floor(width / 170)))' },
      values: signal('legendValues'),
      description: signal('legendDescription'),
      labelLimit: 300,
      symbolType: 'stroke',
      symbolStrokeWidth: 2.5,
      symbolOpacity: 1,
      ...legendLabels(),
    },
  } as const;
  // The x-axis spans the current run; longer runs are clipped at its end.
  const x = {
    field: 'x',
    type: 'quantitative',
    scale: { domain: signal('xDomain'), nice: false },
    axis: { title: signal('xTitle'), format: ',d', tickMinStep: 1, tickCount: { expr: 'ceil(width / 80)' }, labelFlush: true, description: signal('xDescription') },
  } as const;
  const yTitle = signal('yTitle');
  const yScale = logScale ? { type: 'log', domain: signal('yDomain'), nice: false } : { type: 'linear', zero: true, domain: signal('yDomain'), nice: true };
  const yAxis = {
    title: yTitle,
    description: signal('yDescription'),
    // Plain numbers with separators, e notation only for the huge and the tiny (a diverged run reaches 1e30).
    labelExpr: "abs(datum.value) >= 1e6 || (abs(datum.value) < 1e-3 && datum.value != 0) ? format(datum.value, '.0e') : format(datum.value, ',~r')",
    // A log axis gets round ticks from the page when its range has them (null: Vega's six).
    ...(logScale ? { values: signal('yTicks') } : {}),
    tickCount: 6,
  };
  const y = (field: string) => ({ field, type: 'quantitative', scale: yScale, axis: yAxis }) as const;
  const epochOnly = (field: 'epoch' | 'update') => ({ field, type: 'quantitative', title: field === 'epoch' ? t('epoch') : t('update'), format: ',' }) as const;
  const onCurve = (series: string) => ({ filter: { field: 'series', equal: series } });

  const layers: object[] = [];
  if (structure.verdict) {
    layers.push({
      data: { name: 'verdict' },
      mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5, aria: false },
      encoding: { x, color, tooltip: [{ field: 'text', title: t('verdict') }, epochOnly('epoch'), epochOnly('update')] },
    });
  }
  if (structure.reference) {
    layers.push({
      data: { name: 'reference' },
      mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.25, aria: false },
      encoding: { y: y('loss'), color, tooltip: [{ field: 'text', title: t('best reachable') }] },
    });
  }
  if (structure.batch) {
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
  if (structure.previous) {
    layers.push({
      data: { name: 'curves' },
      transform: [{ filter: { not: { field: 'run', equal: 0 } } }],
      mark: { type: 'line', opacity: 0.85, strokeWidth: 1.5, clip: true, aria: false },
      encoding: {
        x,
        y: y('loss'),
        color,
        detail: { field: 'run', type: 'nominal' },
        // Past the palette a slot repeats a colour, dashed (the runs table's swatch shows the same).
        strokeDash: { field: 'dashed', type: 'nominal', scale: { domain: [false, true], range: [[1, 0], [5, 3]] }, legend: null },
        tooltip: [{ field: 'series', title: t('run') }],
      },
    });
  }
  layers.push({
    data: { name: 'curves' },
    transform: [onCurve('training loss')],  // l10n-key
    mark: { type: 'line', strokeWidth: 2.25, clip: true, aria: false },
    encoding: { x, y: y('loss'), color },
  });
  // Dashed over solid, so the validation curve stays visible where the two agree.
  if (structure.validation) {
    layers.push({
      data: { name: 'curves' },
      transform: [onCurve('validation loss')],  // l10n-key
      mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.75, clip: true, aria: false },
      encoding: { x, y: y('loss'), color },
    });
  }
  // The epoch the model view below shows (its scrubber sets the signal; null hides the rule): a solid
  // vertical line, unlike the dashed verdict rule and the dotted L* line.
  layers.push({
    data: { values: [{}] },
    mark: { type: 'rule', strokeWidth: 1.25, opacity: { expr: `${EPOCH_MARKER_SIGNAL} === null ? 0 : 0.85` }, aria: false },
    encoding: { x: { datum: { expr: `${EPOCH_MARKER_SIGNAL} === null ? 0 : ${EPOCH_MARKER_SIGNAL}` }, type: 'quantitative' } },
  });
  // A capped run (diverged while others set the axis) ends in a triangle where it leaves the chart.
  layers.push({
    data: { name: 'exits' },
    mark: { type: 'point', shape: 'triangle-up', filled: true, size: 110, opacity: 1, strokeWidth: 1, clip: false, aria: false },
    encoding: {
      x,
      y: y('loss'),
      color,
      tooltip: [{ field: 'text', title: t('leaves the chart') }],
    },
  });
  // Points appear only under the pointer (nearest point of the current run's curves, thinned to a
  // few hundred by the page: `hover`), with the tooltip. Only the current run, and thinned: each
  // hover point brings a Voronoi cell, and cells for every point of eight runs would cost more
  // than the lines themselves on every redraw.
  const hoverSeries = shownSeries('series');
  layers.push({
    data: { name: 'hover' },
    ...(hoverSeries.transform.length ? { transform: hoverSeries.transform } : {}),
    params: [{ name: 'hover', select: { type: 'point', on: 'pointerover', clear: 'pointerout', nearest: true, toggle: false } }],
    mark: { type: 'point', filled: true, size: 60, clip: true, aria: false },
    encoding: {
      x,
      y: y('loss'),
      color,
      opacity: { condition: { param: 'hover', empty: false, value: 1 }, value: 0 },
      tooltip: [
        { field: hoverSeries.field, title: t('series') },
        epochOnly('epoch'),
        epochOnly('update'),
        { field: 'value', type: 'quantitative', title: lossTitle(structure.lossUnit), format: '.4~g' },
      ],
    },
  });
  if (structure.verdict) {
    layers.push({
      data: { name: 'verdict' },
      mark: { type: 'text', baseline: 'top', align: { expr: "labelOnLeft ? 'right' : 'left'" }, dx: { expr: 'labelOnLeft ? -5 : 5' }, dy: 4, fontSize: 11, fontWeight: 'bold', aria: false },
      encoding: { x, y: { value: 0 }, text: { field: 'text' }, color },
    });
  }

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // The page replaces it with the run's summary in words (view.description), for screen readers.
    description: t('Loss chart'),
    width: 'container',
    height: CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    background: null,
    params: [...Object.entries(defaultSignals()).map(([name, value]) => ({ name, value })), { name: EPOCH_MARKER_SIGNAL, value: null }],
    layer: layers,
  } as unknown as TopLevelSpec;
}

/** The signals' starting values, their texts in the display language (the page sets its own before it draws). */
function defaultSignals(): ChartSignals {
  return { ...DEFAULT_CHART_SIGNALS, legendDescription: t('Legend'), xTitle: t('epoch'), xDescription: t('X-axis'), yTitle: t('loss'), yDescription: t('Y-axis') };
}

/** A tooltip's title for the loss in `unit`, e.g. "loss (mpg)²"; "loss" when the unit is unknown. */
export function lossTitle(unit: string): string {
  return unit ? t('loss {0}', lossUnitLabel(unit)) : t('loss');
}

/**
 * The compiled Vega specs of a structure, linear and log (`compile(vegaLite).spec`).
 * e.g. `vega.parse(buildLossSpecs(s).log, themeConfig, { ast: true })`, then the page's
 * datasets and signals.
 */
export function buildLossSpecs(structure: ChartStructure): ChartSpecs {
  return { key: structureKey(structure), linear: compileSpec(lossChartSpec(structure, false)), log: compileSpec(lossChartSpec(structure, true)) };
}
