import type { Matrix } from '../model';
import { logLoss, sigmoid } from '../models';
import { type Curvature, type LogisticAnalysis, MAX_DECOMPOSED, analyzeCurvature } from './analyze';
import { symmetricEigen } from './linalg';


/** Newton's method stops after this many iterations. */
export const MAX_NEWTON_ITERATIONS = 100;
/** Converged: every gradient component (standardised features) at most this … */
export const NEWTON_GRADIENT = 1e-10;
/** … and the last step at most this, relative to the weights. */
export const NEWTON_STEP = 1e-8;
/** Weights (standardised features) beyond this norm count as growing without bound. */
export const MAX_WEIGHT = 1e4;
/**
 * Newton's method passes over the rows at most max(MIN_PASSES, MAX_ROW_PASSES / N) times (gradient and
 * line-search passes alike), so data where it cannot settle (quasi-separation on a million rows)
 * costs seconds, not minutes; out of passes, the outcome is `unknown`.
 */
export const MAX_ROW_PASSES = 3e7;
export const MIN_PASSES = 60;
/** A Hessian eigenvalue below this share of M's own, along a direction M spans, is curvature that vanished (saturation). */
export const VANISHED_CURVATURE = 1e-13;

/**
 * Runs damped Newton's method (backtracking line search) from θ = 0 on the rows' columns centred and
 * scaled to unit deviation (so raw, unscaled features converge as z-scored ones do), solving
 * H·p = g in the span of the features' second-moment matrix (a constant or duplicated feature
 * moves nothing), and classifies the outcome (see LogisticAnalysis). Each iteration is one pass for
 * the gradient and Hessian and a pass per line-search trial.
 * e.g. penguins Adelie against Chinstrap by flipper length and body mass: finite, L* ≈ 0.52 after 5 iterations.
 */
export function analyzeLogistic(m: Matrix): LogisticAnalysis {
  const { rows: N, d, x } = m;
  const p = d + 1;
  const none = (optimum: LogisticAnalysis['optimum'], iterations = 0, gradient = NaN): LogisticAnalysis => ({ optimum, theta: null, optimalLoss: null, separating: null, lambdaMaxOptimum: null, iterations, gradient });
  if (p > MAX_DECOMPOSED || N === 0) return none('unknown');
  // Column means and deviations: the standardised coordinates Newton works in.
  const mean = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += x[i * d + j] as number;
    mean[j] = s / N;
    let v = 0;
    for (let i = 0; i < N; i++) v += ((x[i * d + j] as number) - (mean[j] as number)) ** 2;
    const sd = Math.sqrt(v / N);
    if (sd > 0) scale[j] = sd;
    if (!Number.isFinite(mean[j] as number) || !Number.isFinite(sd)) return none('unknown');
  }
  const std = { mean, scale };
  // The second-moment matrix of the standardised rows: the directions the features span.
  const second = passRows(m, new Float64Array(p), std, true).hessian.map((row) => row.map((v) => 4 * v));
  const spanned = symmetricEigen(second);
  const topM = Math.max(...spanned.values);
  const keep = spanned.values.map((v) => v > 1e-10 * topM);

  // The Newton step is solved in the eigenbasis of M's span: H restricted there is a small symmetric matrix.
  const basis = spanned.values.map((_, k) => spanned.vectors.map((row) => row[k] as number)).filter((_, k) => keep[k]);
  const mLeast = Math.min(...spanned.values.filter((_, k) => keep[k]));
  const u = new Float64Array(p);
  let passes = Math.max(MIN_PASSES, Math.floor(MAX_ROW_PASSES / N));
  const pass = (theta: ArrayLike<number>, hessian: boolean) => {
    passes--;
    return passRows(m, theta, std, hessian);
  };
  let state = pass(u, true);
  let iterations = 0;
  let outcome: LogisticAnalysis['optimum'] = 'unbounded';
  for (;;) {
    if (state.separated) {
      outcome = 'separable';
      break;
    }
    const gradient = maxAbs(state.grad);
    const r = basis.length;
    const Hr = basis.map((a) => basis.map((b) => quadratic(state.hessian, a, b)));
    const gr = basis.map((a) => dot(a, state.grad));
    const eig = symmetricEigen(Hr);
    // Curvature that vanished along a direction the features span: the weights run off to infinity there.
    if (eig.values.some((v) => !(v > VANISHED_CURVATURE * mLeast))) break;
    const step = new Float64Array(p);
    for (let k = 0; k < r; k++) {
      const vk = eig.vectors.map((row) => row[k] as number);
      const coef = dot(vk, gr) / (eig.values[k] as number);
      for (let a = 0; a < r; a++) {
        const dir = basis[a] as number[];
        for (let j = 0; j < p; j++) step[j] = (step[j] as number) + coef * (vk[a] as number) * (dir[j] as number);
      }
    }
    const stepSize = maxAbs(step);
    if (gradient <= NEWTON_GRADIENT && stepSize <= NEWTON_STEP * (1 + maxAbs(u))) {
      outcome = 'finite';
      break;
    }
    if (iterations >= MAX_NEWTON_ITERATIONS) break;
    // Backtracking (Armijo): halve the step until the loss falls by a share of the predicted decrease.
    const decrease = dot(Array.from(step), Array.from(state.grad));
    let t = 1;
    let next = u.map((v, j) => v - t * (step[j] as number));
    let nextLoss = pass(next, false).loss;
    // A predicted decrease below the loss's own rounding cannot be checked by the loss: take the full
    // Newton step (near a minimum it converges quadratically) instead of halving it against noise.
    const checkable = decrease > 1e-12 * state.loss;
    while (checkable && !(nextLoss <= state.loss - 1e-4 * t * decrease) && t > 1e-12 && passes > 0) {
      t /= 2;
      next = u.map((v, j) => v - t * (step[j] as number));
      nextLoss = pass(next, false).loss;
    }
    iterations++;
    if (checkable && !(nextLoss <= state.loss)) {
      // No decrease at any step length: the gradient is rounding. Converged only if it is small.
      if (gradient <= 1e3 * NEWTON_GRADIENT) outcome = 'finite';
      break;
    }
    u.set(next);
    if (passes <= 0) {
      outcome = 'unknown';
      break;
    }
    state = pass(u, true);
    if (Math.hypot(...u) > MAX_WEIGHT && !state.separated) break;
  }
  const trained = toTrained(u, std);
  const gradient = maxAbs(state.grad);
  if (outcome === 'separable') return { ...none('separable', iterations, gradient), separating: trained };
  if (outcome !== 'finite') return none(outcome, iterations, gradient);
  // L* and H* in the trained coordinates, measured on the rows at θ*.
  const at = passRows(m, Float64Array.from(trained), { mean: new Float64Array(d), scale: new Float64Array(d).fill(1) }, true);
  const lambdaMaxOptimum = Math.max(...symmetricEigen(at.hessian).values);
  return { optimum: 'finite', theta: trained, optimalLoss: at.loss, separating: null, lambdaMaxOptimum, iterations, gradient };
}

