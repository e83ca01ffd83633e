/**
 * What the page says about a snapshot, as plain data: the badge, the verdict in words, the
 * update-count rows, the data summary, the messages the page accepts. Pure: no DOM, so every
 * line of text the panel shows can be unit-tested.
 */
import { type ProblemFix, VERDICT_CODES } from '../src/shared/problems';

import type { HostToWebview, PanelReport, PanelSnapshot, PanelState } from '../src/shared/protocol';
import { verdictHeadline as headline, verdictSummary } from '../src/shared/wording';
import { formatCount, formatValue } from './format';
import type { ChartSpecs } from '../src/shared/series';
import type { ModelSpecs, ModelViews } from '../src/shared/modelView';
import type { BatchKind, LocatedProblem, UpdateTable, Verdict } from '../src/shared/report';

/** How a badge is coloured: each tone maps to one theme colour in panel.css. */
export type Tone = 'ok' | 'info' | 'warn' | 'error' | 'busy' | 'neutral';

export interface Badge {
  text: string;
  tone: Tone;
}

/** The tone follows the Problems entry's severity: too slow is Information, oscillating a Warning, diverged an Error. */
const VERDICT_TONE: Record<Verdict, Tone> = { converged: 'ok', 'too-slow': 'info', oscillating: 'warn', diverged: 'error' };

/** The badge for a finished report, e.g. "converged at epoch 12", "diverged at epoch 7", "cancelled" (the wording table's summary). */
function verdictBadge(report: PanelReport | null): Badge {
  if (!report || !report.trained) return { text: 'not trained', tone: 'neutral' };
  if (report.stoppedEarly === 'cancelled' || report.verdict === null) return { text: 'cancelled', tone: 'neutral' };
  return { text: verdictSummary(report.verdict, report.verdictEpoch), tone: VERDICT_TONE[report.verdict] };
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

/** The verdict as a heading, e.g. "Diverged: the learning rate is too large" (the wording table's). */
export function verdictHeadline(report: Pick<PanelReport, 'verdict' | 'analysis'> & { verdict: Verdict }): string {
  return headline(report.verdict, report.analysis?.cause ?? null);
}

/** The tone of a verdict, for its heading's marker. */
export const verdictTone = (verdict: Verdict): Tone => VERDICT_TONE[verdict];

/** The fix the run's verdict carries (a rate, the epochs or z-scoring, decided by the core), or null. */
export function verdictFix(report: Pick<PanelReport, 'problems'>): ProblemFix | null {
  return report.problems.find((p) => VERDICT_CODES.has(p.code) && p.fix)?.fix ?? null;
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
    const scales = data.normalization.features.map((f) => `${f.name}: mean ${formatValue(f.mean)}, sd ${formatValue(f.std)}`);
    lines.push(`Features z-scored while training${scales.length ? ` (${scales.join('; ')})` : ''}; the equation is in the original units`);
  } else {
    lines.push('Features used as they are (no normalization)');
  }
  return lines;
}

/** The learning-rate facts, e.g. "0.05 (stable below 1 for full batch)", "0.05 (stable below 0.1309 for batches of 1)". */
export function learningRateSummary(report: PanelReport): string | null {
  const lr = report.config?.learningRate;
  if (lr === undefined) return null;
  const bound = report.stableLearningRateBound;
  const a = report.analysis;
  if (bound === null || !a) return formatValue(lr);
  return `${formatValue(lr)} (stable below ${formatValue(bound)} for ${a.regime === 'full-batch' ? 'full batch' : `batches of ${formatCount(a.boundBatch)}`})`;
}

/**
 * What the panel shows of why the verdict holds, as lines of text:
 * - when the rate overshoots, the distance to the best weights along the steepest direction for
 *   the first epochs (its sign flips every epoch);
 * - for a run that has not converged, the epochs its rate and the suggestion need;
 * - the condition number, what it means for this run's optimizer (`conditioningLine`), and what
 *   z-scoring makes of it when the features are not z-scored.
 */
export function verdictEvidence(report: PanelReport): { term: string; text: string }[] {
  const a = report.analysis;
  if (!a || !report.verdict) return [];
  const out: { term: string; text: string }[] = [];
  if (a.overshoots && a.steepest && report.verdict !== 'converged') {
    const path = a.steepest.offsets.map((o) => formatValue(o)).join(', ');
    out.push({ term: 'Overshoot', text: `distance to the best weights along the steepest direction, epoch ${a.steepest.epochs[0]} on: ${path} …: the sign flips every epoch, each step jumps past the minimum` });
  }
  const count = (e: number | 'never' | null) => (e === null ? null : e === 'never' ? 'never' : `${formatCount(e)} ${e === 1 ? 'epoch' : 'epochs'}`);
  const here = count(a.epochsNeeded);
  const there = count(a.epochsNeededAtSuggestion);
  if (report.verdict !== 'converged' && report.verdict !== 'diverged' && here) {
    out.push({ term: 'Epochs needed', text: `about ${here} at this rate${there && report.suggestedLearningRate !== null ? `; about ${there} at ${formatValue(report.suggestedLearningRate)}` : ''}` });
  }
  // κ of M says how a quadratic's directions learn; a log loss's curvature is not M's, so a logistic run states no κ.
  if (a.conditionNumber !== null && report.model?.kind !== 'logistic') out.push({ term: 'Conditioning', text: conditioningLine(report, a.conditionNumber) });
  return out;
}

