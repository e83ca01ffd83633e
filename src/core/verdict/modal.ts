import type { Curvature } from '../curvature';

/**
 * The excess loss constant-rate mini-batch SGD keeps on average once settled, as measured at
 * an epoch's end. To first order in lr, with the finite-population correction g(b) =
 * (N − b)/(b·(N − 1)) for batches drawn without replacement:
 * - the stationary average L*·f/(1 − f), f = lr·tr(M)·g(m) (∞ when f ≥ 1);
 * - plus, when the epoch ends on a smaller tail batch of r rows, the jump that step adds:
 *   4·lr²·L*·tr(M²)·g(r).
 */
export function sgdNoiseFloor(lr: number, c: Pick<Curvature, 'trace' | 'traceSquared' | 'optimalLoss'>, m: number, N: number): number {
  if (m >= N || N <= 1) return 0;
  const g = (b: number) => (N - b) / (b * (N - 1));
  const f = lr * c.trace * g(m);
  if (f >= 1) return Infinity;
  const r = N % m;
  const tail = r > 0 ? 4 * lr * lr * c.optimalLoss * c.traceSquared * g(r) : 0;
  return (c.optimalLoss * f) / (1 - f) + tail;
}

/**
 * For each epoch e, the mean of the w epochs from e on (`series[e … e + w − 1]`), the window
 * held at the last w epochs near the end: "from epoch e on, every stretch of w epochs averages
 * below the limit" is then what `smoothed[e′] ≤ limit` for all e′ ≥ e says. w = 1: the series.
 */
export function windowMeans(series: readonly number[], w: number): number[] {
  if (w <= 1) return [...series];
  const T = series.length;
  const prefix = [0];
  for (const v of series) prefix.push((prefix[prefix.length - 1] as number) + v);
  return series.map((_, e) => {
    const from = Math.max(0, Math.min(e, T - w));
    const to = Math.min(T, from + w);
    return ((prefix[to] as number) - (prefix[from] as number)) / (to - from);
  });
}

/** The median of the last w entries (a non-finite entry counts as +∞). */
export function lastMedian(series: readonly number[], w: number): number {
  const tail = series.slice(Math.max(0, series.length - Math.max(1, w))).map((v) => (Number.isFinite(v) ? v : Infinity)).sort((a, b) => a - b);
  const mid = tail.length >> 1;
  return tail.length % 2 ? (tail[mid] as number) : ((tail[mid - 1] as number) + (tail[mid] as number)) / 2;
}

/**
 * The excess loss L(t) − L* after t epochs of the expected dynamics, from θ₀ = 0:
 * Σₖ λₖ·cₖ²·(1 − 2·lr·λₖ)^(2ut), cₖ = vₖᵀθ* (exact for full batch, u = 1; for u updates per
 * epoch it ignores the batches' noise). As log-terms, so that neither underflow nor overflow.
 */
function excessTerms(c: Curvature, lr: number, u: number): { logWeight: number; logRate: number }[] {
  const lambdaMax = c.lambdaMax;
  return c.eigenvalues.flatMap((lambda, k) => {
    if (!(lambda > lambdaMax * 1e-14)) return [];
    const vec = c.eigenvectors[k] as number[];
    const comp = vec.reduce((s, v, i) => s + v * (c.optimum[i] as number), 0);
    const weight = lambda * comp * comp;
    if (!(weight > 0)) return [];
    return [{ logWeight: Math.log(weight), logRate: 2 * u * logContraction(lr, lambda) }];
  });
}

/** ln |1 − 2·lr·λ|, the log of one step's contraction along eigenvalue λ, exact for tiny lr·λ (log1p). */
export function logContraction(lr: number, lambda: number): number {
  const s = 2 * lr * lambda;
  return s < 1 ? Math.log1p(-s) : Math.log(s - 1);
}

const excessAt = (terms: { logWeight: number; logRate: number }[], t: number): number => terms.reduce((s, x) => s + Math.exp(x.logWeight + x.logRate * t), 0);

/**
 * The epochs the expected dynamics need before the excess loss is at most `tolerance`
 * (∞ when a direction that carries loss does not shrink); null without a decomposition.
 * When M's small eigenvalues are beyond what its decomposition resolves (κ > 10¹⁰), the
 * slowest contraction max |1 − 2·lr·λ| over λmax and λmin bounds every term.
 */
export function epochsToSettle(c: Curvature, lr: number, u: number, tolerance: number): number | null {
  if (!c.eigenvalues.length) return null;
  if (c.conditionNumber > 1e10) {
    const logRho = Math.max(logContraction(lr, c.lambdaMax), logContraction(lr, c.lambdaMin));
    const start = c.initialLoss - c.optimalLoss;
    if (start <= tolerance) return 0;
    if (logRho >= 0) return Infinity;
    return Math.ceil(Math.log(tolerance / start) / (2 * u * logRho));
  }
  const terms = excessTerms(c, lr, u);
  if (excessAt(terms, 0) <= tolerance) return 0;
  if (terms.some((x) => x.logRate >= 0)) return Infinity;
  let hi = 1;
  while (excessAt(terms, hi) > tolerance) {
    hi *= 2;
    if (hi > 1e15) return Infinity;
  }
  let lo = hi / 2;
  if (hi === 1) lo = 0;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (excessAt(terms, mid) > tolerance) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Full batch above the bound: about the epoch the growing direction lifts the loss above its start (excess > `removable`). */
export function epochWhenAbove(c: Curvature, lr: number, removable: number): number | null {
  const terms = excessTerms(c, lr, 1);
  if (!terms.some((x) => x.logRate > 0)) return null;
  let hi = 1;
  while (excessAt(terms, hi) <= removable) {
    hi *= 2;
    if (hi > 1e15) return null;
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (excessAt(terms, mid) <= removable) lo = mid;
    else hi = mid;
  }
  return hi;
}
