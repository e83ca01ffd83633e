/**
 * Problems are data first: the core reports where (a JSON path into training.json, or a
 * character offset for syntax errors) and what; the CLI and the editor decide how to show them.
 */
import { formatCount } from './format';
import { t } from './l10n';

/** A JSON path into training.json, e.g. `["data", "features", 1]`. The empty path is the whole file. */
export type JsonPath = (string | number)[];

export type Severity = 'error' | 'warning' | 'info';

/** Stable codes, exported so code actions and tests can match problems without parsing messages. */
export const ProblemCode = {
  Syntax: 'syntax',
  TooDeep: 'too-deep',
  TooLarge: 'too-large',
  DuplicateKey: 'duplicate-key',
  Type: 'type',
  Range: 'range',
  Enum: 'enum',
  Required: 'required',
  UnknownKey: 'unknown-key',
  /** Two keys that exclude each other, e.g. "momentum" and "adam" in one optimizer. */
  Conflict: 'conflict',
  DataMissing: 'data-missing',
  DataUnreadable: 'data-unreadable',
  DataOutsideWorkspace: 'data-outside-workspace',
  CsvMalformed: 'csv-malformed',
  CsvNonNumeric: 'csv-non-numeric',
  UnknownColumn: 'unknown-column',
  LabelIsFeature: 'label-is-feature',
  DuplicateFeature: 'duplicate-feature',
  DataEmpty: 'data-empty',
  /** Logistic regression: a class named in `model.logistic` that no usable row has. */
  UnknownClass: 'unknown-class',
  /** Logistic regression: every usable row has the positive class. */
  OneClass: 'one-class',
  /** The label column's kind does not fit the model: a category for linear regression, a number for logistic. */
  LabelKind: 'label-kind',
  ConstantFeature: 'constant-feature',
  FeatureScale: 'feature-scale',
  BatchLargerThanData: 'batch-larger-than-data',
  ValidationEmpty: 'validation-empty',
  TooManyUpdates: 'too-many-updates',
  TooManyProblems: 'too-many-problems',
  Diverged: 'diverged',
  Oscillating: 'oscillating',
  TooSlow: 'too-slow',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

/** The problems a run's verdict raises on `learningRate` (the verdicts' own names): one list for the CLI, the editor and the page. */
export const VERDICT_CODES: ReadonlySet<string> = new Set<ProblemCode>([ProblemCode.Diverged, ProblemCode.Oscillating, ProblemCode.TooSlow]);

/** A suggested single-value replacement, e.g. `{ path: ["learningRate"], value: 0.05 }`. */
export interface ProblemFix {
  path: JsonPath;
  value: number | string;
  title: string;
}

export interface Problem {
  /** Where in training.json the problem lives; the editor puts the squiggle on this value. */
  path: JsonPath;
  code: ProblemCode;
  severity: Severity;
  message: string;
  /** For syntax errors there is no path yet: the character offset and length instead. */
  offset?: number;
  length?: number;
  /** Point the squiggle at the property name rather than its value (unknown keys). */
  onKey?: boolean;
  fix?: ProblemFix;
}

/** Builds a problem; keeps call sites to one line. */
export function problem(
  path: JsonPath,
  code: ProblemCode,
  severity: Severity,
  message: string,
  extra: Partial<Problem> = {},
): Problem {
  return { path, code, severity, message, ...extra };
}

/** True when any problem stops a run (errors do; warnings and infos do not). */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Renders a JSON path for messages: `data.features[1]`, or `(file)` for the root. */
export function formatPath(path: JsonPath): string {
  if (path.length === 0) return '(file)';
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`))
    .join('');
}

/** At most this many problems are reported for one file; the rest are counted in one last problem. */
export const MAX_PROBLEMS = 100;

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * The first `max` problems, and when there are more, one problem at the top of the file that
 * counts the rest (with the worst severity among them), so a file of 100,000 unknown keys gives
 * 101 messages, not 100,000.
 */
export function capProblems(problems: Problem[], max = MAX_PROBLEMS): Problem[] {
  if (problems.length <= max) return problems;
  const rest = problems.slice(max);
  const severity = rest.reduce<Severity>((worst, p) => (RANK[p.severity] > RANK[worst] ? p.severity : worst), 'info');
  return [
    ...problems.slice(0, max),
    problem([], ProblemCode.TooManyProblems, severity, t('…and {0} more problem(s); only the first {1} are listed.', formatCount(rest.length), max), { offset: 0, length: 0 }),
  ];
}

/** Longest name quoted in full in a message; longer ones are cut with "…". */
const MAX_QUOTED = 60;

/** A name or cell for a message, in double quotes and cut to a readable length: `"Weight_in_lbs"`, `"aaaa…"`. */
export function quote(text: string, max = MAX_QUOTED): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/**
 * Items for a message, at most `max` of them, then a count of the rest:
 * `listItems(["a", "b", "c"], 2)` → `a, b …and 1 more`.
 */
export function listItems(items: readonly string[], max = 10): string {
  if (items.length <= max) return items.join(', ');
  return t('{0} …and {1} more', items.slice(0, max).join(', '), formatCount(items.length - max));
}
