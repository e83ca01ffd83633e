/**
 * What the page says about a snapshot, as plain data: the badge, the verdict in words, the
 * update-count rows, the data summary, the messages the page accepts. Pure: no DOM, so every
 * line of text the panel shows can be unit-tested.
 */
import type { LocatedProblem, Verdict } from '../src/core/run';
import type { BatchKind, UpdateTable } from '../src/core/updates';
import { type HostToWebview, type PanelReport, type PanelSnapshot, type PanelState, type ViewState, parseViewState } from '../src/protocol';
import { formatCount, formatSignificant, formatValue } from './format';

/** How a badge is coloured: each tone maps to one theme colour in panel.css. */
export type Tone = 'ok' | 'warn' | 'error' | 'busy' | 'neutral';

export interface Badge {
  text: string;
  tone: Tone;
}

const VERDICT_TONE: Record<Verdict, Tone> = { converged: 'ok', 'too-slow': 'warn', oscillating: 'warn', diverged: 'error' };

/** The badge for a finished report, e.g. "converged at epoch 12", "diverged at epoch 7", "cancelled". */
function verdictBadge(report: PanelReport | null): Badge {
  if (!report || !report.trained) return { text: 'not trained', tone: 'neutral' };
  if (report.stoppedEarly === 'cancelled' || report.verdict === null) return { text: 'cancelled', tone: 'neutral' };
  const at = report.verdictEpoch !== null ? ` at epoch ${formatCount(report.verdictEpoch)}` : '';
  switch (report.verdict) {
    case 'converged':
      return { text: `converged${at}`, tone: 'ok' };
    case 'diverged':
      return { text: `diverged${at}`, tone: 'error' };
    case 'oscillating':
      return { text: 'oscillating', tone: 'warn' };
    case 'too-slow':
      return { text: 'too slow to converge', tone: 'warn' };
    default: {
      const never: never = report.verdict;
      throw new Error(`unknown verdict ${String(never)}`);
    }
  }
}

/**
 * The state badge for a snapshot: what the panel is showing in one or three words, e.g.
 * `{ text: "training…", tone: "busy" }` or `{ text: "diverged at epoch 7", tone: "error" }`.
 */
export function badgeFor(snapshot: Pick<PanelSnapshot, 'state' | 'report'>): Badge {
  const state: PanelState = snapshot.state;
  switch (state) {
    case 'idle':
      return { text: 'not run yet', tone: 'neutral' };
    case 'training':
      return { text: 'training…', tone: 'busy' };
    case 'done':
      return verdictBadge(snapshot.report);
    case 'invalid':
      return { text: 'invalid', tone: 'error' };
    case 'untrusted':
      return { text: 'untrusted', tone: 'warn' };
    case 'deleted':
      return { text: 'deleted', tone: 'neutral' };
    case 'crashed':
      return { text: 'crashed', tone: 'error' };
    default: {
      const never: never = state;
      throw new Error(`unknown panel state ${String(never)}`);
    }
  }
}

/** What an idle, untrusted, deleted or crashed panel says when the host gives no message. */
export function defaultMessage(state: PanelState): string | null {
  switch (state) {
    case 'idle':
      return 'Save training.json or press “Train” to train it.';
    case 'untrusted':
      return 'This workspace is not trusted, so Descent does not read data or train.';
    case 'deleted':
      return 'The training.json was deleted or renamed.';
    case 'crashed':
      return 'The training worker stopped. Save the file or press “Train again” to start a fresh one.';
    case 'training':
    case 'done':
    case 'invalid':
      return null;
    default: {
      const never: never = state;
      throw new Error(`unknown panel state ${String(never)}`);
    }
  }
}

/** The verdict as a heading, e.g. "Diverged: the learning rate is too large". */
export function verdictHeadline(verdict: Verdict): string {
  switch (verdict) {
    case 'converged':
      return 'Converged';
    case 'too-slow':
      return 'Too slow: the learning rate is too small for this many epochs';
    case 'oscillating':
      return 'Oscillating: the learning rate is too large to settle';
    case 'diverged':
      return 'Diverged: the learning rate is too large';
    default: {
      const never: never = verdict;
      throw new Error(`unknown verdict ${String(never)}`);
    }
  }
}

/** The tone of a verdict, for its heading's marker. */
export const verdictTone = (verdict: Verdict): Tone => VERDICT_TONE[verdict];

/** Whether to offer "Use suggested rate": the run's verdict carries a quick fix. */
export function offersSuggestedRate(report: PanelReport): boolean {
  return suggestedFixRate(report) !== null;
}

/**
 * The rate the verdict's quick fix sets, decided by the core so it points the right way (smaller
 * for diverged and oscillating runs, larger for slow ones), or null when there is none.
 */
export function suggestedFixRate(report: PanelReport): number | null {
  const verdicts = ['diverged', 'oscillating', 'too-slow'];
  const value = report.problems.find((p) => verdicts.includes(p.code) && p.fix)?.fix?.value;
  return typeof value === 'number' ? value : null;
}

/** The batch-size description of a config, e.g. "full batch", "SGD (batch size 1)", "mini-batches of 32". */
export function batchDescription(kind: BatchKind, batchSize: number): string {
  switch (kind) {
    case 'full':
      return `full batch (${formatCount(batchSize)} examples per update)`;
    case 'sgd':
      return 'SGD (batch size 1)';
    case 'miniBatch':
      return `mini-batches of ${formatCount(batchSize)}`;
    default: {
      const never: never = kind;
      throw new Error(`unknown batch kind ${String(never)}`);
    }
  }
}

