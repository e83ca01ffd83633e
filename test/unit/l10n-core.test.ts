// The core's problems in Japanese: with the real ja bundle loaded, a corpus of bad inputs (config
// text, CSVs, data files, run files, a file session's events) reaches every message the core's
// problem-producing files say, and each message reads as Japanese with its identifiers (keys,
// columns, files, values) verbatim. A last test compares the messages reached with every `t(…)`
// and `marked(…)` in those files, so a new message without a case here fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { printParseErrorCode, type ParseErrorCode } from 'jsonc-parser';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { englishProse } from './japanese';
import { setLanguage } from '../../src/shared/l10n';
import { describeParseError, parseConfig } from '../../src/core/config';
import { validateAgainstSchema } from '../../src/core/validate';
import { type JsonSchema, TRAINING_SCHEMA } from '../../src/core/schema';
import { loadCars, loadPenguins, makeSynthetic, parseCsvData } from '../../src/core/data';
import { type DataAccessError, failedReport, planRun, runTraining } from '../../src/core/run';
import { scriptDataOf } from '../../src/core/export';
import { buildRunFile, parseRunFile, serializeRunFile } from '../../src/core/runFile';
import { parseFailOn } from '../../src/core/runCompare';
import { createFileReader } from '../../src/dataAccess';
import { FileSession } from '../../src/session/fileSession';
import type { RunOutcome, SessionEnv } from '../../src/session/env';
import { ProblemCode, capProblems, problem } from '../../src/shared/problems';

/** Every message key the core translated while the corpus ran (`t` and `translate`). */
const seen = vi.hoisted(() => ({ keys: new Set<string>(), failRealpath: false }));

vi.mock('../../src/shared/l10n', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/shared/l10n')>();
  const record = (message: string) => void seen.keys.add(message);
  return {
    ...real,
    t: (message: string, ...rest: unknown[]) => (record(message), (real.t as (m: string, ...r: unknown[]) => string)(message, ...rest)),
    translate: (message: string, ...rest: unknown[]) => (record(message), (real.translate as (m: string, ...r: unknown[]) => string)(message, ...rest)),
  };
});

// The reader's "changed while it was being opened" needs a file replaced between its open and its
// check, a race no test can time: the real path lookup fails on demand instead.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const realpathSync = Object.assign(
    (...args: Parameters<typeof real.realpathSync>) => {
      if (seen.failRealpath) throw Object.assign(new Error('ENOENT: gone'), { code: 'ENOENT' });
      return real.realpathSync(...args);
    },
    { native: real.realpathSync.native },
  );
  return { ...real, default: { ...real, realpathSync }, realpathSync };
});


const root = path.resolve(__dirname, '..', '..');
const jaBundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.ja.json'), 'utf8')) as Record<string, string>;
const japanese = () => setLanguage({ locale: 'ja', bundle: jaBundle });
const english = () => setLanguage({ locale: 'en' });
afterEach(english);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-l10n-core-'));
const write = (name: string, text: string) => fs.writeFileSync(path.join(tmp, name), text);
write('ragged.csv', 'x,y\n1,2\n3\n');
write('text.csv', 'x,y\n1,2\n3,abc\n');
write('ok.csv', 'x,y\n1,2\n2,4\n3,7\n');
write('wide.csv', `${Array.from({ length: 12 }, (_, i) => `c${i}`).join(',')},y\n${Array.from({ length: 13 }, () => '1').join(',')}\n`);
fs.mkdirSync(path.join(tmp, 'folder'));
const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-l10n-outside-'));
fs.writeFileSync(path.join(outside, 'away.csv'), 'x,y\n1,2\n');
fs.symlinkSync(path.join(outside, 'away.csv'), path.join(tmp, 'away.csv'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});
fs.symlinkSync('loop.csv', path.join(tmp, 'loop.csv'));
// Sparse: its size is past the limit without writing a byte.
fs.closeSync(fs.openSync(path.join(tmp, 'huge.csv'), 'w'));
fs.truncateSync(path.join(tmp, 'huge.csv'), 300 * 1024 * 1024);
const reader = createFileReader(tmp, [tmp]);

/** Text the core passes on from elsewhere (JSON.parse's, the file system's, the worker's error), not its own: left out of the prose check. */
const SYSTEM_TEXT = [/(?:Unexpected|Expected) [^（）]*(?=）)/g, /ELOOP[^。]*/g, /^Worker exited with code 1\./];

