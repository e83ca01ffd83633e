import { formatCount, formatNumber } from './shared/format';
import { comparedRoleLabel, sweepSummary } from './shared/labWording';
import { verdictSummary } from './shared/wording';
import type { Comparison, SweepReport } from './shared/lab';

/** The sweep as a table, one rate a line: the best marked ★, rates above the bound marked ↑, runs stopped early noted. */
export function formatSweepTable(s: SweepReport): string[] {
  const lines = [`  ${'learning rate'.padEnd(14)} ${'verdict'.padEnd(24)} ${'epochs'.padStart(7)}   final loss`];
  s.points.forEach((p, i) => {
    const mark = i === s.best ? '★' : s.stableLearningRateBound !== null && p.learningRate > s.stableLearningRateBound ? '↑' : ' ';
    const stopped = p.stoppedEarly === 'diverging' ? ' (stopped: loss past 100× its start)' : p.stoppedEarly === 'non-finite' ? ' (stopped: loss overflowed)' : '';
    lines.push(`${mark} ${formatNumber(p.learningRate).padEnd(14)} ${verdictSummary(p.verdict, p.verdictEpoch).padEnd(24)} ${formatCount(p.epochsRun).padStart(7)}   ${p.finalLoss === null ? '—' : formatNumber(p.finalLoss)}${stopped}`);
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
  lines.push(`${''.padStart(9)}  ${left}${right.padStart(Math.max(1, width - left.length))}  (log rate${logY ? ', log loss' : ''}; B bound, S suggested, × diverged)`);
  return lines;
}

/** The whole text report of `descent sweep`. */
export function formatSweep(file: string, s: SweepReport): string {
  const best = s.best !== null ? s.points[s.best] : undefined;
  return [
    `${file}: learning-rate sweep, ${s.points.length} rates, ${formatCount(s.epochs)} epochs each, ${s.regime === 'full-batch' ? 'full batch' : `batches of ${formatCount(s.batchSize)}`}`,
    `Loss ${s.lossUnit}: ${formatNumber(s.startLoss)} at the start, best possible L* = ${Number.isFinite(s.optimalLoss) ? formatNumber(s.optimalLoss) : 'none (no finite optimum: the classes are separable)'}`,
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
  const lines = [`${file}: ${c.kind === 'learning-rates' ? 'learning rates compared' : 'batch sizes compared'}`];
  for (const run of c.runs) {
    const r = run.report;
    const what = c.kind === 'learning-rates' ? `lr ${formatNumber(run.learningRate)}` : `batch ${formatCount(run.batchSize)}`;
    const updates = `${formatCount(r.totalUpdates)} updates`;
    lines.push(
      `${what.padEnd(16)} ${comparedRoleLabel(run.role).padEnd(26)} ${(r.verdict ?? 'cancelled').padEnd(12)} epoch ${(r.verdictEpoch === null ? '—' : formatCount(r.verdictEpoch)).padEnd(6)} final loss ${r.finalLoss === null ? '—' : formatNumber(r.finalLoss)}, ${updates}`,
    );
  }
  return lines.join('\n');
}
