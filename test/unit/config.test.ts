import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../src/core/config';
import { parseCsvData } from '../../src/core/data';
import { locateProblem } from '../../src/core/locate';
import { type Problem, hasErrors } from '../../src/shared/problems';
import { planRun, runTraining } from '../../src/core/run';
import { TRAINING_SCHEMA, type JsonSchema } from '../../src/core/schema';
import { SUPPORTED_KEYWORDS } from '../../src/core/validate';
import { createFileReader } from '../../src/dataAccess';
import { SAMPLES } from './schemaSamples';

const fixtures = path.join(__dirname, '..', 'fixtures', 'csv');
const reader = createFileReader(fixtures, [fixtures]);
const only = (problems: Problem[]) => problems.filter((p) => p.severity === 'error');



describe('one schema for the editor and the runtime', () => {
  it('gives the same verdict as a standard JSON Schema validator on every sample', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(TRAINING_SCHEMA);
    for (const text of SAMPLES) {
      const value = JSON.parse(text);
      validate(value);
      // Unknown keys are warnings in both places: the editor shows "not allowed" as a warning.
      const editorErrors = (validate.errors ?? []).filter((e) => e.keyword !== 'additionalProperties');
      const runtimeErrors = only(parseConfig(text).problems);
      expect({ text, valid: runtimeErrors.length === 0 }).toEqual({ text, valid: editorErrors.length === 0 });
    }
  });

  it('uses only keywords the runtime validator implements', () => {
    const walk = (s: JsonSchema): void => {
      for (const key of Object.keys(s)) expect(SUPPORTED_KEYWORDS.has(key), key).toBe(true);
      Object.values(s.properties ?? {}).forEach(walk);
      (s.anyOf ?? []).forEach(walk);
      if (s.items) walk(s.items);
    };
    walk(TRAINING_SCHEMA);
  });

  it('describes and defaults every top-level key', () => {
    for (const [key, s] of Object.entries(TRAINING_SCHEMA.properties!)) {
      expect(s.description, key).toBeTruthy();
      expect(s.markdownDescription ?? s.description, key).toBeTruthy();
      expect('default' in s, key).toBe(true);
    }
  });

  it('has a starter snippet that is itself a valid config', () => {
    const body = TRAINING_SCHEMA.defaultSnippets![0]!.body;
    expect(parseConfig(JSON.stringify(body)).problems).toEqual([]);
  });
});

describe('parsing training.json', () => {
  it('accepts comments and trailing commas, as VS Code settings do', () => {
    const r = parseConfig('// my run\n{ "learningRate": 0.1, /* fast */ "epochs": 5, }');
    expect(r.problems).toEqual([]);
    expect(r.config).toMatchObject({ learningRate: 0.1, epochs: 5, batchSize: 'full', normalize: 'zscore', seed: 0 });
  });

  it('reports truncated JSON with its position', () => {
    const text = '{\n  "learningRate": 0.1,\n  "epochs": ';
    const [p] = parseConfig(text).problems;
    expect(p).toMatchObject({ code: 'syntax', severity: 'error' });
    expect(locateProblem(text, p!).line).toBe(3);
  });

  it.each([
    ['{"learningRate": "fast"}', ['learningRate'], 'type', /must be a number \(got "fast"\)/],
    ['{"learningRate": 0}', ['learningRate'], 'range', /greater than 0 \(got 0\)/],
    ['{"learningRate": -0.5}', ['learningRate'], 'range', /greater than 0 \(got -0.5\)/],
    ['{"batchSize": 0}', ['batchSize'], 'range', /at least 1 \(got 0\)/],
    ['{"batchSize": 2.5}', ['batchSize'], 'type', /whole number \(got 2.5\)/],
    ['{"epochs": 0}', ['epochs'], 'range', /at least 1/],
    ['{"data": {}}', ['data'], 'required', /one of the keys "dataset", "csv", "synthetic"/],
  ])('explains %s at its key', (text, where, code, message) => {
    const [p] = only(parseConfig(text).problems);
    expect(p).toMatchObject({ path: where, code });
    expect(p!.message).toMatch(message);
  });

  it('warns about unknown keys on the key itself and still trains', () => {
    const text = '{"learningRate": 0.05, "momentum": 0.9}';
    const r = runTraining(text);
    expect(r.trained).toBe(true);
    const p = r.problems.find((q) => q.code === 'unknown-key')!;
    expect(p.severity).toBe('warning');
    expect(locateProblem(text, p).column).toBe(text.indexOf('"momentum"') + 1);
  });

  it('warns about a duplicate key and uses the last one', () => {
    const r = parseConfig('{"epochs": 5, "epochs": 7}');
    expect(r.config?.epochs).toBe(7);
    expect(r.problems).toMatchObject([{ code: 'duplicate-key', severity: 'warning' }]);
  });

  it('reads compare.learningRates as listed, null without it, and refuses a ninth rate on the list', () => {
    expect(parseConfig('{"compare": {"learningRates": [0.5, 0.01]}}').config?.compare).toEqual({ learningRates: [0.5, 0.01] });
    expect(parseConfig('{}').config?.compare).toEqual({ learningRates: null });
    const nine = parseConfig('{"compare": {"learningRates": [1, 2, 3, 4, 5, 6, 7, 8, 9]}}');
    expect(nine.config).toBeNull();
    expect(nine.problems.map((p) => [p.path, p.message])).toEqual([[['compare', 'learningRates'], '"learningRates" must list at most 8 item(s) (got 9).']]);
    expect(parseConfig('{"compare": {"learningRates": [0.1, 0]}}').problems.map((p) => p.path)).toEqual([['compare', 'learningRates', 1]]);
  });

  it('refuses an empty file with a message', () => {
    expect(parseConfig('  \n').problems[0]!.message).toMatch(/empty/);
  });
});

