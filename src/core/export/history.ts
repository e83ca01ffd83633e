/**
 * A run's history as a file of its own (the panel's "export history"): CSV for a spreadsheet, JSON
 * for a program. One row an entry of the history as the report carries it (thinned for long runs:
 * the `epoch` column names each entry's epoch).
 */
import type { RunReport } from '../../shared/report';

/** The epoch of each history entry: `history.epochs` when thinned, else 0, 1, 2, … */
function epochsOf(h: NonNullable<RunReport['history']>): number[] {
  return h.epochs ?? h.trainLoss.map((_, i) => i);
}

const cell = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/**
 * The history as CSV: `epoch,train_loss` and, when present, `validation_loss` and `learning_rate`
 * (entry 0, before training, has no rate); a non-finite loss is an empty cell. Numbers are written
 * in full (shortest round-trip text). e.g. `epoch,train_loss\n0,601.3\n1,20.1\n`.
 */
export function historyCsv(report: RunReport): string {
  const h = report.history;
  if (!h) throw new Error('This run has no history (it did not train).');
  const header = ['epoch', 'train_loss', ...(h.validationLoss ? ['validation_loss'] : []), ...(h.learningRates ? ['learning_rate'] : [])];
  const lines = [header.join(',')];
  epochsOf(h).forEach((epoch, i) => {
    const row = [String(epoch), cell(h.trainLoss[i])];
    if (h.validationLoss) row.push(cell(h.validationLoss[i]));
    if (h.learningRates) row.push(cell(h.learningRates[i]));
    lines.push(row.join(','));
  });
  return `${lines.join('\n')}\n`;
}

/**
 * The history as JSON: `{ format: "descent-history", version: 1, lossUnit, verdict, config, epochs,
 * trainLoss, validationLoss, learningRates }`, the series aligned with `epochs`.
 */
export function historyJson(report: RunReport): string {
  const h = report.history;
  if (!h) throw new Error('This run has no history (it did not train).');
  const doc = {
    format: 'descent-history',
    version: 1,
    lossUnit: report.lossUnit,
    verdict: report.verdict,
    config: report.config,
    epochs: epochsOf(h),
    trainLoss: h.trainLoss,
    validationLoss: h.validationLoss,
    learningRates: h.learningRates,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