/**
 * The conditioning line, true to what the verdict rests on (`analysis.basis`): κ's meaning is
 * plain descent's (at one constant rate the flattest direction shrinks κ× more slowly than the
 * steepest); momentum's pace is its spectral radius per epoch; a logistic run's curvature is the
 * features' matrix weighted per row; a run judged on its losses alone (Adam, a schedule, momentum
 * on batches) is not paced by κ, and the line says why.
 * e.g. "κ = λmax/λmin = 59: for plain descent at one constant rate …; Adam scales each weight’s step by its own gradient history, so κ does not set this run’s pace".
 */
export function conditioningLine(report: PanelReport, kappa: number): string {
  const a = report.analysis;
  const zscored = report.config?.normalize === 'none' && a?.conditionNumberZscored != null ? `; z-scored features would make it ${formatValue(a.conditionNumberZscored)}` : '';
  const head = `κ = λmax/λmin = ${formatValue(kappa)}`;
  const plain = kappa < 1.5 ? 'every direction learns at about the same speed' : `at one rate the flattest direction shrinks about ${formatValue(kappa)}× more slowly than the steepest`;
  const basis = a?.basis ?? 'plain';
  if (basis === 'plain') return `${head}: ${plain}${zscored}`;
  if (basis === 'momentum') {
    const radius = a?.spectralRadius != null ? `; with momentum the slowest direction’s error is multiplied by about ${formatValue(a.spectralRadius)} per epoch at this rate (the spectral radius${a.spectralRadius >= 1 ? ': at least 1, it never settles' : ''})` : '';
    return `${head}: for plain descent ${plain}${radius}${zscored}`;
  }
  const o = report.config?.optimizer;
  const s = report.config?.learningRateSchedule;
  const scheduled = s !== undefined && !(s.kind === 'constant' && s.warmupEpochs === 0);
  const reasons = [
    o?.kind === 'adam' ? 'Adam scales each weight’s step by its own gradient history' : '',
    o?.kind === 'momentum' && !scheduled ? 'momentum on batches has no closed form' : '',
    scheduled ? 'the schedule changes the rate from epoch to epoch' : '',
  ].filter(Boolean);
  const why = reasons.length ? reasons.join(' and ') : 'no closed form describes this run';
  return `${head}: for plain descent at one constant rate ${plain}; ${why}, so κ does not set this run’s pace (the verdict reads the losses alone)${zscored}`;
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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const PANEL_STATES: readonly string[] = ['idle', 'training', 'done', 'invalid', 'untrusted', 'deleted', 'crashed'] satisfies PanelState[];

/**
 * A host message, checked for the fields the page relies on; anything else is null (ignored).
 * The host is trusted, but a malformed message should fail here rather than half-way through a render.
 */
export function parseHostMessage(raw: unknown): HostToWebview | null {
  if (!isObject(raw)) return null;
  switch (raw.type) {
    case 'chartSpecs': {
      const s = raw.specs;
      if (!isObject(s) || typeof s.key !== 'string' || !isObject(s.linear) || !isObject(s.log)) return null;
      return { type: 'chartSpecs', specs: s as unknown as ChartSpecs };
    }
    case 'snapshot': {
      const s = raw.snapshot;
      if (!isObject(s) || typeof s.state !== 'string' || !PANEL_STATES.includes(s.state) || typeof s.fileName !== 'string' || typeof s.fileUri !== 'string' || typeof s.runId !== 'number') return null;
      if ((s.report !== null && !isObject(s.report)) || (s.chart !== null && !isChartData(s.chart))) return null;
      return { type: 'snapshot', snapshot: s as unknown as PanelSnapshot };
    }
    case 'modelSpecs': {
      const s = raw.specs;
      if (!isObject(s) || !isObject(s.feature) || !isObject(s.predicted) || !isObject(s.landscape)) return null;
      return { type: 'modelSpecs', specs: s as unknown as ModelSpecs };
    }
    case 'modelViews': {
      const v = raw.views;
      if (!isObject(v) || typeof v.runId !== 'number' || (v.model !== null && !isObject(v.model)) || (v.landscape !== null && !isObject(v.landscape)) || (v.classifier !== undefined && v.classifier !== null && !isObject(v.classifier))) return null;
      return { type: 'modelViews', views: v as unknown as ModelViews };
    }
    case 'showSection':
      return raw.section === 'model' || raw.section === 'landscape' ? { type: 'showSection', section: raw.section } : null;
    case 'progress': {
      const { runId, epoch, epochs, loss } = raw;
      if (typeof runId !== 'number' || typeof epoch !== 'number' || typeof epochs !== 'number' || (loss !== null && typeof loss !== 'number')) return null;
      return { type: 'progress', runId, epoch, epochs, loss };
    }
    default:
      return null;
  }
}

const isCurve = (v: unknown): boolean => isObject(v) && Array.isArray(v.epochs) && Array.isArray(v.loss) && v.epochs.length === v.loss.length;

/** The shape of a chart's data, checked where a render would trip over it. */
function isChartData(v: unknown): boolean {
  if (!isObject(v) || typeof v.specKey !== 'string' || typeof v.updatesPerEpoch !== 'number' || !isCurve(v.training)) return false;
  if (v.validation !== null && !isCurve(v.validation)) return false;
  return Array.isArray(v.previous) && v.previous.every((p) => isCurve(p) && typeof (p as { label?: unknown }).label === 'string');
}
