import type { Curvature } from '../curvature';

/**
 * Heavy-ball and Nesterov momentum (PyTorch's forms) on the least-squares loss at a constant rate
 * with full batches, one direction of the loss at a time. Along an eigenvector of M with eigenvalue
 * λ the gradient of the error e = vᵀ(θ − θ*) is h·e, h = 2λ (the Hessian is 2M). With a = lr·h and
 * b = lr·buf, one update maps (e, b) to
 * - heavy ball: b′ = μ·b + a·e, e′ = e − b′, i.e. the matrix [[1 − a, −μ], [a, μ]];
 * - Nesterov (step g + μ·buf′): b′ = μ·b + a·e, e′ = e − a·e − μ·b′, i.e. [[1 − a(1 + μ), −μ²], [a, μ]];
 * starting from b = 0 (PyTorch's first buf ← g is the same as μ·0 + g). Both are stable (every
 * eigenvalue inside the unit circle) exactly when 0 < a < 2(1 + μ) (heavy ball) or
 * 0 < a < 2(1 + μ)/(1 + 2μ) (Nesterov), by Jury's test on their characteristic polynomials
 * r² − (1 + μ − a)·r + μ and r² − (1 + μ − a(1 + μ))·r + μ(1 − a).
 */

/** The stable bound on lr: (1 + μ)/λmax for heavy ball, (1 + μ)/((1 + 2μ)·λmax) for Nesterov (lr·2λmax below 2(1 + μ), resp. 2(1 + μ)/(1 + 2μ)). */
export function momentumBound(lambdaMax: number, momentum: number, nesterov: boolean): number {
  return nesterov ? (1 + momentum) / ((1 + 2 * momentum) * lambdaMax) : (1 + momentum) / lambdaMax;
}

/** The per-update map of one direction, a = lr·2λ: [[p, q], [a, μ]] acting on (e, b). */
function modeMatrix(a: number, momentum: number, nesterov: boolean): { p: number; q: number; a: number; mu: number } {
  return nesterov ? { p: 1 - a * (1 + momentum), q: -momentum * momentum, a, mu: momentum } : { p: 1 - a, q: -momentum, a, mu: momentum };
}

/** The spectral radius of one direction's map at a = lr·2λ: how much its error shrinks per update in the long run. */
export function modeRadius(a: number, momentum: number, nesterov: boolean): number {
  const { p, q, mu } = modeMatrix(a, momentum, nesterov);
  const trace = p + mu;
  const det = p * mu - q * a;
  const disc = trace * trace - 4 * det;
  return disc < 0 ? Math.sqrt(det) : (Math.abs(trace) + Math.sqrt(disc)) / 2;
}

/** A direction of the loss: its eigenvalue λ and the optimum's component c = vᵀθ* (the start's error is −c). */
interface Mode {
  lambda: number;
  component: number;
}

/** The directions that carry loss from θ = 0 (as the plain modal decomposition counts them). */
function loadedModes(c: Curvature): Mode[] {
  return c.eigenvalues.flatMap((lambda, k) => {
    if (!(lambda > c.lambdaMax * 1e-14)) return [];
    const vec = c.eigenvectors[k] as number[];
    const component = vec.reduce((s, v, i) => s + v * (c.optimum[i] as number), 0);
    return lambda * component * component > 0 ? [{ lambda, component }] : [];
  });
}

/** The modes resolve every direction that carries loss (up to 63 features, κ ≤ 10¹⁰). */
const decomposed = (c: Curvature): boolean => c.eigenvalues.length > 0 && c.conditionNumber <= 1e10;

/**
 * The largest spectral radius over the directions that carry loss at rate lr: the slowest
 * direction's shrink per epoch (≥ 1: it never settles). Without a decomposition, over λmax and λmin.
 */
export function momentumRadius(c: Curvature, lr: number, momentum: number, nesterov: boolean): number {
  const lambdas = decomposed(c) ? loadedModes(c).map((m) => m.lambda) : [c.lambdaMax, c.lambdaMin].filter((l) => l > 0);
  return lambdas.reduce((r, lambda) => Math.max(r, modeRadius(lr * 2 * lambda, momentum, nesterov)), 0);
}

/** Rates on the grid the suggestion searches, (0, bound). */
const GRID = 400;

/** The suggestion's search simulates the exact dynamics while rates × directions × epochs stay within this many steps. */
const SEARCH_BUDGET = 10_000_000;

