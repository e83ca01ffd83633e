// Hostile sizes and shapes: inputs that used to hang, take minutes or flood the output. Each test
// runs at a size where the old quadratic or unbounded behaviour would run for minutes or print
// megabytes (so a regression fails by the test timeout or by the bound), while the fixed code
// answers in milliseconds. No test asserts a time.
import { describe, expect, it } from 'vitest';
import { parseCsvData } from '../../src/core/data';
import { lineColumnAt } from '../../src/core/locate';
import { MAX_PROBLEMS } from '../../src/shared/problems';
import { locateAll, planRun, runTraining } from '../../src/core/run';

const spec = (features: string[] | null = null) => ({ csv: 'd.csv', features, label: 'y' });
const errorOf = (text: string, features: string[] | null = null) => {
  const r = parseCsvData(text, spec(features));
  const p = r.problems.find((q) => q.severity === 'error');
  expect(p, 'an error').toBeDefined();
  return p!;
};

describe('positions: one offset → line:column for every line ending', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR only', '\r'],
  ])('%s: an error on line 2 is reported at 2:19', (_name, eol) => {
    const text = `{${eol}  "learningRate": -1${eol}}`;
    const [p] = locateAll(text, planRun(text).problems);
    expect([p?.line, p?.column]).toEqual([2, 19]);
  });

  it('counts a mixed file the way an editor does (\\r\\n is one break, a lone \\r or \\n is one each)', () => {
    const text = 'a\r\nb\rc\nd';
    expect(lineColumnAt(text, text.indexOf('d'))).toEqual({ line: 4, column: 1 });
    expect(lineColumnAt(text, text.indexOf('c'))).toEqual({ line: 3, column: 1 });
  });
});

describe('many problems: located in one pass, capped in number', () => {
  it(`60,000 unknown keys give ${MAX_PROBLEMS} located problems and a count of the rest`, () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `"k${i}": ${i}`).join(',\n');
    const text = `{\n${keys},\n"epochs": 2}`;
    const r = runTraining(text);
    expect(r.trained).toBe(true);
    expect(r.problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(r.problems[MAX_PROBLEMS - 1]).toMatchObject({ code: 'unknown-key', line: MAX_PROBLEMS + 1, column: 1 });
    expect(r.problems[MAX_PROBLEMS]).toMatchObject({ code: 'too-many-problems', severity: 'warning', line: 1, column: 1 });
    expect(r.problems[MAX_PROBLEMS]?.message).toMatch(/^…and 59,9\d\d more problem\(s\); only the first 100 are listed\.$/);
  });

  it('10,000 unknown features of a CSV give bounded messages', () => {
    const features = Array.from({ length: 10_000 }, (_, i) => `f${i}`);
    const header = [...Array.from({ length: 5_000 }, (_, i) => `column_${i}`), 'y'].join(',');
    const r = parseCsvData(`${header}\n${Array.from({ length: 5_001 }, () => '1').join(',')}\n`, spec(features));
    expect(r.problems.length).toBeGreaterThanOrEqual(10_000);
    const [first] = r.problems;
    expect(first?.message).toMatch(/^Unknown column "f0"\. Available: "column_0", "column_1", .*"column_9" …and 4,991 more\.$/);
    const located = locateAll(`{"data": {"csv": "d.csv", "label": "y", "features": [${features.map((f) => `"${f}"`).join(',')}]}}`, r.problems);
    expect(located).toHaveLength(MAX_PROBLEMS + 1);
    expect(located.reduce((n, p) => n + p.message.length, 0)).toBeLessThan(MAX_PROBLEMS * 400);
  });
});

