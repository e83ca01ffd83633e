import { type Node, type ParseError, parseTree, getNodeValue, printParseErrorCode } from 'jsonc-parser';
import { DEFAULTS, TRAINING_SCHEMA, CARS_COLUMNS } from './schema';
import { type Problem, ProblemCode, problem, hasErrors, quote } from '../shared/problems';
import { type DecimalLiterals, pathKey, validateAgainstSchema } from './validate';
import { t } from '../shared/l10n';
import type { DataSpec, ModelConfig, OptimizerConfig, ScheduleConfig, TrainingConfig } from '../shared/report';

export interface ParsedConfig {
  /** Present when the file has no errors (warnings allowed). */
  config: TrainingConfig | null;
  problems: Problem[];
}

/** training.json is a few hundred bytes; anything past this is not a config a person wrote. */
export const MAX_CONFIG_BYTES = 1_000_000;
/** Deeper nesting than this is junk, and refusing it keeps the recursive parser off the stack limit. */
export const MAX_CONFIG_DEPTH = 64;

/** Offset of the first bracket nested deeper than `limit`, skipping strings and comments; -1 if none. */
export function findExcessiveNesting(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

function findDuplicateKeys(node: Node | undefined, path: (string | number)[], out: Problem[]): void {
  if (!node) return;
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const prop of node.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      const key = String(keyNode?.value);
      if (seen.has(key)) {
        out.push(
          problem([...path, key], ProblemCode.DuplicateKey, 'warning', t('Duplicate key {0}: the last one is used.', quote(key)), {
            offset: keyNode?.offset ?? prop.offset,
            length: keyNode?.length ?? prop.length,
          }),
        );
      }
      seen.add(key);
      findDuplicateKeys(valueNode, [...path, key], out);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => findDuplicateKeys(child, [...path, i], out));
  }
}

/**
 * Parses training.json text. It is read as JSONC, like VS Code's own settings: comments and
 * trailing commas are accepted. Returns the config with defaults applied, or null with the
 * errors that prevent it; warnings (unknown keys, duplicate keys) come along either way.
 * e.g. `parseConfig('{"learningRate": 0}')` → `config: null`, one `range` error at `["learningRate"]`.
 */
export function parseConfig(text: string): ParsedConfig {
  if (text.length > MAX_CONFIG_BYTES) {
    const mb = (text.length / 1e6).toFixed(1);
    return { config: null, problems: [problem([], ProblemCode.TooLarge, 'error', t('training.json is {0} MB; Descent reads configs up to {1} MB.', mb, MAX_CONFIG_BYTES / 1e6), { offset: 0, length: 1 })] };
  }
  const deep = findExcessiveNesting(text, MAX_CONFIG_DEPTH);
  if (deep >= 0) {
    return { config: null, problems: [problem([], ProblemCode.TooDeep, 'error', t('Nesting deeper than {0} levels: training.json only needs 3.', MAX_CONFIG_DEPTH), { offset: deep, length: 1 })] };
  }
  if (text.trim() === '') {
    return { config: null, problems: [problem([], ProblemCode.Syntax, 'error', t('training.json is empty: it needs an object such as {0}.', '{ "learningRate": 0.05 }'), { offset: 0, length: 0 })] };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !tree) {
    const problems = errors.map((e) =>
      problem([], ProblemCode.Syntax, 'error', t('Invalid JSON: {0}.', describeParseError(printParseErrorCode(e.error))), { offset: e.offset, length: e.length }),
    );
    return { config: null, problems };
  }
  const problems: Problem[] = [];
  findDuplicateKeys(tree, [], problems);
  const value: unknown = getNodeValue(tree);
  problems.push(...validateAgainstSchema(value, TRAINING_SCHEMA, [], decimalLiterals(text, tree)));
  if (hasErrors(problems)) return { config: null, problems };
  return { config: applyDefaults(value as Record<string, unknown>), problems };
}

/** The numbers written with a decimal point (`2.0`, `1.5e1`), by path: no integer may be written so (see DecimalLiterals). */
function decimalLiterals(text: string, root: Node): DecimalLiterals {
  const found = new Map<string, string>();
  const walk = (node: Node | undefined, path: (string | number)[]): void => {
    if (!node) return;
    // With a duplicate key the last occurrence is the one used: each occurrence overwrites the record.
    const literal = node.type === 'number' ? text.slice(node.offset, node.offset + node.length) : '';
    if (literal.includes('.')) found.set(pathKey(path), literal);
    else found.delete(pathKey(path));
    if (node.type === 'object') {
      for (const prop of node.children ?? []) walk(prop.children?.[1], [...path, String(prop.children?.[0]?.value)]);
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => walk(child, [...path, i]));
    }
  };
  walk(root, []);
  return found;
}

