/** Small dense linear algebra for the closed-form curvature: power iteration, LDLᵀ, symmetric eigen-decomposition. */

/** Below this share of λmax an eigenvalue belongs to a direction the loss does not see. */
export const NULL_EIGENVALUE = 1e-10;

/** A·v for a dense matrix A given by its rows. */
export function multiply(A: number[][], v: number[]): number[] {
  return A.map((row) => row.reduce((s, a, j) => s + a * (v[j] as number), 0));
}

/**
 * λmax of a symmetric positive semi-definite operator by power iteration with a Rayleigh
 * quotient, from a fixed start (so the same input gives the same answer). 0 for n = 0.
 */
export function largestEigenvalue(n: number, apply: (v: number[]) => number[], iterations = 300): number {
  if (n === 0) return 0;
  let v = Array.from({ length: n }, (_, i) => 1 + i / (2 * n));
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    const norm = Math.hypot(...v);
    if (!(norm > 0) || !Number.isFinite(norm)) return norm > 0 ? Infinity : 0;
    v = v.map((a) => a / norm);
    const w = apply(v);
    const next = w.reduce((s, a, i) => s + a * (v[i] as number), 0);
    if (it > 10 && Math.abs(next - lambda) <= 1e-15 * Math.abs(next)) return next;
    lambda = next;
    v = w;
  }
  return lambda;
}

/**
 * R = L·D·Lᵀ for a symmetric positive semi-definite R with unit diagonal (a correlation matrix),
 * dropping a column whose pivot falls below 10⁻¹⁰ (it is a combination of the columns before it).
 * `solve` returns the least-squares solution with the dropped coefficients 0.
 */
export function factorLdl(R: number[][]) {
  const k = R.length;
  const L = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
  const D = new Array<number>(k).fill(0);
  const dropped: number[] = [];
  for (let j = 0; j < k; j++) {
    let dj = (R[j] as number[])[j] as number;
    for (let s = 0; s < j; s++) dj -= ((L[j] as number[])[s] as number) ** 2 * (D[s] as number);
    if (!(dj > NULL_EIGENVALUE)) {
      dropped.push(j);
      D[j] = 0;
      continue;
    }
    D[j] = dj;
    for (let i = j + 1; i < k; i++) {
      let v = (R[i] as number[])[j] as number;
      for (let s = 0; s < j; s++) v -= ((L[i] as number[])[s] as number) * ((L[j] as number[])[s] as number) * (D[s] as number);
      (L[i] as number[])[j] = v / dj;
    }
  }
  const solve = (b: number[]): number[] => {
    const zf = new Array<number>(k).fill(0);
    for (let i = 0; i < k; i++) {
      if (!((D[i] as number) > 0)) continue;
      let v = b[i] as number;
      for (let s = 0; s < i; s++) v -= ((L[i] as number[])[s] as number) * (zf[s] as number);
      zf[i] = v;
    }
    const out = new Array<number>(k).fill(0);
    for (let i = k - 1; i >= 0; i--) {
      if (!((D[i] as number) > 0)) continue;
      let v = (zf[i] as number) / (D[i] as number);
      for (let s = i + 1; s < k; s++) v -= ((L[s] as number[])[i] as number) * (out[s] as number);
      out[i] = v;
    }
    return out;
  };
  /** Solves on the kept columns only: `v` has one entry per kept column, in `keptIndex` order. */
  const solveKept = (v: number[], keptIndex: number[]): number[] => {
    const full = new Array<number>(k).fill(0);
    keptIndex.forEach((p, i) => (full[p] = v[i] as number));
    const s = solve(full);
    return keptIndex.map((p) => s[p] as number);
  };
  const multiplyKept = (v: number[], keptIndex: number[], A: number[][]): number[] =>
    keptIndex.map((p) => keptIndex.reduce((s, q, i) => s + ((A[p] as number[])[q] as number) * (v[i] as number), 0));
  return { dropped, solve, solveKept, multiplyKept };
}

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations, until the
 * off-diagonal mass is rounding relative to the whole (≤ (10⁻¹⁵·‖A‖)²) or 50 sweeps;
 * `vectors[a][k]` is component a of eigenvector k.
 */
export function symmetricEigen(A: number[][]): { values: number[]; vectors: number[][] } {
  const n = A.length;
  const a = A.map((r) => [...r]);
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const at = (i: number, j: number) => (a[i] as number[])[j] as number;
  let total = 0;
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) total += at(p, q) ** 2;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += at(p, q) ** 2;
    if (!(off > 1e-30 * total)) break;
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
