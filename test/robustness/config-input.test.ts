import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseConfig } from '../../src/core/config';
import { locateProblem } from '../../src/core/locate';
import { hasErrors } from '../../src/shared/problems';
import { runTraining } from '../../src/core/run';

const errors = (text: string) => parseConfig(text).problems.filter((p) => p.severity === 'error');
const firstError = (text: string) => {
  const [p] = errors(text);
  expect(p, `an error for ${text.slice(0, 80)}`).toBeDefined();
  return { ...p!, at: locateProblem(text, p!) };
};

describe('bad training.json: every class gets a message at its place', () => {
  it.each([
    ['empty file', '', /empty/, 1, 1],
    ['whitespace only', ' \n\t', /empty/, 1, 1],
    ['truncated object', '{\n  "learningRate": 0.1,', /Invalid JSON/, 2, 23],
    ['truncated string', '{ "data": "ca', /Invalid JSON: unterminated string/, 1, 11],
    ['a bare word', 'fast', /Invalid JSON/, 1, 1],
    ['a top-level array', '[]', /must be an object/, 1, 1],
    ['null learning rate', '{"learningRate": null}', /"learningRate" must be a number \(got null\)/, 1, 18],
    ['string learning rate', '{"learningRate": "0.1"}', /must be a number \(got "0.1"\)/, 1, 18],
    ['zero learning rate', '{"learningRate": 0}', /greater than 0 \(got 0\)/, 1, 18],
    ['negative zero', '{"learningRate": -0}', /greater than 0/, 1, 18],
    ['negative learning rate', '{"learningRate": -2}', /greater than 0 \(got -2\)/, 1, 18],
    ['an overflowing number', '{"learningRate": 1e309}', /finite number \(got Infinity\)/, 1, 18],
    ['batch size 0', '{"batchSize": 0}', /at least 1 \(got 0\)/, 1, 15],
    ['fractional batch size', '{"batchSize": 2.5}', /whole number \(got 2.5\)/, 1, 15],
    ['batch size "half"', '{"batchSize": "half"}', /"batchSize" must be "full" \(got "half"\)/, 1, 15],
    ['zero epochs', '{"epochs": 0}', /at least 1/, 1, 12],
    ['fractional epochs', '{"epochs": 2.5}', /whole number/, 1, 12],
    ['boolean epochs', '{"epochs": true}', /whole number \(got true\)/, 1, 12],
    ['unknown dataset', '{"data": "iris"}', /"cars"/, 1, 10],
    ['data with no kind', '{"data": {"features": ["x"]}}', /one of the keys/, 1, 10],
    ['a split of 1', '{"validationSplit": 1}', /less than 1/, 1, 21],
    ['a fractional seed', '{"seed": 0.5}', /whole number/, 1, 10],
  ])('%s', (_name, text, message, line, column) => {
    const p = firstError(text);
    expect(p.message).toMatch(message);
    expect([p.at.line, p.at.column]).toEqual([line, column]);
  });

  it('accepts comments and trailing commas (documented: training.json is JSON with comments)', () => {
    expect(parseConfig('/* a */ {"epochs": 3, // b\n}').problems).toEqual([]);
  });

  it('warns about duplicate keys, keeping the last', () => {
    const r = parseConfig('{"learningRate": 1, "learningRate": 0.1}');
    expect(r.config?.learningRate).toBe(0.1);
    expect(r.problems.map((p) => p.code)).toEqual(['duplicate-key']);
  });

  it('warns about unknown and non-ASCII keys and still trains', () => {
    const r = runTraining('{"学習率": 0.1, "épocas": 3, "epochs": 2}');
    expect(r.trained).toBe(true);
    expect(r.problems.filter((p) => p.code === 'unknown-key').map((p) => p.path)).toEqual([['学習率'], ['épocas']]);
  });

  it('refuses 100,000 levels of nesting without overflowing the stack', () => {
    const text = `{"data": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const p = firstError(text);
    expect(p.code).toBe('too-deep');
    expect(p.at.column).toBeLessThan(100);
  });

  it('refuses a 50 MB file quickly with its size', () => {
    const text = `{"learningRate": 0.1, "pad": "${'x'.repeat(50_000_000)}"}`;
    const started = Date.now();
    expect(firstError(text).message).toMatch(/50\.0 MB/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('trains an enormous learning rate to a diverged verdict without throwing', () => {
    const r = runTraining('{"learningRate": 1e300, "epochs": 100}');
    expect(r.verdict).toBe('diverged');
    expect(r.stoppedEarly).toBe('non-finite');
  });

  it('refuses a billion epochs above the update limit instead of running for hours', () => {
    const r = runTraining('{"epochs": 1000000000}', { maxUpdates: 10_000_000 });
    expect(r.trained).toBe(false);
    expect(r.problems.find((p) => p.code === 'too-many-updates')?.path).toEqual(['epochs']);
  });
});

/** Configs drawn from the valid and invalid classes above. */
const value = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer({ min: -5, max: 500 }),
  fc.constantFrom('full', 'cars', 'zscore', 'none', '', 'x', null, true),
  fc.constant([]),
  fc.constant({}),
);
const config = fc.dictionary(
  fc.constantFrom('learningRate', 'batchSize', 'epochs', 'data', 'normalize', 'validationSplit', 'seed', 'other'),
  value,
);

describe('generated configs (property)', () => {
  it('never throw, and every invalid one has a problem with a path or position', () => {
    fc.assert(
      fc.property(config, (o) => {
        const text = JSON.stringify(o);
        const r = runTraining(text, { maxUpdates: 200_000 });
        if (!r.trained) {
          expect(r.problems.length).toBeGreaterThan(0);
          for (const p of r.problems) expect(p.line).toBeGreaterThanOrEqual(1);
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('train every valid one, and give the same output for the same input', () => {
    const valid = fc.record({
      learningRate: fc.double({ min: 1e-4, max: 2, noNaN: true }),
      batchSize: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.constant('full')),
      epochs: fc.integer({ min: 1, max: 5 }),
      seed: fc.integer({ min: -1000, max: 1000 }),
      validationSplit: fc.constantFrom(0, 0.1, 0.5),
    });
    fc.assert(
      fc.property(valid, (o) => {
        const text = JSON.stringify(o);
        const a = runTraining(text);
        expect(hasErrors(a.problems.filter((p) => p.path[0] !== 'learningRate'))).toBe(false);
        expect(a.trained).toBe(true);
        expect(JSON.stringify(runTraining(text))).toBe(JSON.stringify(a));
      }),
      { numRuns: 60 },
    );
  });

  it('never throw on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = runTraining(text);
        return r.trained || r.problems.length > 0;
      }),
      { numRuns: 300 },
    );
  });
});

describe('absurd synthetic data', () => {
  it('refuses ten billion values with a message instead of crashing on the allocation', () => {
    const r = runTraining('{"data": {"synthetic": {"samples": 10000000, "features": 1000}}}');
    expect(r.trained).toBe(false);
    const p = r.problems.find((q) => q.severity === 'error')!;
    expect(p.path).toEqual(['data', 'synthetic']);
    expect(p.message).toMatch(/10,000,000,000 values/);
  });
});
