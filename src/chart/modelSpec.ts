/**
 * The model view's and the loss landscape's specs: Vega-Lite compiled here in the extension host
 * (the page carries only the Vega runtime), once for every file, since they depend on nothing but
 * the kind of view. Data arrives as named datasets and domains and titles as signals
 * (`ModelSignals`), which the page sets for the epoch it shows. Colours come from the theme's
 * `category` range by slot (`MODEL_COLOURS`). Pure: no `vscode`, no DOM.
 */
import type { TopLevelSpec } from 'vega-lite';
import { compileSpec } from './compileSpec';
import { DEFAULT_MODEL_SIGNALS, MODEL_COLOURS, MODEL_SERIES, type ModelSignals, type ModelSpecs } from '../shared/modelView';
import { t } from '../shared/l10n';
import { legendLabels, shownSeries, translatedExpr } from '../shared/seriesLabels';

/** Pixel height of the model view; the landscape is a square of this side (equal scales on both axes). */
export const MODEL_CHART_HEIGHT = 260;
export const LANDSCAPE_SIZE = 300;

const signal = (name: keyof ModelSignals) => ({ expr: name });

/** The colour channel of a view: its slots of the theme's category colours, its legend entries. */
const colour = (view: keyof typeof MODEL_COLOURS, orient: 'bottom' | 'right' = 'bottom') =>
  ({
    field: 'series',
    type: 'nominal',
    scale: { domain: [...MODEL_COLOURS[view].domain], range: 'category' },
    legend: { title: null, orient, direction: orient === 'bottom' ? 'horizontal' : 'vertical', values: [...MODEL_COLOURS[view].legend], labelLimit: 260, symbolOpacity: 1, ...legendLabels() },
  }) as const;

const axis = (name: 'x' | 'y', title: keyof ModelSignals, domain: keyof ModelSignals, field: string = name) =>
  ({
    field,
    type: 'quantitative',
    scale: { domain: signal(domain), nice: false, zero: false },
    axis: { title: signal(title), tickCount: 6, labelFlush: true, labelExpr: "abs(datum.value) >= 1e6 || (abs(datum.value) < 1e-3 && datum.value != 0) ? format(datum.value, '.2~e') : format(datum.value, ',~r')" },
  }) as const;

function top(description: string, layers: object[], size: { width: number | 'container'; height: number }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    ...size,
    // A fixed-size plot (the landscape's square) keeps its size, axes and legend around it; a container-wide one fits the panel.
    autosize: size.width === 'container' ? { type: 'fit', contains: 'padding' } : { type: 'pad' },
    background: null,
    params: Object.entries(DEFAULT_MODEL_SIGNALS).map(([name, value]) => ({ name, value })),
    layer: layers,
  } as unknown as TopLevelSpec;
}

/**
 * One feature: the training rows as points (`points`: x, y), the least-squares line (`best`) and
 * the model's line at the shown epoch (`line`), each line a segment already clipped to the view.
 */
export function featureSpec(): TopLevelSpec {
  const color = colour('feature');
  const x = axis('x', 'xTitle', 'xDomain');
  const y = axis('y', 'yTitle', 'yDomain');
  return top(
    t('Model view'),
    [
      { data: { name: 'points' }, mark: { type: 'point', filled: true, size: 18, opacity: 0.55, clip: true, aria: false }, encoding: { x, y, color, tooltip: [{ field: 'x', type: 'quantitative', format: '.4~g', title: 'x' }, { field: 'y', type: 'quantitative', format: '.4~g', title: 'y' }] } },
      { data: { name: 'best' }, mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.5, clip: true, aria: false }, encoding: { x, y, color } },
      { data: { name: 'line' }, mark: { type: 'line', strokeWidth: 3, clip: true, aria: false }, encoding: { x, y, color } },
    ],
    { width: 'container', height: MODEL_CHART_HEIGHT },
  );
}

