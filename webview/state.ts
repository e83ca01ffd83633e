/**
 * What the page says about a snapshot, as plain data: the badge, the verdict in words, the
 * update-count rows, the data summary, the messages the page accepts. Pure: no DOM, so every
 * line of text the panel shows can be unit-tested.
 */
import { assertNever } from '../src/shared/assertNever';
import { type ProblemFix, VERDICT_CODES } from '../src/shared/problems';

import type { HostToWebview, PanelReport, PanelSnapshot, PanelState } from '../src/shared/protocol';
import { verdictHeadline as headline, verdictSummary } from '../src/shared/wording';
import { formatCount, formatValue } from './format';
import { t } from '../src/shared/l10n';
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
  if (!report || !report.trained) return { text: t('not trained'), tone: 'neutral' };
  if (report.stoppedEarly === 'cancelled' || report.verdict === null) return { text: t('cancelled'), tone: 'neutral' };
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
      return { text: t('not run yet'), tone: 'neutral' };
    case 'training':
      return { text: t('training…'), tone: 'busy' };
    case 'done':
      return verdictBadge(snapshot.report);
    case 'invalid':
      return { text: t('invalid'), tone: 'error' };
    case 'untrusted':
      return { text: t('untrusted'), tone: 'warn' };
    case 'deleted':
      return { text: t('deleted'), tone: 'neutral' };
    case 'crashed':
      return { text: t('crashed'), tone: 'error' };
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
      return t('Save training.json or press “Train” to train it.');
    case 'untrusted':
      return t('This workspace is not trusted, so Descent does not read data or train.');
    case 'deleted':
      return t('The training.json was deleted or renamed.');
    case 'crashed':
      return t('The training worker stopped. Save the file or press “Train again” to start a fresh one.');
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
      return t('full batch ({0} examples per update)', formatCount(batchSize));
    case 'sgd':
      return t('SGD (batch size 1)');
    case 'miniBatch':
      return t('mini-batches of {0}', formatCount(batchSize));
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

/** A row's name and when its weights change (called per render: the words follow the display language). */
function rowText(kind: BatchKind): { name: string; when: string } {
  switch (kind) {
    case 'full':
      return { name: t('Full batch'), when: t('after every example has been seen') };
    case 'sgd':
      return { name: t('SGD'), when: t('after each single example') };
    case 'miniBatch':
      return { name: t('Mini-batch SGD'), when: t('after each batch') };
    default: {
      const never: never = kind;
      throw new Error(`unknown batch kind ${String(never)}`);
    }
  }
}

