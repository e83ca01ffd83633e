import type { JsonSchema } from './schema';
import { type JsonPath, type Problem, ProblemCode, problem, quote } from '../shared/problems';
import { t, translate } from '../shared/l10n';

/** The keywords `validateAgainstSchema` understands; a test proves the schema uses no others. */
export const SUPPORTED_KEYWORDS = new Set([
  '$schema', '$id', 'title', 'type', 'description', 'markdownDescription', 'default', 'enum', 'const',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'minItems', 'maxItems', 'uniqueItems',
  'items', 'properties', 'required', 'additionalProperties', 'anyOf', 'defaultSnippets', 'errorMessage',
  'multipleOf', 'allowComments', 'allowTrailingCommas', 'not', 'allOf', 'minProperties', 'dependencies',
]);

/**
 * The source text of the numbers in a file written with a decimal point, by path (`pathKey`):
 * VS Code takes `2.0` for no integer, so the runtime must too, and a parsed value cannot tell.
 */
export type DecimalLiterals = ReadonlyMap<string, string>;

/** The key of a path in DecimalLiterals. */
export function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

const NO_LITERALS: DecimalLiterals = new Map();

type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/** The JSON type of a parsed value: `typeOf([1]) === 'array'`. */
export function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const kind = typeof value;
  return kind === 'object' || kind === 'string' || kind === 'number' || kind === 'boolean' ? kind : 'null';
}

function describeValue(value: unknown): string {
  const kind = typeOf(value);
  if (kind === 'string') return quote(value as string);
  if (kind === 'number' || kind === 'boolean' || kind === 'null') return String(value);
  return describeKind(kind);
}

/** A JSON type as a phrase for "must be …": `a whole number`. */
function describeKind(type: JsonSchema['type']): string {
  switch (type) {
    case 'integer':
      return t('a whole number');
    case 'number':
      return t('a number');
    case 'object':
      return t('an object');
    case 'array':
      return t('an array');
    case 'string':
      return t('a string');
    case 'boolean':
      return t('a boolean');
    default:
      return t('a value');
  }
}

/** Alternatives for a message: `"a" or "b" or "c"` (`joint` joins two of them). */
function alternatives(items: readonly string[], joint: (a: string, b: string) => string): string {
  return items.length === 0 ? '' : items.reduce((joined, item) => joint(joined, item));
}

function describeType(schema: JsonSchema): string {
  if (schema.enum) return alternatives(schema.enum.map((v) => JSON.stringify(v)), (a, b) => t('{0} or {1}', a, b));
  return describeKind(schema.type);
}

/** `decimal`: the number was written with a decimal point, which no integer may have (as in VS Code). */
function matchesType(value: unknown, type: JsonSchema['type'], decimal = false): boolean {
  if (type === undefined) return true;
  const kind = typeOf(value);
  if (type === 'integer') return kind === 'number' && Number.isInteger(value) && !decimal;
  return kind === type;
}

function validateNumber(value: number, s: JsonSchema, path: JsonPath, name: string): Problem[] {
  const range = (message: string) => [problem(path, ProblemCode.Range, 'error', message)];
  if (!Number.isFinite(value)) return range(t('{0} must be a finite number (got {1}).', name, value));
  if ((s.type === 'integer' && !Number.isInteger(value)) || (s.multipleOf !== undefined && value % s.multipleOf !== 0)) {
    return [problem(path, ProblemCode.Type, 'error', s.multipleOf === undefined || s.multipleOf === 1 ? t('{0} must be a whole number (got {1}).', name, value) : t('{0} must be a multiple of {1} (got {2}).', name, s.multipleOf, value))];
  }
  if (s.exclusiveMinimum !== undefined && !(value > s.exclusiveMinimum)) return range(t('{0} must be greater than {1} (got {2}).', name, s.exclusiveMinimum, value));
  if (s.minimum !== undefined && value < s.minimum) return range(t('{0} must be at least {1} (got {2}).', name, s.minimum, value));
  if (s.exclusiveMaximum !== undefined && !(value < s.exclusiveMaximum)) return range(t('{0} must be less than {1} (got {2}).', name, s.exclusiveMaximum, value));
  if (s.maximum !== undefined && value > s.maximum) return range(t('{0} must be at most {1} (got {2}).', name, s.maximum, value));
  return [];
}