/** Several features: predicted (`points`: x actual, y predicted at the shown epoch) against actual, with the y = x line (`best`). */
export function predictedSpec(): TopLevelSpec {
  const color = colour('predicted');
  const x = axis('x', 'xTitle', 'xDomain');
  const y = axis('y', 'yTitle', 'yDomain');
  return top(
    t('Model view: predicted against actual'),
    [
      { data: { name: 'best' }, mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.5, clip: true, aria: false }, encoding: { x, y, color } },
      { data: { name: 'points' }, mark: { type: 'point', filled: true, size: 18, opacity: 0.6, clip: true, aria: false }, encoding: { x, y, color, tooltip: [{ field: 'x', type: 'quantitative', format: '.4~g', title: t('actual') }, { field: 'y', type: 'quantitative', format: '.4~g', title: t('predicted') }] } },
    ],
    { width: 'container', height: MODEL_CHART_HEIGHT },
  );
}

/**
 * The loss landscape: the loss grid as shading (`shading`: one image spanning x … x2, y … y2,
 * darker where the loss is higher), contours (`contours`: level, i, a, b), the path (`path`: epoch, a,
 * b), the best weights (`optimum`), the shown epoch (`current`) and where the path leaves the
 * window (`exit`, with its words).
 */
export function landscapeSpec(): TopLevelSpec {
  const color = colour('landscape', 'right');
  const a = axis('x', 'xTitle', 'xDomain', 'a');
  const b = axis('y', 'yTitle', 'yDomain', 'b');
  const loss = { field: 'loss', type: 'quantitative', format: '.4~g', title: t('loss') } as const;
  const point = shownSeries('series');
  return top(
    t('Loss landscape'),
    [
      // The loss grid as one image (a pixel a cell, smoothed by the browser), painted by the page in the theme's text colour.
      { data: { name: 'shading' }, mark: { type: 'image', aspect: false, aria: false }, encoding: { x: { ...a, field: 'x' }, x2: { field: 'x2' }, y: { ...b, field: 'y' }, y2: { field: 'y2' }, url: { field: 'url', type: 'nominal' } } },
      { data: { name: 'contours' }, mark: { type: 'line', strokeWidth: 1, clip: true, aria: false }, encoding: { x: a, y: b, color, detail: { field: 'level', type: 'quantitative' }, order: { field: 'i', type: 'quantitative' }, tooltip: [{ field: 'level', type: 'quantitative', format: '.4~g', title: t('loss') }] } },
      { data: { name: 'path' }, mark: { type: 'line', strokeWidth: 1.75, clip: true, aria: false }, encoding: { x: a, y: b, color, order: { field: 'epoch', type: 'quantitative' } } },
      { data: { name: 'path' }, mark: { type: 'point', filled: true, size: 26, clip: true, aria: false }, encoding: { x: a, y: b, color, tooltip: [{ field: 'epoch', type: 'quantitative', title: t('epoch') }] } },
      // The first epochs numbered, so a jump across the minimum and back reads as a zig-zag even on one line.
      { data: { name: 'path' }, transform: [{ filter: 'datum.label' }], mark: { type: 'text', dx: { expr: '7 + 9 * floor((datum.epoch - 1) / 2)' }, dy: -8, fontSize: 11, clip: true, aria: false }, encoding: { x: a, y: b, text: { field: 'label' }, color } },
      { data: { name: 'optimum' }, ...(point.transform.length ? { transform: point.transform } : {}), mark: { type: 'point', shape: 'cross', filled: true, size: 140, clip: true, aria: false }, encoding: { x: a, y: b, color, tooltip: [{ field: point.field, title: t('point') }, loss] } },
      { data: { name: 'current' }, mark: { type: 'point', filled: false, size: 260, strokeWidth: 2.5, clip: true, aria: false }, encoding: { x: a, y: b, color, tooltip: [{ field: 'epoch', type: 'quantitative', title: t('epoch') }] } },
      { data: { name: 'exit' }, mark: { type: 'point', shape: 'cross', filled: true, size: 160, aria: false }, encoding: { x: a, y: b, color, tooltip: [{ field: 'text', title: t('path') }] } },
      { data: { name: 'exit' }, mark: { type: 'text', align: { expr: "datum.a > (xDomain[0] + xDomain[1]) / 2 ? 'right' : 'left'" }, dx: { expr: "datum.a > (xDomain[0] + xDomain[1]) / 2 ? -8 : 8" }, dy: { expr: "datum.b > (yDomain[0] + yDomain[1]) / 2 ? 12 : -12" }, fontWeight: 'bold', aria: false }, encoding: { x: a, y: b, text: { field: 'text' }, color } },
    ],
    { width: LANDSCAPE_SIZE, height: LANDSCAPE_SIZE },
  );
}

