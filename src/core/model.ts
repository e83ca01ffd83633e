/**
 * The linear model and its loss, each next to its gradient.
 *
 * Shapes: `x` is row-major (`rows × d`), so row i's features are `x[i·d … i·d + d − 1]`;
 * `w` has d weights, e.g. `[−6.4]` for the single feature `Weight_in_lbs` (z-scored).
 */

/** A design matrix and its labels. */
export interface Matrix {
  x: Float64Array;
  y: Float64Array;
  rows: number;
  d: number;
}

/** ŷ = b + Σⱼ wⱼ·xᵢⱼ for row i. */
export function predictRow(x: Float64Array, i: number, d: number, w: Float64Array, b: number): number {
  let p = b;
  const base = i * d;
  for (let j = 0; j < d; j++) p += (w[j] as number) * (x[base + j] as number);
  return p;
}

/** loss = (1/N) Σᵢ (ŷᵢ − yᵢ)², the mean squared error over every row of `m`. */
export function meanSquaredError(m: Matrix, w: Float64Array, b: number): number {
  let sum = 0;
  for (let i = 0; i < m.rows; i++) {
    const err = predictRow(m.x, i, m.d, w, b) - (m.y[i] as number);
    sum += err * err;
  }
  return sum / m.rows;
}

/**
 * The gradient of the MSE over rows `start … start + count − 1`, accumulated unscaled:
 * on return `gradW[j] = Σ (ŷ − y)·xⱼ` and `out[0] = Σ (ŷ − y)`, so ∂loss/∂wⱼ = (2/count)·gradW[j]
 * and ∂loss/∂b = (2/count)·out[0]; `out[1]` is the batch loss (1/count) Σ (ŷ − y)², measured
 * before the update. The scale is left to the caller so the update is one multiply per weight.
 */
export function meanSquaredErrorGrad(
  x: Float64Array,
  y: Float64Array,
  start: number,
  count: number,
  d: number,
  w: Float64Array,
  b: number,
  gradW: Float64Array,
  out: Float64Array,
): void {
  gradW.fill(0);
  let gradB = 0;
  let loss = 0;
  const end = start + count;
  for (let i = start; i < end; i++) {
    const base = i * d;
    let p = b;
    for (let j = 0; j < d; j++) p += (w[j] as number) * (x[base + j] as number);
    const err = p - (y[i] as number);
    for (let j = 0; j < d; j++) gradW[j] = (gradW[j] as number) + err * (x[base + j] as number);
    gradB += err;
    loss += err * err;
  }
  out[0] = gradB;
  out[1] = loss / count;
}

/**
 * Rows of exactly 8 features: the layout the fast kernels read. V8 neither unrolls the j loop nor
 * keeps `w` in registers, so for d ≤ 8 the kernels below name every lane (bench: ~5× faster per row).
 * A model with d < 8 features pads its rows and weights with zeros, which changes no bit: each padded
 * lane adds (+0)·(+0) = +0 to a prediction that is never −0 (it starts at the bias, and
 * b ← b − s never yields −0 from b = +0).
 */
export const LANES = 8;

/**
 * meanSquaredErrorGrad for rows of LANES features (see LANES): the same sums in the same order,
 * `gradW[j] = Σ (ŷ − y)·xⱼ`, `out[0] = Σ (ŷ − y)`, `out[1] = (1/count) Σ (ŷ − y)²`.
 */
export function meanSquaredErrorGrad8(
  x: Float64Array,
  y: Float64Array,
  start: number,
  count: number,
  w: Float64Array,
  b: number,
  gradW: Float64Array,
  out: Float64Array,
): void {
  const w0 = w[0] as number, w1 = w[1] as number, w2 = w[2] as number, w3 = w[3] as number;
  const w4 = w[4] as number, w5 = w[5] as number, w6 = w[6] as number, w7 = w[7] as number;
  let g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0;
  let gradB = 0;
  let loss = 0;
  const end = start + count;
  for (let i = start, f = start * LANES; i < end; i++, f += LANES) {
    const x0 = x[f] as number, x1 = x[f + 1] as number, x2 = x[f + 2] as number, x3 = x[f + 3] as number;
    const x4 = x[f + 4] as number, x5 = x[f + 5] as number, x6 = x[f + 6] as number, x7 = x[f + 7] as number;
    const err = b + w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * x5 + w6 * x6 + w7 * x7 - (y[i] as number);
    g0 += err * x0;
    g1 += err * x1;
    g2 += err * x2;
    g3 += err * x3;
    g4 += err * x4;
    g5 += err * x5;
    g6 += err * x6;
    g7 += err * x7;
    gradB += err;
    loss += err * err;
  }
  gradW[0] = g0;
  gradW[1] = g1;
  gradW[2] = g2;
  gradW[3] = g3;
  gradW[4] = g4;
  gradW[5] = g5;
  gradW[6] = g6;
  gradW[7] = g7;
  out[0] = gradB;
  out[1] = loss / count;
}

/** meanSquaredError for rows of LANES features (see LANES): loss = (1/N) Σᵢ (ŷᵢ − yᵢ)², summed in row order. */
export function meanSquaredError8(x: Float64Array, y: Float64Array, rows: number, w: Float64Array, b: number): number {
  const w0 = w[0] as number, w1 = w[1] as number, w2 = w[2] as number, w3 = w[3] as number;
  const w4 = w[4] as number, w5 = w[5] as number, w6 = w[6] as number, w7 = w[7] as number;
  let sum = 0;
  for (let i = 0, f = 0; i < rows; i++, f += LANES) {
    const err =
      b + w0 * (x[f] as number) + w1 * (x[f + 1] as number) + w2 * (x[f + 2] as number) + w3 * (x[f + 3] as number) +
      w4 * (x[f + 4] as number) + w5 * (x[f + 5] as number) + w6 * (x[f + 6] as number) + w7 * (x[f + 7] as number) - (y[i] as number);
    sum += err * err;
  }
  return sum / rows;
}