/** One pass over the rows at θ (standardised by `std`): the mean loss, the gradient, the Hessian (when asked) and whether every row is strictly on its class's side. */
function passRows(m: Matrix, theta: ArrayLike<number>, std: { mean: Float64Array; scale: Float64Array }, hessian: boolean) {
  const { rows: N, d, x, y } = m;
  const p = d + 1;
  const grad = new Float64Array(p);
  const H = hessian ? Array.from({ length: p }, () => new Float64Array(p)) : [];
  const row = new Float64Array(p);
  row[d] = 1;
  let loss = 0;
  let separated = true;
  for (let i = 0; i < N; i++) {
    let z = theta[d] as number;
    for (let j = 0; j < d; j++) {
      const v = ((x[i * d + j] as number) - (std.mean[j] as number)) / (std.scale[j] as number);
      row[j] = v;
      z += (theta[j] as number) * v;
    }
    const yi = y[i] as number;
    loss += logLoss(z, yi);
    if (!(yi === 1 ? z > 0 : z < 0)) separated = false;
    const s = sigmoid(z);
    const r = s - yi;
    for (let j = 0; j < p; j++) grad[j] = (grad[j] as number) + r * (row[j] as number);
    if (hessian) {
      const w = s * (1 - s);
      for (let a = 0; a < p; a++) {
        const ha = H[a] as Float64Array;
        const wa = w * (row[a] as number);
        for (let b = 0; b <= a; b++) ha[b] = (ha[b] as number) + wa * (row[b] as number);
      }
    }
  }
  for (let j = 0; j < p; j++) grad[j] = (grad[j] as number) / N;
  const full = H.map((r) => Array.from(r, (v) => v / N));
  for (let a = 0; a < full.length; a++) for (let b = a + 1; b < p; b++) (full[a] as number[])[b] = (full[b] as number[])[a] as number;
  return { loss: loss / N, grad, hessian: full, separated };
}

/** Weights on standardised columns, in the trained coordinates: wⱼ = uⱼ/sⱼ, b = u_b − Σ uⱼμⱼ/sⱼ. */
function toTrained(u: Float64Array, std: { mean: Float64Array; scale: Float64Array }): number[] {
  const d = std.mean.length;
  const out = new Array<number>(d + 1);
  let b = u[d] as number;
  for (let j = 0; j < d; j++) {
    const w = (u[j] as number) / (std.scale[j] as number);
    out[j] = w;
    b -= w * (std.mean[j] as number);
  }
  out[d] = b;
  return out;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};
const quadratic = (A: number[][], a: number[], b: number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * dot(A[i] as number[], b);
  return s;
};
const maxAbs = (v: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] as number));
  return m;
};

/**
 * The closed-form analysis of a run's training rows for its model: the second-moment facts
 * (`analyzeCurvature`: M, λmax, β, …, what every bound reads) and, for logistic regression, the log
 * loss's optimum (`analyzeLogistic`). It depends on the rows and the model alone, never on the rate
 * or the batch size, so a sweep or a comparison computes it once.
 */
export function analyzeRows(m: Matrix, model: 'linear' | 'logistic'): Curvature {
  const curvature = analyzeCurvature(m);
  return model === 'logistic' ? { ...curvature, logistic: analyzeLogistic(m) } : curvature;
}

/** The loss of the starting weights θ = 0: E[y²] for linear regression, ln 2 for logistic (every z is 0, every row's loss log 2). */
export function startingLoss(c: Curvature): number {
  return c.logistic ? Math.LN2 : c.initialLoss;
}
