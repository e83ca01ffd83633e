/**
 * The Descent Lab's charts: a comparison's runs as curves on one log loss axis (the x axis is the
 * page's choice of epochs, weight updates or examples seen: every point carries all three), and
 * the sweep's final loss against rate on log axes with the bound and the suggestion as rules. The
 * data is built here from the lab's results; the Vega-Lite specs are compiled here too, once per
 * lab kind and loss unit, so the page needs only the Vega runtime. Pure: no vscode, no DOM.
 */
import type { TopLevelSpec } from 'vega-lite';
import { compileSpec } from './chart/compileSpec';
import { formatNumber } from './shared/format';
import type { Comparison, SweepReport } from './shared/lab';
import type { ComparisonData, LabBandPoint, LabCurvePoint, LabExitMark, LabKind, LabRunRow, LabSpec, SweepChartPoint, SweepData, SweepRule } from './shared/labProtocol';
import { comparedRoleLabel, comparedRunLabel, comparisonHeading, optimizerName, optimizerRoleDetail, optimizerRunLabel, optimizersNote, sweepExplanation, sweepSummary, triedRatesLine } from './shared/labWording';
import type { RunReport, Verdict } from './shared/report';
import { lossUnitLabel, verdictSummary } from './shared/wording';
import { t } from './shared/l10n';
import { lossTitle } from './chart/lossSpec';
import { legendLabels } from './shared/seriesLabels';

/** A curve that climbs past this many times the highest starting loss leaves the chart there (marked "↑ diverged"). */
export const LAB_LOSS_CAP = 10;
/** Pixel height of a lab chart's plot. */
export const LAB_CHART_HEIGHT = 320;

const TONES: Record<Verdict, LabRunRow['verdictTone']> = { converged: 'ok', 'too-slow': 'info', oscillating: 'warn', diverged: 'error' };

/** Updates per epoch of a run, e.g. 318 rows in batches of 100 → 4. */
const perEpoch = (r: RunReport): number => (r.updates ? r.updates[r.updates.current].perEpoch : 1);

/**
 * A comparison as chart data: one curve per run (the loss after every recorded epoch, with its
 * updates and examples seen), the batches' per-update loss as bands (mini-batch and SGD: their
 * noise), and the runs' rows. The loss axis is logarithmic from just below the lowest loss to
 * LAB_LOSS_CAP × the highest start: a diverging curve is cut where it passes the cap, and the
 * place is marked, so one run at 10³⁰ cannot flatten the others.
 * e.g. cars, three-rate plan: rows "lr 0.01633 · too low …: too slow", "lr 0.49 · suggested: converged at epoch 2", "lr 1.5 · too high …: diverged at epoch 1".
 */
