/**
 * The loss landscape's data for a run: the loss grid and exact contours over a window around θ*
 * and the start, and the descent path on it (clipped where it leaves the window), from the run's
 * quadratic (`RunReport.geometry.quadratic`) and weight snapshots, in the trained coordinates.
 * O(grid + epochs): the rows are never read again. Pure: no `vscode`, no DOM.
 */
import { type PlaneKind, clipPath, contourEllipse, contourLevels, lossGrid, planeKind, planeOptimum, planePoint, planeWindow } from '../core/lab/landscape';
import { formatNumber } from '../shared/format';
import { t } from '../shared/l10n';
import type { LandscapeData, PlanePoint } from '../shared/modelView';
import type { RunReport } from '../shared/report';

/** Axis titles and the chart's statement of what it shows. */
function describePlane(report: RunReport, kind: PlaneKind, lambdas: number[]): { xTitle: string; yTitle: string; note: string } {
  const data = report.data;
  const label = data?.label ?? t('label');
  if (kind === 'weights') {
    const feature = data?.features[0] ?? 'x';
    const zscored = data?.normalization.method === 'zscore';
    const [l1 = 0, l2 = 0] = lambdas;
    // With one z-scored feature M is the identity: the bowl is round and every step aims straight at θ*.
    const round = l1 > 0 && Math.abs(l1 - l2) <= 0.01 * l1;
    return {
      xTitle: zscored ? t('w ({0} per standard deviation of {1})', label, feature) : t('w ({0} per {1})', label, feature),
      yTitle: `b (${label})`,
      note:
        (zscored
          ? t('The loss over the weight and bias as training updates them ({0} z-scored, so b is the prediction at its mean); each contour doubles the distance from the best weights (4× the excess loss L − L*), one passes through the start.', feature)
          : t('The loss over the weight and bias as training updates them; each contour doubles the distance from the best weights (4× the excess loss L − L*), one passes through the start.')) +
        (round ? ` ${t('The bowl is round, so every step aims straight at the best weights: a rate above 1/(2λmax) jumps back and forth across them along one line, below it the path creeps towards them.')}` : ''),
    };
  }
  const [l1, l2] = lambdas.map((l) => formatNumber(l));
  return {
    xTitle: t('a₁: along the steepest direction (λ₁ = {0})', l1 ?? ''),
    yTitle: t('a₂: along the second steepest (λ₂ = {0})', l2 ?? ''),
    note: t("Projected: {0} features make {1} parameters, so the path is drawn on the plane through the best weights θ* spanned by the two steepest directions of the loss (the top two eigenvectors of M). Contours are the loss on that plane, L* + λ₁a₁² + λ₂a₂²; the path's moves along the other directions are not shown.", data?.features.length ?? t('several'), (data?.features.length ?? 1) + 1),
  };
}

/** The landscape of a trained report with its geometry and history, or null when it has none. */
export function landscapeData(report: RunReport): LandscapeData | null {
  const q = report.geometry?.quadratic;
  const snapshots = report.history?.snapshots ?? [];
  if (!report.trained || !q || snapshots.length === 0 || q.eigenvalues.length < 2) return null;
  const kind = planeKind(q);
  const points = snapshots.map((s) => planePoint(q, kind, [...s.weights, s.bias]));
  const epochs = snapshots.map((s) => s.epoch);
  const centre = planeOptimum(q, kind);
  const window = planeWindow(centre, points[0] as PlanePoint, points);
  const path = clipPath(window, epochs, points);
  const start = points[0] as PlanePoint;
  const contours = contourLevels(q, kind, window, start).map((excess) => ({ level: q.optimalLoss + excess, ...contourEllipse(q, kind, excess, 10 * window.radius) }));
  const grid = lossGrid(q, kind, window);
  const domain = (axis: 0 | 1): PlanePoint => [window.centre[axis] - window.radius, window.centre[axis] + window.radius];
  return {
    kind,
    ...describePlane(report, kind, q.eigenvalues),
    xDomain: domain(0),
    yDomain: domain(1),
    lossUnit: report.lossUnit,
    optimum: centre,
    optimalLoss: q.optimalLoss,
    grid: { n: Math.round(Math.sqrt(grid.length)), values: grid },
    contours,
    path: { epochs: path.epochs, a: path.points.map((p) => p[0]), b: path.points.map((p) => p[1]) },
    exit: path.exit ? { epoch: path.exit.epoch, a: path.exit.point[0], b: path.exit.point[1] } : null,
  };
}
