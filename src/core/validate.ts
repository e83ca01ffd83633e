import type { JsonSchema } from './schema';
import { type JsonPath, type Problem, ProblemCode, problem, quote } from '../shared/problems';

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
  const t = typeof value;
  return t === 'object' || t === 'string' || t === 'number' || t === 'boolean' ? t : 'null';
}

function describeValue(value: unknown): string {
  const t = typeOf(value);
  if (t === 'string') return quote(value as string);
  if (t === 'number' || t === 'boolean' || t === 'null') return String(value);
  return t === 'array' ? 'an array' : 'an object';
}

function describeType(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' or ');
  if (schema.type === 'integer') return 'a whole number';
  if (schema.type === 'number') return 'a number';
  if (schema.type === 'object') return 'an object';
  if (schema.type === 'array') return 'an array';
  return schema.type ? `a ${schema.type}` : 'a value';
}

/** `decimal`: the number was written with a decimal point, which no integer may have (as in VS Code). */
function matchesType(value: unknown, type: JsonSchema['type'], decimal = false): boolean {
  if (type === undefined) return true;
  const t = typeOf(value);
  if (type === 'integer') return t === 'number' && Number.isInteger(value) && !decimal;
  return t === type;
}

function validateNumber(value: number, s: JsonSchema, path: JsonPath, name: string): Problem[] {
  const range = (msg: string) => [problem(path, ProblemCode.Range, 'error', `${name} ${msg} (got ${value}).`)];
  if (!Number.isFinite(value)) return range('must be a finite number');
  if ((s.type === 'integer' && !Number.isInteger(value)) || (s.multipleOf !== undefined && value % s.multipleOf !== 0)) {
    return [problem(path, ProblemCode.Type, 'error', s.multipleOf === undefined || s.multipleOf === 1 ? `${name} must be a whole number (got ${value}).` : `${name} must be a multiple of ${s.multipleOf} (got ${value}).`)];
  }
  if (s.exclusiveMinimum !== undefined && !(value > s.exclusiveMinimum)) return range(`must be greater than ${s.exclusiveMinimum}`);
  if (s.minimum !== undefined && value < s.minimum) return range(`must be at least ${s.minimum}`);
  if (s.exclusiveMaximum !== undefined && !(value < s.exclusiveMaximum)) return range(`must be less than ${s.exclusiveMaximum}`);
  if (s.maximum !== undefined && value > s.maximum) return range(`must be at most ${s.maximum}`);
  return [];
}

/**
 * Checks a parsed JSON value against a schema, returning every problem with its JSON path.
 * Unknown properties are warnings (the editor shows them the same way); all else is an error.
 * e.g. `validateAgainstSchema({ epochs: 0 }, TRAINING_SCHEMA)` → one `range` error at `["epochs"]`.
 */
export function validateAgainstSchema(value: unknown, schema: JsonSchema, path: JsonPath = [], literals: DecimalLiterals = NO_LITERALS): Problem[] {
  const name = path.length ? quote(String(path[path.length - 1])) : 'The file';
  if (schema.anyOf) return validateAnyOf(value, schema, path, name, literals);
  if (schema.not) {
    const matches = !validateAgainstSchema(value, schema.not, path, literals).some((p) => p.severity === 'error');
    // Keys that exclude each other: the problem sits on the last of them, the one that clashes.
    const clash = schema.not.required?.[schema.not.required.length - 1];
    return matches ? [problem(clash !== undefined ? [...path, clash] : path, ProblemCode.Conflict, 'error', schema.errorMessage ?? `${name} is not allowed here.`, { onKey: true })] : [];
  }
  const literal = typeof value === 'number' ? literals.get(pathKey(path)) : undefined;
  if (!matchesType(value, schema.type, literal !== undefined)) {
    const code = typeOf(value) === 'number' && schema.type === 'integer' ? 'whole' : 'type';
    const message =
      code !== 'whole'
        ? `${name} must be ${describeType(schema)} (got ${describeValue(value)}).`
        : literal !== undefined && Number.isInteger(value)
          ? `${name} must be a whole number written without a decimal point (got ${literal}).`
          : `${name} must be a whole number (got ${literal ?? describeValue(value)}).`;
    return [problem(path, ProblemCode.Type, 'error', message)];
  }
  if (schema.enum && !schema.enum.includes(value as string | number)) {
    // A choice between a word and objects says what the objects are (VS Code shows the same errorMessage).
    const hint = schema.errorMessage ? ` ${schema.errorMessage}` : '';
    return [problem(path, ProblemCode.Enum, 'error', `${name} must be ${describeType(schema)} (got ${describeValue(value)}).${hint}`)];
  }
  if (schema.const !== undefined && value !== schema.const) {
    return [problem(path, ProblemCode.Enum, 'error', `${name} must be ${JSON.stringify(schema.const)}.`)];
  }
  switch (typeOf(value)) {
    case 'number':
      return validateNumber(value as number, schema, path, name);
    case 'string':
      if (schema.minLength !== undefined && (value as string).length < schema.minLength) {
        return [problem(path, ProblemCode.Range, 'error', `${name} must not be empty.`)];
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
    problems.push(problem(path, ProblemCode.Range, 'error', `${name} must list at least ${schema.minItems} item(s).`));
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    problems.push(problem(path, ProblemCode.Range, 'error', `${name} must list at most ${schema.maxItems} item(s) (got ${value.length}).`));
  }
  if (schema.items) {
    value.forEach((item, i) => problems.push(...validateAgainstSchema(item, schema.items as JsonSchema, [...path, i], literals)));
  }
  if (schema.uniqueItems) {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) problems.push(problem([...path, i], ProblemCode.DuplicateFeature, 'error', `${describeValue(item)} is listed twice in ${name}.`));
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
    const name = path.length ? quote(String(path[path.length - 1])) : 'The file';
    problems.push(problem(path, ProblemCode.Required, 'error', `${name} needs at least one of the keys ${keys}.`));
  }
  for (const [key, needed] of Object.entries(schema.dependencies ?? {})) {
    if (!(key in value)) continue;
    for (const other of needed) {
      if (!(other in value)) problems.push(problem([...path, key], ProblemCode.Required, 'error', `${quote(key)} needs ${quote(other)} beside it.`, { onKey: true }));
    }
  }
  for (const sub of schema.allOf ?? []) problems.push(...validateAgainstSchema(value, sub, path, literals));
  for (const key of schema.required ?? []) {
    if (!(key in value)) problems.push(problem(path, ProblemCode.Required, 'error', `Missing property "${key}".`));
  }
  for (const [key, v] of Object.entries(value)) {
    const sub = props[key];
    if (sub) problems.push(...validateAgainstSchema(v, sub, [...path, key], literals));
    else if (schema.additionalProperties === false) {
      const known = Object.keys(props);
      problems.push(
        problem([...path, key], ProblemCode.UnknownKey, 'warning', `Unknown key ${quote(key)} is ignored. Known keys: ${known.join(', ')}.`, { onKey: true }),
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
    return [problem(path, ProblemCode.Required, 'error', `${name} needs one of the keys ${keys}.`)];
  }
  const expected = branches.map(describeType).join(', or ');
  return [problem(path, ProblemCode.Type, 'error', `${name} must be ${expected} (got ${describeValue(value)}).`)];
}
