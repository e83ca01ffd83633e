// The update kernels for 2 lanes (d ≤ 2, padded with zeros), generated from the 8-lane ones in lanes8.ts: the
// same arithmetic in the same order, one lane per named variable so V8 keeps the weights in registers.

/**
 * descendRows8 for rows of 2 features then the label (3 values a row, the bias at params[2]): SGD over rows
 * from … to − 1, the straightforward loop's bits. Returns where it stopped: `to`, or the row whose
 * error is not finite, before its update.
 */
export function descendRows2(xy: Float64Array, from: number, to: number, lr: number, params: Float64Array, losses: Float64Array): number {
  let w0 = params[0] as number, w1 = params[1] as number;
  let b = params[2] as number;
  const step = lr * 2;
  let i = from;
  for (let f = from * 3, u = 0; i < to; i++, f += 3, u++) {
    const x0 = xy[f] as number, x1 = xy[f + 1] as number;
    const err = b + w0 * x0 + w1 * x1 - (xy[f + 2] as number);
    if (err - err !== 0) break;
    w0 = w0 - step * (err * x0);
    w1 = w1 - step * (err * x1);
    b -= step * err;
    losses[u] = err * err;
  }
  params[0] = w0;
  params[1] = w1;
  params[2] = b;
  return i;
}

/**
 * descendBatches8 for rows of 2 features then the label (3 values a row, the bias at params[2]): one update per
 * batch starting in from … to − 1, the sums in the straightforward loop's order. Returns where it
 * stopped: past the last batch, or at a batch whose error sum is not finite, before its update.
 */
export function descendBatches2(xy: Float64Array, rows: number, from: number, to: number, batch: number, lr: number, params: Float64Array, losses: Float64Array): number {
  let w0 = params[0] as number, w1 = params[1] as number;
  let b = params[2] as number;
  const fullStep = (lr * 2) / batch;
  let start = from;
  for (let u = 0; start < to; start += batch, u++) {
    const count = Math.min(batch, rows - start);
    let g0 = 0, g1 = 0;
    let gradB = 0;
    let loss = 0;
    for (let f = start * 3, end = (start + count) * 3; f < end; f += 3) {
      const x0 = xy[f] as number, x1 = xy[f + 1] as number;
      const err = b + w0 * x0 + w1 * x1 - (xy[f + 2] as number);
      g0 += err * x0;
      g1 += err * x1;
      gradB += err;
      loss += err * err;
    }
    if (gradB - gradB !== 0) break;
    const step = count === batch ? fullStep : (lr * 2) / count;
    w0 = w0 - step * g0;
    w1 = w1 - step * g1;
    b -= step * gradB;
    losses[u] = loss / count;
  }
  params[0] = w0;
  params[1] = w1;
  params[2] = b;
  return start;
}
