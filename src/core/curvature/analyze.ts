import type { Matrix } from '../model';
import { factorLdl, largestEigenvalue, multiply, symmetricEigen } from './linalg';

/**
 * The best reachable log loss of logistic regression on the training rows, or why there is none.
 *
 * The mean log loss L(θ) = (1/N) Σ [log(1 + e^zᵢ) − yᵢzᵢ], zᵢ = θ·x̃ᵢ, is convex; its gradient is
 * (1/N) Σ (σ(zᵢ) − yᵢ)·x̃ᵢ and its Hessian H(θ) = (1/N) Σ σ′(zᵢ)·x̃ᵢx̃ᵢᵀ with σ′ = σ(1 − σ) ≤ 1/4, so
 * H(θ) ≤ M/4 everywhere, M = (1/N) Σ x̃x̃ᵀ (equal at θ = 0). A minimum exists exactly when no
 * weights put every row on its own class's side (Albert and Anderson 1984): on separable data the
 * loss falls toward 0 as such weights are scaled up, and on quasi-separable data (some rows tied on
 * the boundary) it falls toward the tied rows' share while the weights grow without bound.
 */
export interface LogisticAnalysis {
  /**
   * `finite`: Newton's method converged (its step and the gradient vanished, with curvature in
   * every direction the features span): θ* and L* below are the optimum. `separable`: an iterate
   * classified every row strictly right (z > 0 exactly for y = 1), a certificate that no minimum
   * exists. `unbounded`: the weights grew past `MAX_WEIGHT` or the curvature vanished along a
   * direction the features span while the loss kept falling, and no iterate separated the rows:
   * the sign of quasi-complete separation (not proven). `unknown`: more than 63 features, or
   * values that overflow (Newton's method was not run), or it ran out of passes (`MAX_ROW_PASSES`).
   */
  optimum: 'finite' | 'separable' | 'unbounded' | 'unknown';
  /** θ* = [w, b] in the trained coordinates (finite only; else null). */
  theta: number[] | null;
  /** L*, the loss θ* has on the rows (finite only; else null). */
  optimalLoss: number | null;
  /** Weights [w, b] (trained coordinates) that classify every row strictly right (separable only). */
  separating: number[] | null;
  /** λmax of the Hessian at θ* (finite only): full-batch descent settles at θ* only below 2/λmax(H*). */
  lambdaMaxOptimum: number | null;
  /** Newton iterations taken. */
  iterations: number;
  /** max |∂L/∂θⱼ| at the last iterate (standardised coordinates). */
  gradient: number;
}

/**
 * The closed-form facts of least squares on the training rows, with x̃ = [x, 1] (the 1 carries
 * the bias) and θ = [w, b]: the second-moment matrix M = (1/N) Σ x̃x̃ᵀ (half the Hessian of the
 * loss), its spectrum, the optimum θ* and the loss there.
 *
 * Everything is computed from centred, scaled columns, so a feature whose offset dwarfs its
 * spread (x ≈ 10⁶ + small deviations) or whose magnitude is near the top of the float range
 * (10¹⁶⁰) loses neither the fit nor the conditioning: M's small eigenvalues come from the
 * centred covariance, never from M's own rounded entries.
 */
export interface Curvature {
  /** Eigenvalues of M, largest first; empty when M is not representable (overflow) or too wide to decompose. */
  eigenvalues: number[];
  /** `eigenvectors[k]` is the unit eigenvector of `eigenvalues[k]`, components [w₁ … w_d, b]. */
  eigenvectors: number[][];
  /** λmax of M (∞ when M's entries overflow). */
  lambdaMax: number;
  /**
   * The smallest eigenvalue of M that the loss sees (directions with λ ≤ 10⁻¹⁰·λmax, such as a
   * constant or duplicated feature, are ones gradient descent never moves along); 0 when unknown.
   */
  lambdaMin: number;
  /** tr(M) = 1 + Σⱼ E[xⱼ²]: the mean squared row norm. */
  trace: number;
  /** tr(M²) = Σ λ² (the squared Frobenius norm of M). */
  traceSquared: number;
  /** β = max over rows of ‖x̃ᵢ‖²: the curvature one single-example step can see. */
  maxRowNormSq: number;
  /** θ* = [w*, b*], a least-squares solution in the trained coordinates. */
  optimum: number[];
  /** L* = the MSE at θ*, measured over the rows: the lowest loss any learning rate can reach. */
  optimalLoss: number;
  /** L₀ = E[y²], the loss of the starting weights θ = 0. */
  initialLoss: number;
  /** Var(y) over the training rows (population form). */
  labelVariance: number;
  /** κ = λmax / λmin of M: how much slower the flattest direction is than the steepest. */
  conditionNumber: number;
  /** κ of the same features z-scored (1 for uncorrelated features, whatever their scale). */
  conditionNumberZscored: number;
  /** Features whose values do not vary over the training rows. */
  constantFeatures: number[];
  /** Features dropped from the solve because they are (numerically) combinations of others. */
  dependentFeatures: number[];
  /**
   * Logistic regression's own facts on the same rows (`analyzeRows` with a logistic model): its
   * optimum or why there is none. Absent for linear regression, whose facts are the fields above.
   */
  logistic?: LogisticAnalysis;
}

