/**
 * What the lab page draws, as plain data: a comparison's datasets on the chosen x axis (epochs,
 * weight updates or examples seen), the sweep's points with their legend groups, the chart's
 * signals, its colours from the theme, and its summary in words. Pure: no DOM, so every number
 * and word can be unit-tested.
 */
import { assertNever } from '../../src/shared/assertNever';
import { formatNumber } from '../../src/shared/format';
import { SERIES_COLOUR_VARS } from '../../src/shared/series';
import type { ComparisonData, LabBandPoint, LabCurvePoint, LabExitMark, LabKind, SweepChartPoint, SweepData } from '../../src/shared/labProtocol';
import type { ChartThemeConfig } from '../theme';
import { t } from '../../src/shared/l10n';

/** Where a comparison's curves sit on the x axis: after each epoch, after each weight update, or by examples seen. */
export type LabAxis = 'epoch' | 'update' | 'examples';
export const LAB_AXES: readonly LabAxis[] = ['epoch', 'update', 'examples'];

/** An x axis's title, e.g. "weight updates" (in the display language). */
export function axisTitle(axis: LabAxis): string {
  switch (axis) {
    case 'epoch':
      return t('epoch');
    case 'update':
      return t('weight updates');
    case 'examples':
      return t('examples seen');
    default:
      return assertNever(axis);
  }
}

/** The datasets and signals of one drawing of a lab chart. */
export interface LabChartView {
  data: Record<string, object[]>;
  signals: Record<string, unknown>;
  description: string;
}

const onAxis = <T extends { epoch: number; update: number; examples: number }>(p: T, axis: LabAxis): T & { x: number } => ({ ...p, x: p[axis] });

/**
 * A comparison on an x axis: every point's `x` is its epoch, update or examples seen.
 * e.g. SGD on cars (318 rows) after epoch 2: x = 2, 636 or 636 for the three axes; full batch after epoch 2: 2, 2 or 636.
 */
export function comparisonView(data: ComparisonData, axis: LabAxis): LabChartView {
  return {
    data: {
      curves: data.curves.map((p: LabCurvePoint) => onAxis(p, axis)),
      bands: data.bands.map((p: LabBandPoint) => onAxis(p, axis)),
      exits: data.exits.map((p: LabExitMark) => onAxis(p, axis)),
    },
    signals: { xTitle: axisTitle(axis), yDomain: data.yDomain, colorDomain: data.runs.map((r) => r.label) },
    description: t('{0}. Training loss (log scale) against {1}.', data.summary, axisTitle(axis)),
  };
}

/** A sweep point's legend group: converged, not converged (too slow or oscillating), diverged. */
export function verdictKind(p: Pick<SweepChartPoint, 'diverged' | 'converged'>): 'converged' | 'not converged' | 'diverged' {  // l10n-key
  if (p.diverged) return 'diverged';
  // From the verdict's code, never its words: the summary is in the display language.
  return p.converged ? 'converged' : 'not converged';  // l10n-key
}

/** The sweep's datasets: points (with their legend group, the best's label and the click hint) and the bound and suggestion rules. */
export function sweepView(data: SweepData): LabChartView {
  const points = data.points.map((p) => ({ ...p, verdictKind: verdictKind(p), hint: t('use this rate'), bestText: p.best ? t('★ best {0}', formatNumber(p.learningRate)) : '' }));
  return { data: { points, rules: data.rules }, signals: { yDomain: data.yDomain }, description: t('Learning-rate sweep: final training loss against learning rate, both on log scales. {0}.', data.summary) };
}

/** The sweep's rates as the list the page offers: "0.3981 · converged at epoch 3 · final loss 18.71 ★". */
export function sweepOptionLabel(p: SweepChartPoint): string {
  const loss = p.finalLoss === null ? t('no final loss') : t('final loss {0}', formatNumber(p.finalLoss));
  return `${formatNumber(p.learningRate)} · ${p.verdict} · ${loss}${p.best ? ` ★ ${t('best')}` : ''}`;
}

/**
 * The lab's colours from the theme's: a comparison's runs take the chart colours in order
 * (blue, orange, green, …: never the grey of the batch band); the sweep's three groups take
 * green (converged), yellow (not converged) and red (diverged), the verdicts' own colours.
 * `category` is the training chart's range (SERIES_COLOUR_VARS, then the run slots' colours: see theme.ts).
 */
export function labTheme(config: ChartThemeConfig, kind: LabKind): ChartThemeConfig {
  const c = config.range.category;
  // The fixed series' colours come first, then the run slots' (webview/theme.ts themeConfig).
  const runs = SERIES_COLOUR_VARS.length;
  const pick = (...slots: number[]) => slots.map((i) => c[i]).filter((v): v is string => typeof v === 'string');
  const category = kind === 'sweep' ? pick(3, 4, 5) : [...new Set(pick(0, 1, 3, runs, 5, 4, runs + 1, runs + 2))];
  return { ...config, range: { category } };
}