/**
 * Checks a parsed JSON value against a schema, returning every problem with its JSON path.
 * Unknown properties are warnings (the editor shows them the same way); all else is an error.
 * e.g. `validateAgainstSchema({ epochs: 0 }, TRAINING_SCHEMA)` → one `range` error at `["epochs"]`.
 */
export function validateAgainstSchema(value: unknown, schema: JsonSchema, path: JsonPath = [], literals: DecimalLiterals = NO_LITERALS): Problem[] {
  const name = path.length ? quote(String(path[path.length - 1])) : t('The file');
  if (schema.anyOf) return validateAnyOf(value, schema, path, name, literals);
  if (schema.not) {
    const matches = !validateAgainstSchema(value, schema.not, path, literals).some((p) => p.severity === 'error');
    // Keys that exclude each other: the problem sits on the last of them, the one that clashes.
    const clash = schema.not.required?.[schema.not.required.length - 1];
    return matches ? [problem(clash !== undefined ? [...path, clash] : path, ProblemCode.Conflict, 'error', (schema.errorMessage !== undefined ? translate(schema.errorMessage) : t('{0} is not allowed here.', name)), { onKey: true })] : [];
  }
  const literal = typeof value === 'number' ? literals.get(pathKey(path)) : undefined;
  if (!matchesType(value, schema.type, literal !== undefined)) {
    const code = typeOf(value) === 'number' && schema.type === 'integer' ? 'whole' : 'type';
    const message =
      code !== 'whole'
        ? t('{0} must be {1} (got {2}).', name, describeType(schema), describeValue(value))
        : literal !== undefined && Number.isInteger(value)
          ? t('{0} must be a whole number written without a decimal point (got {1}).', name, literal)
          : t('{0} must be a whole number (got {1}).', name, literal ?? describeValue(value));
    return [problem(path, ProblemCode.Type, 'error', message)];
  }
  if (schema.enum && !schema.enum.includes(value as string | number)) {
    // A choice between a word and objects says what the objects are (VS Code shows the same errorMessage).
    const wrong = t('{0} must be {1} (got {2}).', name, describeType(schema), describeValue(value));
    return [problem(path, ProblemCode.Enum, 'error', schema.errorMessage ? `${wrong} ${translate(schema.errorMessage)}` : wrong)];
  }
  if (schema.const !== undefined && value !== schema.const) {
    return [problem(path, ProblemCode.Enum, 'error', t('{0} must be {1}.', name, JSON.stringify(schema.const)))];
  }
  switch (typeOf(value)) {
    case 'number':
      return validateNumber(value as number, schema, path, name);
    case 'string':
      if (schema.minLength !== undefined && (value as string).length < schema.minLength) {
        return [problem(path, ProblemCode.Range, 'error', t('{0} must not be empty.', name))];
      }
      return [];
    case 'array':
      return validateArray(value as unknown[], schema, path, name, literals);
    case 'object':
      return validateObject(value as Record<string, unknown>, schema, path, literals);
    default:
      return [];
  }
}

function validateArray(value: unknown[], schema: JsonSchema, path: JsonPath, name: string, literals: DecimalLiterals): Problem[] {
  const problems: Problem[] = [];
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    problems.push(problem(path, ProblemCode.Range, 'error', t('{0} must list at least {1} item(s).', name, schema.minItems)));
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    problems.push(problem(path, ProblemCode.Range, 'error', t('{0} must list at most {1} item(s) (got {2}).', name, schema.maxItems, value.length)));
  }
  if (schema.items) {
    value.forEach((item, i) => problems.push(...validateAgainstSchema(item, schema.items as JsonSchema, [...path, i], literals)));
  }
  if (schema.uniqueItems) {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) problems.push(problem([...path, i], ProblemCode.DuplicateFeature, 'error', t('{0} is listed twice in {1}.', describeValue(item), name)));
      seen.add(key);
    });
  }
  return problems;
}

