/**
 * A logistic run's views for one recorded epoch, drawn from data the page already has: the
 * decision boundary w·x + b = 0 over the scatter (two features), or the probability
 * p = σ(wx + b) over the points at 0 and 1 with its threshold x = −b/w (one feature), each with
 * the final model for comparison; and the accuracy per epoch with the shown epoch marked. Domains
 * stay fixed for the whole run, so the boundary is seen turning and sliding over fixed points.
 * Pure: no DOM.
 */
import { formatCount, formatNumber } from '../src/shared/format';
import { type ClassifierViewData, MODEL_SERIES, type ModelSignals } from '../src/shared/modelView';
import { logisticEquation } from './classifierDetails';
import { formatValue } from './format';
import { t } from '../src/shared/l10n';
import { clipLine, type DrawnChart, padRange } from './modelView';

/** The classifier's model view at one epoch: which spec, what it draws, what the page says. */
export interface ClassifierFrame extends DrawnChart {
  /** The domains and titles, and the class names the legend writes for 1 and 0. */
  signals: ModelSignals & { positiveName: string; negativeName: string };
  spec: 'boundary' | 'sigmoid';
  epoch: number;
  /** The model in words, e.g. "P(Species = Adelie) = σ(−0.2072 × Flipper Length (mm) + … + 36.61)". */
  equation: string;
  /** What is outside the frame at this epoch, e.g. "the boundary is outside the frame", or null. */
  offChart: string | null;
  /** Which side of the line (or threshold) the positive class is predicted on, e.g. "Adelie is predicted above the line (p > ½), Chinstrap below", or null. */
  side: string | null;
}

/**
 * Where z = w₁x + w₂y + c > 0 lies relative to the line: above it when w₂ > 0, below when w₂ < 0,
 * right of a vertical line when w₁ > 0; null without a line.
 */
export function positiveSide(w1: number, w2: number): 'above' | 'below' | 'right of' | 'left of' | null {
  if (!Number.isFinite(w1) || !Number.isFinite(w2)) return null;
  if (w2 !== 0) return w2 > 0 ? 'above' : 'below';
  return w1 > 0 ? 'right of' : w1 < 0 ? 'left of' : null;  // l10n-key
}

/**
 * Which side each class is predicted on, as a sentence, e.g. "Adelie is predicted above the line
 * (p > ½), Chinstrap below it" (`mark` is the line of two features or the threshold of one).
 */
function sideSentence(positive: string, negative: string, where: NonNullable<ReturnType<typeof positiveSide>>, mark: 'line' | 'threshold'): string {
  if (mark === 'threshold') {
    switch (where) {
      case 'above':
        return t('{0} is predicted above the threshold (p > ½), {1} below it', positive, negative);
      case 'below':
        return t('{0} is predicted below the threshold (p > ½), {1} above it', positive, negative);
      case 'right of':
        return t('{0} is predicted right of the threshold (p > ½), {1} left of it', positive, negative);
      case 'left of':
        return t('{0} is predicted left of the threshold (p > ½), {1} right of it', positive, negative);
    }
  }
  switch (where) {
    case 'above':
      return t('{0} is predicted above the line (p > ½), {1} below it', positive, negative);
    case 'below':
      return t('{0} is predicted below the line (p > ½), {1} above it', positive, negative);
    case 'right of':
      return t('{0} is predicted right of the line (p > ½), {1} left of it', positive, negative);
    case 'left of':
      return t('{0} is predicted left of the line (p > ½), {1} right of it', positive, negative);
  }
}

/** "…, Adelie predicted above it" in the boundary's description. */
function predictedSide(positive: string, where: NonNullable<ReturnType<typeof positiveSide>>): string {
  switch (where) {
    case 'above':
      return t('{0} predicted above it', positive);
    case 'below':
      return t('{0} predicted below it', positive);
    case 'right of':
      return t('{0} predicted right of it', positive);
    case 'left of':
      return t('{0} predicted left of it', positive);
  }
}

/** The accuracy chart at one epoch; `accuracyLegend` lists the series drawn. */
export interface AccuracyFrame extends DrawnChart {
  signals: ModelSignals & { accuracyLegend: string[] };
}

type Pt = [number, number];

/** σ(z) = 1/(1 + e^−z), without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** [min, max] of the finite values, or [0, 1]. */
function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/**
 * The part of the line w₁x + w₂y + c = 0 inside the box, or null when it misses it (or every
 * coefficient is 0, or one is not finite). A vertical line (w₂ = 0) is handled exactly.
 * e.g. (1, 1, −1, [0, 1], [0, 1]) → [[0, 1], [1, 0]].
 */
export function boundarySegment(w1: number, w2: number, c: number, xs: [number, number], ys: [number, number]): [Pt, Pt] | null {
  if (![w1, w2, c].every(Number.isFinite)) return null;
  if (w2 !== 0) return clipLine(-w1 / w2, -c / w2, xs, ys);
  if (w1 === 0) return null;
  const x = -c / w1;
  return x >= xs[0] && x <= xs[1] ? [[x, ys[0]], [x, ys[1]]] : null;
}