describe('data problems', () => {
  it('reports an unknown cars column with the columns available', () => {
    const r = planRun('{"data": {"dataset": "cars", "features": ["Weight_in_lbs"], "label": "Price"}}');
    expect(only(r.problems)[0]!.path).toEqual(['data', 'label']);
  });

  it('refuses a label that is also a feature, on that feature', () => {
    const r = planRun('{"data": {"dataset": "cars", "features": ["Horsepower", "Miles_per_Gallon"], "label": "Miles_per_Gallon"}}');
    expect(only(r.problems)).toMatchObject([{ code: 'label-is-feature', path: ['data', 'features', 1] }]);
  });

  it('drops cars rows missing a chosen field and counts them in the data, not as a problem of the file', () => {
    const r = runTraining('{"data": {"dataset": "cars", "features": ["Horsepower"], "label": "Miles_per_Gallon"}}');
    expect(r.data!.rows).toBe(392);
    expect(r.data!.droppedRows).toBe(14);
    expect(r.problems.filter((p) => p.path[0] === 'data')).toEqual([]);
  });

  it('raises no problem on a shipped example the user has not touched: dropped and left-out rows are counted in the data', () => {
    const examples = path.join(__dirname, '..', '..', 'examples');
    for (const name of fs.readdirSync(examples)) {
      const r = runTraining(fs.readFileSync(path.join(examples, name, 'training.json'), 'utf8'));
      expect(r.trained, name).toBe(true);
      expect(r.problems, name).toEqual([]);
    }
  });

  it('uses the 398 cars with both weight and miles per gallon by default', () => {
    expect(runTraining('{"epochs": 1}').data).toMatchObject({ rows: 398, droppedRows: 8, features: ['Weight_in_lbs'], label: 'Miles_per_Gallon' });
  });

  it('reads a CSV with CRLF and quoted numbers', () => {
    const r = runTraining('{"data": {"csv": "houses.csv", "label": "price"}, "epochs": 2}', { reader });
    expect(r.data).toMatchObject({ rows: 3, features: ['size', 'rooms'], label: 'price' });
  });

  it('reads a CSV with a byte-order mark and a quoted field holding a comma and a newline', () => {
    expect(runTraining('{"data": {"csv": "bom.csv", "label": "price"}}', { reader }).data!.rows).toBe(3);
    expect(runTraining('{"data": {"csv": "quoted.csv", "features": ["size"], "label": "price"}}', { reader }).data!.rows).toBe(2);
  });

  it('names the row and column of a non-numeric cell', () => {
    const [p] = only(planRun('{"data": {"csv": "text-cell.csv", "label": "price"}}', { reader }).problems);
    expect(p).toMatchObject({ code: 'csv-non-numeric', path: ['data', 'csv'] });
    expect(p!.message).toMatch(/row 3, column "price": "abc"/);
  });

  it('reports a missing CSV on the csv value', () => {
    const [p] = only(planRun('{"data": {"csv": "nope.csv", "label": "price"}}', { reader }).problems);
    expect(p).toMatchObject({ code: 'data-missing', path: ['data', 'csv'] });
    expect(p!.message).toMatch(/does not exist/);
  });

  it('reports an unknown CSV column, listing the header', () => {
    const [p] = only(planRun('{"data": {"csv": "houses.csv", "features": ["area"], "label": "price"}}', { reader }).problems);
    expect(p).toMatchObject({ code: 'unknown-column', path: ['data', 'features', 0] });
    expect(p!.message).toMatch(/Available: "size", "rooms", "price"/);
  });

  it('reports data that is empty', () => {
    expect(only(parseCsvData('', { csv: 'e.csv', features: null, label: 'y' }).problems)[0]!.code).toBe('data-empty');
    expect(only(parseCsvData('x,y\n', { csv: 'h.csv', features: null, label: 'y' }).problems)[0]!.message).toMatch(/no data rows/);
    expect(only(parseCsvData('x,y\n,1\n2,\n', { csv: 'm.csv', features: null, label: 'y' }).problems)[0]!.code).toBe('data-empty');
  });

  it('warns when batchSize is larger than the data, and trains it as full batch', () => {
    const r = runTraining('{"batchSize": 1000, "epochs": 3}');
    expect(r.problems.find((p) => p.code === 'batch-larger-than-data')).toMatchObject({ path: ['batchSize'], severity: 'warning' });
    expect(r.updates!.current).toBe('full');
    expect(r.totalUpdates).toBe(3);
  });

  it('refuses a validation split that leaves nothing to train on', () => {
    const r = planRun('{"validationSplit": 0.9, "data": {"synthetic": {"samples": 1}}}');
    expect(hasErrors(r.problems)).toBe(true);
  });

  it('refuses a CSV outside the folders it may read', () => {
    // The file exists, so only the workspace rule can refuse it.
    expect(fs.existsSync(path.join(fixtures, '../../unit/config.test.ts'))).toBe(true);
    const [p] = only(planRun('{"data": {"csv": "../../unit/config.test.ts", "label": "y"}}', { reader }).problems);
    expect(p!.code).toBe('data-outside-workspace');
  });
});

