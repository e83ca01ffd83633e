/**
 * The loss chart's data: a run's curves, its batch-loss band, its verdict rule and the file's
 * other runs, each series once and the same for every view (the page picks the view). Pure:
 * no `vscode`, no DOM.
 */
import { formatCount } from '../shared/format';
import { t } from '../shared/l10n';
import type { LossBucket, RunReport } from '../shared/report';
import { type BatchBand, type ChartData, type LossCurve, type PreviousCurve, type RateCurve, type VerdictRule, FIXED_SERIES, MAX_PREVIOUS_DRAWN, SERIES } from '../shared/series';
import { MAX_RUNS } from '../shared/runs';
import { verdictSummary } from '../shared/wording';
import type { PreviousRun } from './previousRuns';
import { MAX_CHART_POINTS, downsampleSeries, updatesPerEpoch } from './thinning';

export { MAX_CHART_POINTS, downsampleSeries };
import { chartStructure, structureKey } from './lossSpec';

/**
 * Merges neighbouring batch-loss buckets until at most `maxBuckets` remain: min of the mins, max
 * of the maxes, count-weighted mean. A null (non-finite) max or mean stays null.
 */
export function mergeLossBuckets(buckets: readonly LossBucket[], maxBuckets = MAX_CHART_POINTS): LossBucket[] {
  if (buckets.length <= maxBuckets) return buckets.slice();
  const group = Math.ceil(buckets.length / maxBuckets);
  const out: LossBucket[] = [];
  for (let i = 0; i < buckets.length; i += group) {
    const part = buckets.slice(i, i + group);
    const count = part.reduce((s, b) => s + b.count, 0);
    const mins = part.map((b) => b.min).filter((v): v is number => v !== null);
    const overflow = part.some((b) => b.max === null || b.mean === null);
    out.push({
      update: (part[0] as LossBucket).update,
      count,
      min: mins.length ? Math.min(...mins) : null,
      max: overflow ? null : Math.max(...part.map((b) => b.max as number)),
      mean: overflow ? null : part.reduce((s, b) => s + (b.mean as number) * b.count, 0) / count,
    });
  }
  return out;
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * An epoch-indexed loss series as a curve: non-finite values dropped, thinned to the cap.
 * (A log axis also drops losses ≤ 0; the page does, after thinning, so one curve serves both axes.)
 */
function lossCurve(losses: readonly (number | null)[], epochs: readonly number[] | null): LossCurve {
  const points: { epoch: number; loss: number }[] = [];
  losses.forEach((loss, i) => {
    if (finite(loss)) points.push({ epoch: epochs?.[i] ?? i, loss });
  });
  const kept = downsampleSeries(points, (p) => p.loss);
  return { epochs: kept.map((p) => p.epoch), loss: kept.map((p) => p.loss) };
}

/**
 * A schedule's rate per epoch from a history's `learningRates` (entry 0, before training, is null),
 * at the history's epochs, thinned like a loss curve; null for a constant rate (no `learningRates`).
 */
export function rateCurve(history: Pick<NonNullable<RunReport['history']>, 'learningRates' | 'epochs'> | null): RateCurve | null {
  const rates = history?.learningRates;
  if (!rates) return null;
  const points: { epoch: number; rate: number }[] = [];
  rates.forEach((rate, i) => {
    if (finite(rate)) points.push({ epoch: history.epochs?.[i] ?? i, rate });
  });
  if (points.length === 0) return null;
  const kept = downsampleSeries(points, (p) => p.rate);
  return { epochs: kept.map((p) => p.epoch), rate: kept.map((p) => p.rate) };
}

function batchBand(buckets: readonly LossBucket[]): BatchBand | null {
  const band: BatchBand = { update: [], count: [], min: [], mean: [], max: [] };
  for (const b of mergeLossBuckets(buckets)) {
    if (!finite(b.mean) || !finite(b.min) || !finite(b.max)) continue;
    band.update.push(b.update);
    band.count.push(b.count);
    band.min.push(b.min);
    band.mean.push(b.mean);
    band.max.push(b.max);
  }
  return band.update.length ? band : null;
}

function verdictRule(report: RunReport): VerdictRule | null {
  const epoch = report.verdictEpoch;
  if (epoch === null) return null;
  // The marker's words are the wording table's summary ("converged at epoch 19"), so the chart, badge and status bar agree.
  switch (report.verdict) {
    case 'converged':
      return { series: SERIES.converged, epoch, text: verdictSummary('converged', epoch) };
    case 'diverged':
      return { series: SERIES.diverged, epoch, text: verdictSummary('diverged', epoch) };
    case 'oscillating':
      return { series: SERIES.oscillating, epoch, text: t('above its start at epoch {0}', formatCount(epoch)) };
    default:
      return null;
  }
}

/** Slots made unique (a run whose slot is taken gets the next free one), so no two runs share a colour. */
function uniqueSlots(runs: readonly PreviousRun[]): number[] {
  const used = new Set<number>();
  return runs.map((r) => {
    let slot = r.slot;
    while (used.has(slot) || slot >= MAX_RUNS) slot = slot >= MAX_RUNS ? 0 : slot + 1;
    used.add(slot);
    return slot;
  });
}

/** Labels made unique, so two runs never share a legend entry or a colour. */
function uniqueLabels(runs: readonly PreviousRun[]): string[] {
  const seen = new Set<string>(FIXED_SERIES);
  return runs.map((r) => {
    let label = r.label;
    if (seen.has(label)) label = t('{0} (run {1})', r.label, r.runId);
    for (let k = 2; seen.has(label); k++) label = t('{0} (run {1}, {2})', r.label, r.runId, k);
    seen.add(label);
    return label;
  });
}

/**
 * The chart's data for a report (trained, with a history) and its file's other shown runs (most
 * recent first; at most `MAX_PREVIOUS_DRAWN` are kept): every view's, each series once.
 */
export function lossChartData(report: RunReport, previous: readonly PreviousRun[]): ChartData {
  const perEpoch = updatesPerEpoch(report);
  const history = report.history;
  const runs = previous.slice(0, MAX_PREVIOUS_DRAWN);
  const labels = uniqueLabels(runs);
  const slots = uniqueSlots(runs);
  const curves: PreviousCurve[] = runs.map((run, i) => ({
    runId: run.runId,
    label: labels[i] as string,
    slot: slots[i] as number,
    updatesPerEpoch: run.updatesPerEpoch,
    diverged: run.verdict === 'diverged',
    optimalLoss: run.optimalLoss !== null && Number.isFinite(run.optimalLoss) ? run.optimalLoss : null,
    ...lossCurve(run.trainLoss, run.epochs),
  }));
  const validation = history?.validationLoss ? lossCurve(history.validationLoss, history.epochs) : null;
  // With one update per epoch the batch loss is the epoch curve itself: no noise to show.
  const batch = history && perEpoch > 1 ? batchBand(history.batchLoss) : null;
  const data: Omit<ChartData, 'specKey'> = {
    lossUnit: report.lossUnit,
    updatesPerEpoch: perEpoch,
    training: history ? lossCurve(history.trainLoss, history.epochs) : { epochs: [], loss: [] },
    validation: validation && validation.loss.length > 0 ? validation : null,
    batch,
    verdict: verdictRule(report),
    diverged: report.verdict === 'diverged',
    optimalLoss: report.optimalLoss !== null && Number.isFinite(report.optimalLoss) ? report.optimalLoss : null,
    previous: curves,
    rates: rateCurve(history),
  };
  return { specKey: structureKey(chartStructure(data)), ...data };
}