/** The weights and bias at history entry i, with the undrawn features folded into the bias at their means: b' = b + Σ wⱼμⱼ. */
export function drawnModel(data: ClassifierViewData, i: number): { weights: number[]; bias: number } {
  const all = (data.history.weights[i] ?? []).map((w) => w ?? NaN);
  let bias = data.history.bias[i] ?? NaN;
  all.forEach((w, j) => {
    if (!data.shown.includes(j)) bias += w * (data.means[j] ?? NaN);
  });
  return { weights: data.shown.map((j) => all[j] ?? NaN), bias };
}

/** The model as a probability, e.g. "P(Species = Adelie) = σ(−0.2072 × Flipper Length (mm) + 36.61)"; null when a weight overflowed. */
export function probabilityEquation(data: ClassifierViewData, weights: readonly number[], bias: number): string | null {
  return logisticEquation(data.label, data.positive, data.features, weights, bias);
}

/** A point's vertical offset from its class's line (0 or 1) in the one-feature view: deterministic, within ±0.06, so stacked points spread. */
export const jitter = (k: number): number => (((k * 0.6180339887) % 1) - 0.5) * 0.12;

/** The points with their class and set, as the specs read them. */
function pointRows(data: ClassifierViewData, y: (k: number) => number, x: (k: number) => number) {
  return data.points.y.map((cls, k) => ({
    series: cls === 1 ? '1' : '0',
    cls: cls === 1 ? `${data.positive} (1)` : `${data.negative} (0)`,
    set: data.points.validation[k] ? 'held-out row' : 'training row',  // l10n-key
    x: x(k),
    y: y(k),
  }));
}

/** How many curve points the sigmoid is drawn with. */
const CURVE_POINTS = 121;

/** p = σ(wx + b) at evenly spaced x over the domain, e.g. 121 points; [] when w or b is not finite. */
export function sigmoidCurve(w: number, b: number, [x0, x1]: [number, number], n = CURVE_POINTS): Pt[] {
  if (!Number.isFinite(w) || !Number.isFinite(b)) return [];
  return Array.from({ length: n }, (_, k) => {
    const x = x0 + ((x1 - x0) * k) / (n - 1);
    return [x, sigmoid(w * x + b)] as Pt;
  });
}

/** The classifier's view at recorded epoch `index` (an index into `history.epochs`). */
export function classifierFrame(data: ClassifierViewData, index: number): ClassifierFrame {
  const last = data.history.epochs.length - 1;
  const i = Math.max(0, Math.min(index, last));
  const epoch = data.history.epochs[i] ?? 0;
  const now = drawnModel(data, i);
  const end = drawnModel(data, last);
  const full = (data.history.weights[i] ?? []).map((w) => w ?? NaN);
  const equation = probabilityEquation(data, full, data.history.bias[i] ?? NaN) ?? t('The weights overflowed at epoch {0}: there is no model to draw.', formatCount(epoch));
  const n = data.points.y.length;
  const classes = t('{0} (1) against {1} (0)', data.positive, data.negative);
  const shownOf = t('{0} of {1} rows', formatCount(n), formatCount(data.points.total));
  if (data.shown.length === 1) {
    const xs = padRange(extent(data.points.x.map((r) => r[0] as number)), 0.05);
    const ys: [number, number] = [-0.12, 1.12];
    const [w, b] = [now.weights[0] as number, now.bias];
    const [wf, bf] = [end.weights[0] as number, end.bias];
    const threshold = Number.isFinite(w) && Number.isFinite(b) && w !== 0 ? -b / w : null;
    const inFrame = threshold !== null && threshold >= xs[0] && threshold <= xs[1];
    const curve = sigmoidCurve(w, b, xs).map(([x, y]) => ({ series: MODEL_SERIES.sigmoid, x, y }));
    const finalCurve = sigmoidCurve(wf, bf, xs).map(([x, y]) => ({ series: MODEL_SERIES.finalSigmoid, x, y }));
    const offChart = curve.length === 0 ? t('the weights overflowed') : threshold === null ? t('the weight is 0: every row gets p = {0}', formatNumber(sigmoid(b))) : inFrame ? null : t('the threshold x = {0} is outside the frame (every row is on one side)', formatValue(threshold));
    const feature = data.features[data.shown[0] as number] ?? 'x';
    const where = inFrame ? positiveSide(w, 0) : null;
    return {
      spec: 'sigmoid',
      epoch,
      equation,
      offChart,
      side: where ? sideSentence(data.positive, data.negative, where, 'threshold') : null,
      data: {
        points: pointRows(data, (k) => (data.points.y[k] as number) + jitter(k), (k) => data.points.x[k]?.[0] as number),
        curve: [...curve, ...finalCurve],
        threshold: inFrame ? [{ series: MODEL_SERIES.threshold, x: threshold, y: ys[0], y2: ys[1] }] : [],
      },
      signals: { xDomain: xs, yDomain: ys, xTitle: feature, yTitle: `P(${data.label} = ${data.positive})`, positiveName: data.positive, negativeName: data.negative },
      description: (() => {
        const what = inFrame
          ? t('Classifier at epoch {0}: {1}, {2}, drawn at 1 and 0 (spread a little apart) against {3}, with the predicted probability {4} crossing ½ at {3} = {5}', formatCount(epoch), shownOf, classes, feature, equation, formatValue(threshold))
          : t('Classifier at epoch {0}: {1}, {2}, drawn at 1 and 0 (spread a little apart) against {3}, with the predicted probability {4}', formatCount(epoch), shownOf, classes, feature, equation);
        return offChart ? t('{0}; {1}.', what, offChart) : t('{0}.', what);
      })(),
    };
  }
  const xs = padRange(extent(data.points.x.map((r) => r[0] as number)), 0.05);
  const ys = padRange(extent(data.points.x.map((r) => r[1] as number)), 0.08);
  const seg = boundarySegment(now.weights[0] as number, now.weights[1] as number, now.bias, xs, ys);
  const finalSeg = boundarySegment(end.weights[0] as number, end.weights[1] as number, end.bias, xs, ys);
  const finite = [...now.weights, now.bias].every(Number.isFinite);
  const offChart = seg ? null : !finite ? t('the weights overflowed') : now.weights.every((w) => w === 0) ? t('the weights are 0: every row gets p = {0}, there is no boundary', formatNumber(sigmoid(now.bias))) : t('the boundary is outside the frame: every drawn row is on one side');
  const [fa, fb] = data.shown.map((j) => data.features[j] ?? `x${j + 1}`) as [string, string];
  const line = (s: [Pt, Pt] | null, series: string) => (s ? s.map(([x, y]) => ({ series, x, y })) : []);
  const where = seg ? positiveSide(now.weights[0] as number, now.weights[1] as number) : null;
  return {
    spec: 'boundary',
    epoch,
    equation,
    offChart,
    side: where ? sideSentence(data.positive, data.negative, where, 'line') : null,
    data: {
      points: pointRows(data, (k) => data.points.x[k]?.[1] as number, (k) => data.points.x[k]?.[0] as number),
      final: line(finalSeg, MODEL_SERIES.finalBoundary),
      line: line(seg, MODEL_SERIES.boundary),
    },
    signals: { xDomain: xs, yDomain: ys, xTitle: fa, yTitle: fb, positiveName: data.positive, negativeName: data.negative },
    description: (() => {
      let what = t('Decision boundary at epoch {0}: {1}, {2}, {3} against {4}; the line is where {5} is ½', formatCount(epoch), shownOf, classes, fb, fa, equation);
      if (where) what = t('{0}, {1}', what, predictedSide(data.positive, where));
      if (data.projection) what = t('{0} (the other features at their training means)', what);
      return offChart ? t('{0}; {1}.', what, offChart) : t('{0}.', what);
    })(),
  };
}