/** Up to this many parameters M is fully decomposed (cyclic Jacobi); wider problems use power iteration. */
export const MAX_DECOMPOSED = 64;

/**
 * Computes M's spectrum, θ* and L* in three passes over the rows (four when a column's sum
 * overflows): column scales and sums, centred cross-products, and the residuals at θ* (so L* is a loss some weights really reach).
 * e.g. for the cars data, z-scored weight: λ = [1, 1], θ* = [−6.4, 23.5], L* = 18.7.
 */
export function analyzeCurvature(m: Matrix): Curvature {
  const { d, rows: N, x, y } = m;
  // Pass 1: scales, so squares of 10¹⁶⁰ never overflow.
  // Pass 1 also sums the raw values: when no sum overflows, the means need no pass of their own.
  const scale = new Float64Array(d).fill(0);
  const rawSum = new Float64Array(d);
  let yScale = 0;
  let yRawSum = 0;
  let maxRowNormSq = 0;
  for (let i = 0; i < N; i++) {
    const base = i * d;
    let norm = 1;
    for (let j = 0; j < d; j++) {
      const v = x[base + j] as number;
      const a = Math.abs(v);
      if (a > (scale[j] as number)) scale[j] = a;
      rawSum[j] = (rawSum[j] as number) + v;
      norm += v * v;
    }
    if (norm > maxRowNormSq) maxRowNormSq = norm;
    const yi = y[i] as number;
    const ay = Math.abs(yi);
    if (ay > yScale) yScale = ay;
    yRawSum += yi;
  }
  for (let j = 0; j < d; j++) if (!((scale[j] as number) > 0)) scale[j] = 1;
  if (!(yScale > 0)) yScale = 1;
  // Pass 2 (only when a raw sum overflowed): means of the scaled columns.
  const inverse = Float64Array.from(scale, (a) => 1 / a);
  const mean = new Float64Array(d);
  let yMean = 0;
  if (rawSum.every(Number.isFinite) && Number.isFinite(yRawSum)) {
    for (let j = 0; j < d; j++) mean[j] = ((rawSum[j] as number) / N) * (inverse[j] as number);
    yMean = yRawSum / N / yScale;
  } else {
    for (let i = 0; i < N; i++) {
      const base = i * d;
      for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (x[base + j] as number) * (inverse[j] as number);
      yMean += (y[i] as number) / yScale;
    }
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / N;
    yMean /= N;
  }
  // Pass 3: centred cross-products (upper triangle), and with the label.
  const cov = new Float64Array(d * d);
  const cxy = new Float64Array(d);
  let yy = 0;
  const z = new Float64Array(d);
  for (let i = 0; i < N; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) z[j] = (x[base + j] as number) * (inverse[j] as number) - (mean[j] as number);
    const w = (y[i] as number) / yScale - yMean;
    yy += w * w;
    for (let a = 0; a < d; a++) {
      const za = z[a] as number;
      cxy[a] = (cxy[a] as number) + za * w;
      const row = a * d;
      for (let c = a; c < d; c++) cov[row + c] = (cov[row + c] as number) + za * (z[c] as number);
    }
  }
  for (let a = 0; a < d; a++) {
    cxy[a] = (cxy[a] as number) / N;
    for (let c = a; c < d; c++) {
      const v = (cov[a * d + c] as number) / N;
      cov[a * d + c] = v;
      cov[c * d + a] = v;
    }
  }
  const labelVariance = (yy / N) * yScale * yScale;

  // Standardised problem on the varying features: R (correlations) and c = Cov(u, y/yScale).
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(cov[j * d + j] as number));
  const constantFeatures: number[] = [];
  const varying: number[] = [];
  for (let j = 0; j < d; j++) {
    // Scaled values lie in [−1, 1]: a spread below 10⁻¹² of the column's magnitude is rounding, not data.
    if ((sd[j] as number) <= 1e-12) constantFeatures.push(j);
    else varying.push(j);
  }
  const k = varying.length;
  const R = Array.from({ length: k }, (_, p) =>
    Array.from({ length: k }, (_, q) => (cov[(varying[p] as number) * d + (varying[q] as number)] as number) / ((sd[varying[p] as number] as number) * (sd[varying[q] as number] as number))),
  );
  const c = varying.map((j) => (cxy[j] as number) / (sd[j] as number));
  const factor = factorLdl(R);
  const dependentFeatures = factor.dropped.map((p) => varying[p] as number);
  const beta = factor.solve(c);

  // Back to the trained coordinates: wⱼ = βⱼ·yScale/σⱼ with σⱼ = scaleⱼ·sdⱼ, b = ȳ − Σ wⱼμⱼ.
  const weights = new Array<number>(d).fill(0);
  varying.forEach((j, p) => {
    weights[j] = ((beta[p] as number) * (yScale / (scale[j] as number))) / (sd[j] as number);
  });
  let bias = yMean * yScale;
  for (let j = 0; j < d; j++) bias -= (weights[j] as number) * (mean[j] as number) * (scale[j] as number);
  // Pass 4: L* as the loss the weights θ* really have (an upper bound on the true minimum, never below it by more than rounding).
  let residual = 0;
  for (let i = 0; i < N; i++) {
    const base = i * d;
    let p = bias;
    for (let j = 0; j < d; j++) p += (weights[j] as number) * (x[base + j] as number);
    const r = ((y[i] as number) - p) / yScale;
    residual += r * r;
  }
  const optimalLoss = N > 0 ? Math.min((residual / N) * yScale * yScale, labelVariance) : 0;

  // M in the trained coordinates: [[C + μμᵀ, μ], [μᵀ, 1]], with C and μ unscaled.
  const n = d + 1;
  const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let a = 0; a < d; a++) {
    const sa = scale[a] as number;
    for (let b = 0; b < d; b++) {
      const sb = scale[b] as number;
      (M[a] as number[])[b] = sa * sb * ((cov[a * d + b] as number) + (mean[a] as number) * (mean[b] as number));
    }
    (M[a] as number[])[d] = sa * (mean[a] as number);
    (M[d] as number[])[a] = sa * (mean[a] as number);
  }
  (M[d] as number[])[d] = 1;
  let trace = 0;
  let traceSquared = 0;
  for (let a = 0; a < n; a++) {
    trace += (M[a] as number[])[a] as number;
    for (let b = 0; b < n; b++) traceSquared += ((M[a] as number[])[b] as number) ** 2;
  }
  const finite = M.every((r) => r.every(Number.isFinite));

  let eigenvalues: number[] = [];
  let eigenvectors: number[][] = [];
  let lambdaMax = Infinity;
  if (finite) {
    if (n <= MAX_DECOMPOSED) {
      const eig = symmetricEigen(M);
      const order = eig.values.map((_, i) => i).sort((p, q) => (eig.values[q] as number) - (eig.values[p] as number));
      eigenvalues = order.map((i) => eig.values[i] as number);
      eigenvectors = order.map((i) => eig.vectors.map((row) => row[i] as number));
      lambdaMax = Math.max(eigenvalues[0] ?? 0, 0);
    } else {
      lambdaMax = largestEigenvalue(n, (v) => multiply(M, v));
    }
  }

  // λmin of M restricted to the varying, independent features and the bias, through
  // M⁻¹ = Q⁻ᵀ R̃⁻¹ Q⁻¹ with x̃ = Q·[u, 1] (u the standardised features): every factor is well scaled.
  const kept = varying.filter((_, p) => !factor.dropped.includes(p));
  const keptIndex = kept.map((j) => varying.indexOf(j));
  const sigma = kept.map((j) => (scale[j] as number) * (sd[j] as number));
  const mu = kept.map((j) => (scale[j] as number) * (mean[j] as number));
  const applyInverse = (v: number[]): number[] => {
    const vb = v[kept.length] as number;
    // Q⁻¹v: the features' part is (v − μ·v_b)/σ, the bias part stays.
    const u = kept.map((_, p) => ((v[p] as number) - (mu[p] as number) * vb) / (sigma[p] as number));
    const solved = factor.solveKept(u, keptIndex);
    // Q⁻ᵀ: features s/σ, bias v_b − μᵀ(s/σ).
    const out = solved.map((s, p) => s / (sigma[p] as number));
    let b = vb;
    out.forEach((o, p) => (b -= (mu[p] as number) * o));
    out.push(b);
    return out;
  };
  const inverseMax = largestEigenvalue(kept.length + 1, applyInverse);
  const lambdaMin = inverseMax > 0 && Number.isFinite(inverseMax) ? 1 / inverseMax : 0;
  const conditionNumber = lambdaMin > 0 ? lambdaMax / lambdaMin : Infinity;

  // z-scored: the matrix is [[R, 0], [0, 1]] on the independent features.
  const rMax = k === 0 ? 1 : largestEigenvalue(kept.length, (v) => factor.multiplyKept(v, keptIndex, R));
  const rInvMax = k === 0 ? 1 : largestEigenvalue(kept.length, (v) => factor.solveKept(v, keptIndex));
  const conditionNumberZscored = Math.max(rMax, 1) / Math.min(rInvMax > 0 ? 1 / rInvMax : 1, 1);

  return {
    eigenvalues,
    eigenvectors,
    lambdaMax,
    lambdaMin,
    trace,
    traceSquared,
    maxRowNormSq,
    optimum: [...weights, bias],
    optimalLoss,
    labelVariance,
    initialLoss: labelVariance + (yMean * yScale) ** 2,
    conditionNumber,
    conditionNumberZscored,
    constantFeatures,
    dependentFeatures,
  };
}