const config = (o: unknown) => JSON.stringify(o);
const messagesOf = (problems: readonly { message: string }[]) => problems.map((p) => p.message);
const planned = (o: unknown, options: Parameters<typeof planRun>[1] = {}) => messagesOf(planRun(typeof o === 'string' ? o : config(o), { reader, ...options }).problems);
const csv = (text: string, spec: Partial<Parameters<typeof parseCsvData>[1]> = {}, max?: number) => messagesOf(parseCsvData(text, { csv: 'd.csv', features: null, label: 'y', ...spec }, max).problems);
const schema = (value: unknown, s: JsonSchema, at: (string | number)[] = ['k']) => messagesOf(validateAgainstSchema(value, s, at));
const logistic = (positive: string, negative?: string) => ({ logistic: negative === undefined ? { positive } : { positive, negative } });
const penguins = (o: Record<string, unknown>, model: unknown) => planned({ data: { dataset: 'penguins', ...o }, model, epochs: 1 });
const readError = (file: string): string[] => {
  try {
    reader.readText(file);
    return [];
  } catch (e) {
    return [(e as DataAccessError).message];
  }
};

/** A file session whose worker ends each run with the outcome it is given; returns what the session says. */
async function sessionSays(drive: (s: InstanceType<typeof FileSession>, w: { trusted: boolean; outcome: RunOutcome; stamp: string | null }) => Promise<void>): Promise<string[]> {
  const w = { trusted: true, outcome: { kind: 'cancelled' } as RunOutcome, stamp: null as string | null };
  const env: SessionEnv = {
    name: 'training.json',
    nextRunId: (() => {
      let id = 0;
      return () => ++id;
    })(),
    trusted: () => w.trusted,
    trainOnSave: () => false,
    readText: async () => '{"learningRate": 0.1}',
    openText: () => null,
    start: (_kind, _text, runId) => ({ runId, outcome: Promise.resolve(w.outcome), cancel: () => undefined }),
    setTimer: () => undefined,
    clearTimer: () => undefined,
    publish: () => undefined,
    publishCheck: () => undefined,
    progress: () => undefined,
    showProgress: () => undefined,
    askToTrainAnyway: () => undefined,
    watchData: () => undefined,
    dataStamp: () => w.stamp,
    log: () => undefined,
  };
  const s = new FileSession(env);
  await drive(s, w);
  return s.message === null ? [] : [s.message];
}

const trainedReport = (): ReturnType<typeof failedReport> => ({ ...failedReport('{}', []), trained: true, verdict: 'converged' });
const carsRun = () => JSON.parse(serializeRunFile(buildRunFile(runTraining('{"epochs": 3, "validationSplit": 0.2}'), { descentVersion: '0.1.0', createdAt: new Date(0), dataHash: null }))) as Record<string, unknown>;

