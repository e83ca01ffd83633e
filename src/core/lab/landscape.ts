/**
 * The loss landscape of linear least squares, from its sufficient statistics alone: with
 * x̃ = [x, 1], θ = [w, b], M = (1/N) Σ x̃x̃ᵀ = Σₖ λₖvₖvₖᵀ and θ* the least-squares optimum, the loss is
 * exactly the quadratic
 *
 *   L(θ) = (1/N) Σ (θ·x̃ᵢ − yᵢ)² = L* + (θ − θ*)ᵀ M (θ − θ*) = L* + Σₖ λₖ (vₖ·(θ − θ*))²
 *
 * (the normal equations Mθ* = (1/N) Σ x̃ᵢyᵢ cancel the linear term; the Hessian is 2M). So a grid
 * of losses costs O(grid), never O(rows · grid), and the contours are exact ellipses.
 *
 * Two planes: for one feature, θ = (w, b) itself ('weights'); for more, the plane through θ* of
 * the two steepest directions v₁, v₂, with coordinates a = v₁·(θ − θ*), b = v₂·(θ − θ*)
 * ('projected'), where the loss is L* + λ₁a² + λ₂b². Pure: plain numbers in, plain numbers out.
 */
import type { PlanePoint } from '../../shared/modelView';

/** The loss as a quadratic in the trained coordinates: eigen-decomposition of M, θ* and L*. */
export interface Quadratic {
  /** M's eigenvalues, largest first, and `eigenvectors[k]` the unit vector of `eigenvalues[k]`, components [w₁ … w_d, b]. */
  eigenvalues: number[];
  eigenvectors: number[][];
  optimum: number[];
  optimalLoss: number;
}

export type PlaneKind = 'weights' | 'projected';

/** A square window on the plane: its centre and half-width. */
export interface PlaneWindow {
  centre: PlanePoint;
  radius: number;
}

/** How far the window reaches beyond the start, in multiples of the start's distance from θ*: a rate that doubles the error each epoch (1.5/λmax) stays in view for one epoch. */
export const WINDOW_REACH = 2.2;
/** Cells per side of the loss grid. */
export const GRID_CELLS = 30;
/** Contours are the excess loss of the start times 4ᵏ: each ellipse is twice the size of the one inside it. */
export const CONTOUR_POWERS = [-4, -3, -2, -1, 0, 1, 2] as const;
/** Points per contour ellipse. */
export const CONTOUR_POINTS = 160;

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * (b[i] as number), 0);

/** The plane a model's landscape is drawn on: its own weights for one feature (two parameters), else the projection. */
export function planeKind(q: Quadratic): PlaneKind {
  return q.optimum.length === 2 ? 'weights' : 'projected';
}

/**
 * L(θ) = L* + Σₖ λₖ (vₖ·(θ − θ*))², θ in the trained coordinates (features z-scored when the run z-scored them).
 * e.g. cars, z-scored weight: L([0, 0]) = L₀ = E[y²] ≈ 613.9.
 */
export function quadraticLoss(q: Quadratic, theta: readonly number[]): number {
  const offset = theta.map((t, i) => t - (q.optimum[i] as number));
  return q.optimalLoss + q.eigenvalues.reduce((s, lambda, k) => s + lambda * dot(q.eigenvectors[k] as number[], offset) ** 2, 0);
}

/**
 * Where θ lies on the plane: (w, b) itself for 'weights'; for 'projected' the offsets from θ*
 * along the two steepest directions, (v₁·(θ − θ*), v₂·(θ − θ*)).
 * e.g. projected, v₁ = [1, 0, 0], v₂ = [0, 0, 1], θ* = [1, 2, 3]: θ = [4, 9, 1] → [3, −2].
 */
export function planePoint(q: Quadratic, kind: PlaneKind, theta: readonly number[]): PlanePoint {
  if (kind === 'weights') return [theta[0] as number, theta[1] as number];
  const offset = theta.map((t, i) => t - (q.optimum[i] as number));
  return [dot(q.eigenvectors[0] as number[], offset), dot(q.eigenvectors[1] ?? [], offset)];
}

