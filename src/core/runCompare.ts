/**
 * `descent compare run1.json run2.json …`: what differs between kept runs, and the `--fail-on`
 * conditions a CI checks against them. Pure: the CLI reads the files and prints.
 *
 * The `--fail-on` grammar (conditions separated by commas, or the option repeated; the command
 * fails when any condition holds for any run):
 *   condition := verdict | "not-converged" | metric op number
 *   verdict   := "converged" | "too-slow" | "oscillating" | "diverged"
 *   metric    := "final-loss" | "epochs-to-converge"
 *   op        := ">" | ">=" | "<" | "<="
 * e.g. `diverged`, `not-converged`, `final-loss>20`, `epochs-to-converge>=10`. A run that did not
 * converge takes ∞ epochs to converge; a run whose loss overflowed has final loss ∞.
 */
import type { Verdict } from '../shared/report';
import { type RunFile, epochsToConverge } from './runFile';
import { t } from '../shared/l10n';

const VERDICTS: readonly Verdict[] = ['converged', 'too-slow', 'oscillating', 'diverged'];
const METRICS = ['final-loss', 'epochs-to-converge'] as const;
type Metric = (typeof METRICS)[number];
type Op = '>' | '>=' | '<' | '<=';

/** One parsed `--fail-on` condition, with its text for messages. */
export type FailCondition =
  | { kind: 'verdict'; verdict: Verdict; text: string }
  | { kind: 'not-converged'; text: string }
  | { kind: 'compare'; metric: Metric; op: Op; value: number; text: string };

/** Parses `--fail-on` values (each may hold several, comma-separated); an error names the bad condition and the grammar. */
export function parseFailOn(values: readonly string[]): { conditions: FailCondition[] } | { error: string } {
  const conditions: FailCondition[] = [];
  for (const raw of values.flatMap((v) => v.split(','))) {
    const text = raw.trim();
    if ((VERDICTS as readonly string[]).includes(text)) {
      conditions.push({ kind: 'verdict', verdict: text as Verdict, text });
      continue;
    }
    if (text === 'not-converged') {
      conditions.push({ kind: 'not-converged', text });
      continue;
    }
    const m = /^([a-z-]+)\s*(>=|<=|>|<)\s*(\S+)$/.exec(text);
    const value = m ? Number(m[3]) : NaN;
    if (m && (METRICS as readonly string[]).includes(m[1] as string) && m[3] !== '' && Number.isFinite(value)) {
      conditions.push({ kind: 'compare', metric: m[1] as Metric, op: m[2] as Op, value, text });
      continue;
    }
    return { error: t('--fail-on: cannot read "{0}": give a verdict ({1}), not-converged, or METRIC OP NUMBER with METRIC final-loss or epochs-to-converge and OP >, >=, < or <= (e.g. final-loss>20).', text, VERDICTS.join(', ')) };
  }
  return { conditions };
}

/** A run's value of a metric: ∞ for a run that did not converge (epochs) or whose loss is not finite (final loss). */
export function metricOf(run: RunFile, metric: Metric): number {
  switch (metric) {
    case 'final-loss':
      return run.finalLoss ?? Infinity;
    case 'epochs-to-converge':
      return epochsToConverge(run) ?? Infinity;
    default: {
      const never: never = metric;
      throw new Error(`unknown metric ${String(never)}`);
    }
  }
}

function holds(c: FailCondition, run: RunFile): boolean {
  switch (c.kind) {
    case 'verdict':
      return run.verdict === c.verdict;
    case 'not-converged':
      return run.verdict !== 'converged';
    case 'compare': {
      const v = metricOf(run, c.metric);
      return c.op === '>' ? v > c.value : c.op === '>=' ? v >= c.value : c.op === '<' ? v < c.value : v <= c.value;
    }
    default: {
      const never: never = c;
      throw new Error(`unknown condition ${JSON.stringify(never)}`);
    }
  }
}

/** Every (run, condition) pair that holds, by the runs' indices: empty means the check passes. */
export function failures(conditions: readonly FailCondition[], runs: readonly RunFile[]): { run: number; condition: string }[] {
  const out: { run: number; condition: string }[] = [];
  runs.forEach((run, i) => {
    for (const c of conditions) if (holds(c, run)) out.push({ run: i, condition: c.text });
  });
  return out;
}

/** A config as dotted keys and JSON values, e.g. `{ "optimizer.kind": "\"momentum\"", "optimizer.momentum": "0.9" }`. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, JSON.stringify(value) ?? 'null');
}

/**
 * The config keys whose values differ between runs (the data's hash counted as `data.sha256`),
 * each with every run's value as text; keys the same in every run are left out.
 * e.g. two runs at lr 0.05 and 0.5: `[{ key: "learningRate", values: ["0.05", "0.5"] }]`.
 */
export function configDifferences(runs: readonly RunFile[]): { key: string; values: string[] }[] {
  const flat = runs.map((r) => {
    const m = new Map<string, string>();
    flatten(r.config, '', m);
    m.set('data.sha256', r.data.hash ? r.data.hash.value.slice(0, 12) : 'unknown');
    return m;
  });
  const keys = [...new Set(flat.flatMap((m) => [...m.keys()]))];
  return keys
    .map((key) => ({ key, values: flat.map((m) => m.get(key) ?? '—') }))
    .filter((k) => new Set(k.values).size > 1)
    .map((k) => ({ key: k.key, values: k.values.map((v) => (v.startsWith('"') ? (JSON.parse(v) as string) : v)) }));
}