/** The corpus: each case gives the messages of one bad input (several for a few). */
const CASES: Record<string, () => string[] | Promise<string[]>> = {
  // training.json as text
  'an empty file': () => messagesOf(parseConfig('  ').problems),
  'a file over the size limit': () => messagesOf(parseConfig(`{"seed": 1${' '.repeat(1_000_001)}}`).problems),
  'nesting 70 levels deep': () => messagesOf(parseConfig('['.repeat(70)).problems),
  'truncated JSON': () => messagesOf(parseConfig('{"learningRate": 0.1,').problems),
  'a missing colon and a stray character': () => messagesOf(parseConfig('{"epochs" 3 @}').problems),
  'every JSON syntax error the parser names': () => Array.from({ length: 16 }, (_, code) => describeParseError(printParseErrorCode((code + 1) as ParseErrorCode))),
  'a duplicate key': () => messagesOf(parseConfig('{"epochs": 3, "epochs": 4}').problems),
  'an array for the file': () => messagesOf(parseConfig('[]').problems),
  'an unknown key': () => messagesOf(parseConfig('{"learningrate": 0.1}').problems),
  // wrong types and values in training.json
  'a string for a number': () => messagesOf(parseConfig('{"learningRate": "fast"}').problems),
  'a fraction for a whole number': () => messagesOf(parseConfig('{"epochs": 2.5}').problems),
  'a whole number with a decimal point': () => messagesOf(parseConfig('{"epochs": 20.0}').problems),
  'a string for a whole number': () => messagesOf(parseConfig('{"epochs": "ten"}').problems),
  'a rate of 0 and an overflowing split': () => messagesOf(parseConfig('{"learningRate": 0, "noise": 1, "validationSplit": 1e999}').problems),
  'momentum of 1': () => messagesOf(parseConfig('{"optimizer": {"momentum": 1}}').problems),
  'a split above 0.9 and epochs of 0': () => messagesOf(parseConfig('{"validationSplit": 2, "epochs": 0}').problems),
  'an unknown normalize value': () => messagesOf(parseConfig('{"normalize": "minmax"}').problems),
  'an unknown optimizer word': () => messagesOf(parseConfig('{"optimizer": "adamw"}').problems),
  'both momentum and adam': () => messagesOf(parseConfig('{"optimizer": {"momentum": 0.9, "adam": {}}}').problems),
  'a boolean batch size': () => messagesOf(parseConfig('{"batchSize": true}').problems),
  'an empty and an overlong rate list': () => [...messagesOf(parseConfig('{"compare": {"learningRates": []}}').problems), ...messagesOf(parseConfig(`{"compare": {"learningRates": [${Array(9).fill(0.1).join(',')}]}}`).problems)],
  'a feature listed twice': () => messagesOf(parseConfig('{"data": {"dataset": "cars", "features": ["Horsepower", "Horsepower"]}}').problems),
  'an empty CSV path': () => messagesOf(parseConfig('{"data": {"csv": "", "label": "y"}}').problems),
  'a data object of no known kind': () => messagesOf(parseConfig('{"data": {"rows": 3}}').problems),
  // the validator's rules on their own (some are in no training.json rule today)
  'each type a value can fail': () => (['integer', 'number', 'object', 'array', 'string', 'boolean'] as const).flatMap((type) => schema(type === 'string' ? 1 : 'x', { type })),
  'a const, a multiple, a required key': () => [...schema('b', { const: 'a' }), ...schema(3, { type: 'number', multipleOf: 2 }), ...schema(1.5, { type: 'number', multipleOf: 1 }), ...schema({}, { type: 'object', required: ['a'] })],
  'at most, and not allowed': () => [...schema(5, { type: 'number', maximum: 4 }), ...schema({ a: 1 }, { not: { required: ['a'] } })],
  'needs one of, at least one of, beside it': () => [
    ...schema({}, { type: 'object', minProperties: 1, properties: { a: {}, b: {} } }),
    ...schema({}, { type: 'object', minProperties: 1, properties: { a: {} } }, []),
    ...schema({ a: 1 }, { type: 'object', dependencies: { a: ['b'] }, properties: { a: {}, b: {} } }),
    ...schema({ c: 1 }, { anyOf: [{ type: 'object', required: ['a'] }, { type: 'object', required: ['b'] }] }),
    ...schema(0, { anyOf: [{ minimum: 5 }, { maximum: -5 }] }),
  ],
  'too many problems': () => messagesOf(capProblems(Array.from({ length: 105 }, () => problem([], ProblemCode.UnknownKey, 'warning', 'x')))).slice(-1),
  // data
  'an unknown cars column and a label that is a feature': () => messagesOf(loadCars({ features: ['Weight', 'Miles_per_Gallon'], label: 'Miles_per_Gallon' }).problems),
  'a logistic model on cars': () => messagesOf(loadCars({ features: ['Horsepower'], label: 'Miles_per_Gallon' }, { kind: 'logistic', positive: 'a', negative: null }).problems),
  'a penguin category as a feature, and unknown penguin columns': () => [...messagesOf(loadPenguins({ features: ['Species', 'Beak'], label: 'Wings' }, { kind: 'linear' }).problems)],
  'a numeric penguin label for a classifier': () => penguins({ features: ['Body Mass (g)'], label: 'Beak Length (mm)' }, logistic('Adelie')),
  'a penguin category label for linear regression': () => penguins({ features: ['Body Mass (g)'], label: 'Species' }, 'linear'),
  'unknown penguin classes': () => penguins({ features: ['Body Mass (g)'], label: 'Species' }, logistic('Emperor', 'King')),
  'the same class twice': () => penguins({ features: ['Body Mass (g)'], label: 'Species' }, logistic('Adelie', 'Adelie')),
  'one class only': () => csv('x,c\n1,a\n2,a\n', { label: 'c', classes: { positive: 'a', negative: null } }),
  'no usable class value': () => csv('x,c\n1,\n2,NA\n', { label: 'c', classes: { positive: 'a', negative: null } }),
  'synthetic data for a classifier': () => planned({ data: { synthetic: {} }, model: logistic('a') }),
  'too much synthetic data': () => messagesOf(makeSynthetic({ samples: 10_000_000, features: 100, noise: 0, seed: 1 }).problems),
  // CSV text
  'an empty CSV': () => csv(''),
  'a CSV of blank cells': () => csv(',,\n,\n'),
  'a header and no rows': () => csv('x,y\n'),
  'every row missing a value': () => csv('x,y\n,1\n2,\n'),
  'a ragged row': () => planned({ data: { csv: 'ragged.csv', label: 'y' } }),
  'a non-numeric cell': () => planned({ data: { csv: 'text.csv', label: 'y' } }),
  'a duplicate header and a missing label column': () => csv('x,x\n1,2\n'),
  'only the label column': () => csv('y\n1\n'),
  'more than 10 columns to choose from': () => planned({ data: { csv: 'wide.csv', features: ['c99'], label: 'y' } }),
  'too much CSV data, counted and as it arrives': () => [...csv('x,y\n1,2\n3,4\n5,6\n', {}, 2), ...csv('x,y\n"1",2\n3,4\n5,6\n', {}, 2)],
  // the data file
  'a CSV outside the workspace, and a link out of it': () => [...readError('../elsewhere.csv'), ...readError('away.csv')],
  'a missing CSV, a folder, a device, a huge file': () => [...readError('nope.csv'), ...readError('folder'), ...messagesOf(planRun(config({ data: { csv: 'null', label: 'y' } }), { reader: createFileReader('/dev', ['/dev']) }).problems), ...readError('huge.csv')],
  'a link loop, and a file replaced while opened': () => {
    const loop = readError('loop.csv');
    seen.failRealpath = true;
    try {
      return [...loop, ...readError('ok.csv')];
    } finally {
      seen.failRealpath = false;
    }
  },
  'a CSV without a file on disk': () => planned({ data: { csv: 'ok.csv', label: 'y' } }, { reader: undefined }),
  // what the data means for the run
  'a split that holds out every row, or none': () => [...planned({ data: { synthetic: { samples: 1 } }, validationSplit: 0.9 }), ...planned({ data: { csv: 'ok.csv', label: 'y' }, validationSplit: 0.1 })],
  'a constant feature and a batch larger than the data': () => planned({ data: { csv: 'const.csv', label: 'y' }, batchSize: 10 }, { reader: { readText: () => 'x,y\n1,2\n1,3\n1,4\n' } }),
  'a feature whose spread no double holds': () => planned({ data: { csv: 'tiny.csv', label: 'y' } }, { reader: { readText: () => 'x,y\n0,1\n5e-324,2\n0,1\n5e-324,2\n' } }),
  'too many updates': () => planned({ epochs: 1000, batchSize: 1 }, { maxUpdates: 10 }),
  'a training script of too much data, or of no training rows': () => [
    ...messagesOf(scriptDataOf(config({ data: { synthetic: { samples: 2_000_000 } } })).problems),
    ...messagesOf(scriptDataOf(config({ data: { synthetic: { samples: 1 } }, validationSplit: 0.9 })).problems),
  ],
  // run files and --fail-on
  'run files that are not run files': () => [
    ...parseRunFileErrors('{', 'a.json'),
    ...parseRunFileErrors('[]', 'a.json'),
    ...parseRunFileErrors('{}', 'a.json'),
    ...parseRunFileErrors('{"format": "other"}', 'a.json'),
  ],
  'run files of the wrong version': () => [...parseRunFileErrors('{"format": "descent-run"}', 'a.json'), ...parseRunFileErrors('{"format": "descent-run", "version": 9}', 'a.json'), ...parseRunFileErrors('{"format": "descent-run", "version": 0}', 'a.json')],
  'a run file missing every field': () => [...parseRunFileErrors('{"format": "descent-run", "version": 1, "accuracy": 2}', 'a.json'), ...parseRunFileErrors('{"format": "descent-run", "version": 1, "config": {"data": {}}, "data": {}, "history": {}}', 'a.json')],
  'a run file whose series differ in length': () => {
    const run = carsRun();
    (run.history as { validationLoss: number[] }).validationLoss.pop();
    return parseRunFileErrors(JSON.stringify(run), 'a.json');
  },
  'a --fail-on the grammar does not read': () => {
    const parsed = parseFailOn(['final-loss=3']);
    return 'error' in parsed ? [parsed.error] : [];
  },
  // a file session
  'an untrusted workspace': () => sessionSays(async (s, w) => {
    w.trusted = false;
    await s.runNow('command');
  }),
  'a cancelled run': () => sessionSays((s) => s.runNow('command')),
  'a crashed worker': () => sessionSays(async (s, w) => {
    w.outcome = { kind: 'crashed', message: 'Worker exited with code 1.\nstack' };
    await s.runNow('command');
  }),
  'a run stopped at the update limit': () => sessionSays(async (s, w) => {
    const limit = problem(['epochs'], ProblemCode.TooManyUpdates, 'warning', 'limit');
    w.outcome = { kind: 'done', report: failedReport('{}', [limit]) };
    await s.runNow('command');
  }),
  'a file with problems': () => sessionSays(async (s, w) => {
    w.outcome = { kind: 'done', report: failedReport('{}', [problem(['epochs'], ProblemCode.Range, 'error', 'x')]) };
    await s.runNow('command');
  }),
  'a deleted file': () => sessionSays(async (s) => s.deleted()),
  'a data file changed after the run': () => sessionSays(async (s, w) => {
    w.outcome = { kind: 'done', report: trainedReport(), dataStamp: 'old' };
    await s.runNow('command');
    w.stamp = 'new';
    s.dataChanged('/w/data/houses.csv');
  }),
};

