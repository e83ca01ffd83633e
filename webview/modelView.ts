/**
 * The model view for one recorded epoch, drawn from data the page already has: the training rows
 * with the model's line (one feature), or predicted against actual with the y = x line (several
 * features). Domains stay fixed for the whole run, so a diverging model is seen as its line (or
 * its predictions) swinging ever wider and leaving the frame. Pure: no DOM.
 */
import { formatCount, formatNumber } from '../src/shared/format';
import { MODEL_SERIES, type ModelSignals, type ModelViewData } from '../src/shared/modelView';
import { formatEquation } from './format';
import { t } from '../src/shared/l10n';

/** Datasets, signals and words for one Vega view of a compiled spec (what `chart.ts` draws). */
export interface DrawnChart {
  data: Record<string, object[]>;
  signals: ModelSignals;
  description: string;
}

/** The model view at one epoch: which spec, what it draws, and what the page says about it. */
export interface ModelFrame extends DrawnChart {
  spec: 'feature' | 'predicted';
  epoch: number;
  /** The model in words, e.g. "Miles_per_Gallon ≈ −0.007652 × Weight_in_lbs + 46.22", or why there is none. */
  equation: string;
  /** What lies outside the frame at this epoch, e.g. "the model's line is above the frame", or null. */
  offChart: string | null;
}

type Segment = [[number, number], [number, number]];

