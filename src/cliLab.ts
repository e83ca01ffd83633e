import { displayWidth, lossUnitLabel, padEndColumns, padStartColumns, verdictLabel } from './cliFormat';
import { formatCount, formatNumber } from './shared/format';
import { t } from './shared/l10n';
import { comparedRoleLabel, sweepSummary } from './shared/labWording';
import { verdictSummary } from './shared/wording';
import type { Comparison, SweepReport } from './shared/lab';

/** The sweep as a table, one rate a line: the best marked ★, rates above the bound marked ↑, runs stopped early noted. */
export function formatSweepTable(s: SweepReport): string[] {
  const head = [t('learning rate'), t('verdict'), t('epochs'), t('final loss')] as const;
  const verdicts = s.points.map((p) => verdictSummary(p.verdict, p.verdictEpoch));
  // English's column widths, widened where a translated heading is longer.
  const w0 = Math.max(14, displayWidth(head[0]));
  const w1 = Math.max(24, displayWidth(head[1]));
  const w2 = Math.max(7, displayWidth(head[2]));
  const lines = [`  ${padEndColumns(head[0], w0)} ${padEndColumns(head[1], w1)} ${padStartColumns(head[2], w2)}   ${head[3]}`];
  s.points.forEach((p, i) => {
    const mark = i === s.best ? '★' : s.stableLearningRateBound !== null && p.learningRate > s.stableLearningRateBound ? '↑' : ' ';
    const stopped = p.stoppedEarly === 'diverging' ? ` (${t('stopped: loss past 100× its start')})` : p.stoppedEarly === 'non-finite' ? ` (${t('stopped: loss overflowed')})` : '';
    lines.push(`${mark} ${formatNumber(p.learningRate).padEnd(w0)} ${padEndColumns(verdicts[i] ?? '', w1)} ${formatCount(p.epochsRun).padStart(w2)}   ${p.finalLoss === null ? '—' : formatNumber(p.finalLoss)}${stopped}`);
  });
  return lines;
}

/**
 * Final loss against rate as text, both axes logarithmic (the loss axis when it spans more than
 * two decades): ● a run's final loss, × a diverged run (off the top), and under the axis B the
 * stable bound and S the suggestion at their places among the rates.
 */
export function formatSweepChart(s: SweepReport, height = 8): string[] {
  const pts = s.points;
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last || pts.length < 2) return [];
  const finite = pts.map((p) => p.finalLoss).filter((v): v is number => v !== null && v > 0);
  if (finite.length === 0) return [];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const logY = hi / lo > 100;
  const fy = (v: number) => (logY ? Math.log10(v) : v);
  const width = Math.min(72, 3 * (pts.length - 1) + 1);
  const x0 = Math.log10(first.learningRate);
  const span = Math.log10(last.learningRate) - x0 || 1;
  const column = (rate: number) => Math.round(((Math.log10(rate) - x0) / span) * (width - 1));
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  for (const p of pts) {
    const c = column(p.learningRate);
    if (p.finalLoss === null) (grid[height - 1] as string[])[c] = '×';
    else {
      const level = hi === lo ? 0 : Math.round(((fy(p.finalLoss) - fy(lo)) / (fy(hi) - fy(lo))) * (height - 1));
      (grid[level] as string[])[c] = '●';
    }
  }
  const lines: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    const label = r === height - 1 ? formatNumber(hi) : r === 0 ? formatNumber(lo) : '';
    lines.push(`${label.padStart(9)} │${(grid[r] as string[]).join('')}`);
  }
  lines.push(`${''.padStart(9)} └${'─'.repeat(width)}`);
  const marks = new Array<string>(width).fill(' ');
  const place = (rate: number | null, ch: string) => {
    if (rate === null || !(rate > 0)) return;
    const c = column(rate);
    if (c >= 0 && c < width && marks[c] === ' ') marks[c] = ch;
  };
  place(s.stableLearningRateBound, 'B');
  place(s.suggestedLearningRate, 'S');
  lines.push(`${''.padStart(9)}  ${marks.join('').trimEnd()}`);
  const left = `lr ${formatNumber(first.learningRate)}`;
  const right = formatNumber(last.learningRate);
  const key = logY ? t('(log rate, log loss; B bound, S suggested, × diverged)') : t('(log rate; B bound, S suggested, × diverged)');
  lines.push(`${''.padStart(9)}  ${left}${right.padStart(Math.max(1, width - left.length))}  ${key}`);
  return lines;
}

/** The whole text report of `descent sweep`. */
export function formatSweep(file: string, s: SweepReport): string {
  const best = s.best !== null ? s.points[s.best] : undefined;
  const batches = s.regime === 'full-batch' ? t('full batch') : t('batches of {0}', formatCount(s.batchSize));
  const optimum = Number.isFinite(s.optimalLoss) ? formatNumber(s.optimalLoss) : t('none (no finite optimum: the classes are separable)');
  return [
    t('{file}: learning-rate sweep, {rates} rates, {epochs} epochs each, {batches}', { file, rates: s.points.length, epochs: formatCount(s.epochs), batches }),
    t('Loss {unit}: {start} at the start, best possible L* = {optimum}', { unit: lossUnitLabel(s.lossUnit), start: formatNumber(s.startLoss), optimum }),
    '',
    ...formatSweepTable(s),
    '',
    ...formatSweepChart(s),
    '',
    sweepSummary(best && best.finalLoss !== null ? { learningRate: best.learningRate, finalLoss: best.finalLoss, verdict: best.verdict, verdictEpoch: best.verdictEpoch } : null, s.stableLearningRateBound, s.suggestedLearningRate),
  ].join('\n');
}

/** `descent compare`: one line a run: its rate or batch, why it was chosen, the verdict, the epoch it names, the final loss and the updates. */
export function formatComparison(file: string, c: Comparison): string {
  const lines = [c.kind === 'learning-rates' ? t('{0}: learning rates compared', file) : t('{0}: batch sizes compared', file)];
  for (const run of c.runs) {
    const r = run.report;
    const what = c.kind === 'learning-rates' ? `lr ${formatNumber(run.learningRate)}` : t('batch {0}', formatCount(run.batchSize));
    lines.push(
      t('{what} {role} {verdict} epoch {epoch} final loss {loss}, {updates}', {
        what: padEndColumns(what, 16),
        role: padEndColumns(comparedRoleLabel(run.role), 26),
        verdict: padEndColumns(verdictLabel(r.verdict), 12),
        epoch: (r.verdictEpoch === null ? '—' : formatCount(r.verdictEpoch)).padEnd(6),
        loss: r.finalLoss === null ? '—' : formatNumber(r.finalLoss),
        updates: t('{0} updates', formatCount(r.totalUpdates)),
      }),
    );
  }
  return lines.join('\n');
}
