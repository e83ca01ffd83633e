/**
 * What the panel's model view and loss landscape need of a run beyond its report: a bounded
 * sample of the training rows in the data's own units, and the loss as a quadratic (M's
 * eigen-decomposition, θ*, L*) in the trained coordinates. The editor's worker adds it to the
 * report it sends (`RunReport.geometry`); the CLI's report has none.
 */
import type { Curvature } from '../curvature';
import type { Matrix } from '../model';
import type { FeatureScale, RunGeometry } from '../../shared/report';
import { MAX_MODEL_FEATURES, MAX_MODEL_POINTS, MAX_MODEL_VALUES, type DataSample } from '../../shared/modelView';

/** How many rows a sample of a d-feature dataset holds at most: 2,000, fewer when d·points would pass 32,000 values. */
export function sampleCap(d: number): number {
  return Math.max(1, Math.min(MAX_MODEL_POINTS, Math.floor(MAX_MODEL_VALUES / Math.max(1, d))));
}

/**
 * The row indices of an evenly strided sample: all rows when they fit, else row ⌊k·N/cap⌋ for
 * k = 0 … cap − 1 (in order, deterministic). e.g. N = 10, cap = 4 → 0, 2, 5, 7.
 */
export function sampleIndices(rows: number, cap: number): number[] {
  if (rows <= cap) return Array.from({ length: rows }, (_, i) => i);
  return Array.from({ length: cap }, (_, k) => Math.floor((k * rows) / cap));
}

/**
 * A sample of the training rows in the features' own units: z-scored values are mapped back
 * with x = z·σ + μ (the inverse of `prepareData`'s scaling; the label is never scaled).
 * e.g. cars: `{ d: 1, x: [3504, …], y: [18, …], rows: 398 }`.
 */
export function sampleRows(train: Matrix, scales: FeatureScale[] | null, cap = sampleCap(train.d)): DataSample {
  const { d } = train;
  const x: number[] = [];
  const y: number[] = [];
  for (const i of sampleIndices(train.rows, cap)) {
    for (let j = 0; j < d; j++) {
      const v = train.x[i * d + j] as number;
      const s = scales?.[j];
      x.push(s ? v * (s.std > 0 ? s.std : 1) + s.mean : v);
    }
    y.push(train.y[i] as number);
  }
  return { d, x, y, rows: train.rows };
}

/** The run's geometry for the panel: the sample (none past `MAX_MODEL_FEATURES` features) and the quadratic (none without an eigen-decomposition of M). */
export function runGeometry(train: Matrix, scales: FeatureScale[] | null, curvature: Curvature): RunGeometry {
  const decomposed = curvature.eigenvalues.length === train.d + 1 && curvature.eigenvalues.every(Number.isFinite) && Number.isFinite(curvature.optimalLoss) && curvature.optimum.every(Number.isFinite);
  return {
    sample: train.d <= MAX_MODEL_FEATURES ? sampleRows(train, scales) : null,
    quadratic: decomposed ? { eigenvalues: curvature.eigenvalues.slice(), eigenvectors: curvature.eigenvectors.map((v) => v.slice()), optimum: curvature.optimum.slice(), optimalLoss: curvature.optimalLoss } : null,
  };
}