function parseRunFileErrors(text: string, name: string): string[] {
  const parsed = parseRunFile(text, name);
  return 'errors' in parsed ? parsed.errors : [];
}

/** Messages of the schema (another module's) that a message quotes: checked once their translations are in the bundle. */
function schemaErrorMessages(): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'errorMessage' && typeof x === 'string' && !(x in jaBundle)) found.push(x);
        else walk(x);
      }
    }
  };
  walk(TRAINING_SCHEMA);
  return found;
}

const results = new Map<string, { en: string[]; ja: string[] }>();

describe('the core says its problems in Japanese', () => {
  for (const [name, run] of Object.entries(CASES)) {
    it(`${name}: Japanese prose, identifiers verbatim, unlike the English`, async () => {
      english();
      const en = await run();
      japanese();
      const ja = await run();
      english();
      results.set(name, { en, ja });
      expect(ja.length, 'the case gives a message').toBeGreaterThan(0);
      expect(ja).toHaveLength(en.length);
      const untranslated = schemaErrorMessages();
      ja.forEach((message, i) => {
        let own = message;
        for (const pattern of SYSTEM_TEXT) own = own.replace(pattern, ' ');
        for (const other of untranslated) own = own.replace(other, ' ');
        expect(englishProse(own), message).toEqual([]);
        if (!untranslated.includes(en[i] as string)) expect(message, 'the Japanese differs from the English').not.toBe(en[i]);
      });
    });
  }

  it('keeps the keys, columns, files and values a message quotes', () => {
    const quoted = (s: string) => [...s.matchAll(/"[^"]*"/g)].map((m) => m[0]).sort();
    for (const [name, { en, ja }] of results) {
      en.forEach((message, i) => {
        const inJapanese = quoted(ja[i] as string);
        // Every quoted name of the English (a key, a column, a class, a file) is in the Japanese too.
        for (const q of quoted(message)) expect(inJapanese, `${name}: ${message}`).toContain(q);
      });
    }
    expect(results.size).toBe(Object.keys(CASES).length);
  });
});

/** The files whose messages this suite owns: the core's problems, the data reader, the file session. */
function ownedFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (!['src/core/verdict', 'src/core/curvature'].includes(rel)) walk(full);
      // Not problems: the schema's texts (l10n-schema.test.ts), the starter's comments (config.test.ts) and a prefetch thread's failure (prefetch.test.ts).
      } else if (rel.endsWith('.ts') && rel !== 'src/core/schema.ts' && rel !== 'src/core/starter.ts' && rel !== 'src/core/prefetch.ts' && !(rel.startsWith('src/core/run/') && rel !== 'src/core/run/plan.ts')) out.push(rel);
    }
  };
  walk(path.join(root, 'src', 'core'));
  walk(path.join(root, 'src', 'session'));
  return [...out, 'src/dataAccess.ts', 'src/shared/problems.ts'];
}

/** The literal messages of `t(…)` and `marked(…)` in a file, as the bundle's extractor reads them. */
function messagesIn(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['t', 'marked'].includes(node.expression.text)) {
      const arg = node.arguments[0];
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) found.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the corpus', () => {
  it('reaches every message of the core, the data reader and the file session', () => {
    const owned = new Set(ownedFiles().flatMap(messagesIn));
    expect(owned.size).toBeGreaterThan(100);
    expect([...owned].filter((m) => !seen.keys.has(m))).toEqual([]);
    // …and each of them has its Japanese.
    expect([...owned].filter((m) => !(m in jaBundle))).toEqual([]);
  });
});
