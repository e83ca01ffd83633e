import type { Matrix } from '../../src/core/model';
import { createRandom, identityOrder, shuffleInPlace } from '../../src/core/random';

/** A training.json text from an object, so each test shows the config it runs. */
export const configText = (o: Record<string, unknown>): string => JSON.stringify(o, null, 2);

/**
 * The oracle for θ*: solves the normal equations (X̃ᵀX̃) θ = X̃ᵀy by Gaussian elimination with
 * partial pivoting, independently of the core's eigen-decomposition.
 */
export function solveNormalEquations(m: Matrix): number[] {
  const n = m.d + 1;
  const A = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (let i = 0; i < m.rows; i++) {
    const row = [...Array.from(m.x.subarray(i * m.d, i * m.d + m.d)), 1];
    for (let a = 0; a < n; a++) {
      for (let c = 0; c < n; c++) A[a]![c]! += row[a]! * row[c]!;
      A[a]![n]! += row[a]! * m.y[i]!;
    }
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r]![col]!) > Math.abs(A[pivot]![col]!)) pivot = r;
    [A[col], A[pivot]] = [A[pivot]!, A[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = A[r]![col]! / A[col]![col]!;
      for (let c = col; c <= n; c++) A[r]![c]! -= f * A[col]![c]!;
    }
  }
  return A.map((row, i) => row[n]! / row[i]!);
}

/**
 * The straightforward algorithm the core must equal bit for bit: a shuffled index carried across
 * epochs, rows read through it, one update per batch.
 */
export function trainStraightforward(m: Matrix, lr: number, batchSize: number, epochs: number, seed: number): { w: number[]; b: number } {
  const { d, rows } = m;
  const batch = Math.min(batchSize, rows);
  const random = createRandom(seed);
  const order = identityOrder(rows);
  const w = new Float64Array(d);
  const gradW = new Float64Array(d);
  let b = 0;
  for (let e = 0; e < epochs; e++) {
    if (batch < rows) shuffleInPlace(order, random);
    for (let start = 0; start < rows; start += batch) {
      const count = Math.min(batch, rows - start);
      gradW.fill(0);
      let gradB = 0;
      for (let k = start; k < start + count; k++) {
        const i = order[k]!;
        let p = b;
        for (let j = 0; j < d; j++) p += w[j]! * m.x[i * d + j]!;
        const err = p - m.y[i]!;
        for (let j = 0; j < d; j++) gradW[j] = gradW[j]! + err * m.x[i * d + j]!;
        gradB += err;
      }
      const step = (lr * 2) / count;
      for (let j = 0; j < d; j++) w[j] = w[j]! - step * gradW[j]!;
      b -= step * gradB;
    }
  }
  return { w: Array.from(w), b };
}
