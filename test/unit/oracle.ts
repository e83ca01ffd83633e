/**
 * An independent oracle for the verdict tests: least squares by Householder QR on the rows as
 * given, the second-moment matrix's extreme eigenvalues by power iteration (λmin through solves
 * with R), written without any of the core's code.
 */

/** Rows as arrays: `x[i]` the features of row i. */
export interface Rows {
  x: number[][];
  y: number[];
}

/** A seeded normal generator (Box–Muller over a xorshift), so datasets are reproducible. */
export function normals(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** z-scores every column with its population mean and standard deviation (constant columns only centred). */
export function zscore(rows: Rows): Rows {
  const d = rows.x[0]?.length ?? 0;
  const N = rows.x.length;
  const mean = Array.from({ length: d }, (_, j) => rows.x.reduce((s, r) => s + r[j]!, 0) / N);
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(rows.x.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / N));
  return { x: rows.x.map((r) => r.map((v, j) => (v - mean[j]!) / (sd[j]! > 0 ? sd[j]! : 1))), y: rows.y };
}

/** Householder QR of the augmented design [x, 1]: returns R (upper triangular, n × n) and Qᵀy. */
function householder(rows: Rows): { R: number[][]; qty: number[]; n: number } {
  const A = rows.x.map((r) => [...r, 1]);
  const b = [...rows.y];
  const N = A.length;
  const n = (A[0]?.length ?? 1);
  for (let k = 0; k < n && k < N; k++) {
    let norm = 0;
    for (let i = k; i < N; i++) norm += A[i]![k]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = A[k]![k]! > 0 ? -norm : norm;
    const v = A.map((r, i) => (i < k ? 0 : r[k]!));
    v[k] = v[k]! - alpha;
    const vv = v.reduce((s, a) => s + a * a, 0);
    if (vv === 0) continue;
    for (let j = k; j < n; j++) {
      let dot = 0;
      for (let i = k; i < N; i++) dot += v[i]! * A[i]![j]!;
      const f = (2 * dot) / vv;
      for (let i = k; i < N; i++) A[i]![j] = A[i]![j]! - f * v[i]!;
    }
    let dot = 0;
    for (let i = k; i < N; i++) dot += v[i]! * b[i]!;
    const f = (2 * dot) / vv;
    for (let i = k; i < N; i++) b[i] = b[i]! - f * v[i]!;
  }
  return { R: A.slice(0, n).map((r) => r.slice(0, n)), qty: b, n };
}

/** θ* and L* = (1/N)‖y − X̃θ*‖² by QR (back-substitution; a negligible pivot's coefficient is 0). */
export function leastSquares(rows: Rows): { theta: number[]; loss: number } {
  const { R, qty, n } = householder(rows);
  const N = rows.x.length;
  const scale = Math.max(...R.map((r, i) => Math.abs(r[i]!)));
  const theta = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    if (Math.abs(R[i]![i]!) <= 1e-11 * scale) continue;
    let v = qty[i]!;
    for (let j = i + 1; j < n; j++) v -= R[i]![j]! * theta[j]!;
    theta[i] = v / R[i]![i]!;
  }
  let loss = 0;
  rows.x.forEach((r, i) => {
    const p = r.reduce((s, v, j) => s + v * theta[j]!, theta[n - 1]!);
    loss += (rows.y[i]! - p) ** 2;
  });
  return { theta, loss: loss / N };
}

/** M = (1/N) X̃ᵀX̃ applied to v, straight from the rows. */
function applyM(rows: Rows, v: number[]): number[] {
  const n = v.length;
  const out = new Array<number>(n).fill(0);
  for (const r of rows.x) {
    const xt = [...r, 1];
    const dot = xt.reduce((s, a, j) => s + a * v[j]!, 0);
    for (let j = 0; j < n; j++) out[j] = out[j]! + (xt[j]! * dot) / rows.x.length;
  }
  return out;
}

/** The extreme eigenvalues of M: λmax by power iteration on the rows, λmin through M⁻¹ = N·R⁻¹R⁻ᵀ. */
export function spectrum(rows: Rows): { lambdaMax: number; lambdaMin: number; trace: number; beta: number } {
  const n = (rows.x[0]?.length ?? 0) + 1;
  const power = (apply: (v: number[]) => number[]) => {
    let v = Array.from({ length: n }, (_, i) => 1 / (i + 1));
    let lambda = 0;
    for (let it = 0; it < 3000; it++) {
      const norm = Math.hypot(...v);
      v = v.map((a) => a / norm);
      const w = apply(v);
      lambda = w.reduce((s, a, i) => s + a * v[i]!, 0);
      v = w;
    }
    return lambda;
  };
  const lambdaMax = power((v) => applyM(rows, v));
  const { R } = householder(rows);
  const N = rows.x.length;
  // M⁻¹v = N·R⁻¹(R⁻ᵀv): two triangular solves.
  const inverse = (v: number[]) => {
    const z = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = v[i]!;
      for (let j = 0; j < i; j++) s -= R[j]![i]! * z[j]!;
      z[i] = s / R[i]![i]!;
    }
    const out = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i]!;
      for (let j = i + 1; j < n; j++) s -= R[i]![j]! * out[j]!;
      out[i] = s / R[i]![i]!;
    }
    return out.map((a) => a * N);
  };
  const lambdaMin = 1 / power(inverse);
  const trace = 1 + rows.x.reduce((s, r) => s + r.reduce((q, v) => q + v * v, 0), 0) / N;
  const beta = Math.max(...rows.x.map((r) => 1 + r.reduce((q, v) => q + v * v, 0)));
  return { lambdaMax, lambdaMin, trace, beta };
}

/** Population variance of the labels. */
export function variance(y: number[]): number {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  return y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length;
}

/** The rows as CSV text with a header `x1,…,xd,y`, every value written exactly. */
export function toCsv(rows: Rows): string {
  const d = rows.x[0]?.length ?? 0;
  const header = [...Array.from({ length: d }, (_, j) => `x${j + 1}`), 'y'].join(',');
  return [header, ...rows.x.map((r, i) => [...r, rows.y[i]!].map((v) => String(v)).join(','))].join('\n');
}
