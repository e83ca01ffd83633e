// The 8-lane kernels: every lane a named variable, so V8 keeps the weights in registers (it neither
// unrolls the j loop nor keeps an array in registers). Each equals a general loop bit for bit.

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

/**
 * Writes row i of (x, y) (8 features) to row inv[i] of `xy` (8 features, then the label) and
 * returns Σᵢ (ŷᵢ − yᵢ)² at `params`, in row order as meanSquaredError sums it.
 */
export function scatterRows8(x: Float64Array, y: Float64Array, rows: number, inv: Uint32Array, xy: Float64Array, params: Float64Array): number {
  const w0 = params[0] as number, w1 = params[1] as number, w2 = params[2] as number, w3 = params[3] as number;
  const w4 = params[4] as number, w5 = params[5] as number, w6 = params[6] as number, w7 = params[7] as number;
  const b = params[8] as number;
  let sum = 0;
  for (let i = 0, f = 0; i < rows; i++, f += 8) {
    const x0 = x[f] as number, x1 = x[f + 1] as number, x2 = x[f + 2] as number, x3 = x[f + 3] as number;
    const x4 = x[f + 4] as number, x5 = x[f + 5] as number, x6 = x[f + 6] as number, x7 = x[f + 7] as number;
    const label = y[i] as number;
    const t = (inv[i] as number) * 9;
    xy[t] = x0;
    xy[t + 1] = x1;
    xy[t + 2] = x2;
    xy[t + 3] = x3;
    xy[t + 4] = x4;
    xy[t + 5] = x5;
    xy[t + 6] = x6;
    xy[t + 7] = x7;
    xy[t + 8] = label;
    const err = b + w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * x5 + w6 * x6 + w7 * x7 - label;
    sum += err * err;
  }
  return sum;
}

/**
 * SGD over rows from … to − 1 of `xy` (8 features, then the label): per row,
 * wⱼ ← wⱼ − lr·2·(ŷ − y)·xⱼ and b ← b − lr·2·(ŷ − y), the straightforward loop's bits with m = 1
 * (its gradient 0 + e·xⱼ differs from e·xⱼ only in the sign of a zero, which wⱼ − step·(±0) drops
 * since wⱼ is never −0). Writes the batch losses to `losses` and returns where it stopped: `to`,
 * or the row whose error is not finite, before its update, for the exact generic loop to take.
 */
export function descendRows8(xy: Float64Array, from: number, to: number, lr: number, params: Float64Array, losses: Float64Array): number {
  let w0 = params[0] as number, w1 = params[1] as number, w2 = params[2] as number, w3 = params[3] as number;
  let w4 = params[4] as number, w5 = params[5] as number, w6 = params[6] as number, w7 = params[7] as number;
  let b = params[8] as number;
  const step = lr * 2;
  let i = from;
  for (let f = from * 9, u = 0; i < to; i++, f += 9, u++) {
    const x0 = xy[f] as number, x1 = xy[f + 1] as number, x2 = xy[f + 2] as number, x3 = xy[f + 3] as number;
    const x4 = xy[f + 4] as number, x5 = xy[f + 5] as number, x6 = xy[f + 6] as number, x7 = xy[f + 7] as number;
    const err = b + w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * x5 + w6 * x6 + w7 * x7 - (xy[f + 8] as number);
    if (err - err !== 0) break;
    w0 = w0 - step * (err * x0);
    w1 = w1 - step * (err * x1);
    w2 = w2 - step * (err * x2);
    w3 = w3 - step * (err * x3);
    w4 = w4 - step * (err * x4);
    w5 = w5 - step * (err * x5);
    w6 = w6 - step * (err * x6);
    w7 = w7 - step * (err * x7);
    b -= step * err;
    losses[u] = err * err;
  }
  params[0] = w0;
  params[1] = w1;
  params[2] = w2;
  params[3] = w3;
  params[4] = w4;
  params[5] = w5;
  params[6] = w6;
  params[7] = w7;
  params[8] = b;
  return i;
}

/**
 * The batches of `batch` rows that start in from … to − 1 of `xy` (8 features, then the label),
 * one update each: the sums of meanSquaredErrorGrad8, then wⱼ ← wⱼ − (lr·2/m)·gradWⱼ. Writes the
 * batch losses to `losses` and returns where it stopped: past the last batch, or at a batch whose
 * error sum is not finite, before its update, for the exact generic loop to take.
 */
export function descendBatches8(xy: Float64Array, rows: number, from: number, to: number, batch: number, lr: number, params: Float64Array, losses: Float64Array): number {
  let w0 = params[0] as number, w1 = params[1] as number, w2 = params[2] as number, w3 = params[3] as number;
  let w4 = params[4] as number, w5 = params[5] as number, w6 = params[6] as number, w7 = params[7] as number;
  let b = params[8] as number;
  const fullStep = (lr * 2) / batch;
  let start = from;
  for (let u = 0; start < to; start += batch, u++) {
    const count = Math.min(batch, rows - start);
    let g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0;
    let gradB = 0;
    let loss = 0;
    for (let f = start * 9, end = (start + count) * 9; f < end; f += 9) {
      const x0 = xy[f] as number, x1 = xy[f + 1] as number, x2 = xy[f + 2] as number, x3 = xy[f + 3] as number;
      const x4 = xy[f + 4] as number, x5 = xy[f + 5] as number, x6 = xy[f + 6] as number, x7 = xy[f + 7] as number;
      const err = b + w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3 + w4 * x4 + w5 * x5 + w6 * x6 + w7 * x7 - (xy[f + 8] as number);
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
    if (gradB - gradB !== 0) break;
    const step = count === batch ? fullStep : (lr * 2) / count;
    w0 = w0 - step * g0;
    w1 = w1 - step * g1;
    w2 = w2 - step * g2;
    w3 = w3 - step * g3;
    w4 = w4 - step * g4;
    w5 = w5 - step * g5;
    w6 = w6 - step * g6;
    w7 = w7 - step * g7;
    b -= step * gradB;
    losses[u] = loss / count;
  }
  params[0] = w0;
  params[1] = w1;
  params[2] = w2;
  params[3] = w3;
  params[4] = w4;
  params[5] = w5;
  params[6] = w6;
  params[7] = w7;
  params[8] = b;
  return start;
}