export function comparisonData(kind: 'rates' | 'batches' | 'optimizers', comparison: Comparison, fileName: string): ComparisonData {
  const runs: LabRunRow[] = [];
  const curves: LabCurvePoint[] = [];
  const bands: LabBandPoint[] = [];
  const exits: LabExitMark[] = [];
  const notes: string[] = [];
  const starts = comparison.runs.map((c) => c.report.history?.trainLoss[0]).filter((v): v is number => typeof v === 'number' && v > 0);
  const cap = LAB_LOSS_CAP * Math.max(1e-300, ...starts);
  let lowest = Infinity;
  for (const c of comparison.runs) {
    const r = c.report;
    const verdict = r.verdict ? verdictSummary(r.verdict, r.verdictEpoch) : t('cancelled');
    const optimizer = r.config?.optimizer ?? null;
    const label = kind === 'optimizers' && optimizer ? optimizerRunLabel({ ...c, optimizer }, verdict) : comparedRunLabel(kind === 'batches' ? 'batches' : 'rates', c, verdict);
    const updatesPerEpoch = perEpoch(r);
    if (c.tried && optimizer) notes.push(triedRatesLine(optimizerName(optimizer), c.tried));
    runs.push({ label, learningRate: c.learningRate, batchSize: c.batchSize, role: kind === 'optimizers' ? optimizerRoleDetail(c.role) : comparedRoleLabel(c.role), optimizer: kind === 'optimizers' && optimizer ? optimizerName(optimizer) : null, verdict, verdictTone: r.verdict ? TONES[r.verdict] : 'neutral', updatesPerEpoch, totalUpdates: r.totalUpdates, finalLoss: r.finalLoss });
    const h = r.history;
    if (!h) continue;
    const at = (epoch: number) => ({ run: label, epoch, update: epoch * updatesPerEpoch, examples: epoch * r.samples });
    let left = false;
    h.trainLoss.forEach((loss, i) => {
      if (left) return;
      const epoch = h.epochs?.[i] ?? i;
      if (loss === null || !(loss <= cap)) {
        exits.push({ ...at(epoch), loss: cap, text: t('↑ diverged') });
        left = true;
        return;
      }
      if (loss > 0) lowest = Math.min(lowest, loss);
      curves.push({ ...at(epoch), loss });
    });
  }
  // The axis follows the epoch curves; a batch band (one example's loss can be near 0) is cut at its bottom.
  const bottom = Number.isFinite(lowest) ? lowest / 1.5 : cap / 1e3;
  // The top is the cap only when a curve leaves the chart; else just above the highest loss drawn.
  const highest = Math.max(...curves.map((p) => p.loss), bottom);
  const top = exits.length ? cap : Math.min(cap, highest * 1.5);
  for (const c of kind === 'batches' ? comparison.runs : []) {
    const r = c.report;
    if (!r.history || c.batchSize >= r.samples) continue;
    const label = runs[comparison.runs.indexOf(c)]?.label ?? '';
    const updatesPerEpoch = perEpoch(r);
    for (const b of r.history.batchLoss) {
      if (b.min === null || b.max === null || b.min > top || b.max < bottom) continue;
      // A bucket's middle update; the loss of update k is the batch's loss on the weights after k − 1 updates.
      const update = b.update - 1 + b.count / 2;
      // Examples seen by epochs, not update × batch size: an epoch's last batch may be smaller.
      const epoch = update / updatesPerEpoch;
      bands.push({ run: label, epoch, update, examples: epoch * r.samples, min: Math.max(b.min, bottom), max: Math.min(b.max, top) });
    }
  }
  return {
    kind,
    runs,
    curves,
    bands,
    exits,
    yDomain: [bottom, top],
    lossUnit: comparison.runs[0]?.report.lossUnit ?? '',
    summary: comparisonHeading(kind, fileName, runs.map((r) => `${kind === 'rates' ? `lr ${formatNumber(r.learningRate)}` : (r.optimizer ?? r.role)} ${r.verdict}`)),
    notes: kind === 'optimizers' ? [...optimizersNote(comparison.runs.map((c) => c.role)), ...notes] : notes,
  };
}

/**
 * The sweep as chart data: a point per rate (a diverged rate sits on the top of the axis, drawn
 * as ×), the best marked, and the stable bound and the suggestion as rules with their words.
 */
export function sweepData(s: SweepReport, currentRate: number | null): SweepData {
  const finite = s.points.map((p) => p.finalLoss).filter((v): v is number => v !== null && v > 0);
  const lo = finite.length ? Math.min(...finite) : s.optimalLoss > 0 ? s.optimalLoss : 1;
  const hi = Math.max(finite.length ? Math.max(...finite) : lo, s.startLoss > 0 ? s.startLoss : lo);
  const top = hi * 2;
  const points: SweepChartPoint[] = s.points.map((p, index) => ({
    index,
    learningRate: p.learningRate,
    y: p.finalLoss === null ? top : p.finalLoss,
    diverged: p.finalLoss === null,
    converged: p.verdict === 'converged',
    best: index === s.best,
    verdict: verdictSummary(p.verdict, p.verdictEpoch),
    finalLoss: p.finalLoss,
    epochsRun: p.epochsRun,
  }));
  const rules: SweepRule[] = [];
  if (s.stableLearningRateBound !== null) rules.push({ learningRate: s.stableLearningRateBound, text: t('bound {0}', formatNumber(s.stableLearningRateBound)), row: 0 });
  if (s.suggestedLearningRate !== null) rules.push({ learningRate: s.suggestedLearningRate, text: t('suggested {0}', formatNumber(s.suggestedLearningRate)), row: rules.length });
  const best = s.best !== null ? s.points[s.best] : undefined;
  return {
    kind: 'sweep',
    points,
    rules,
    best: s.best,
    yDomain: [lo / 1.5, top * 1.5],
    lossUnit: s.lossUnit,
    summary: sweepSummary(best && best.finalLoss !== null ? { learningRate: best.learningRate, finalLoss: best.finalLoss, verdict: best.verdict, verdictEpoch: best.verdictEpoch } : null, s.stableLearningRateBound, s.suggestedLearningRate),
    explanation: sweepExplanation(s),
    currentRate,
  };
}

