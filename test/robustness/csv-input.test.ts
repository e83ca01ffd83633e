import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { parseCsvData } from '../../src/core/data';
import { runTraining, planRun } from '../../src/core/run';
import { createFileReader, dataStamp, MAX_CSV_BYTES } from '../../src/dataAccess';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-csv-'));
const workspace = path.join(dir, 'ws');
fs.mkdirSync(workspace);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const reader = createFileReader(workspace, [workspace]);

const put = (name: string, content: string) => fs.writeFileSync(path.join(workspace, name), content);
const train = (csv: string, extra = '') => runTraining(`{"data": {"csv": "${csv}", "label": "y"${extra}}, "epochs": 3}`, { reader });
const errorOf = (csv: string, extra = '') => {
  const r = train(csv, extra);
  const p = r.problems.find((q) => q.severity === 'error');
  expect(p, `an error for ${csv}`).toBeDefined();
  return p!;
};

describe('bad CSVs: every class gets a message naming the file and where', () => {
  it('a missing file', () => {
    expect(errorOf('absent.csv')).toMatchObject({ code: 'data-missing', path: ['data', 'csv'] });
  });

  it('a folder instead of a file', () => {
    fs.mkdirSync(path.join(workspace, 'folder.csv'));
    expect(errorOf('folder.csv').message).toMatch(/is a folder/);
  });

  it('an empty file', () => {
    put('empty.csv', '');
    expect(errorOf('empty.csv').message).toMatch(/empty\.csv: the file is empty/);
  });

  it('a header only', () => {
    put('header.csv', 'x,y\n');
    expect(errorOf('header.csv').message).toMatch(/header but no data rows/);
  });

  it('ragged rows, naming the row', () => {
    put('ragged.csv', 'x,y\n1,2\n3\n');
    expect(errorOf('ragged.csv').message).toMatch(/row 3 has 1 cell\(s\) but the header has 2/);
  });

  it('a column of text, naming row and column', () => {
    put('text.csv', 'x,y\nsmall,2\n');
    expect(errorOf('text.csv').message).toMatch(/row 2, column "x": "small" is not a finite decimal number/);
  });

  it('Infinity is an error, NaN and empty cells drop their row (counted)', () => {
    put('inf.csv', 'x,y\n1,2\nInfinity,3\n');
    expect(errorOf('inf.csv').message).toMatch(/row 3, column "x": "Infinity"/);
    put('nan.csv', 'x,y\n1,2\nNaN,3\n,4\n2,5\n3,NA\n');
    const r = train('nan.csv');
    expect(r.data).toMatchObject({ rows: 2, droppedRows: 3 });
  });

  it('quoted fields with commas and newlines, a BOM and CRLF', () => {
    put('quoted.csv', '\ufeffx,"note, with comma",y\r\n1,"a\r\nb",2\r\n2,"c ""quoted""",4\r\n3,d,6\r\n');
    const r = train('quoted.csv', ', "features": ["x"]');
    expect(r.trained).toBe(true);
    expect(r.data?.rows).toBe(3);
  });

  it('one row trains, warning that the feature is constant', () => {
    put('one.csv', 'x,y\n1,2\n');
    const r = train('one.csv');
    expect(r.trained).toBe(true);
    expect(r.problems.some((p) => p.code === 'constant-feature')).toBe(true);
  });

  it('two identical columns (singular data) keep the bound and suggestion defined', () => {
    put('twins.csv', 'a,b,y\n' + Array.from({ length: 50 }, (_, i) => `${i},${i},${2 * i + 1}`).join('\n'));
    const r = train('twins.csv');
    expect(r.trained).toBe(true);
    expect(r.stableLearningRateBound).toBeGreaterThan(0);
    expect(r.suggestedLearningRate).toBeGreaterThan(0);
    expect(Number.isFinite(r.optimalLoss)).toBe(true);
  });

  it('a 1 GB file is refused before it is read, with its size', () => {
    const big = path.join(workspace, 'big.csv');
    fs.writeFileSync(big, 'x,y\n');
    fs.truncateSync(big, 1024 ** 3); // sparse: costs no disk
    const before = process.memoryUsage().rss;
    const p = errorOf('big.csv');
    expect(p.message).toMatch(/1074 MB; Descent reads CSV files up to 256 MiB/);
    expect(process.memoryUsage().rss - before).toBeLessThan(MAX_CSV_BYTES / 4);
  });
});

describe('only regular files are read', () => {
  it('a named pipe is refused at once (a plain open would wait for a writer forever)', () => {
    spawnSync('mkfifo', [path.join(workspace, 'pipe.csv')]);
    expect(errorOf('pipe.csv')).toMatchObject({
      code: 'data-unreadable',
      message: '"pipe.csv" is not a regular file (a named pipe, a device or a socket); Descent reads data only from regular files.',
    });
  });

  it('a device inside an allowed folder is refused, not read without end', () => {
    const devices = createFileReader('/dev', ['/dev']);
    const r = runTraining('{"data": {"csv": "zero", "label": "y"}, "epochs": 1}', { reader: devices });
    expect(r.problems.find((p) => p.severity === 'error')?.message).toBe('"zero" is not a regular file (a named pipe, a device or a socket); Descent reads data only from regular files.');
  });
});

