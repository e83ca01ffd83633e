import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const repo = path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-cli-'));
const cli = path.join(tmp, 'cli.js');

/** Runs the built CLI like a user would, from the repository root. */
const descent = (...args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

beforeAll(() => {
  buildSync({ entryPoints: [path.join(repo, 'src/cli.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: cli, mainFields: ['module', 'main'], logLevel: 'error' });
});

describe('descent train', () => {
  it('trains the shipped cars example by default and prints the table, verdict and weights', () => {
    const r = descent('train');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Data: cars, 398 rows/);
    expect(r.out).toMatch(/▶ full batch +318 +1 +50/);
    expect(r.out).toMatch(/Verdict: CONVERGED/);
    expect(r.out).toMatch(/Suggested learningRate: /);
    expect(r.out).toMatch(/Miles_per_Gallon ≈ -0.007\d+·Weight_in_lbs \+ 46/);
    expect(r.out).toMatch(/│█/);
  });

  it('prints the JSON contract the README documents with --json', () => {
    const r = descent('train', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const key of ['samples', 'updates', 'history', 'verdict', 'reason', 'stableLearningRateBound', 'suggestedLearningRate', 'weights', 'bias', 'problems']) {
      expect(j, key).toHaveProperty(key);
    }
    expect(j.updates.current).toBe('full');
    expect(Object.keys(j.updates.sgd)).toEqual(['batchSize', 'perEpoch', 'total']);
    expect(j.history.trainLoss).toHaveLength(51);
    expect(j.history.validationLoss).toHaveLength(51);
    expect(j.problems[0]).toMatchObject({ path: ['data'], severity: 'info', line: expect.any(Number), column: expect.any(Number) });
  });

  it('exits 2 when --fail-on matches the verdict, 0 when it does not', () => {
    const file = write('diverge.json', '{"learningRate": 1.5, "epochs": 20}');
    expect(descent('train', file, '--fail-on', 'diverged').code).toBe(2);
    expect(descent('train', file, '--fail-on', 'too-slow').code).toBe(0);
  });

  it('exits 1 naming file, line and column for an invalid config', () => {
    const file = write('bad.json', '{\n  "learningRate": -1\n}');
    const r = descent('train', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:2:19: error: "learningRate" must be greater than 0 (got -1).`);
  });

  it('exits 1 naming the CSV row and column of a non-numeric cell', () => {
    fs.writeFileSync(path.join(tmp, 'cells.csv'), 'x,y\n1,2\n3,four\n');
    const r = descent('train', write('cells.json', '{"data": {"csv": "cells.csv", "label": "y"}}'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cells\.json:1:\d+: error: cells\.csv: row 3, column "y": "four" is not a finite decimal number/);
  });

  it('exits 1 with a clear message for a missing file', () => {
    const r = descent('train', 'no/such/training.json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no\/such\/training.json: cannot read training.json: no such file/);
  });

  it('refuses a run above --max-updates instead of running for hours', () => {
    const r = descent('train', write('huge.json', '{"epochs": 1000000, "batchSize": 1}'), '--max-updates', '1000');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/above the limit of 1,000/);
  });
});
