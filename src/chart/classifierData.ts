/**
 * A logistic run's views for the panel: the labelled points under the decision boundary, the
 * model per recorded epoch in the features' own units (the model view's `modelHistory`, the same
 * map as the report's final weights), and the accuracy per epoch. Everything is bounded: the
 * report's points are at most 2,000, the accuracy at most `MAX_ACCURACY_POINTS` epochs. Pure: no
 * `vscode`, no DOM.
 */
import { type ClassifierViewData, MAX_ACCURACY_POINTS } from '../shared/modelView';
import type { RunReport } from '../shared/report';
import { modelHistory } from './modelData';
import { t } from '../shared/l10n';

/**
 * At most `max` entries of a series, evenly strided, the first and the last always kept.
 * e.g. (epochs 0 … 10, max 4) → entries 0, 3, 6, 10 (k·(n − 1)/(max − 1), rounded).
 */
export function thinIndices(length: number, max: number): number[] {
  if (length <= max) return Array.from({ length }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) {
    const i = Math.round((k * (length - 1)) / (max - 1));
    if (out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

/** The standard deviation of column j of the points (0 when they do not vary). */
function columnSd(x: readonly number[][], j: number): number {
  const n = x.length;
  if (n < 2) return 0;
  let mean = 0;
  for (const row of x) mean += (row[j] as number) / n;
  let ss = 0;
  for (const row of x) ss += ((row[j] as number) - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * The features drawn: all of them up to two; beyond, the two with the largest |wⱼ|·sdⱼ (how far z
 * moves for a typical change of the feature: |wⱼ| alone compares grams with millimetres), in
 * their order in the config. Ties keep the earlier feature.
 */
export function shownFeatures(weights: readonly number[], x: readonly number[][]): number[] {
  const d = weights.length;
  if (d <= 2) return Array.from({ length: d }, (_, j) => j);
  const effect = weights.map((w, j) => (Number.isFinite(w) ? Math.abs(w) * columnSd(x, j) : -1));
  const order = effect.map((e, j) => j).sort((a, b) => (effect[b] as number) - (effect[a] as number) || a - b);
  return order.slice(0, 2).sort((a, b) => a - b);
}

/** What a drawing of two of d > 2 features holds fixed, in one sentence. */
export function projectionStatement(features: readonly string[], shown: readonly number[]): string | null {
  if (features.length <= 2) return null;
  const names = shown.map((j) => features[j] ?? '');
  const others = features.filter((_, j) => !shown.includes(j));
  const drawn = t('{0} and {1}', names[0] ?? '', names[1] ?? '');
  if (others.length === 1) {
    return t("This model has {0} features; drawn are the two whose weight moves the prediction most per standard deviation, {1}. The boundary is where w·x + b = 0 with {2} held at its training mean; each point is drawn at its own values of the two, so a point's side of the line is not exactly its predicted class.", features.length, drawn, others[0] ?? '');
  }
  const held = t('{0} and {1}', others.slice(0, -1).join(', '), others[others.length - 1] ?? '');
  return t("This model has {0} features; drawn are the two whose weight moves the prediction most per standard deviation, {1}. The boundary is where w·x + b = 0 with {2} held at their training means; each point is drawn at its own values of the two, so a point's side of the line is not exactly its predicted class.", features.length, drawn, held);
}

/** The classifier views of a trained logistic report with weight snapshots, or null. */
export function classifierViewData(report: RunReport): ClassifierViewData | null {
  const c = report.classification;
  const data = report.data;
  const h = report.history;
  if (!report.trained || !c || !data || !h || h.snapshots.length === 0 || report.model?.kind !== 'logistic') return null;
  const d = data.features.length;
  if (d === 0 || c.points.x.length === 0) return null;
  const scales = data.normalization.method === 'zscore' ? data.normalization.features : null;
  const shown = shownFeatures(report.weights.length === d ? report.weights : new Array<number>(d).fill(0), c.points.x);
  const train = h.trainAccuracy ?? [];
  const keep = thinIndices(train.length, MAX_ACCURACY_POINTS);
  const epochOf = (i: number) => h.epochs?.[i] ?? i;
  return {
    features: data.features,
    label: data.label,
    positive: c.classes.positive,
    negative: c.classes.negative ?? t('not {0}', c.classes.positive),
    shown,
    means: c.featureMeans,
    projection: projectionStatement(data.features, shown),
    points: { x: c.points.x.map((row) => shown.map((j) => row[j] as number)), y: c.points.y, validation: c.points.validation, total: c.points.total },
    history: modelHistory(h.snapshots, scales),
    optimum: c.optimum,
    accuracy: {
      epochs: keep.map(epochOf),
      train: keep.map((i) => train[i] ?? null),
      validation: h.validationAccuracy ? keep.map((i) => h.validationAccuracy?.[i] ?? null) : null,
    },
  };
}
