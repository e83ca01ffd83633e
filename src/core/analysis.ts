import type { Matrix } from './model';

/**
 * The closed-form facts of least squares on the training rows, with x̃ = [x, 1] (the 1 carries
 * the bias): the second-moment matrix M = (1/N) Σ x̃x̃ᵀ, its eigenvalues, the optimum θ* of the
 * normal equations M θ = (1/N) Σ x̃·y, and the loss there.
 */
export interface Curvature {
  /** Eigenvalues of M, largest first. */
  eigenvalues: number[];
  /** max over rows of ‖x̃ᵢ‖²: the curvature one SGD step can see. */
  maxRowNormSq: number;
  /** θ* = [w*, b*], the least-squares solution (pseudo-inverse when M is singular). */
  optimum: number[];
  /** L* = MSE at θ*: the lowest loss any learning rate can reach. */
  optimalLoss: number;
}

/**
 * Computes M, its spectrum, θ* and L* in one pass over the rows: the pass gathers M, r and the
 * mean of y², and L* follows from them, L* = E[y²] − 2θ*ᵀr + θ*ᵀMθ* (clamped at 0 against
 * rounding).
 */
export function analyzeCurvature(m: Matrix): Curvature {
  const { d, rows, x, y } = m;
  const n = d + 1;
  // Upper triangle of Σ x̃x̃ᵀ over the features, flat: `sums[a·n + c]` for c ≥ a < d; the bias
  // row and column are the feature sums and the row count.
  const sums = new Float64Array(n * n);
  const featureSums = new Float64Array(d);
  const r = new Float64Array(n);
  let yy = 0;
  let ySum = 0;
  let maxRowNormSq = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * d;
    const yi = y[i] as number;
    yy += yi * yi;
    ySum += yi;
    let norm = 1;
    for (let a = 0; a < d; a++) {
      const xa = x[base + a] as number;
      norm += xa * xa;
      featureSums[a] = (featureSums[a] as number) + xa;
      r[a] = (r[a] as number) + xa * yi;
      const row = a * n;
      for (let c = a; c < d; c++) sums[row + c] = (sums[row + c] as number) + xa * (x[base + c] as number);
    }
    if (norm > maxRowNormSq) maxRowNormSq = norm;
  }
  r[d] = ySum;
  const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let a = 0; a < d; a++) {
    for (let c = a; c < d; c++) {
      const v = (sums[a * n + c] as number) / rows;
      (M[a] as number[])[c] = v;
      (M[c] as number[])[a] = v;
    }
    const mean = (featureSums[a] as number) / rows;
    (M[a] as number[])[d] = mean;
    (M[d] as number[])[a] = mean;
  }
  (M[d] as number[])[d] = 1;
  for (let a = 0; a < n; a++) r[a] = (r[a] as number) / rows;

  const { values, vectors } = symmetricEigen(M);
  const lambdaMax = Math.max(...values, 0);
  // θ* = V diag(1/λ) Vᵀ r over the eigenvalues that are not numerically zero.
  const optimum = new Array<number>(n).fill(0);
  values.forEach((lambda, k) => {
    if (lambda <= lambdaMax * 1e-12) return;
    let proj = 0;
    for (let a = 0; a < n; a++) proj += (vectors[a]?.[k] ?? 0) * (r[a] as number);
    for (let a = 0; a < n; a++) optimum[a] = (optimum[a] as number) + ((vectors[a]?.[k] ?? 0) * proj) / lambda;
  });
  let quadratic = 0;
  let linear = 0;
  for (let a = 0; a < n; a++) {
    linear += (optimum[a] as number) * (r[a] as number);
    for (let c = 0; c < n; c++) quadratic += (optimum[a] as number) * ((M[a] as number[])[c] as number) * (optimum[c] as number);
  }
  const optimalLoss = Math.max(0, yy / rows - 2 * linear + quadratic);
  return { eigenvalues: [...values].sort((p, q) => q - p), maxRowNormSq, optimum, optimalLoss };
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations; `vectors[a][k]` is component a of eigenvector k. */
export function symmetricEigen(A: number[][]): { values: number[]; vectors: number[][] } {
  const n = A.length;
  const a = A.map((r) => [...r]);
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const at = (i: number, j: number) => (a[i] as number[])[j] as number;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += at(p, q) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          (a[k] as number[])[p] = c * akp - s * akq;
          (a[k] as number[])[q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          (a[p] as number[])[k] = c * apk - s * aqk;
          (a[q] as number[])[k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = (v[k] as number[])[p] as number;
          const vkq = (v[k] as number[])[q] as number;
          (v[k] as number[])[p] = c * vkp - s * vkq;
          (v[k] as number[])[q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((r, i) => r[i] as number), vectors: v };
}

/**
 * Full-batch gradient descent on this loss is stable exactly when lr < 1/λmax(M): the Hessian of
 * (1/N) Σ (ŷ − y)² is 2M, and a step of size lr multiplies the error along an eigenvector of
 * eigenvalue λ by (1 − 2·lr·λ), which must stay inside (−1, 1).
 */
export function stableLearningRateBound(c: Curvature): number | null {
  const lambdaMax = c.eigenvalues[0] ?? 0;
  return lambdaMax > 0 ? 1 / lambdaMax : null;
}

/**
 * The suggested learning rate for batches of m rows: lr*(m) = m / (2·(β + (m − 1)·λmax)), with
 * β = max ‖x̃ᵢ‖² (Ma, Bassily & Belkin 2018, for the squared loss without the ½). For full batch it
 * is half the stability bound (the steepest direction settles in one step, without overshoot);
 * for SGD it keeps every single-example step stable.
 */
export function suggestLearningRate(c: Curvature, batchSize: number): number | null {
  const lambdaMax = c.eigenvalues[0] ?? 0;
  if (!(lambdaMax > 0)) return null;
  const m = batchSize;
  return m / (2 * (c.maxRowNormSq + (m - 1) * lambdaMax));
}

export type Verdict = 'converged' | 'too-slow' | 'oscillating' | 'diverged';

export interface Diagnosis {
  verdict: Verdict;
  /** One sentence a learner can act on. */
  reason: string;
  /** converged: the first epoch from which the loss stayed settled; diverged: where it blew up. */
  epoch: number | null;
}

/** How close to the optimum counts as settled: within 1% of the loss that training can remove. */
export const SETTLE_TOLERANCE = 0.01;
/** A rise of the loss bigger than this share of the removable loss counts as a real rise, not rounding. */
export const RISE_TOLERANCE = 0.001;

/**
 * Reads a run's per-epoch training loss (`trainLoss[e]` after e epochs) against the optimum L*.
 * With excess εₑ = (Lₑ − L*) / (L₀ − L*), the share of the removable loss still left:
 * - diverged: a loss is NaN/∞, or εₑ > 1 (the loss grew beyond its start);
 * - converged: εₑ ≤ 1% from some epoch to the last;
 * - oscillating: not converged and the loss rose materially at least once;
 * - too-slow: not converged, still falling.
 */
export function diagnoseRun(trainLoss: readonly number[], optimalLoss: number): Diagnosis {
  const start = trainLoss[0] ?? NaN;
  const removable = start - optimalLoss;
  const last = trainLoss.length - 1;
  const fmt = (v: number) => formatNumber(v);
  const blowUp = trainLoss.findIndex((l) => !Number.isFinite(l));
  if (blowUp >= 0) {
    return { verdict: 'diverged', epoch: blowUp, reason: `The loss overflowed to ${trainLoss[blowUp]} at epoch ${blowUp}: each step overshoots by more than the last.` };
  }
  if (!(removable > 0)) {
    return { verdict: 'converged', epoch: 0, reason: `The starting weights are already optimal (loss ${fmt(start)}).` };
  }
  const excess = trainLoss.map((l) => (l - optimalLoss) / removable);
  const grown = excess.findIndex((e) => e > 1);
  if (grown >= 0) {
    return { verdict: 'diverged', epoch: grown, reason: `The loss grew beyond its starting value at epoch ${grown} (${fmt(trainLoss[grown] as number)} > ${fmt(start)}): the learning rate overshoots the minimum.` };
  }
  let settled = last + 1;
  while (settled > 0 && (excess[settled - 1] as number) <= SETTLE_TOLERANCE) settled--;
  // Within 1% at the last epoch counts too: a run that got there cannot be "still falling materially".
  if (settled <= last) {
    return { verdict: 'converged', epoch: settled, reason: `The loss settled within 1% of the best reachable (${fmt(optimalLoss)}) at epoch ${settled} and stayed there.` };
  }
  let rises = 0;
  let firstRise = -1;
  for (let e = 1; e <= last; e++) {
    if ((excess[e] as number) - (excess[e - 1] as number) > RISE_TOLERANCE) {
      rises++;
      if (firstRise < 0) firstRise = e;
    }
  }
  const left = `${fmt((excess[last] as number) * 100)}% of the removable loss is left`;
  if (rises > 0) {
    return { verdict: 'oscillating', epoch: firstRise, reason: `The loss rose in ${rises} of ${last} epochs (first at epoch ${firstRise}) instead of settling; ${left}.` };
  }
  return { verdict: 'too-slow', epoch: null, reason: `The loss is still falling at epoch ${last}; ${left}.` };
}

/** Four significant digits, e.g. 0.012345 → "0.01235", 123456 → "1.235e+5". */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-4) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}