describe('the version of the data a run read', () => {
  it('is the stamp of the file read, until the file is written again, even with the same size', () => {
    put('stamped.csv', 'x,y\n1,2\n2,4\n');
    const seen: string[] = [];
    const stamping = createFileReader(workspace, [workspace], undefined, (s) => seen.push(s));
    runTraining('{"data": {"csv": "stamped.csv", "label": "y"}, "epochs": 1}', { reader: stamping });
    const file = path.join(workspace, 'stamped.csv');
    expect(seen).toHaveLength(1);
    expect(dataStamp(file)).toBe(seen[0]);
    put('stamped.csv', 'x,y\n1,2\n2,5\n');
    expect(dataStamp(file)).not.toBe(seen[0]);
  });

  it('is null for a file that is gone or is not a regular file, and no stamp is given for a failed read', () => {
    expect(dataStamp(path.join(workspace, 'never-written.csv'))).toBeNull();
    expect(dataStamp(workspace)).toBeNull();
    const seen: string[] = [];
    runTraining('{"data": {"csv": "never-written.csv", "label": "y"}, "epochs": 1}', { reader: createFileReader(workspace, [workspace], undefined, (s) => seen.push(s)) });
    expect(seen).toEqual([]);
  });
});

describe('data paths stay inside the workspace', () => {
  const outside = path.join(dir, 'secret.csv');
  fs.writeFileSync(outside, 'x,y\n1,2\n');

  it('refuses a .. escape', () => {
    expect(errorOf('../secret.csv')).toMatchObject({ code: 'data-outside-workspace' });
  });

  it('refuses an absolute path', () => {
    expect(errorOf(outside.replace(/\\/g, '/'))).toMatchObject({ code: 'data-outside-workspace' });
  });

  it('refuses a symlink that leads outside', () => {
    fs.symlinkSync(outside, path.join(workspace, 'link.csv'));
    const p = errorOf('link.csv');
    expect(p.code).toBe('data-outside-workspace');
    expect(p.message).toMatch(/is a link to/);
  });

  it('refuses a link swapped between opening the file and checking where it leads', () => {
    // The link leads outside when the file is opened, inside when its real path is checked: the
    // opened file is not the one the checked path names, so nothing is read.
    put('inside.csv', 'x,y\n1,2\n2,3\n');
    const link = path.join(workspace, 'swapped.csv');
    fs.symlinkSync(outside, link);
    const cjs = createRequire(import.meta.url)('node:fs') as typeof fs;
    const realpath = cjs.realpathSync;
    cjs.realpathSync = ((p: fs.PathLike) => {
      if (p === link && fs.readlinkSync(link) === outside) {
        fs.unlinkSync(link);
        fs.symlinkSync(path.join(workspace, 'inside.csv'), link);
      }
      return realpath(p);
    }) as typeof fs.realpathSync;
    syncBuiltinESMExports();
    try {
      expect(errorOf('swapped.csv')).toMatchObject({ code: 'data-unreadable', message: '"swapped.csv" changed while it was being opened (a link replaced?); it was not read.' });
    } finally {
      cjs.realpathSync = realpath;
      syncBuiltinESMExports();
    }
  });

  it('reads from a folder the user allowed', () => {
    const allowed = createFileReader(workspace, [workspace, dir]);
    expect(runTraining('{"data": {"csv": "../secret.csv", "label": "y"}, "epochs": 1}', { reader: allowed }).trained).toBe(true);
  });
});

describe('generated CSVs (property)', () => {
  const cell = fc.oneof(fc.integer({ min: -1000, max: 1000 }).map(String), fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map(String), fc.constantFrom('', 'NA', 'NaN', 'abc', '"1,5"', 'Infinity', ' 7 '));
  const csv = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 30 }), fc.boolean()).map(([cols, rows, crlf]) => {
    const header = Array.from({ length: cols }, (_, i) => (i === cols - 1 ? 'y' : `x${i}`)).join(',');
    return [header, ...rows.map((r) => r.join(','))].join(crlf ? '\r\n' : '\n');
  });

  it('never throw; a refused CSV always says where; the same text parses the same', () => {
    fc.assert(
      fc.property(csv, (text) => {
        const a = parseCsvData(text, { csv: 'g.csv', features: null, label: 'y' });
        const b = parseCsvData(text, { csv: 'g.csv', features: null, label: 'y' });
        expect(JSON.stringify({ ...a, dataset: a.dataset && { ...a.dataset, x: [...a.dataset.x], y: [...a.dataset.y] } })).toBe(
          JSON.stringify({ ...b, dataset: b.dataset && { ...b.dataset, x: [...b.dataset.x], y: [...b.dataset.y] } }),
        );
        if (!a.dataset) {
          const p = a.problems.find((q) => q.severity === 'error')!;
          expect(p.path.length).toBeGreaterThan(0);
          expect(p.message).toMatch(/g\.csv|column|Missing|no column/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('plans every generated CSV without throwing', () => {
    fc.assert(
      fc.property(csv, (text) => {
        put('gen.csv', text);
        planRun('{"data": {"csv": "gen.csv", "label": "y"}}', { reader });
      }),
      { numRuns: 100 },
    );
  });
});