/**
 * The suggested rate for momentum on full batches, among 399 rates evenly spaced in (0, bound)
 * (all below the bound, so none diverges): `fastest`, the one whose exact dynamics from θ = 0 come
 * within `tolerance` of L* (and stay, through `horizon` epochs) in the fewest epochs, ties to the
 * smaller radius and then the smaller rate; `radius`, when that search is too long or no rate
 * settles within the horizon, the one whose slowest direction shrinks most per epoch (smallest
 * `momentumRadius`, the smaller rate on a tie within 10⁻⁹).
 */
export function momentumSuggestion(c: Curvature, momentum: number, nesterov: boolean, tolerance: number, horizon: number): { rate: number; radius: number; basis: 'fastest' | 'radius' } {
  const bound = momentumBound(c.lambdaMax, momentum, nesterov);
  const rates = Array.from({ length: GRID - 1 }, (_, k) => (bound * (k + 1)) / GRID);
  const radii = rates.map((rate) => momentumRadius(c, rate, momentum, nesterov));
  const modes = decomposed(c) ? loadedModes(c).length : 0;
  if (modes > 0 && rates.length * modes * horizon <= SEARCH_BUDGET) {
    let best: { rate: number; radius: number; epochs: number } | null = null;
    rates.forEach((rate, k) => {
      const epochs = momentumEpochsToSettle(c, rate, momentum, nesterov, tolerance, horizon);
      const radius = radii[k] as number;
      if (epochs !== null && (best === null || epochs < best.epochs || (epochs === best.epochs && radius < best.radius * (1 - 1e-9)))) best = { rate, radius, epochs };
    });
    const found = best as { rate: number; radius: number; epochs: number } | null;
    if (found) return { rate: found.rate, radius: found.radius, basis: 'fastest' };
  }
  let k = 0;
  radii.forEach((radius, i) => {
    if (radius < (radii[k] as number) * (1 - 1e-9)) k = i;
  });
  return { rate: rates[k] as number, radius: radii[k] as number, basis: 'radius' };
}

/**
 * The excess loss L(t) − L* = Σ λ·e(t)² of the exact full-batch dynamics from θ = 0, epoch by
 * epoch, for t = 0 … horizon (stopping early once it overflows). Null without a decomposition.
 */
export function momentumExcess(c: Curvature, lr: number, momentum: number, nesterov: boolean, horizon: number): number[] | null {
  if (!decomposed(c)) return null;
  const modes = loadedModes(c).map((m) => ({ lambda: m.lambda, map: modeMatrix(lr * 2 * m.lambda, momentum, nesterov), e: -m.component, b: 0 }));
  const excess: number[] = [];
  for (let t = 0; t <= horizon; t++) {
    let sum = 0;
    for (const m of modes) sum += m.lambda * m.e * m.e;
    excess.push(sum);
    if (!Number.isFinite(sum)) break;
    for (const m of modes) {
      const b = m.map.mu * m.b + m.map.a * m.e;
      // e′ = p·e + q·b for the old b: heavy ball e − a·e − μ·b; Nesterov e − a(1 + μ)·e − μ²·b.
      const e = m.map.p * m.e + m.map.q * m.b;
      m.b = b;
      m.e = e;
    }
  }
  return excess;
}

/**
 * The epochs the exact full-batch dynamics need until the excess loss stays within `tolerance`
 * through `horizon` epochs, counted only when that is by half the horizon (so it has stayed there
 * at least as long again); null otherwise (or without a decomposition).
 */
export function momentumEpochsToSettle(c: Curvature, lr: number, momentum: number, nesterov: boolean, tolerance: number, horizon: number): number | null {
  const excess = momentumExcess(c, lr, momentum, nesterov, horizon);
  if (!excess || excess.length <= horizon) return null;
  let settled = excess.length;
  while (settled > 0 && (excess[settled - 1] as number) <= tolerance) settled--;
  return settled <= horizon / 2 ? settled : null;
}

/** Above the bound: the first epoch the exact dynamics lift the excess above `removable` (L₀ − L*), within `horizon`; null if not. */
export function momentumEpochAbove(c: Curvature, lr: number, momentum: number, nesterov: boolean, removable: number, horizon: number): number | null {
  const excess = momentumExcess(c, lr, momentum, nesterov, horizon);
  if (!excess) return null;
  const at = excess.findIndex((x, t) => t > 0 && !(x <= removable));
  return at >= 0 ? at : null;
}

/** Whether a direction that carries loss grows at rate lr (its map's radius above 1). */
export function momentumGrows(c: Curvature, lr: number, momentum: number, nesterov: boolean): boolean {
  if (!decomposed(c)) return true;
  return loadedModes(c).some((m) => modeRadius(lr * 2 * m.lambda, momentum, nesterov) > 1);
}