describe('the starter that Descent: Create training.json writes', () => {
  it('is a valid, commented config that converges on the cars data', async () => {
    const { starterText } = await import('../../src/core/starter');
    const starter = starterText();
    expect(starter).toMatch(/^\/\//);
    expect(parseConfig(starter).problems).toEqual([]);
    expect(runTraining(starter).verdict).toBe('converged');
  });

  it('is commented in the display language, with the same keys and values', async () => {
    const { starterText } = await import('../../src/core/starter');
    const { setLanguage } = await import('../../src/shared/l10n');
    const { englishProse } = await import('./japanese');
    const fs = await import('node:fs');
    const english = starterText();
    setLanguage({ locale: 'ja', bundle: JSON.parse(fs.readFileSync('l10n/bundle.l10n.ja.json', 'utf8')) });
    try {
      const japanese = starterText();
      const comments = japanese.split('\n').filter((l) => l.trim().startsWith('//'));
      expect(comments.length).toBe(english.split('\n').filter((l) => l.trim().startsWith('//')).length);
      expect(comments.flatMap((c) => englishProse(c))).toEqual([]);
      const code = (text: string) => text.split('\n').filter((l) => !l.trim().startsWith('//')).join('\n');
      expect(code(japanese)).toBe(code(english));
      expect(parseConfig(japanese).problems).toEqual([]);
    } finally {
      setLanguage({ locale: 'en' });
    }
  });
});

describe('duplicate keys and locations', () => {
  it('puts a problem on the occurrence the config uses: the last one', () => {
    const text = '{"learningRate": 0.05,\n "learningRate": 1.5, "epochs": 20}';
    const r = runTraining(text);
    expect(r.verdict).toBe('diverged');
    const p = r.problems.find((q) => q.code === 'diverged')!;
    expect([p.line, p.column]).toEqual([2, 18]);
  });
});