/** The optimum on the plane: θ* itself, or the origin of the projected plane. */
export function planeOptimum(q: Quadratic, kind: PlaneKind): PlanePoint {
  return kind === 'weights' ? [q.optimum[0] as number, q.optimum[1] as number] : [0, 0];
}

/**
 * The loss at a point of the plane, in O(1): L* + dᵀMd with d = p − θ* on the weights plane
 * (M rebuilt from its eigen-decomposition), L* + λ₁a² + λ₂b² on the projected one.
 */
export function planeLossFunction(q: Quadratic, kind: PlaneKind): (p: PlanePoint) => number {
  const l1 = q.eigenvalues[0] ?? 0;
  const l2 = q.eigenvalues[1] ?? 0;
  if (kind === 'projected') return ([a, b]) => q.optimalLoss + l1 * a * a + l2 * b * b;
  const [v1, v2] = [q.eigenvectors[0] ?? [0, 0], q.eigenvectors[1] ?? [0, 0]];
  // M = λ₁v₁v₁ᵀ + λ₂v₂v₂ᵀ for the two parameters (w, b).
  const mww = l1 * (v1[0] as number) ** 2 + l2 * (v2[0] as number) ** 2;
  const mwb = l1 * (v1[0] as number) * (v1[1] as number) + l2 * (v2[0] as number) * (v2[1] as number);
  const mbb = l1 * (v1[1] as number) ** 2 + l2 * (v2[1] as number) ** 2;
  const [cw, cb] = [q.optimum[0] as number, q.optimum[1] as number];
  return ([w, b]) => {
    const dw = w - cw;
    const db = b - cb;
    return q.optimalLoss + mww * dw * dw + 2 * mwb * dw * db + mbb * db * db;
  };
}

/**
 * The square window drawn: centred on θ*, reaching `WINDOW_REACH` times the start's distance from
 * it (the start's projected distance on the projected plane), so the start, a crawl from it, a
 * zig-zag across the valley and the first step of a doubling divergence are all in view.
 * A start at θ* (nothing to descend) falls back to the farthest finite point of the path, then to 1.
 */
export function planeWindow(centre: PlanePoint, start: PlanePoint, path: readonly PlanePoint[] = []): PlaneWindow {
  const distance = (p: PlanePoint) => Math.hypot(p[0] - centre[0], p[1] - centre[1]);
  let reach = distance(start);
  if (!(reach > 0) || !Number.isFinite(reach)) reach = Math.max(0, ...path.map(distance).filter(Number.isFinite));
  if (!(reach > 0)) reach = Math.max(1, Math.abs(centre[0]), Math.abs(centre[1])) / WINDOW_REACH;
  return { centre, radius: WINDOW_REACH * reach };
}

const inside = (w: PlaneWindow, p: PlanePoint): boolean => Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0] - w.centre[0]) <= w.radius && Math.abs(p[1] - w.centre[1]) <= w.radius;

/**
 * The path up to where it leaves the window: every point while it stays inside; at the first
 * point outside (or not finite), the point where the segment to it crosses the window's edge, and
 * that epoch as the exit. e.g. a path [start, 2× out, 4× out] with reach 2.2 keeps the first two
 * and exits on the edge towards the third.
 */
export function clipPath(window: PlaneWindow, epochs: readonly number[], points: readonly PlanePoint[]): { epochs: number[]; points: PlanePoint[]; exit: { epoch: number; point: PlanePoint } | null } {
  const kept: PlanePoint[] = [];
  const keptEpochs: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as PlanePoint;
    if (inside(window, p)) {
      kept.push(p);
      keptEpochs.push(epochs[i] as number);
      continue;
    }
    const from = kept[kept.length - 1];
    const edge = from && Number.isFinite(p[0]) && Number.isFinite(p[1]) ? edgeCrossing(window, from, p) : (from ?? window.centre);
    if (from && edge !== from) {
      kept.push(edge);
      keptEpochs.push(epochs[i] as number);
    }
    return { epochs: keptEpochs, points: kept, exit: { epoch: epochs[i] as number, point: edge } };
  }
  return { epochs: keptEpochs, points: kept, exit: null };
}