const percent = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${formatNumber(v * 100)}%`);

/** The accuracy at the listed epoch at or before `epoch` (the series may be strided). */
function atEpoch(epochs: readonly number[], values: readonly (number | null)[], epoch: number): number | null {
  let at: number | null = null;
  epochs.forEach((e, i) => {
    if (e <= epoch) at = values[i] ?? null;
  });
  return at;
}

/** Accuracy per epoch (training, and validation when rows are held out) with the shown epoch marked. */
export function accuracyFrame(data: ClassifierViewData, epoch: number): AccuracyFrame {
  const { epochs, train, validation } = data.accuracy;
  const rows = (values: readonly (number | null)[], series: string) => epochs.flatMap((e, i) => (values[i] === null || values[i] === undefined ? [] : [{ series, epoch: e, accuracy: values[i] }]));
  const series = [...rows(train, MODEL_SERIES.trainAccuracy), ...(validation ? rows(validation, MODEL_SERIES.validationAccuracy) : [])];
  const first = epochs[0] ?? 0;
  const last = epochs[epochs.length - 1] ?? 1;
  const xs: [number, number] = last > first ? [first, last] : [first, first + 1];
  const shares = (trainShare: number | null | undefined, validationShare: number | null | undefined) =>
    validation ? t('training {0}, validation {1}', percent(trainShare), percent(validationShare)) : t('training {0}', percent(trainShare));
  const final = shares(train[train.length - 1], validation?.[validation.length - 1]);
  const here = shares(atEpoch(epochs, train, epoch), validation ? atEpoch(epochs, validation, epoch) : null);
  return {
    data: { series, marker: [{ series: MODEL_SERIES.epochMarker, epoch }] },
    signals: { xDomain: xs, yDomain: [0, 1], xTitle: t('epoch'), yTitle: t('accuracy'), accuracyLegend: validation ? [MODEL_SERIES.trainAccuracy, MODEL_SERIES.validationAccuracy] : [MODEL_SERIES.trainAccuracy] },
    description: validation
      ? t('Accuracy per epoch, the share of rows classified right (p > ½ for {0}): at epoch {1} {2}; after epoch {3} {4}.', data.positive, formatCount(epoch), here, formatCount(last), final)
      : t('Accuracy per epoch, the share of rows classified right (p > ½ for {0}), training rows only (none held out): at epoch {1} {2}; after epoch {3} {4}.', data.positive, formatCount(epoch), here, formatCount(last), final),
  };
}
