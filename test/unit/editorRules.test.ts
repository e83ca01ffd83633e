// Editor rules that need no editor: the suggested-rate edit and the panel's message rate limit.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'jsonc-parser';
import { RateLimiter } from '../../src/rateLimit';
import { type TextChange, valueChanges } from '../../src/valueEdit';

const learningRateChanges = (text: string, rate: number, eol: '\n' | '\r\n') => valueChanges(text, 'learningRate', rate, eol);

const apply = (text: string, changes: TextChange[]) =>
  [...changes].sort((a, b) => b.offset - a.offset).reduce((t, c) => t.slice(0, c.offset) + c.content + t.slice(c.offset + c.length), text);

describe('setting the suggested learning rate', () => {
  it('replaces the value in use (the last of duplicates), keeping comments', () => {
    const text = '{\n  // fast\n  "learningRate": 1, "learningRate": 2.5,\n  "epochs": 3\n}';
    const changes = learningRateChanges(text, 0.04, '\n');
    expect(Array.isArray(changes) && apply(text, changes)).toBe('{\n  // fast\n  "learningRate": 1, "learningRate": 0.04,\n  "epochs": 3\n}');
  });

  it('inserts the key when the object has none', () => {
    const changes = learningRateChanges('{\n  "epochs": 3\n}', 0.04, '\n');
    expect(Array.isArray(changes) && parse(apply('{\n  "epochs": 3\n}', changes))).toEqual({ epochs: 3, learningRate: 0.04 });
  });

  it.each([
    ['a missing colon', '{\n  "learningRate" 2\n}', 'training.json is not valid JSON at line 2, column 18 (a colon was expected); fix it before setting learningRate.'],
    ['null', 'null', 'training.json is not an object ({ … }), so it has no learningRate to set; fix it first.'],
    ['an array', '[1, 2]', 'training.json is not an object ({ … }), so it has no learningRate to set; fix it first.'],
    ['a string', '"cars"', 'training.json is not an object ({ … }), so it has no learningRate to set; fix it first.'],
  ])('refuses %s with why, changing nothing', (_name, text, refused) => {
    expect(learningRateChanges(text, 0.04, '\n')).toEqual({ refused });
  });

  it('on any object, sets learningRate and leaves every other key as it was', () => {
    const key = fc.constantFrom('epochs', 'seed', 'learningRate', 'batchSize', 'x');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.jsonValue()), { maxLength: 6 }), fc.boolean(), (entries, pretty) => {
        const body = entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(pretty ? ',\n  ' : ',');
        const text = pretty ? `{\n  ${body}\n}` : `{${body}}`;
        const changes = learningRateChanges(text, 0.125, '\n');
        expect(Array.isArray(changes)).toBe(true);
        const after = parse(apply(text, changes as TextChange[]));
        expect(after).toEqual({ ...parse(text), learningRate: 0.125 });
      }),
      { numRuns: 200 },
    );
  });
});

describe('the panel message rate limit', () => {
  it('lets a burst through, then one per interval, and refills with time', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 1, () => now);
    const passed = () => Array.from({ length: 1000 }, () => limiter.take()).filter(Boolean).length;
    expect(passed()).toBe(3);
    now += 500;
    expect(passed()).toBe(0);
    now += 500;
    expect(passed()).toBe(1);
    now += 10_000;
    expect(passed()).toBe(3);
  });
});
