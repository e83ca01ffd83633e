import { formatBeside, formatCount, formatNumber, formatPercent } from './shared/format';
import { optimizerPhrase, schedulePhrase, verdictHeadline } from './shared/wording';
import type { LocatedProblem, RunReport, UpdateTable } from './shared/report';

const int = formatCount;

/** `file:line:column: severity: message`, the form editors and terminals link. */
export function formatProblem(file: string, p: LocatedProblem): string {
  return `${file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

/** The update-count table, the config's row marked with ▶. */
export function formatUpdateTable(u: UpdateTable): string[] {
  const rows: [string, keyof Omit<UpdateTable, 'current'>][] = [
    ['full batch', 'full'],
    ['SGD', 'sgd'],
    ['mini-batch', 'miniBatch'],
  ];
  const lines = ['  batch type    batch size   updates/epoch   total updates'];
  for (const [label, key] of rows) {
    const c = u[key];
    const mark = u.current === key ? '▶' : ' ';
    lines.push(`${mark} ${label.padEnd(12)} ${int(c.batchSize).padStart(10)}   ${int(c.perEpoch).padStart(13)}   ${int(c.total).padStart(13)}`);
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
  lines.push(`${''.padStart(9)}  epoch 0${`epoch ${loss.length - 1}`.padStart(Math.max(0, cols - 7))}${log ? '  (log scale)' : ''}`);
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
  return ` (epoch 1 at ${formatNumber(rates[1])}, epoch ${int(rates.length - 1)} at ${formatNumber(last)}; from ${formatNumber(low)} to ${formatNumber(high)})`;
}

/** The human report: data, update counts, verdict, suggestion, weights and a loss chart. */
export function formatReport(file: string, r: RunReport): string {
  const out: string[] = [];
  if (!r.data || !r.updates || !r.history || !r.config) return r.problems.map((p) => formatProblem(file, p)).join('\n');
  const d = r.data;
  out.push(`Descent: ${file}`);
  const cls = r.classification;
  const left = cls && cls.classes.otherRows > 0 ? `${d.droppedRows ? '; ' : ' ('}${int(cls.classes.otherRows)} of other classes left out: ${cls.classes.otherClasses.join(', ')})` : d.droppedRows ? ')' : '';
  out.push(`Data: ${d.source}, ${int(d.rows)} rows${d.droppedRows ? ` (${d.droppedRows} dropped for missing values` : ''}${left}; ${int(r.samples)} for training${d.validationRows ? `, ${int(d.validationRows)} for validation` : ''}.`);
  if (cls) {
    const c = cls.classes;
    out.push(`  classify ${d.label} = "${c.positive}" (1, ${int(c.positiveRows)} rows) against ${c.negative === null ? 'every other value' : `"${c.negative}"`} (0, ${int(c.negativeRows)} rows) from ${d.features.join(', ')}`);
  } else out.push(`  predict ${d.label} from ${d.features.join(', ')}`);
  if (d.normalization.method === 'zscore') {
    out.push(`  features z-scored: ${d.normalization.features.map((s) => `${s.name} mean ${formatNumber(s.mean)}, sd ${formatNumber(s.std)}`).join('; ')}`);
  }
  out.push(cls ? `  model: logistic regression, p = σ(w·x + b); loss: log loss (binary cross-entropy) in ${r.lossUnit}` : `  loss: mean squared error in ${r.lossUnit}`);
  out.push('');
  out.push(`Updates over ${int(r.config.epochs)} epochs on ${int(r.samples)} examples:`);
  out.push(...formatUpdateTable(r.updates));
  out.push('');
  out.push(`Optimizer: ${optimizerPhrase(r.config.optimizer)}; learning rate: ${schedulePhrase(r.config.learningRateSchedule)}${formatRateRange(r.history.learningRates)}`);
  const heading = r.verdict ? verdictHeadline(r.verdict, r.analysis?.cause ?? null) : 'Cancelled';
  out.push(`Verdict: ${heading} (learningRate ${formatNumber(r.config.learningRate)}, ${int(r.epochsRun)} epochs, ${int(r.totalUpdates)} updates)`);
  if (r.reason) out.push(`  ${r.reason}`);
  const best = cls && r.optimalLoss === null ? `none (${cls.optimum === 'separable' ? 'the classes are separable: the loss falls toward 0' : 'no finite optimum found'})` : formatNumber(r.optimalLoss ?? NaN);
  out.push(`  loss ${formatNumber(r.history.trainLoss[0] ?? NaN)} → ${r.finalLoss === null ? 'non-finite' : formatNumber(r.finalLoss)}; best reachable ${best}`);
  if (r.history.validationLoss) out.push(`  validation loss ${formatNumber(r.history.validationLoss[r.history.validationLoss.length - 1] ?? NaN)}`);
  if (r.accuracy) out.push(`  accuracy: training ${formatPercent(r.accuracy.train)}${r.accuracy.validation !== null ? `, validation ${formatPercent(r.accuracy.validation)}` : ''}`);
  const a = r.analysis;
  if (r.stableLearningRateBound !== null && a) {
    const which = a.basis === 'logistic' ? 'log loss, full batch, 8/λmax; sufficient, not exact' : a.basis === 'momentum' ? `${optimizerPhrase(r.config.optimizer)}, full batch` : a.regime === 'full-batch' ? 'full batch, 1/λmax' : `batches of ${int(a.boundBatch)}`;
    out.push(`Stable bound (${which}): learningRate < ${formatBeside(r.stableLearningRateBound, r.config.learningRate)}`);
  }
  if (r.suggestedLearningRate !== null) out.push(`Suggested learningRate: ${formatNumber(r.suggestedLearningRate)}`);
  if (a?.conditionNumber !== null && a?.conditionNumber !== undefined) out.push(`Condition number κ = λmax/λmin: ${formatNumber(a.conditionNumber)} (z-scored: ${formatNumber(a.conditionNumberZscored ?? NaN)})`);
  if (cls) {
    if (cls.localBound !== null) out.push(`Local bound at the optimum (2/λmax(H*)): learningRate < ${formatBeside(cls.localBound, r.config.learningRate)}`);
    out.push(`Model: p(${d.label} = "${cls.classes.positive}") = σ(z), ${formatModel('z', d.features, r.weights, r.bias)}; positive when z > 0`);
  } else out.push(`Model: ${formatModel(d.label, d.features, r.weights, r.bias)}`);
  out.push('');
  out.push('Training loss per epoch:');
  out.push(...formatLossChart(r.history.trainLoss));
  if (r.history.trainAccuracy) {
    out.push('');
    out.push('Training accuracy per epoch:');
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