/** A jsonc-parser error code in words: `ColonExpected` → "a colon was expected". */
export function describeParseError(code: string): string {
  switch (code) {
    case 'InvalidSymbol':
      return t('unexpected character');
    case 'InvalidNumberFormat':
      return t('malformed number');
    case 'PropertyNameExpected':
      return t('a property name in double quotes was expected');
    case 'ValueExpected':
      return t('a value was expected');
    case 'ColonExpected':
      return t('a colon was expected');
    case 'CommaExpected':
      return t('a comma was expected');
    case 'CloseBraceExpected':
      return t('a closing {0} was expected', '}');
    case 'CloseBracketExpected':
      return t('a closing {0} was expected', ']');
    case 'EndOfFileExpected':
      return t('nothing may follow the top-level object');
    case 'InvalidCommentToken':
      return t('malformed comment');
    case 'UnexpectedEndOfComment':
      return t('unterminated comment');
    case 'UnexpectedEndOfString':
      return t('unterminated string');
    case 'UnexpectedEndOfNumber':
      return t('unterminated number');
    case 'InvalidUnicode':
      return t('invalid unicode escape');
    case 'InvalidEscapeCharacter':
      return t('invalid escape character');
    case 'InvalidCharacter':
      return t('invalid character in a string');
    default:
      return code;
  }
}

/** Fills every default; assumes `raw` passed schema validation. */
function applyDefaults(raw: Record<string, unknown>): TrainingConfig {
  const get = <T>(key: string, fallback: T): T => (key in raw ? (raw[key] as T) : fallback);
  return {
    learningRate: get('learningRate', DEFAULTS.learningRate as number),
    batchSize: get('batchSize', DEFAULTS.batchSize),
    epochs: get('epochs', DEFAULTS.epochs as number),
    data: resolveDataSpec(get<unknown>('data', DEFAULTS.data)),
    normalize: get('normalize', DEFAULTS.normalize),
    validationSplit: get('validationSplit', DEFAULTS.validationSplit as number),
    seed: get('seed', DEFAULTS.seed as number),
    optimizer: resolveOptimizer(get<unknown>('optimizer', DEFAULTS.optimizer)),
    learningRateSchedule: resolveSchedule(get<unknown>('learningRateSchedule', DEFAULTS.learningRateSchedule)),
    compare: { learningRates: get<{ learningRates?: number[] }>('compare', {}).learningRates ?? null },
    model: resolveModel(get<unknown>('model', DEFAULTS.model)),
  };
}

/** `"linear"` or `{ "logistic": { "positive", "negative"? } }`; assumes a validated value. */
function resolveModel(raw: unknown): ModelConfig {
  if (typeof raw === 'string') return { kind: 'linear' };
  const l = (raw as { logistic: { positive: string; negative?: string } }).logistic;
  return { kind: 'logistic', positive: l.positive, negative: l.negative ?? null };
}

/** `"sgd"`, `{ "momentum": μ, "nesterov"?: b }` or `{ "adam": {…} }` with defaults; assumes a validated value. */
function resolveOptimizer(raw: unknown): OptimizerConfig {
  if (typeof raw === 'string') return { kind: 'sgd' };
  const o = raw as Record<string, unknown>;
  if ('momentum' in o) return { kind: 'momentum', momentum: o.momentum as number, nesterov: (o.nesterov as boolean | undefined) ?? DEFAULTS.nesterov };
  const a = (o.adam ?? {}) as Record<string, number | undefined>;
  return { kind: 'adam', beta1: a.beta1 ?? DEFAULTS.adamBeta1, beta2: a.beta2 ?? DEFAULTS.adamBeta2, epsilon: a.epsilon ?? DEFAULTS.adamEpsilon };
}

/** `"constant"` or `{ "step" | "exponential": {…}, "warmupEpochs"?: n }` with defaults (no warm-up: 0); assumes a validated value. */
function resolveSchedule(raw: unknown): ScheduleConfig {
  if (typeof raw === 'string') return { kind: 'constant', warmupEpochs: 0 };
  const o = raw as Record<string, unknown>;
  const warmupEpochs = (o.warmupEpochs as number | undefined) ?? 0;
  if ('step' in o) {
    const step = o.step as { every: number; factor: number };
    return { kind: 'step', every: step.every, factor: step.factor, warmupEpochs };
  }
  if ('exponential' in o) return { kind: 'exponential', factor: (o.exponential as { factor: number }).factor, warmupEpochs };
  return { kind: 'constant', warmupEpochs };
}

function resolveDataSpec(raw: unknown): DataSpec {
  if (typeof raw === 'string') return { kind: 'dataset', dataset: 'cars', features: [DEFAULTS.carsFeature], label: DEFAULTS.carsLabel };
  const o = raw as Record<string, unknown>;
  if ('csv' in o) {
    return { kind: 'csv', csv: o.csv as string, features: (o.features as string[] | undefined) ?? null, label: o.label as string };
  }
  if ('synthetic' in o) {
    const s = (o.synthetic ?? {}) as Record<string, number>;
    return {
      kind: 'synthetic',
      samples: s.samples ?? DEFAULTS.syntheticSamples,
      features: s.features ?? DEFAULTS.syntheticFeatures,
      noise: s.noise ?? DEFAULTS.syntheticNoise,
      seed: s.seed ?? DEFAULTS.seed,
    };
  }
  if (o.dataset === 'penguins') {
    return { kind: 'dataset', dataset: 'penguins', features: (o.features as string[] | undefined) ?? [...DEFAULTS.penguinsFeatures], label: (o.label as string | undefined) ?? DEFAULTS.penguinsLabel };
  }
  return {
    kind: 'dataset',
    dataset: 'cars',
    features: (o.features as string[] | undefined) ?? [DEFAULTS.carsFeature],
    label: (o.label as string | undefined) ?? DEFAULTS.carsLabel,
  };
}

/** The columns a built-in dataset offers, for messages and completion. */
export function datasetColumns(): readonly string[] {
  return CARS_COLUMNS;
}
