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
 * n zeros on a SharedArrayBuffer: where the core keeps a dataset's rows, so that a thread started by
 * the caller (an epoch prefetcher) can read them without a copy. Same values and speed as any array.
 */
export function sharedFloats(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
}