describe('CSV shapes that used to take minutes', () => {
  it('a million blank lines after the data are skipped', () => {
    const text = `x,y\n1,2\n2,4\n3,7\n${'\n'.repeat(1_000_000)}`;
    const r = parseCsvData(text, spec());
    expect(r.dataset?.rows).toBe(3);
    expect(Array.from(r.dataset?.y ?? [])).toEqual([2, 4, 7]);
  });

  it('a million comma-free lines after the header each get their error (the first one is reported)', () => {
    const text = `x,y\n1,2\n${'7\n'.repeat(1_000_000)}`;
    expect(errorOf(text).message).toBe('d.csv: row 3 has 1 cell(s) but the header has 2.');
  });

  it('a header of 200,000 columns is checked for duplicates and looked up by name', () => {
    const names = Array.from({ length: 200_000 }, (_, i) => `c${i}`);
    const row = names.map(() => '1').join(',');
    const ok = parseCsvData(`${names.join(',')},y\n${row},5\n`, spec(['c199999', 'c0']));
    expect(ok.dataset?.featureNames).toEqual(['c199999', 'c0']);
    expect(errorOf(`${names.join(',')},c123456,y\n${row},1,5\n`, ['c0']).message).toBe('The header names the column "c123456" twice.');
  });

  it('an unknown column of a 200,000-column header lists ten of them and counts the rest', () => {
    const names = Array.from({ length: 200_000 }, (_, i) => `c${i}`);
    const p = errorOf(`${names.join(',')},y\n${names.map(() => '1').join(',')},5\n`, ['nope']);
    expect(p.message).toBe(`Unknown column "nope". Available: ${names.slice(0, 10).map((n) => `"${n}"`).join(', ')} …and 199,991 more.`);
  });

  it('a megabyte-long cell or column name is cut short in the message', () => {
    const long = 'z'.repeat(1_000_000);
    expect(errorOf(`x,y\n${long},1\n`).message).toBe(`d.csv: row 2, column "x": "${'z'.repeat(60)}…" is not a finite decimal number.`);
    expect(errorOf(`x,y\n1,2\n`, [long]).message.length).toBeLessThan(200);
  });
});

describe('numbers: only decimal text is a number', () => {
  it.each(['0x10', '0b11', '0o7', '-0x10', '1_000', 'Infinity', '1e', '.', '+-1'])('%s is an error naming row and column', (cell) => {
    // Both readers: the plain scanner, and papaparse (a quoted header sends the text there).
    for (const header of ['x,y', '"x",y']) {
      expect(errorOf(`${header}\n1,2\n${cell},3\n`).message).toBe(`d.csv: row 3, column "x": ${JSON.stringify(cell)} is not a finite decimal number.`);
    }
  });

  it.each([
    ['-12.5', -12.5],
    ['.5', 0.5],
    ['3.', 3],
    ['+1e-3', 0.001],
    [' 7 ', 7],
    ['1E2', 100],
  ])('%s reads as %d', (cell, value) => {
    for (const header of ['x,y', '"x",y']) {
      expect(parseCsvData(`${header}\n${cell},3\n`, spec()).dataset?.x[0]).toBe(value);
    }
  });
});

describe('feature scales at the ends of the double range', () => {
  const csvOf = (xs: number[], ys: number[]) => ['x,y', ...xs.map((x, i) => `${x},${ys[i]}`)].join('\n');
  const trainCsv = (text: string, extra = '') => {
    const { createReader } = memoryReader({ 'd.csv': text });
    return runTraining(`{"data": {"csv": "d.csv", "label": "y"}, "epochs": 300, "learningRate": 0.1${extra}}`, { reader: createReader() });
  };

  it('features near 1e160 are z-scored exactly as features near 1 (their squares would overflow)', () => {
    const base = Array.from({ length: 50 }, (_, i) => i + 1);
    const ys = base.map((v) => 3 * v + 1);
    const huge = trainCsv(csvOf(base.map((v) => v * 1e160), ys));
    const plain = trainCsv(csvOf(base, ys));
    expect(huge.problems.filter((p) => p.severity !== 'info')).toEqual(plain.problems.filter((p) => p.severity !== 'info'));
    const [scale] = huge.data!.normalization.features;
    expect(scale!.std / 1e160).toBeCloseTo(plain.data!.normalization.features[0]!.std, 10);
    // 1e160 is no power of two, so the z-scores agree to rounding, not to the bit.
    huge.history!.trainLoss.forEach((loss, e) => expect(Math.abs(loss! - plain.history!.trainLoss[e]!)).toBeLessThan(1e-9 * Math.max(1, plain.history!.trainLoss[e]!)));
    expect(huge.weights[0]! * 1e160).toBeCloseTo(plain.weights[0]!, 8);
  });

  it('features near 1e-170 are not taken for constant (their squares would underflow to 0)', () => {
    const base = Array.from({ length: 50 }, (_, i) => i + 1);
    const r = trainCsv(csvOf(base.map((v) => v * 1e-170), base.map((v) => 3 * v + 1)));
    expect(r.problems.map((p) => p.code)).not.toContain('constant-feature');
    expect(r.history!.trainLoss.at(-1)).toBeLessThan(1e-6);
  });

  it('a feature whose spread is below the smallest double is refused with a clear message', () => {
    const r = trainCsv(csvOf([0, 5e-324, 0, 5e-324], [1, 2, 1, 2]));
    expect(r.trained).toBe(false);
    expect(r.problems.find((p) => p.severity === 'error')).toMatchObject({
      code: 'feature-scale',
      message: 'Feature "x" cannot be z-scored: its values are so close together that their standard deviation is below the smallest double and rounds to 0. Rescale the column (multiply it by a power of ten).',
    });
  });
});

