/**
 * Number and equation formatting for the panel. Pure: no DOM. Negative numbers use the minus
 * sign (−), not the hyphen, as a maths text would.
 */

/** A count with thousands separators, e.g. 20000 → "20,000". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

const minus = (s: string): string => s.replace(/^-/, '−').replace(/e\+?(-?)/, (_m, sign: string) => `e${sign ? '−' : ''}`);

/**
 * `digits` significant digits, e.g. (−0.0076342, 3) → "−0.00763", (46.01, 3) → "46.0",
 * (123456, 3) → "1.23e5"; non-finite values → "—".
 */
export function formatSignificant(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return minus(v.toExponential(digits - 1).replace(/\.?0+e/, 'e'));
  const fixed = v.toPrecision(digits);
  // toPrecision writes 1234 with 3 digits as "1.23e+3": use separators instead.
  return minus(fixed.includes('e') ? Number(fixed).toLocaleString('en-US') : fixed);
}

/** A loss or a rate: four significant digits without trailing zeros, e.g. 18.70 → "18.7", 0.05 → "0.05". */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return minus(v.toExponential(3).replace(/\.?0+e/, 'e'));
  const n = Number(v.toPrecision(4));
  return minus(a >= 1000 ? n.toLocaleString('en-US') : String(n));
}

/**
 * The trained model as an equation in the features' own units,
 * e.g. "Miles_per_Gallon ≈ −0.00763 × Weight_in_lbs + 46.0". Null when a weight or the bias
 * is not finite (a diverged run has no model to show).
 */
export function formatEquation(label: string, features: readonly string[], weights: readonly number[], bias: number | null): string | null {
  if (bias === null || !Number.isFinite(bias) || weights.length !== features.length || weights.some((w) => !Number.isFinite(w))) return null;
  let text = `${label} ≈`;
  features.forEach((name, j) => {
    const w = weights[j] as number;
    const magnitude = formatSignificant(Math.abs(w));
    text += j === 0 ? ` ${w < 0 ? '−' : ''}${magnitude} × ${name}` : ` ${w < 0 ? '−' : '+'} ${magnitude} × ${name}`;
  });
  const b = formatSignificant(Math.abs(bias));
  return features.length === 0 ? `${text} ${bias < 0 ? '−' : ''}${b}` : `${text} ${bias < 0 ? '−' : '+'} ${b}`;
}

/**
 * How far the final loss is above the best reachable, e.g. (18.79, 18.7) → "0.48% above the best
 * reachable"; null when either is missing.
 */
export function formatLossGap(finalLoss: number | null, optimalLoss: number | null): string | null {
  if (finalLoss === null || optimalLoss === null || !Number.isFinite(finalLoss) || !Number.isFinite(optimalLoss)) return null;
  const gap = finalLoss - optimalLoss;
  if (optimalLoss <= 0) return gap <= 0 ? 'at the best reachable' : `${formatValue(gap)} above the best reachable`;
  const pct = (gap / optimalLoss) * 100;
  if (Math.abs(pct) < 0.01) return 'at the best reachable';
  if (pct >= 1000) return 'far above the best reachable';
  return pct > 0 ? `${formatSignificant(pct, 2)}% above the best reachable` : `${formatSignificant(-pct, 2)}% below the best reachable (on the training rows)`;
}