const expr = (name: string) => ({ expr: name });

const yLog = (title: string) =>
  ({
    type: 'quantitative',
    title,
    scale: { type: 'log', domain: expr('yDomain'), nice: false },
    axis: { labelExpr: "abs(datum.value) >= 1e6 || (abs(datum.value) < 1e-3 && datum.value != 0) ? format(datum.value, '.0e') : format(datum.value, ',~r')", tickCount: 6, ...axisWords(t('Y-axis: {0}, log scale', title)) },
  }) as const;

/**
 * An axis a screen reader hears, in the display language (the specs compile without Vega-Lite's
 * own English descriptions: src/chart/compileSpec.ts). `description` is a text or an expression.
 */
const axisWords = (description: string | { expr: string }) => ({ aria: true, description }) as const;

/**
 * The comparison's spec: datasets `bands` (per-update min–max, faint), `curves` (lines), `exits`
 * (▲ where a curve leaves the top) and `ends` (each curve's last point, labelled with its verdict);
 * signals `xTitle`, `yDomain`, `colorDomain`. The x field `x` is set by the page per axis choice.
 */
function comparisonSpec(lossUnit: string): TopLevelSpec {
  const xWords = t('X-axis: {0}', '\u0000').split('\u0000').map((part) => JSON.stringify(part));
  const x = { field: 'x', type: 'quantitative', axis: { title: expr('xTitle'), format: ',~r', tickCount: { expr: 'ceil(width / 90)' }, ...axisWords({ expr: `${xWords[0]} + xTitle + ${xWords[1] ?? '""'}` }) }, scale: { nice: false } } as const;
  const color = {
    field: 'run',
    type: 'nominal',
    scale: { domain: expr('colorDomain'), range: 'category' },
    legend: { title: null, orient: 'bottom', direction: 'vertical', labelLimit: 600, symbolOpacity: 1, symbolSize: 140, ...legendLabels() },
  } as const;
  const y = (field: string) => ({ field, ...yLog(t('training loss, {0}', lossUnitLabel(lossUnit) || t('squared error'))) });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: t('Compared runs'),
    width: 'container',
    height: LAB_CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    background: null,
    params: [
      { name: 'xTitle', value: t('epoch') },
      { name: 'yDomain', value: [1, 10] },
      { name: 'colorDomain', value: [] },
    ],
    layer: [
      { data: { name: 'bands' }, mark: { type: 'area', opacity: 0.16, clip: true, aria: false }, encoding: { x, y: y('min'), y2: { field: 'max' }, color, detail: { field: 'run' } } },
      {
        data: { name: 'curves' },
        mark: { type: 'line', strokeWidth: 2.25, clip: true, point: { size: 14, filled: true }, aria: false },
        encoding: {
          x,
          y: y('loss'),
          color,
          tooltip: [
            { field: 'run', title: t('run') },
            { field: 'epoch', type: 'quantitative', title: t('epoch'), format: ',' },
            { field: 'update', type: 'quantitative', title: t('weight updates'), format: ',' },
            { field: 'examples', type: 'quantitative', title: t('examples seen'), format: ',' },
            { field: 'loss', type: 'quantitative', title: lossTitle(lossUnit), format: '.4~g' },
          ],
        },
      },
      { data: { name: 'exits' }, mark: { type: 'point', shape: 'triangle-up', filled: true, size: 120, clip: false, aria: false }, encoding: { x, y: y('loss'), color } },
      { data: { name: 'exits' }, mark: { type: 'text', dy: -10, fontWeight: 'bold', clip: false, aria: false }, encoding: { x, y: y('loss'), text: { field: 'text' }, color } },
    ],
  } as unknown as TopLevelSpec;
}

/**
 * The sweep's spec: datasets `points` (rate, y, verdict…), `rules` (bound and suggestion); signal
 * `yDomain`. Both axes are logarithmic; a click on a point names its `index` (the page turns it
 * into "use this rate").
 */
