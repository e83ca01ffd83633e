/**
 * What the panel's details say about a logistic run where a linear regression's words would be
 * wrong: the model as a probability, the best reachable log loss (or why there is none), the rate
 * bound as a sufficient one, the accuracy and the class coding. Pure: no DOM.
 */
import type { PanelReport } from '../src/shared/protocol';
import { formatNumber } from '../src/shared/format';
import { formatCount, formatValue } from './format';
import { t } from '../src/shared/l10n';

/** Whether a report is of a logistic run. */
export const isLogistic = (report: Pick<PanelReport, 'model'>): boolean => report.model?.kind === 'logistic';

/**
 * The model as a probability in the features' units, e.g.
 * "P(Species = Adelie) = σ(−0.2072 × Flipper Length (mm) + 0.001111 × Body Mass (g) + 36.61)";
 * null when a weight overflowed.
 */
export function logisticEquation(label: string, positive: string, features: readonly string[], weights: readonly number[], bias: number | null): string | null {
  if (bias === null || !Number.isFinite(bias) || weights.length !== features.length || weights.some((w) => !Number.isFinite(w))) return null;
  let z = '';
  weights.forEach((w, j) => {
    const term = `${formatValue(Math.abs(w))} × ${features[j]}`;
    z += j === 0 ? `${w < 0 ? '−' : ''}${term}` : ` ${w < 0 ? '−' : '+'} ${term}`;
  });
  z += weights.length ? ` ${bias < 0 ? '−' : '+'} ${formatValue(Math.abs(bias))}` : formatValue(bias);
  return `P(${label} = ${positive}) = σ(${z})`;
}

/**
 * What "best reachable" is for a log loss, after the final loss: L* when Newton's method found a
 * finite minimum, else why there is none, e.g. "no finite optimum: the classes are separable, the
 * loss keeps falling toward 0".
 */
export function logisticBestReachable(report: Pick<PanelReport, 'classification' | 'optimalLoss'>): string {
  const optimum = report.classification?.optimum ?? 'unknown';
  switch (optimum) {
    case 'finite':
      return report.optimalLoss !== null ? t("best reachable L* = {0} nats (the minimum on the training rows, found by Newton's method)", formatValue(report.optimalLoss)) : t('best reachable not known');
    case 'separable':
      return t('no finite optimum: the classes are separable, the loss keeps falling toward 0');
    case 'unbounded':
      return t('no finite optimum found: the weights grow without bound while the loss keeps falling (some rows tie on the boundary)');
    case 'unknown':
      return t("best reachable not known: Newton's method was not run or did not settle");
    default: {
      const never: never = optimum;
      throw new Error(`unknown optimum ${String(never)}`);
    }
  }
}

/**
 * The learning-rate line of a logistic run: the bound 8/λmax is sufficient (every full-batch step
 * lowers the loss below it), not the exact limit a quadratic has.
 * e.g. "2.5 (below 5.259, every full-batch step is guaranteed to lower the loss: a sufficient bound, not the exact limit)".
 */
export function logisticRateSummary(report: Pick<PanelReport, 'config' | 'stableLearningRateBound'>): string | null {
  const lr = report.config?.learningRate;
  if (lr === undefined) return null;
  const bound = report.stableLearningRateBound;
  if (bound === null) return t('{0} (no closed-form bound applies to this optimizer or batch size: the verdict reads the losses)', formatValue(lr));
  return t('{0} (below {1}, every full-batch step is guaranteed to lower the loss: a sufficient bound, not the exact limit)', formatValue(lr), formatValue(bound));
}

const percent = (v: number): string => `${formatNumber(v * 100)}%`;

/** The final accuracy, e.g. "76% of the training rows and 72.73% of the held-out rows classified right (p > ½ predicts Adelie)". */
export function accuracySummary(report: Pick<PanelReport, 'accuracy' | 'model'>): string | null {
  const a = report.accuracy;
  if (!a) return null;
  const positive = report.model?.kind === 'logistic' ? report.model.positive : t('the positive class');
  return a.validation !== null
    ? t('{0} of the training rows and {1} of the held-out rows classified right (p > ½ predicts {2})', percent(a.train), percent(a.validation), positive)
    : t('{0} of the training rows classified right (p > ½ predicts {1})', percent(a.train), positive);
}

/** The class coding, e.g. "Adelie coded 1 (151 rows), Chinstrap 0 (68 rows); 123 rows of Gentoo left out". */
export function classSummary(report: Pick<PanelReport, 'classification'>): string | null {
  const c = report.classification?.classes;
  if (!c) return null;
  const rows = (n: number) => (n === 1 ? t('{0} row', formatCount(n)) : t('{0} rows', formatCount(n)));
  const negative = c.negative ?? t('every other value (not {0})', c.positive);
  const coded = t('{0} coded 1 ({1}), {2} 0 ({3})', c.positive, rows(c.positiveRows), negative, rows(c.negativeRows));
  return c.otherRows > 0 ? t('{0}; {1} of {2} left out', coded, rows(c.otherRows), c.otherClasses.join(', ')) : coded;
}