function validateObject(value: Record<string, unknown>, schema: JsonSchema, path: JsonPath, literals: DecimalLiterals): Problem[] {
  const problems: Problem[] = [];
  const props = schema.properties ?? {};
  if (schema.minProperties !== undefined && Object.keys(value).length < schema.minProperties) {
    const keys = Object.keys(props).map((k) => `"${k}"`).join(', ');
    const name = path.length ? quote(String(path[path.length - 1])) : t('The file');
    problems.push(problem(path, ProblemCode.Required, 'error', t('{0} needs at least one of the keys {1}.', name, keys)));
  }
  for (const [key, needed] of Object.entries(schema.dependencies ?? {})) {
    if (!(key in value)) continue;
    for (const other of needed) {
      if (!(other in value)) problems.push(problem([...path, key], ProblemCode.Required, 'error', t('{0} needs {1} beside it.', quote(key), quote(other)), { onKey: true }));
    }
  }
  for (const sub of schema.allOf ?? []) problems.push(...validateAgainstSchema(value, sub, path, literals));
  for (const key of schema.required ?? []) {
    if (!(key in value)) problems.push(problem(path, ProblemCode.Required, 'error', t('Missing property "{0}".', key)));
  }
  for (const [key, v] of Object.entries(value)) {
    const sub = props[key];
    if (sub) problems.push(...validateAgainstSchema(v, sub, [...path, key], literals));
    else if (schema.additionalProperties === false) {
      const known = Object.keys(props);
      problems.push(
        problem([...path, key], ProblemCode.UnknownKey, 'warning', t('Unknown key {0} is ignored. Known keys: {1}.', quote(key), known.join(', ')), { onKey: true }),
      );
    }
  }
  return problems;
}

/** Picks the branch the user evidently meant (same type, required keys present) to report its problems. */
function validateAnyOf(value: unknown, schema: JsonSchema, path: JsonPath, name: string, literals: DecimalLiterals): Problem[] {
  const branches = schema.anyOf ?? [];
  const results = branches.map((b) => validateAgainstSchema(value, b, path, literals));
  if (results.some((r) => !r.some((p) => p.severity === 'error'))) {
    return results.find((r) => !r.some((p) => p.severity === 'error')) ?? [];
  }
  const sameType = branches
    .map((b, i) => ({ b, i }))
    .filter(({ b }) => matchesType(value, b.type) || (b.type === 'integer' && typeOf(value) === 'number'));
  // Among objects with the required key, one whose required keys hold its own values (`"dataset": "penguins"`) is meant before one they contradict.
  const withKeys = sameType.filter(({ b }) => typeOf(value) === 'object' && (b.required ?? []).some((k) => k in (value as object)));
  const keysFit = ({ b }: { b: JsonSchema }) =>
    (b.required ?? []).every((k) => !(k in (value as object)) || !b.properties?.[k] || !validateAgainstSchema((value as Record<string, unknown>)[k], b.properties[k] as JsonSchema, [...path, k], literals).some((p) => p.severity === 'error'));
  const intended =
    withKeys.find(keysFit) ??
    withKeys[0] ??
    (sameType.length === 1 ? sameType[0] : undefined);
  if (intended) return results[intended.i] ?? [];
  if (sameType.length > 1 && typeOf(value) === 'object') {
    const keys = [...new Set(sameType.map(({ b }) => `"${(b.required ?? [])[0] ?? ''}"`))].join(', ');
    return [problem(path, ProblemCode.Required, 'error', t('{0} needs one of the keys {1}.', name, keys))];
  }
  const expected = alternatives(branches.map(describeType), (a, b) => t('{0}, or {1}', a, b));
  return [problem(path, ProblemCode.Type, 'error', t('{0} must be {1} (got {2}).', name, expected, describeValue(value)))];
}
