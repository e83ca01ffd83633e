/**
 * The one way Descent writes a number for a person: the CLI, the panel, the diagnostics, the
 * CodeLens and the status bar all call these, so a value reads the same everywhere.
 */

import { displayLocale, onLanguageChange } from './l10n';

/** Formatters for the display language (rebuilt when it changes); English and Japanese both write 1,234.5. */
let plain: Intl.NumberFormat;
let scientific: Intl.NumberFormat;
let whole: Intl.NumberFormat;
function buildFormatters(): void {
  const locale = displayLocale();
  plain = new Intl.NumberFormat(locale, { maximumSignificantDigits: 4, useGrouping: true });
  scientific = new Intl.NumberFormat(locale, { notation: 'scientific', maximumSignificantDigits: 4 });
  whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: true });
}
buildFormatters();
onLanguageChange(buildFormatters);

/**
 * Four significant digits with thousands separators, scientific below 10⁻⁴ and from 10⁶ on,
 * e.g. 0.012345 → "0.01235", 2970.43 → "2,970", 1234567 → "1.235e6", 1e-7 → "1e-7".
 * Non-finite values are written as "NaN", "Infinity", "-Infinity".
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return scientific.format(v).replace('E', 'e');
  return plain.format(v);
}

/**
 * `v` with as many significant digits (4 to 17) as it takes to read differently from `other`,
 * so a comparison the text states is visible in its numbers: (0.9999999, 1) → "0.9999999", not "1".
 */
export function formatBeside(v: number, other: number): string {
  if (!Number.isFinite(v) || !Number.isFinite(other) || v === other) return formatNumber(v);
  for (let digits = 4; digits <= 17; digits++) {
    if (v.toPrecision(digits) === other.toPrecision(digits)) continue;
    if (digits === 4) return formatNumber(v);
    const a = Math.abs(v);
    const text = a >= 1e6 || a < 1e-4 ? v.toExponential(digits - 1).replace(/\.?0+e/, 'e').replace('e+', 'e') : v.toPrecision(digits).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
    return text;
  }
  return formatNumber(v);
}

/** A count, e.g. 20000 → "20,000", scientific from 10¹² (4.424e24); non-finite → "—". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return Math.abs(n) >= 1e12 ? formatNumber(n) : whole.format(Math.round(n));
}

/** A share as a percentage with the same digits, e.g. 0.0191 → "1.91%". */
export function formatPercent(share: number): string {
  return `${formatNumber(share * 100)}%`;
}

/**
 * A learning rate as Descent suggests and writes it: two significant digits, rounded toward
 * zero so a rate suggested for safety never rounds up past it. e.g. 0.4898 → 0.48, 0.995 → 0.99.
 * The one rounding rule for rates: the suggestion is rounded once, in the core, and every
 * surface shows that rounded value.
 */
export function roundRateDown(rate: number): number {
  if (!(rate > 0) || !Number.isFinite(rate)) return rate;
  const unit = 10 ** (Math.floor(Math.log10(rate)) - 1);
  const rounded = Number((Math.floor(rate / unit + 1e-9) * unit).toPrecision(2));
  // The 1e-9 guard absorbs a quotient like 48.99999999 for 0.49; it must never lift the value above the rate.
  return rounded > rate ? Number((Math.floor(rate / unit) * unit).toPrecision(2)) : rounded;
}