function sweepSpec(lossUnit: string): TopLevelSpec {
  const x = { field: 'learningRate', type: 'quantitative', title: t('learning rate (log scale)'), scale: { type: 'log', nice: false }, axis: { format: '.1~e', labelOverlap: 'greedy', tickCount: 8, ...axisWords(t('X-axis: {0}', t('learning rate (log scale)'))) } } as const;
  const y = { field: 'y', ...yLog(t('final training loss, {0}', lossUnitLabel(lossUnit) || t('squared error'))) };
  const verdictColor = { field: 'verdictKind', type: 'nominal', title: null, scale: { domain: ['converged', 'not converged', 'diverged'], range: 'category' }, legend: { orient: 'bottom', direction: 'horizontal', ...legendLabels() } } as const;  // l10n-key
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: t('Learning-rate sweep'),
    width: 'container',
    height: LAB_CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    // Room above the plot for the rules' labels.
    padding: { top: 36, left: 5, right: 5, bottom: 5 },
    background: null,
    params: [{ name: 'yDomain', value: [1, 10] }],
    transform: [],
    layer: [
      { data: { name: 'rules' }, mark: { type: 'rule', strokeDash: [5, 4], strokeWidth: 1.5, aria: false }, encoding: { x: { field: 'learningRate', type: 'quantitative', scale: x.scale } } },
      // Above the plot, one row per rule, so the two labels never overlap each other or the points.
      { data: { name: 'rules' }, mark: { type: 'text', align: 'center', baseline: 'bottom', y: { expr: 'datum.row * -15 - 4' }, fontWeight: 'bold', aria: false }, encoding: { x: { field: 'learningRate', type: 'quantitative', scale: x.scale }, text: { field: 'text' } } },
      { data: { name: 'points' }, transform: [{ filter: '!datum.diverged' }], mark: { type: 'line', strokeWidth: 1, opacity: 0.5, aria: false }, encoding: { x, y } },
      {
        data: { name: 'points' },
        mark: { type: 'point', filled: true, size: 90, cursor: 'pointer', aria: false },
        encoding: {
          x,
          y,
          color: verdictColor,
          shape: { field: 'verdictKind', type: 'nominal', scale: { domain: ['converged', 'not converged', 'diverged'], range: ['circle', 'square', 'cross'] } },  // l10n-key
          tooltip: [
            { field: 'learningRate', type: 'quantitative', title: t('learning rate'), format: '.4~g' },
            { field: 'verdict', title: t('verdict') },
            { field: 'finalLoss', type: 'quantitative', title: lossUnit ? t('final loss {0}', lossUnitLabel(lossUnit)) : t('final loss'), format: '.4~g' },
            { field: 'epochsRun', type: 'quantitative', title: t('epochs run'), format: ',' },
            { field: 'hint', title: t('click') },
          ],
        },
      },
      { data: { name: 'points' }, transform: [{ filter: 'datum.best' }], mark: { type: 'point', filled: false, size: 360, strokeWidth: 2.5, aria: false }, encoding: { x, y } },
      { data: { name: 'points' }, transform: [{ filter: 'datum.best' }], mark: { type: 'text', dy: -18, fontWeight: 'bold', aria: false }, encoding: { x, y, text: { field: 'bestText' } } },
    ],
  } as unknown as TopLevelSpec;
}

/** The Vega-Lite spec of a lab chart: the sweep's, or the one both comparisons share. */
export function labChartSpec(kind: LabKind, lossUnit: string): TopLevelSpec {
  return kind === 'sweep' ? sweepSpec(lossUnit) : comparisonSpec(lossUnit);
}

/**
 * The compiled Vega spec of a lab chart (`compile(vegaLite).spec`), keyed by kind and loss unit:
 * compile it once and keep it. Both comparisons share one spec.
 */
export function buildLabSpec(kind: LabKind, lossUnit: string): LabSpec {
  const key = labSpecKey(kind, lossUnit);
  return { key, spec: compileSpec(labChartSpec(kind, lossUnit)) };
}

export const labSpecKey = (kind: LabKind, lossUnit: string): string => JSON.stringify([kind === 'sweep' ? 'sweep' : 'comparison', lossUnit]);