/** The class names the classifier views' legend writes for the values 1 and 0 (set per run). */
const classParams = () => [
  { name: 'positiveName', value: t('positive') },
  { name: 'negativeName', value: t('negative') },
];

/** A classifier view's colour channel: its lines by name and the classes as `1` and `0`, labelled with the run's class names. */
const classColour = (view: 'boundary' | 'sigmoid') => {
  const c = colour(view);
  const domain: string[] = [...MODEL_COLOURS[view].domain];
  domain[1] = '1';
  domain[3] = '0';
  return {
    ...c,
    scale: { domain, range: 'category' },
    legend: { ...c.legend, values: [...MODEL_COLOURS[view].legend, '1', '0'], labelExpr: `datum.label == '1' ? positiveName + ' (1)' : datum.label == '0' ? negativeName + ' (0)' : ${translatedExpr('datum.label')}` },
  } as const;
};

/** Training rows filled, held-out rows open triangles: the same colour (their class), another shape. */
const pointLayers = (x: object, y: object, color: object) => {
  const shape = { field: 'set', type: 'nominal', scale: { domain: ['training row', 'held-out row'], range: ['circle', 'triangle-up'] }, legend: { title: null, orient: 'top', direction: 'horizontal', ...legendLabels() } };  // l10n-key
  const set = shownSeries('set');
  const tooltip = [{ field: 'cls', title: t('class') }, { field: set.field, title: t('row') }, { field: 'x', type: 'quantitative', format: '.4~g', title: 'x' }];
  return [
    { data: { name: 'points' }, transform: [{ filter: "datum.set == 'training row'" }, ...set.transform], mark: { type: 'point', filled: true, size: 22, opacity: 0.6, clip: true, aria: false }, encoding: { x, y, color, shape, tooltip } },
    { data: { name: 'points' }, transform: [{ filter: "datum.set != 'training row'" }, ...set.transform], mark: { type: 'point', filled: false, size: 40, strokeWidth: 1.5, opacity: 0.9, clip: true, aria: false }, encoding: { x, y, color, shape, tooltip } },
  ];
};

const withParams = (spec: TopLevelSpec): TopLevelSpec => ({ ...spec, params: [...((spec as { params?: object[] }).params ?? []), ...classParams()] }) as unknown as TopLevelSpec;

/**
 * Two features: the labelled points (`points`: x, y, series `1`/`0`, set), the final boundary
 * (`final`, dashed) and the boundary at the shown epoch (`line`), segments already clipped.
 */
export function boundarySpec(): TopLevelSpec {
  const color = classColour('boundary');
  const x = axis('x', 'xTitle', 'xDomain');
  const y = axis('y', 'yTitle', 'yDomain');
  return withParams(
    top(
      t('Decision boundary'),
      [
        ...pointLayers(x, y, color),
        { data: { name: 'final' }, mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.5, clip: true, aria: false }, encoding: { x, y, color } },
        { data: { name: 'line' }, mark: { type: 'line', strokeWidth: 3, clip: true, aria: false }, encoding: { x, y, color } },
      ],
      { width: 'container', height: MODEL_CHART_HEIGHT },
    ),
  );
}

