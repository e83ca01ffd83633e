/**
 * Number and equation formatting for the panel. Pure: no DOM. Negative numbers use the minus
 * sign (−), not the hyphen, as a maths text would; the digits are the core's one formatter's.
 */
import { formatCount as coreFormatCount, formatNumber } from '../src/shared/format';
import { t } from '../src/shared/l10n';

/** A count with thousands separators, e.g. 20000 → "20,000" (the core's one formatter). */
export const formatCount = coreFormatCount;

const minus = (s: string): string => s.replace(/^-/, '−').replace(/e-/, 'e−');

/**
 * A number as every surface writes it (the core's formatter: four significant digits,
 * separators, scientific outside 10⁻⁴ … 10⁶), with the minus sign (−) a maths text uses;
 * non-finite values → "—". e.g. −0.0076342 → "−0.007634", 2975.3 → "2,975".
 */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return minus(formatNumber(v));
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
    const magnitude = formatValue(Math.abs(w));
    text += j === 0 ? ` ${w < 0 ? '−' : ''}${magnitude} × ${name}` : ` ${w < 0 ? '−' : '+'} ${magnitude} × ${name}`;
  });
  const b = formatValue(Math.abs(bias));
  return features.length === 0 ? `${text} ${bias < 0 ? '−' : ''}${b}` : `${text} ${bias < 0 ? '−' : '+'} ${b}`;
}

/**
 * How far the final loss is above the best reachable, e.g. (18.79, 18.7) → "0.48% above the best
 * reachable"; null when either is missing.
 */
export function formatLossGap(finalLoss: number | null, optimalLoss: number | null): string | null {
  if (finalLoss === null || optimalLoss === null || !Number.isFinite(finalLoss) || !Number.isFinite(optimalLoss)) return null;
  const gap = finalLoss - optimalLoss;
  if (optimalLoss <= 0) return gap <= 0 ? t('at the best reachable') : t('{0} above the best reachable', formatValue(gap));
  const pct = (gap / optimalLoss) * 100;
  if (Math.abs(pct) < 0.01) return t('at the best reachable');
  if (pct >= 1000) return t('far above the best reachable');
  return pct > 0 ? t('{0}% above the best reachable', formatValue(pct)) : t('{0}% below the best reachable (on the training rows)', formatValue(-pct));
}