/** [min, max] of the finite values, or null. */
function extent(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** A range widened by `pad` of its span each side (a point range by 1 or its size). */
export function padRange([lo, hi]: [number, number], pad = 0.08): [number, number] {
  const span = hi - lo;
  if (span > 0) return [lo - pad * span, hi + pad * span];
  const half = Math.max(1, Math.abs(lo)) * 0.5;
  return [lo - half, hi + half];
}

/**
 * The part of the line y = w·x + b inside the box [x0, x1] × [y0, y1], or null when it misses the
 * box (or w, b are not finite). e.g. (1, 0, [0, 10], [0, 5]) → [[0, 0], [5, 5]].
 */
export function clipLine(w: number, b: number, [x0, x1]: [number, number], [y0, y1]: [number, number]): Segment | null {
  if (!Number.isFinite(w) || !Number.isFinite(b)) return null;
  let lo = x0;
  let hi = x1;
  if (w === 0) {
    if (b < y0 || b > y1) return null;
  } else {
    const xa = (y0 - b) / w;
    const xb = (y1 - b) / w;
    lo = Math.max(x0, Math.min(xa, xb));
    hi = Math.min(x1, Math.max(xa, xb));
    if (!(lo <= hi)) return null;
  }
  return [
    [lo, w * lo + b],
    [hi, w * hi + b],
  ];
}

/** How many of the training rows the sample holds, and the note a thinned sample gets: "Showing 2,000 of 10,000 training rows (every 5th)." */
export function sampleNote(data: ModelViewData): string | null {
  const shown = data.sample.y.length;
  if (shown >= data.sample.rows) return null;
  const every = data.sample.rows / shown;
  return t('Showing {0} of {1} training rows (about every {2}th, evenly through the data).', formatCount(shown), formatCount(data.sample.rows), formatNumber(every));
}

/** The frame's fixed domains: feature and label ranges (one feature), or the label's range on both axes (predicted against actual). */
export function modelDomains(data: ModelViewData): { x: [number, number]; y: [number, number] } {
  const { d, x, y } = data.sample;
  const labels = padRange(extent(y) ?? [0, 1], 0.12);
  if (d !== 1) return { x: labels, y: labels };
  return { x: padRange(extent(x) ?? [0, 1], 0.05), y: labels };
}

const weightsAt = (data: ModelViewData, index: number): { weights: number[]; bias: number } => ({
  weights: (data.history.weights[index] ?? []).map((w) => w ?? NaN),
  bias: data.history.bias[index] ?? NaN,
});

/** Predictions ŷᵢ = Σ wⱼxᵢⱼ + b of the sampled rows, in the label's units. */
export function predictions(data: ModelViewData, weights: readonly number[], bias: number): number[] {
  const { d, x, y } = data.sample;
  return y.map((_, i) => {
    let p = bias;
    for (let j = 0; j < d; j++) p += (weights[j] as number) * (x[i * d + j] as number);
    return p;
  });
}

/** Where the model's line passes the frame, e.g. "the model's line is above the frame". */
const lineOffFrame = (v: number, [lo, hi]: [number, number]): string => (v > hi ? t("the model's line is above the frame") : v < lo ? t("the model's line is below the frame") : t("the model's line is beside the frame"));

/**
 * The model view at the recorded epoch `index` (an index into `history.epochs`).
 * e.g. cars at lr 1.5, the last epoch: the line is far off the frame, `offChart` says so.
 */
export function modelFrame(data: ModelViewData, index: number): ModelFrame {
  const i = Math.max(0, Math.min(index, data.history.epochs.length - 1));
  const epoch = data.history.epochs[i] ?? 0;
  const { weights, bias } = weightsAt(data, i);
  const domains = modelDomains(data);
  const equation = formatEquation(data.label, data.features, weights, bias) ?? t('The weights overflowed at epoch {0}: there is no model to draw.', formatCount(epoch));
  const { d, x, y } = data.sample;
  const n = y.length;
  if (d === 1) {
    const points = y.map((yi, k) => ({ series: MODEL_SERIES.data, x: x[k] as number, y: yi }));
    const segment = clipLine(weights[0] as number, bias, domains.x, domains.y);
    const best = data.optimum ? clipLine(data.optimum.weights[0] as number, data.optimum.bias, domains.x, domains.y) : null;
    const mid = (domains.x[0] + domains.x[1]) / 2;
    const offChart = segment ? null : Number.isFinite(weights[0]) && Number.isFinite(bias) ? lineOffFrame((weights[0] as number) * mid + bias, domains.y) : t('the weights overflowed');
    return {
      spec: 'feature',
      epoch,
      equation,
      offChart,
      data: {
        points,
        best: best ? best.map(([bx, by]) => ({ series: MODEL_SERIES.best, x: bx, y: by })) : [],
        line: segment ? segment.map(([lx, ly]) => ({ series: MODEL_SERIES.model, x: lx, y: ly })) : [],
      },
      signals: { xDomain: domains.x, yDomain: domains.y, xTitle: data.features[0] ?? 'x', yTitle: data.label },
      description: offChart
        ? t("Model view at epoch {0}: {1} training rows, {2} against {3}, with the model's line ({4}); {5}.", formatCount(epoch), formatCount(n), data.label, data.features[0] ?? 'x', equation, offChart)
        : t("Model view at epoch {0}: {1} training rows, {2} against {3}, with the model's line ({4}).", formatCount(epoch), formatCount(n), data.label, data.features[0] ?? 'x', equation),
    };
  }
  const predicted = predictions(data, weights, bias);
  const [lo, hi] = domains.y;
  const points: { series: string; x: number; y: number }[] = [];
  let outside = 0;
  predicted.forEach((p, k) => {
    if (Number.isFinite(p) && p >= lo && p <= hi) points.push({ series: MODEL_SERIES.predicted, x: y[k] as number, y: p });
    else outside++;
  });
  const offChart = outside ? t('{0} of {1} predictions are outside the frame', formatCount(outside), formatCount(n)) : null;
  return {
    spec: 'predicted',
    epoch,
    equation,
    offChart,
    data: {
      points,
      best: [
        { series: MODEL_SERIES.exact, x: lo, y: lo },
        { series: MODEL_SERIES.exact, x: hi, y: hi },
      ],
      line: [],
    },
    signals: { xDomain: domains.x, yDomain: domains.y, xTitle: t('actual {0}', data.label), yTitle: t('predicted {0}', data.label) },
    description: offChart
      ? t('Model view at epoch {0}: predicted against actual {1} for {2} training rows; points on the dashed line y = x are predicted exactly; {3}.', formatCount(epoch), data.label, formatCount(n), offChart)
      : t('Model view at epoch {0}: predicted against actual {1} for {2} training rows; points on the dashed line y = x are predicted exactly.', formatCount(epoch), data.label, formatCount(n)),
  };
}
