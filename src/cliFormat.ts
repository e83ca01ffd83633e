import { formatBeside, formatCount, formatNumber, formatPercent } from './shared/format';
import { t } from './shared/l10n';
import { lossUnitLabel, optimizerPhrase, schedulePhrase, verdictHeadline } from './shared/wording';
import type { LocatedProblem, RunReport, UpdateTable, Verdict } from './shared/report';

const int = formatCount;

/**
 * `file:line:column: severity: message`, the form editors and terminals link. Only the message is
 * in the display language: the prefix, severity word included, is what a problem matcher parses.
 */
export function formatProblem(file: string, p: LocatedProblem): string {
  return `${file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

/**
 * The columns `text` takes in a terminal: 2 for a wide character (kana, kanji, full-width forms),
 * 1 for anything else, so a Japanese table lines up as an English one does. e.g. "収束" → 4.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** `text.padEnd(width)` in terminal columns (see displayWidth): the same for ASCII. */
export function padEndColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** `text.padStart(width)` in terminal columns (see displayWidth): the same for ASCII. */
export function padStartColumns(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/**
 * A verdict as a human table shows it: the code itself in English ("too-slow", as `--json` and
 * `--fail-on` spell it), a word in another language; null is a cancelled run.
 */
export function verdictLabel(verdict: Verdict | null): string {
  switch (verdict) {
    case 'converged':
      return t('converged');
    case 'diverged':
      return t('diverged');
    case 'oscillating':
      return t('oscillating');
    case 'too-slow':
      return t('too-slow');
    default:
      return t('cancelled');
  }
}

/** Two clauses of one line: "a; b" in English. */
function clauses(parts: readonly string[]): string {
  return parts.reduce((a, b) => t('{0}; {1}', a, b));
}

export { lossUnitLabel };

/** The update-count table, the config's row marked with ▶. */
export function formatUpdateTable(u: UpdateTable): string[] {
  const rows: [string, keyof Omit<UpdateTable, 'current'>][] = [
    [t('full batch'), 'full'],
    ['SGD', 'sgd'],
    [t('mini-batch'), 'miniBatch'],
  ];
  const head = [t('batch type'), t('batch size'), t('updates/epoch'), t('total updates')] as const;
  // Column widths: English's, widened where a translated heading or label is longer.
  const w0 = Math.max(12, displayWidth(head[0]) - 1, ...rows.map(([label]) => displayWidth(label)));
  const w1 = Math.max(10, displayWidth(head[1]));
  const w2 = Math.max(13, displayWidth(head[2]));
  const w3 = Math.max(13, displayWidth(head[3]));
  const lines = [`  ${padEndColumns(head[0], w0 + 1)} ${padStartColumns(head[1], w1)}   ${padStartColumns(head[2], w2)}   ${padStartColumns(head[3], w3)}`];
  for (const [label, key] of rows) {
    const c = u[key];
    const mark = u.current === key ? '▶' : ' ';
    lines.push(`${mark} ${padEndColumns(label, w0)} ${int(c.batchSize).padStart(w1)}   ${int(c.perEpoch).padStart(w2)}   ${int(c.total).padStart(w3)}`);
  }
  return lines;
}

/**
 * A compact text chart of the loss per epoch: `height` rows of block characters, log-scaled
 * when the loss spans more than two decades.
 */
export function formatLossChart(loss: readonly (number | null)[], width = 60, height = 8): string[] {
  const values = loss.filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length < 2) return [];
  // A loop, not Math.min(...values): spreading a long run's losses as arguments overflows the stack.
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const log = min > 0 && max / min > 100;
  const f = (v: number) => (log ? Math.log10(v) : v);
  const lo = f(min);
  const hi = f(max);
  const cols = Math.min(width, loss.length);
  const levels: number[] = [];
  for (let c = 0; c < cols; c++) {
    const v = loss[Math.floor((c * (loss.length - 1)) / Math.max(1, cols - 1))];
    levels.push(v === null || v === undefined || !Number.isFinite(v) ? height : hi === lo ? 0 : ((f(v) - lo) / (hi - lo)) * height);
  }
  const lines: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    const label = r === height - 1 ? formatNumber(max) : r === 0 ? formatNumber(min) : '';
    lines.push(`${label.padStart(9)} │${levels.map((l) => (l > r + 0.5 ? '█' : l > r ? '▄' : ' ')).join('')}`);
  }
  lines.push(`${''.padStart(9)} └${'─'.repeat(cols)}`);
  const first = t('epoch {0}', 0);
  lines.push(`${''.padStart(9)}  ${first}${padStartColumns(t('epoch {0}', loss.length - 1), Math.max(0, cols - displayWidth(first)))}${log ? `  ${t('(log scale)')}` : ''}`);
  return lines;
}

/** "y ≈ −0.007648·Weight_in_lbs + 46.26", signs folded into the operators. */
export function formatModel(label: string, features: readonly string[], weights: readonly number[], bias: number | null): string {
  const terms = features.map((name, j) => ({ value: weights[j] ?? NaN, text: name }));
  terms.push({ value: bias ?? NaN, text: '' });
  const body = terms
    .map(({ value, text }, i) => {
      const magnitude = `${formatNumber(Math.abs(value))}${text ? `·${text}` : ''}`;
      if (i === 0) return value < 0 ? `-${magnitude}` : magnitude;
      return value < 0 ? ` - ${magnitude}` : ` + ${magnitude}`;
    })
    .join('');
  return `${label} ≈ ${body}`;
}

/** " (epoch 1 at 0.02, epoch 50 at 0.00781; from 0.00781 to 0.1)" for a scheduled run's rates; "" for a constant rate. */
function formatRateRange(rates: (number | null)[] | null): string {
  if (!rates) return '';
  let low = Infinity;
  let high = -Infinity;
  for (const r of rates) {
    if (r === null) continue;
    if (r < low) low = r;
    if (r > high) high = r;
  }
  const last = rates[rates.length - 1];
  if (!(low <= high) || rates[1] === null || rates[1] === undefined || last === null || last === undefined) return '';
  return ` (${t('epoch 1 at {0}, epoch {1} at {2}; from {3} to {4}', formatNumber(rates[1]), int(rates.length - 1), formatNumber(last), formatNumber(low), formatNumber(high))})`;
}

/** The human report: data, update counts, verdict, suggestion, weights and a loss chart. */
export function formatReport(file: string, r: RunReport): string {
  const out: string[] = [];
  if (!r.data || !r.updates || !r.history || !r.config) return r.problems.map((p) => formatProblem(file, p)).join('\n');
  const d = r.data;
  out.push(`Descent: ${file}`);
  const cls = r.classification;
  // The parenthesis after the row count: rows dropped, rows of other classes left out.
  const notes: string[] = [];
  if (d.droppedRows) notes.push(t('{0} dropped for missing values', d.droppedRows));
  if (cls && cls.classes.otherRows > 0) notes.push(t('{0} of other classes left out: {1}', int(cls.classes.otherRows), cls.classes.otherClasses.join(', ')));
  const data = { source: d.source, rows: int(d.rows), notes: notes.length ? ` (${clauses(notes)})` : '', training: int(r.samples), validation: int(d.validationRows) };
  out.push(d.validationRows ? t('Data: {source}, {rows} rows{notes}; {training} for training, {validation} for validation.', data) : t('Data: {source}, {rows} rows{notes}; {training} for training.', data));
  if (cls) {
    const c = cls.classes;
    const classes = { label: d.label, positive: c.positive, positiveRows: int(c.positiveRows), negative: c.negative ?? '', negativeRows: int(c.negativeRows), features: d.features.join(', ') };
    out.push(`  ${c.negative === null ? t('classify {label} = "{positive}" (1, {positiveRows} rows) against every other value (0, {negativeRows} rows) from {features}', classes) : t('classify {label} = "{positive}" (1, {positiveRows} rows) against "{negative}" (0, {negativeRows} rows) from {features}', classes)}`);
  } else out.push(`  ${t('predict {0} from {1}', d.label, d.features.join(', '))}`);
  if (d.normalization.method === 'zscore') {
    out.push(`  ${t('features z-scored: {0}', clauses(d.normalization.features.map((s) => t('{0} mean {1}, sd {2}', s.name, formatNumber(s.mean), formatNumber(s.std)))))}`);
  }
  const unit = lossUnitLabel(r.lossUnit);
  out.push(`  ${cls ? t('model: logistic regression, p = σ(w·x + b); loss: log loss (binary cross-entropy) in {0}', unit) : t('loss: mean squared error in {0}', unit)}`);
  out.push('');
  out.push(t('Updates over {0} epochs on {1} examples:', int(r.config.epochs), int(r.samples)));
  out.push(...formatUpdateTable(r.updates));
  out.push('');
  out.push(t('Optimizer: {0}; learning rate: {1}{2}', optimizerPhrase(r.config.optimizer), schedulePhrase(r.config.learningRateSchedule), formatRateRange(r.history.learningRates)));
  const heading = r.verdict ? verdictHeadline(r.verdict, r.analysis?.cause ?? null) : t('Cancelled');
  out.push(t('Verdict: {0} (learningRate {1}, {2} epochs, {3} updates)', heading, formatNumber(r.config.learningRate), int(r.epochsRun), int(r.totalUpdates)));
  if (r.reason) out.push(`  ${r.reason}`);
  const best = cls && r.optimalLoss === null ? (cls.optimum === 'separable' ? t('none (the classes are separable: the loss falls toward 0)') : t('none (no finite optimum found)')) : formatNumber(r.optimalLoss ?? NaN);
  out.push(`  ${t('loss {0} → {1}; best reachable {2}', formatNumber(r.history.trainLoss[0] ?? NaN), r.finalLoss === null ? t('non-finite') : formatNumber(r.finalLoss), best)}`);
  if (r.history.validationLoss) out.push(`  ${t('validation loss {0}', formatNumber(r.history.validationLoss[r.history.validationLoss.length - 1] ?? NaN))}`);
  if (r.accuracy) out.push(`  ${r.accuracy.validation !== null ? t('accuracy: training {0}, validation {1}', formatPercent(r.accuracy.train), formatPercent(r.accuracy.validation)) : t('accuracy: training {0}', formatPercent(r.accuracy.train))}`);
  const a = r.analysis;
  if (r.stableLearningRateBound !== null && a) {
    const which = a.basis === 'logistic' ? t('log loss, full batch, 8/λmax; sufficient, not exact') : a.basis === 'momentum' ? t('{0}, full batch', optimizerPhrase(r.config.optimizer)) : a.regime === 'full-batch' ? t('full batch, 1/λmax') : t('batches of {0}', int(a.boundBatch));
    out.push(t('Stable bound ({0}): learningRate < {1}', which, formatBeside(r.stableLearningRateBound, r.config.learningRate)));
  }
  if (r.suggestedLearningRate !== null) out.push(t('Suggested learningRate: {0}', formatNumber(r.suggestedLearningRate)));
  if (a?.conditionNumber !== null && a?.conditionNumber !== undefined) out.push(t('Condition number κ = λmax/λmin: {0} (z-scored: {1})', formatNumber(a.conditionNumber), formatNumber(a.conditionNumberZscored ?? NaN)));
  if (cls) {
    if (cls.localBound !== null) out.push(t('Local bound at the optimum (2/λmax(H*)): learningRate < {0}', formatBeside(cls.localBound, r.config.learningRate)));
    out.push(t('Model: p({label} = "{positive}") = σ(z), {model}; positive when z > 0', { label: d.label, positive: cls.classes.positive, model: formatModel('z', d.features, r.weights, r.bias) }));
  } else out.push(t('Model: {0}', formatModel(d.label, d.features, r.weights, r.bias)));
  out.push('');
  out.push(t('Training loss per epoch:'));
  out.push(...formatLossChart(r.history.trainLoss));
  if (r.history.trainAccuracy) {
    out.push('');
    out.push(t('Training accuracy per epoch:'));
    out.push(...formatLossChart(r.history.trainAccuracy));
  }
  if (r.problems.length) {
    out.push('');
    out.push(...r.problems.map((p) => formatProblem(file, p)));
  }
  return out.join('\n');
}

/** Lines per call of `out` when writing JSON: a few hundred kilobytes, never one string of the whole report. */
const JSON_LINES_PER_WRITE = 10_000;

/**
 * Writes `value` as `JSON.stringify(value, null, 2)` would, line by line in batches: a run of
 * millions of epochs has a history longer than the longest string JavaScript can build, so the
 * document is never built whole. e.g. `writeJson({ a: [1] }, out)` writes `{\n  "a": [\n    1\n  ]\n}`.
 */
export function writeJson(value: unknown, out: (s: string) => void): void {
  let batch: string[] = [];
  for (const line of jsonLines(value, '', '', '')) {
    batch.push(line);
    if (batch.length === JSON_LINES_PER_WRITE) {
      out(batch.join('\n'));
      batch = [];
    }
  }
  if (batch.length) out(batch.join('\n'));
}

/** The lines of `value` at `indent`, the first one starting with `prefix` (a key) and the last one ending with `suffix` (a comma). */
function* jsonLines(value: unknown, indent: string, prefix: string, suffix: string): Generator<string> {
  const json = (value as { toJSON?: () => unknown } | null)?.toJSON ? (value as { toJSON: () => unknown }).toJSON() : value;
  if (json === null || typeof json !== 'object') {
    yield `${indent}${prefix}${JSON.stringify(json) ?? 'null'}${suffix}`;
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(json)) {
    if (json.length === 0) {
      yield `${indent}${prefix}[]${suffix}`;
      return;
    }
    yield `${indent}${prefix}[`;
    for (let i = 0; i < json.length; i++) {
      const item = json[i] as unknown;
      // As JSON.stringify: undefined and functions in an array are written as null.
      yield* jsonLines(item === undefined || typeof item === 'function' ? null : item, inner, '', i < json.length - 1 ? ',' : '');
    }
    yield `${indent}]${suffix}`;
    return;
  }
  const entries = Object.entries(json).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield `${indent}${prefix}{}${suffix}`;
    return;
  }
  yield `${indent}${prefix}{`;
  for (let i = 0; i < entries.length; i++) {
    const [key, v] = entries[i] as [string, unknown];
    yield* jsonLines(v, inner, `${JSON.stringify(key)}: `, i < entries.length - 1 ? ',' : '');
  }
  yield `${indent}}${suffix}`;
}
