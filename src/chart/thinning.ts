/**
 * Thinning a run's curves for the chart and the runs store, and the one fact about a run both need
 * to place its points on an update axis. A leaf of src/chart/: the chart's data, the previous runs
 * and the runs store all read it, and it reads none of them.
 */
import { extremeIndices } from '../core/downsample';
import type { RunReport } from '../shared/report';

/** No curve in the chart has more points than this (a few pixels' worth each on a wide panel). */
export const MAX_CHART_POINTS = 2000;

/**
 * Thins a curve to at most `maxPoints` points: the first and last points stay, and the interior
 * is cut into buckets that each keep their lowest and highest point, so spikes survive (a mean or
 * a stride would hide SGD's noise and a divergence's jump). Points stay in their order; a null
 * (non-finite) value ranks as +∞, so an overflow is kept as its bucket's highest point.
 * e.g. 100,000 epochs of loss → ≤ 2,000 points, including the maximum.
 * Either a plain series, `downsampleSeries([613.9, 120.5, …])`, or points with a value accessor,
 * `downsampleSeries(points, (p) => p.loss)`.
 */
export function downsampleSeries(values: readonly (number | null)[], maxPoints?: number): (number | null)[];
export function downsampleSeries<T>(points: readonly T[], value: (p: T) => number | null, maxPoints?: number): T[];
export function downsampleSeries<T>(points: readonly T[], valueOrMax?: ((p: T) => number | null) | number, maxPoints = MAX_CHART_POINTS): T[] {
  const value = typeof valueOrMax === 'function' ? valueOrMax : (p: T) => p as unknown as number | null;
  const cap = typeof valueOrMax === 'number' ? valueOrMax : maxPoints;
  if (points.length <= cap) return points.slice();
  const rank = (i: number): number => {
    const v = value(points[i] as T);
    return v === null || Number.isNaN(v) ? Infinity : v;
  };
  return extremeIndices(points.length, rank, cap).map((i) => points[i] as T);
}

/** Updates per epoch of the report's own config (1 when it never planned). */
export function updatesPerEpoch(report: Pick<RunReport, 'updates'>): number {
  return report.updates ? report.updates[report.updates.current].perEpoch : 1;
}
