// The update kernels for 1 lane (d ≤ 1, padded with zeros), generated from the 8-lane ones in lanes8.ts: the
// same arithmetic in the same order, one lane per named variable so V8 keeps the weights in registers.

/**
 * descendRows8 for rows of 1 feature then the label (2 values a row, the bias at params[1]): SGD over rows
 * from … to − 1, the straightforward loop's bits. Returns where it stopped: `to`, or the row whose
 * error is not finite, before its update.
 */
export function descendRows1(xy: Float64Array, from: number, to: number, lr: number, params: Float64Array, losses: Float64Array): number {
  let w0 = params[0] as number;
  let b = params[1] as number;
  const step = lr * 2;
  let i = from;
  for (let f = from * 2, u = 0; i < to; i++, f += 2, u++) {
    const x0 = xy[f] as number;
    const err = b + w0 * x0 - (xy[f + 1] as number);
    if (err - err !== 0) break;
    w0 = w0 - step * (err * x0);
    b -= step * err;
    losses[u] = err * err;
  }
  params[0] = w0;
  params[1] = b;
  return i;
}

/**
 * descendBatches8 for rows of 1 feature then the label (2 values a row, the bias at params[1]): one update per
 * batch starting in from … to − 1, the sums in the straightforward loop's order. Returns where it
 * stopped: past the last batch, or at a batch whose error sum is not finite, before its update.
 */
export function descendBatches1(xy: Float64Array, rows: number, from: number, to: number, batch: number, lr: number, params: Float64Array, losses: Float64Array): number {
  let w0 = params[0] as number;
  let b = params[1] as number;
  const fullStep = (lr * 2) / batch;
  let start = from;
  for (let u = 0; start < to; start += batch, u++) {
    const count = Math.min(batch, rows - start);
    let g0 = 0;
    let gradB = 0;
    let loss = 0;
    for (let f = start * 2, end = (start + count) * 2; f < end; f += 2) {
      const x0 = xy[f] as number;
      const err = b + w0 * x0 - (xy[f + 1] as number);
      g0 += err * x0;
      gradB += err;
      loss += err * err;
    }
    if (gradB - gradB !== 0) break;
    const step = count === batch ? fullStep : (lr * 2) / count;
    w0 = w0 - step * g0;
    b -= step * gradB;
    losses[u] = loss / count;
  }
  params[0] = w0;
  params[1] = b;
  return start;
}
