// The editor checks training.json with VS Code's own JSON language service, not with a standard
// validator: it reads integers from the literal ("2.0" is no integer), it lets 1e309 through as
// Infinity unless a bound stops it, and it has its own rules for comments and trailing commas. The
// runtime must accept exactly the files the editor accepts.
import { describe, expect, it } from 'vitest';
import { type Diagnostic, TextDocument, getLanguageService } from 'vscode-json-languageservice';
import { parseConfig } from '../../src/core/config';
import { hasErrors } from '../../src/shared/problems';
import { TRAINING_SCHEMA } from '../../src/core/schema';
import { SAMPLES as COMMON_SAMPLES } from './schemaSamples';

const service = getLanguageService({});
// The schema as the build writes it to dist/training.schema.json.
const schema = JSON.parse(JSON.stringify(TRAINING_SCHEMA));

/** VS Code's diagnostics for a training.json (a jsonc document, validated as its JSON extension does). */
async function editorDiagnostics(text: string): Promise<Diagnostic[]> {
  const document = TextDocument.create('file:///project/training.json', 'jsonc', 1, text);
  const json = service.parseJSONDocument(document);
  // VS Code's JSON extension validates jsonc documents with these settings.
  return service.doValidation(document, json, { comments: 'ignore', trailingCommas: 'warning' }, schema);
}

/** Unknown keys and duplicate keys are warnings in both places: everything else the editor reports is a rejection. */
const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const isUnknownKey = (d: Diagnostic) => /is not allowed/.test(messageOf(d));
const isDuplicateKey = (d: Diagnostic) => /Duplicate object key/.test(messageOf(d));
const isWarningKind = (d: Diagnostic) => isUnknownKey(d) || isDuplicateKey(d);

/** The shared samples, and those only a reader of the literal text can judge. */
const SAMPLES: string[] = [
  ...COMMON_SAMPLES,
  '{"learningRate": 1e309}',
  '{"learningRate": -1e309}',
  '{"learningRate": 1e300}',
  '{"batchSize": 2.0}',
  '{"batchSize": 1e1}',
  '{"batchSize": 5e-1}',
  '{"batchSize": 1e400}',
  '{"epochs": 2.0}',
  '{"epochs": 20.00}',
  '{"epochs": 2E1}',
  '{"epochs": 1e309}',
  '{"epochs": -0}',
  '{"data": {"dataset": "cars", "features": ["Horsepower", "Horsepower"]}}',
  '{"data": {"synthetic": {"samples": 10.0}}}',
  '{"data": {"synthetic": {"noise": 1e309}}}',
  '{"data": {"synthetic": {"seed": 1e309}}}',
  '{"validationSplit": 1e309}',
  '{"seed": 5e-1}',
  '{"seed": 1e2}',
  '{"seed": 3.0}',
  '{"seed": 1e309}',
  '{"compare": {"learningRates": [1e309]}}',
  '{"compare": {"learningRates": [0.1,],}}',
  // Unknown keys inside a choice (anyOf): a warning for VS Code and the runtime, where a standard
  // validator (ajv, config.test.ts) fails the branch, so these are checked here only.
  '{"optimizer": {"momentum": 0.9, "dampening": 0}}',
  '{"optimizer": {"adam": {"amsgrad": true}}}',
  '{"optimizer": {"adam": {}, "extra": 1}}',
  '{"learningRateSchedule": {"exponential": {"factor": 0.95, "every": 2}}}',
  '{"learningRateSchedule": {"warmupEpochs": 5, "cosine": true}}',
  '{"optimizer": {"momentum": 1e309}}',
  '{"model": {"logistic": {"positive": "Adelie", "weight": 2}}}',
  '{"model": {"logistic": {"positive": "Adelie"}, "extra": 1}}',
  '{"data": {"dataset": "penguins", "label": "Species", "classes": ["Adelie"]}}',
  '{"optimizer": {"adam": {"epsilon": 1e309}}}',
  '{"learningRateSchedule": {"warmupEpochs": 5.0}}',
  '{"learningRateSchedule": {"step": {"every": 2.0, "factor": 0.5}}}',
  '{"learningRateSchedule": {"warmupEpochs": 1e309}}',
  '{"learningRate": 0.1, "learningRate": 0.2}',
  '{"epochs": 2.0, "epochs": 3}',
  '{"epochs": 3, "epochs": 2.0}',
  '{"epochs": 3,}',
  '{"data": {"dataset": "cars", "features": ["Horsepower",],},}',
  '// a comment\n{"epochs": 3 /* and another */}',
  '{"epochs": 3',
  '{"learningRate" 2}',
];


describe('the schema as VS Code applies it agrees with the runtime', () => {
  it.each(SAMPLES)('%s', async (text) => {
    const diagnostics = await editorDiagnostics(text);
    const editorRejects = diagnostics.some((d) => !isWarningKind(d));
    const problems = parseConfig(text).problems;
    // The editor marks both occurrences of a duplicate key, the runtime the one it ignores.
    expect({ rejected: hasErrors(problems), unknownKeys: problems.filter((p) => p.code === 'unknown-key').length, duplicateKeys: problems.some((p) => p.code === 'duplicate-key') }).toEqual({
      rejected: editorRejects,
      unknownKeys: diagnostics.filter(isUnknownKey).length,
      duplicateKeys: diagnostics.some(isDuplicateKey),
    });
  });
});

describe('the runtime says why VS Code rejects a number', () => {
  it.each([
    ['{"epochs": 2.0}', '"epochs" must be a whole number written without a decimal point (got 2.0).'],
    ['{"seed": 5e-1}', '"seed" must be a whole number (got 0.5).'],
    ['{"learningRate": 1e309}', '"learningRate" must be a finite number (got Infinity).'],
    ['{"batchSize": 32.0}', '"batchSize" must be a whole number written without a decimal point (got 32.0).'],
  ])('%s', (text, message) => {
    expect(parseConfig(text).problems.map((p) => p.message)).toEqual([message]);
  });
});