/** One row of the update-count table (the seed's figure 27). */
export interface UpdateRow {
  kind: BatchKind;
  /** e.g. "Mini-batch SGD". */
  name: string;
  /** When the weights change, e.g. "after each batch". */
  when: string;
  batchSize: string;
  perEpoch: string;
  total: string;
  current: boolean;
}

const ROW_TEXT: Record<BatchKind, { name: string; when: string }> = {
  full: { name: 'Full batch', when: 'after every example has been seen' },
  sgd: { name: 'SGD', when: 'after each single example' },
  miniBatch: { name: 'Mini-batch SGD', when: 'after each batch' },
};

/** The update-count table as text, full batch / SGD / mini-batch, e.g. SGD: "1", "318", "15,900". */
export function updateRows(table: UpdateTable): UpdateRow[] {
  return (['full', 'sgd', 'miniBatch'] as const).map((kind) => ({
    kind,
    ...ROW_TEXT[kind],
    batchSize: formatCount(table[kind].batchSize),
    perEpoch: formatCount(table[kind].perEpoch),
    total: formatCount(table[kind].total),
    current: table.current === kind,
  }));
}

/** The facts about the data, one line each, e.g. "398 rows from cars (8 dropped: a value was missing)". */
export function dataSummary(report: PanelReport): string[] {
  const data = report.data;
  if (!data) return [];
  const lines = [`${formatCount(data.rows)} rows from ${data.source}` + (data.droppedRows > 0 ? ` (${formatCount(data.droppedRows)} dropped: a value was missing)` : '')];
  lines.push(`${formatCount(report.samples)} for training, ${data.validationRows > 0 ? `${formatCount(data.validationRows)} held out for validation` : 'none held out for validation'}`);
  if (data.normalization.method === 'zscore') {
    const scales = data.normalization.features.map((f) => `${f.name}: mean ${formatSignificant(f.mean)}, sd ${formatSignificant(f.std)}`);
    lines.push(`Features z-scored while training${scales.length ? ` (${scales.join('; ')})` : ''}; the equation is in the original units`);
  } else {
    lines.push('Features used as they are (no normalization)');
  }
  return lines;
}

/** The learning-rate facts, e.g. "0.05 (stable below 0.998 for full batch)". */
export function learningRateSummary(report: PanelReport): string | null {
  const lr = report.config?.learningRate;
  if (lr === undefined) return null;
  const bound = report.stableLearningRateBound;
  return bound === null ? formatValue(lr) : `${formatValue(lr)} (full batch is stable below ${formatValue(bound)})`;
}

/** A problem as one line, e.g. "3:18 error: learningRate must be > 0". */
export function problemLine(p: Pick<LocatedProblem, 'line' | 'column' | 'severity' | 'message'>): string {
  return `${p.line}:${p.column} ${p.severity}: ${p.message}`;
}

/** Problems errors first, then warnings, then infos, each in file order. */
export function sortProblems<P extends Pick<LocatedProblem, 'line' | 'column' | 'severity'>>(problems: readonly P[]): P[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...problems].sort((a, b) => rank[a.severity] - rank[b.severity] || a.line - b.line || a.column - b.column);
}

/** A progress line, e.g. "epoch 12 of 50 · loss 23.4". */
export function progressText(epoch: number, epochs: number, loss: number | null): string {
  return `epoch ${formatCount(epoch)} of ${formatCount(epochs)}${loss !== null ? ` · loss ${formatValue(loss)}` : ''}`;
}

/**
 * What the page persists with setState: its view, and the file it shows, which VS Code hands
 * back to the host to revive the panel after a reload.
 */
export interface PageState {
  view: ViewState;
  fileUri: string | null;
}

/** The saved file URI of a previous page of this panel, or null. */
export function restoreFileUri(saved: unknown): string | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const uri = (saved as { fileUri?: unknown }).fileUri;
  return typeof uri === 'string' && uri.length > 0 ? uri : null;
}

/** The view state saved by a previous page of this panel, or null when there is none or it is not valid. */
export function restoreView(saved: unknown): ViewState | null {
  if (typeof saved !== 'object' || saved === null) return null;
  return parseViewState((saved as { view?: unknown }).view);
}

/** The view with one setting changed, e.g. `changeView(v, { logScale: false })`. */
export function changeView(view: ViewState, change: Partial<ViewState>): ViewState {
  return { ...view, ...change };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const PANEL_STATES: readonly string[] = ['idle', 'training', 'done', 'invalid', 'untrusted', 'deleted', 'crashed'] satisfies PanelState[];

/**
 * A host message, checked for the fields the page relies on; anything else is null (ignored).
 * The host is trusted, but a malformed message should fail here rather than half-way through a render.
 */
export function parseHostMessage(raw: unknown): HostToWebview | null {
  if (!isObject(raw)) return null;
  switch (raw.type) {
    case 'snapshot': {
      const s = raw.snapshot;
      if (!isObject(s) || typeof s.state !== 'string' || !PANEL_STATES.includes(s.state) || typeof s.fileName !== 'string' || typeof s.fileUri !== 'string' || typeof s.runId !== 'number') return null;
      if (!Array.isArray(s.previous) || !parseViewState(s.view) || (s.report !== null && !isObject(s.report)) || (s.chart !== null && !isObject(s.chart))) return null;
      return { type: 'snapshot', snapshot: s as unknown as PanelSnapshot };
    }
    case 'progress': {
      const { runId, epoch, epochs, loss } = raw;
      if (typeof runId !== 'number' || typeof epoch !== 'number' || typeof epochs !== 'number' || (loss !== null && typeof loss !== 'number')) return null;
      return { type: 'progress', runId, epoch, epochs, loss };
    }
    default:
      return null;
  }
}
