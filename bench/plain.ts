import type { Matrix } from '../src/core/model';
import { createRandom, identityOrder, shuffleInPlace } from '../src/core/random';
import type { Job, Params } from './jobs';

/**
 * The "plain JS loop": trainStraightforward (test/unit/helpers.ts) — a shuffled index carried
 * across epochs, rows read through it, one update per batch — plus the full-data loss after every
 * epoch, as the C reference and the core compute it. `maxUpdates` stops early (for the tfjs peer's
 * extrapolated jobs).
 */
export function trainPlain(m: Matrix, job: Job, maxUpdates = Infinity): Params & { loss: number } {
  const { d, rows, x, y } = m;
  const batch = Math.min(job.batch, rows);
  const random = createRandom(job.seed);
  const order = identityOrder(rows);
  const w = new Float64Array(d);
  const gradW = new Float64Array(d);
  let b = 0;
  let loss = NaN;
  let updates = 0;
  for (let e = 0; e < job.epochs && updates < maxUpdates; e++) {
    if (batch < rows) shuffleInPlace(order, random);
    for (let start = 0; start < rows && updates < maxUpdates; start += batch, updates++) {
      const count = Math.min(batch, rows - start);
      gradW.fill(0);
      let gradB = 0;
      for (let k = start; k < start + count; k++) {
        const i = order[k] as number;
        let p = b;
        for (let j = 0; j < d; j++) p += (w[j] as number) * (x[i * d + j] as number);
        const err = p - (y[i] as number);
        for (let j = 0; j < d; j++) gradW[j] = (gradW[j] as number) + err * (x[i * d + j] as number);
        gradB += err;
      }
      const step = (job.lr * 2) / count;
      for (let j = 0; j < d; j++) w[j] = (w[j] as number) - step * (gradW[j] as number);
      b -= step * gradB;
    }
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      let p = b;
      for (let j = 0; j < d; j++) p += (w[j] as number) * (x[i * d + j] as number);
      const err = p - (y[i] as number);
      sum += err * err;
    }
    loss = sum / rows;
  }
  return { w: Array.from(w), b, loss };
}
