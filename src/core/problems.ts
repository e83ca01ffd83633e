/**
 * Problems are data first: the core reports where (a JSON path into training.json, or a
 * character offset for syntax errors) and what; the CLI and the editor decide how to show them.
 */

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
  DataMissing: 'data-missing',
  DataUnreadable: 'data-unreadable',
  DataOutsideWorkspace: 'data-outside-workspace',
  CsvMalformed: 'csv-malformed',
  CsvNonNumeric: 'csv-non-numeric',
  UnknownColumn: 'unknown-column',
  LabelIsFeature: 'label-is-feature',
  DuplicateFeature: 'duplicate-feature',
  DataEmpty: 'data-empty',
  RowsDropped: 'rows-dropped',
  ConstantFeature: 'constant-feature',
  BatchLargerThanData: 'batch-larger-than-data',
  ValidationEmpty: 'validation-empty',
  TooManyUpdates: 'too-many-updates',
  Diverged: 'diverged',
  Oscillating: 'oscillating',
  TooSlow: 'too-slow',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

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