/** The update-count table as text, full batch / SGD / mini-batch, e.g. SGD: "1", "318", "15,900". */
export function updateRows(table: UpdateTable): UpdateRow[] {
  return (['full', 'sgd', 'miniBatch'] as const).map((kind) => ({
    kind,
    ...rowText(kind),
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
  const lines = [
    data.droppedRows > 0
      ? t('{0} rows from {1} ({2} dropped: a value was missing)', formatCount(data.rows), data.source, formatCount(data.droppedRows))
      : t('{0} rows from {1}', formatCount(data.rows), data.source),
  ];
  lines.push(
    data.validationRows > 0
      ? t('{0} for training, {1} held out for validation', formatCount(report.samples), formatCount(data.validationRows))
      : t('{0} for training, none held out for validation', formatCount(report.samples)),
  );
  if (data.normalization.method === 'zscore') {
    const scales = data.normalization.features.map((f) => t('{0}: mean {1}, sd {2}', f.name, formatValue(f.mean), formatValue(f.std)));
    lines.push(
      scales.length
        ? t('Features z-scored while training ({0}); the equation is in the original units', scales.join('; '))
        : t('Features z-scored while training; the equation is in the original units'),
    );
  } else {
    lines.push(t('Features used as they are (no normalization)'));
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
  return a.regime === 'full-batch'
    ? t('{0} (stable below {1} for full batch)', formatValue(lr), formatValue(bound))
    : t('{0} (stable below {1} for batches of {2})', formatValue(lr), formatValue(bound), formatCount(a.boundBatch));
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
    out.push({ term: t('Overshoot'), text: t('distance to the best weights along the steepest direction, epoch {0} on: {1} …: the sign flips every epoch, each step jumps past the minimum', String(a.steepest.epochs[0]), path) });
  }
  const count = (e: number | 'never' | null) => (e === null ? null : e === 'never' ? 'never' : e === 1 ? t('{0} epoch', formatCount(e)) : t('{0} epochs', formatCount(e)));
  const here = count(a.epochsNeeded);
  const there = count(a.epochsNeededAtSuggestion);
  if (report.verdict !== 'converged' && report.verdict !== 'diverged' && here) {
    const atThisRate = here === 'never' ? t('never at this rate') : t('about {0} at this rate', here);
    const rate = report.suggestedLearningRate;
    const text = !there || rate === null ? atThisRate : there === 'never' ? t('{0}; never at {1}', atThisRate, formatValue(rate)) : t('{0}; about {1} at {2}', atThisRate, there, formatValue(rate));
    out.push({ term: t('Epochs needed'), text });
  }
  // κ of M says how a quadratic's directions learn; a log loss's curvature is not M's, so a logistic run states no κ.
  if (a.conditionNumber !== null && report.model?.kind !== 'logistic') out.push({ term: t('Conditioning'), text: conditioningLine(report, a.conditionNumber) });
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
  const zscored = report.config?.normalize === 'none' && a?.conditionNumberZscored != null ? t('; z-scored features would make it {0}', formatValue(a.conditionNumberZscored)) : '';
  const head = `κ = λmax/λmin = ${formatValue(kappa)}`;
  const plain = kappa < 1.5 ? t('every direction learns at about the same speed') : t('at one rate the flattest direction shrinks about {0}× more slowly than the steepest', formatValue(kappa));
  const basis = a?.basis ?? 'plain';
  if (basis === 'plain') return `${head}: ${plain}${zscored}`;
  if (basis === 'momentum') {
    const radius =
      a?.spectralRadius != null
        ? a.spectralRadius >= 1
          ? t('; with momentum the slowest direction’s error is multiplied by about {0} per epoch at this rate (the spectral radius: at least 1, it never settles)', formatValue(a.spectralRadius))
          : t('; with momentum the slowest direction’s error is multiplied by about {0} per epoch at this rate (the spectral radius)', formatValue(a.spectralRadius))
        : '';
    return t('{0}: for plain descent {1}', head, plain) + radius + zscored;
  }
  const o = report.config?.optimizer;
  const s = report.config?.learningRateSchedule;
  const scheduled = s !== undefined && !(s.kind === 'constant' && s.warmupEpochs === 0);
  const reasons = [
    o?.kind === 'adam' ? t('Adam scales each weight’s step by its own gradient history') : '',
    o?.kind === 'momentum' && !scheduled ? t('momentum on batches has no closed form') : '',
    scheduled ? t('the schedule changes the rate from epoch to epoch') : '',
  ].filter(Boolean);
  const why = reasons.length ? reasons.reduce((all, reason) => t('{0}, and {1}', all, reason)) : t('no closed form describes this run');
  return t('{0}: for plain descent at one constant rate {1}; {2}, so κ does not set this run’s pace (the verdict reads the losses alone)', head, plain, why) + zscored;
}

/** A problem's severity as the page writes it: "error", "warning", "info". */
export function severityText(severity: LocatedProblem['severity']): string {
  switch (severity) {
    case 'error':
      return t('error');
    case 'warning':
      return t('warning');
    case 'info':
      return t('info');
    default:
      return assertNever(severity);
  }
}

/** A problem as one line, e.g. "3:18 error: learningRate must be > 0". */
export function problemLine(p: Pick<LocatedProblem, 'line' | 'column' | 'severity' | 'message'>): string {
  return `${p.line}:${p.column} ${severityText(p.severity)}: ${p.message}`;
}

/** Problems errors first, then warnings, then infos, each in file order. */
export function sortProblems<P extends Pick<LocatedProblem, 'line' | 'column' | 'severity'>>(problems: readonly P[]): P[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...problems].sort((a, b) => rank[a.severity] - rank[b.severity] || a.line - b.line || a.column - b.column);
}

/** A progress line, e.g. "epoch 12 of 50 · loss 23.4". */
export function progressText(epoch: number, epochs: number, loss: number | null): string {
  return loss !== null ? t('epoch {0} of {1} · loss {2}', formatCount(epoch), formatCount(epochs), formatValue(loss)) : t('epoch {0} of {1}', formatCount(epoch), formatCount(epochs));
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