/** One feature: the points at 1 and 0 (`points`), p = σ(wx + b) now and final (`curve`), and the threshold p = ½ (`threshold`: a vertical rule). */
export function sigmoidSpec(): TopLevelSpec {
  const color = classColour('sigmoid');
  const x = axis('x', 'xTitle', 'xDomain');
  const y = axis('y', 'yTitle', 'yDomain');
  return withParams(
    top(
      t('Predicted probability'),
      [
        ...pointLayers(x, y, color),
        { data: { name: 'threshold' }, mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.5, clip: true, aria: false }, encoding: { x, y, y2: { field: 'y2' }, color } },
        { data: { name: 'curve' }, transform: [{ filter: `datum.series == '${MODEL_SERIES.finalSigmoid}'` }], mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.5, clip: true, aria: false }, encoding: { x, y, color } },
        { data: { name: 'curve' }, transform: [{ filter: `datum.series == '${MODEL_SERIES.sigmoid}'` }], mark: { type: 'line', strokeWidth: 3, clip: true, aria: false }, encoding: { x, y, color } },
      ],
      { width: 'container', height: MODEL_CHART_HEIGHT },
    ),
  );
}

/** Accuracy per epoch (`series`: series, epoch, accuracy) on a 0 … 100% axis, with the shown epoch's rule (`marker`). */
export function accuracySpec(): TopLevelSpec {
  // The legend lists validation accuracy only when the run held rows out (the page sets `accuracyLegend`).
  const base = colour('accuracy');
  const color = { ...base, legend: { ...base.legend, values: { expr: 'accuracyLegend' } } };
  const x = { ...axis('x', 'xTitle', 'xDomain', 'epoch'), axis: { title: signal('xTitle'), tickCount: 8, labelFlush: true, format: ',d' } };
  const y = { ...axis('y', 'yTitle', 'yDomain', 'accuracy'), axis: { title: signal('yTitle'), tickCount: 5, format: '.0%' } };
  const series = shownSeries('series');
  const spec = top(
    t('Accuracy per epoch'),
    [
      { data: { name: 'series' }, ...(series.transform.length ? { transform: series.transform } : {}), mark: { type: 'line', strokeWidth: 2, clip: true, aria: false }, encoding: { x, y, color, tooltip: [{ field: series.field, title: t('series') }, { field: 'epoch', type: 'quantitative', title: t('epoch') }, { field: 'accuracy', type: 'quantitative', format: '.1%', title: t('accuracy') }] } },
      { data: { name: 'marker' }, mark: { type: 'rule', strokeWidth: 1.5, strokeDash: [3, 3], clip: true, aria: false }, encoding: { x, color } },
    ],
    { width: 'container', height: ACCURACY_CHART_HEIGHT },
  );
  return { ...spec, params: [...((spec as { params?: object[] }).params ?? []), { name: 'accuracyLegend', value: [...MODEL_COLOURS.accuracy.legend] }] } as unknown as TopLevelSpec;
}

/**
 * The compiled classifier spec with its shape legend's symbols in the theme's muted colour (the
 * colour scale's `grey` series), filled for training rows and open for held-out ones: Vega-Lite
 * would paint them in the default mark colour baked in at compile time (black, unreadable on a dark theme).
 */
export function themedShapeLegend(vega: object, grey: string): object {
  const symbol = `scale('color', '${grey}')`;
  const update = { fill: { signal: `datum.value == 'held-out row' ? 'transparent' : ${symbol}` }, stroke: { signal: symbol }, strokeWidth: { value: 1.5 }, opacity: { value: 1 }, fillOpacity: { value: 1 } };
  const legends = ((vega as { legends?: { shape?: string; encode?: object }[] }).legends ?? []).map((l) => (l.shape ? { ...l, encode: { ...l.encode, symbols: { update } } } : l));
  return { ...vega, legends };
}

/** Pixel height of the accuracy chart. */
export const ACCURACY_CHART_HEIGHT = 220;

/** The compiled Vega specs of the views (`compile(vegaLite).spec`), for the page to fill. */
export function buildModelSpecs(): ModelSpecs {
  return {
    feature: compileSpec(featureSpec()),
    predicted: compileSpec(predictedSpec()),
    landscape: compileSpec(landscapeSpec()),
    boundary: themedShapeLegend(compileSpec(boundarySpec()), MODEL_SERIES.finalBoundary),
    sigmoid: themedShapeLegend(compileSpec(sigmoidSpec()), MODEL_SERIES.finalSigmoid),
    accuracy: compileSpec(accuracySpec()),
  };
}