/** A DataReader over in-memory files. */
function memoryReader(files: Record<string, string>) {
  return {
    createReader: () => ({
      readText(p: string): string {
        const text = files[p];
        if (text === undefined) throw new Error(`no ${p}`);
        return text;
      },
    }),
  };
}

describe('memory: arrays sized from the rows a CSV can have, refused before they are allocated', () => {
  it('a million blank lines do not count as rows: ten rows of three features fit a limit of 30 values', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${i},${i * 2},${i % 3},${i}`).join('\n');
    const r = parseCsvData(`a,b,c,y\n${rows}\n${'\n'.repeat(1_000_000)}`, spec(), 30);
    expect(r.dataset?.rows).toBe(10);
  });

  it('more rows than the limit allows are refused before parsing, with the size while training', () => {
    const rows = Array.from({ length: 11 }, (_, i) => `${i},${i * 2},${i % 3},${i}`).join('\n');
    expect(parseCsvData(`a,b,c,y\n${rows}\n`, spec(), 33).dataset?.rows).toBe(11);
    const r = parseCsvData(`a,b,c,y\n${rows}\n`, spec(), 30);
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'too-large', severity: 'error', message: 'd.csv: 11 lines of data × 3 feature(s) make more than the 30 feature values Descent trains on (about 0 MB while training).' }),
    ]);
  });

  it('papaparse\'s path (quoted cells) is held to the same limit as its rows arrive', () => {
    const rows = Array.from({ length: 11 }, (_, i) => `"${i}",${i * 2},${i % 3},${i}`).join('\n');
    expect(parseCsvData(`a,b,c,y\n${rows}\n`, spec(), 30).problems[0]?.message).toBe('d.csv: at least 11 rows × 3 feature(s) make more than the 30 feature values Descent trains on (about 0 MB while training).');
  });

  it('a CSV of 51 million feature values is refused from its line count', () => {
    // 25.5 million rows of two features, as short as rows get: the refusal comes before any array.
    const text = `a,b,y\n${'1,2,3\n'.repeat(25_500_000)}`;
    const r = parseCsvData(text, spec());
    expect(r.problems[0]?.message).toBe('d.csv: 25,500,000 lines of data × 2 feature(s) make more than the 50,000,000 feature values Descent trains on (about 2,448 MB while training).');
  });
});

describe('long keys and values in training.json are cut short in messages', () => {
  it('an unknown key, a duplicate key and a string value of 100,000 characters', () => {
    const long = 'k'.repeat(100_000);
    const problems = planRun(`{"${long}": 1, "${long}": 2, "learningRate": "${long}"}`).problems;
    expect(problems.map((p) => p.code).sort()).toEqual(['duplicate-key', 'type', 'unknown-key']);
    for (const p of problems) expect(p.message.length, p.code).toBeLessThan(300);
  });
});