/** Where the segment from `from` (inside) to `to` (outside) first meets the window's edge. */
function edgeCrossing(w: PlaneWindow, from: PlanePoint, to: PlanePoint): PlanePoint {
  let t = 1;
  for (const axis of [0, 1] as const) {
    const delta = to[axis] - from[axis];
    if (delta === 0) continue;
    const bound = w.centre[axis] + Math.sign(delta) * w.radius;
    t = Math.min(t, (bound - from[axis]) / delta);
  }
  t = Math.max(0, t);
  return [from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1])];
}

/**
 * The loss at the centres of an n × n grid over the window, row-major from the bottom-left:
 * `values[row·n + col]` at (lo + (col + ½)·h, lo + (row + ½)·h). O(n²), whatever the rows.
 */
export function lossGrid(q: Quadratic, kind: PlaneKind, window: PlaneWindow, n = GRID_CELLS): number[] {
  const loss = planeLossFunction(q, kind);
  const h = (2 * window.radius) / n;
  const [x0, y0] = [window.centre[0] - window.radius, window.centre[1] - window.radius];
  const values = new Array<number>(n * n);
  for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) values[row * n + col] = loss([x0 + (col + 0.5) * h, y0 + (row + 0.5) * h]);
  return values;
}

/**
 * The contour of excess loss `excess` (> 0) as a closed polyline: the points p with
 * L(p) = L* + excess, i.e. λ₁u₁² + λ₂u₂² = excess in the eigen-coordinates u, mapped back to the
 * plane. A flat direction (λ ≈ 0) would make the ellipse unbounded: its half-axis is capped at
 * `maxHalfAxis`, far outside the window, so the drawn part is two near-parallel lines.
 */
export function contourEllipse(q: Quadratic, kind: PlaneKind, excess: number, maxHalfAxis: number, points = CONTOUR_POINTS): { a: number[]; b: number[] } {
  const halfAxis = (lambda: number) => (lambda > 0 ? Math.min(Math.sqrt(excess / lambda), maxHalfAxis) : maxHalfAxis);
  const r1 = halfAxis(q.eigenvalues[0] ?? 0);
  const r2 = halfAxis(q.eigenvalues[1] ?? 0);
  const centre = planeOptimum(q, kind);
  // On the weights plane the ellipse's axes are M's eigenvectors; on the projected plane they are the axes themselves.
  const [e1, e2]: [PlanePoint, PlanePoint] =
    kind === 'weights' ? [[q.eigenvectors[0]?.[0] ?? 1, q.eigenvectors[0]?.[1] ?? 0], [q.eigenvectors[1]?.[0] ?? 0, q.eigenvectors[1]?.[1] ?? 1]] : [[1, 0], [0, 1]];
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i <= points; i++) {
    const t = (2 * Math.PI * i) / points;
    const u1 = r1 * Math.cos(t);
    const u2 = r2 * Math.sin(t);
    a.push(centre[0] + u1 * e1[0] + u2 * e2[0]);
    b.push(centre[1] + u1 * e1[1] + u2 * e2[1]);
  }
  return { a, b };
}

/**
 * The contour levels: the start's excess loss over L* times 4ᵏ (`CONTOUR_POWERS`), so the start
 * lies on one ellipse and each ellipse is twice the size of the next one in. Levels whose ellipse
 * lies wholly outside the window are left out.
 */
export function contourLevels(q: Quadratic, kind: PlaneKind, window: PlaneWindow, start: PlanePoint): number[] {
  const loss = planeLossFunction(q, kind);
  let base = loss(start) - q.optimalLoss;
  // A start at θ* (or an overflowing one): ellipses sized by the window instead.
  if (!(base > 0) || !Number.isFinite(base)) base = (q.eigenvalues[0] ?? 1) * (window.radius / 2) ** 2;
  const lambdaMax = q.eigenvalues[0] ?? 0;
  return CONTOUR_POWERS.map((k) => base * 4 ** k).filter((excess) => !(lambdaMax > 0) || Math.sqrt(excess / lambdaMax) <= Math.SQRT2 * window.radius);
}
