import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTraining } from '../../src/core/run';
import { RUN_HISTORY_POINTS, type RunFile, buildRunFile, declaresRunFile, parseRunFile, serializeRunFile } from '../../src/core/runFile';
import { configDifferences, failures, parseFailOn } from '../../src/core/runCompare';
import { carsCanonicalText } from '../../src/core/data';
import { dataChangedSince, hashData, hashDataAsync, keepRun, keptRunsFolder, readKeptRuns, keptRunName, listKeptRuns, deleteKeptRuns, writeFileAtomic } from '../../src/runFiles';
import { dataStamp } from '../../src/dataAccess';
import { configText } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-runfile-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const facts = { descentVersion: '9.9.9', createdAt: new Date('2026-11-30T09:00:00.000Z'), dataHash: null };
const carsRun = (o: Record<string, unknown> = {}) => buildRunFile(runTraining(configText({ learningRate: 0.1, epochs: 20, ...o })), facts);

describe('run files: the descent-run format', () => {
  it('round-trips: the file read back is the run written, with defaults, seed, history, verdict and weights', () => {
    const report = runTraining(configText({ learningRate: 0.1, epochs: 20, seed: 4, validationSplit: 0.2 }));
    const run = buildRunFile(report, { ...facts, trainingFile: '../../training.json' });
    expect(run).toMatchObject({ format: 'descent-run', version: 1, descentVersion: '9.9.9', createdAt: '2026-11-30T09:00:00.000Z', seed: 4, trainingFile: '../../training.json' });
    expect(run.config).toEqual(report.config);
    expect(run.config.optimizer).toEqual({ kind: 'sgd' });
    expect(run.history.trainLoss).toEqual(report.history?.trainLoss);
    expect(run.history.validationLoss).toEqual(report.history?.validationLoss);
    expect(run.data).toMatchObject({ source: 'cars', kind: 'dataset', rows: 398, trainingRows: report.samples, validationRows: 80 });
    expect([run.verdict, run.verdictEpoch, run.finalLoss, run.weights, run.bias]).toEqual([report.verdict, report.verdictEpoch, report.finalLoss, report.weights, report.bias]);
    const back = parseRunFile(serializeRunFile(run), 'run.json');
    expect(back).toEqual({ run });
    expect(declaresRunFile(JSON.parse(serializeRunFile(run)))).toBe(true);
  });

  it('records a classifier\'s accuracy (read back; absent in older files, refused when it is no share)', () => {
    const report = runTraining(fs.readFileSync('examples/penguins/training.json', 'utf8'));
    const run = buildRunFile(report, facts);
    expect(run.accuracy).toEqual(report.accuracy);
    expect(run.accuracy?.train).toBeGreaterThan(0.5);
    expect(parseRunFile(serializeRunFile(run), 'run.json')).toEqual({ run });
    expect(carsRun().accuracy).toBeNull();
    const { accuracy: _accuracy, ...older } = run;
    expect(parseRunFile(JSON.stringify(older), 'old.json')).toEqual({ run: older });
    const bad = parseRunFile(JSON.stringify({ ...run, accuracy: { train: 1.5, validation: null } }), 'bad.json');
    expect(bad).toEqual({ errors: ['bad.json: field "accuracy" must be absent, null or { train, validation } shares from 0 to 1 (got {"train":1.5,"validation":null}).'] });
  });

  it('thins a long history as the panel does: first and last epochs kept, each entry named by its epoch', () => {
    const report = runTraining(configText({ learningRate: 0.001, epochs: 10_000 }));
    const run = buildRunFile(report, facts);
    expect(run.history.trainLoss.length).toBeLessThanOrEqual(RUN_HISTORY_POINTS);
    expect(run.history.epochs?.[0]).toBe(0);
    expect(run.history.epochs?.at(-1)).toBe(10_000);
    expect(run.history.trainLoss.at(-1)).toBe(report.history?.trainLoss.at(-1));
    expect(parseRunFile(serializeRunFile(run), 'long.json')).toEqual({ run });
  });

  it('refuses a report that did not train', () => {
    expect(() => buildRunFile(runTraining('{"learningRate": -1}'), facts)).toThrow(/trained run/);
  });

  it('names the file and the field of every problem in a bad file', () => {
    const good = JSON.parse(serializeRunFile(carsRun())) as Record<string, unknown>;
    const bad = (change: (v: Record<string, unknown>) => void) => {
      const v = structuredClone(good);
      change(v);
      const r = parseRunFile(JSON.stringify(v), 'runs/a.json');
      return 'errors' in r ? r.errors : [];
    };
    expect(parseRunFile('{"format": "descent-run",', 'runs/a.json')).toEqual({ errors: [expect.stringMatching(/^runs\/a\.json: not a run file: invalid JSON/)] });
    expect(parseRunFile('{"learningRate": 0.1}', 'training.json')).toEqual({ errors: ['training.json: not a run file: field "format" must be "descent-run" (got nothing).'] });
    expect(bad((v) => (v.version = 2))).toEqual(['runs/a.json: field "version" is 2; this Descent reads run files of version 1 (the file was written by a newer Descent).']);
    expect(bad((v) => ((v.history as Record<string, unknown>).trainLoss = ['x']))).toEqual(['runs/a.json: field "history.trainLoss" must be a non-empty array of numbers or nulls (got ["x"]).']);
    expect(bad((v) => ((v.config as Record<string, unknown>).batchSize = 0))).toEqual(['runs/a.json: field "config.batchSize" must be a positive whole number or "full" (got 0).']);
    expect(bad((v) => ((v.data as Record<string, unknown>).hash = { algorithm: 'md5', of: 'file-bytes', value: 'ab' }))[0]).toMatch(/^runs\/a\.json: field "data\.hash" must be null or/);
    // A missing parent hides its children's messages: one message, not one per field under it.
    expect(bad((v) => delete v.config)).toEqual(['runs/a.json: field "config" must be an object (got nothing).']);
    expect(bad((v) => ((v.history as Record<string, unknown>).learningRates = [null]))).toEqual([`runs/a.json: field "history.learningRates" has 1 entries; "history.trainLoss" has ${(good.history as { trainLoss: unknown[] }).trainLoss.length}.`]);
    expect(bad((v) => ((v.verdict as unknown) = 'great'))).toHaveLength(1);
  });
});

describe('run files on disk', () => {
  it('writes atomically: the new content replaces the old whole, and no temporary file is left', () => {
    const file = path.join(tmp, 'atomic.json');
    fs.writeFileSync(file, 'old');
    writeFileAtomic(file, 'new content');
    expect(fs.readFileSync(file, 'utf8')).toBe('new content');
    expect(fs.readdirSync(tmp).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('leaves the old file and no temporary file when the rename fails', () => {
    const target = path.join(tmp, 'is-a-folder');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true });
    expect(() => writeFileAtomic(target, 'x')).toThrow();
    expect(fs.statSync(target).isDirectory()).toBe(true);
    expect(fs.readdirSync(tmp).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('hashes the data: the CSV bytes, the embedded rows, the generator spec; a changed CSV gives no hash', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'hash-'));
    const csv = 'a,y\n1,2\n2,4\n3,7\n';
    fs.writeFileSync(path.join(dir, 'd.csv'), csv);
    const config = runTraining(configText({ data: { csv: 'd.csv', label: 'y' } }), { reader: { readText: () => csv } }).config!;
    const sha = crypto.createHash('sha256').update(csv).digest('hex');
    expect(hashData(config, dir)).toEqual({ algorithm: 'sha256', of: 'file-bytes', value: sha });
    expect(hashData(config, dir, dataStamp(path.join(dir, 'd.csv')))?.value).toBe(sha);
    expect(hashData(config, dir, 'another-version')).toBeNull();
    await expect(hashDataAsync(config, dir, dataStamp(path.join(dir, 'd.csv')))).resolves.toEqual({ algorithm: 'sha256', of: 'file-bytes', value: sha });
    await expect(hashDataAsync(config, dir, 'another-version')).resolves.toBeNull();
    const cars = runTraining('{}').config!;
    expect(hashData(cars, dir)).toEqual({ algorithm: 'sha256', of: 'dataset-text', value: crypto.createHash('sha256').update(carsCanonicalText()).digest('hex') });
    const synthetic = runTraining(configText({ data: { synthetic: { samples: 20, features: 1, noise: 0.1, seed: 3 } } })).config!;
    expect(hashData(synthetic, dir)?.of).toBe('generator-spec');
  });

  it('reads kept runs back, bad files with their problems, and tells whether the data changed since', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'changed-'));
    const trainingJson = path.join(dir, 'training.json');
    const text = configText({ epochs: 5, data: { csv: 'd.csv', label: 'y' } });
    fs.writeFileSync(trainingJson, text);
    fs.writeFileSync(path.join(dir, 'd.csv'), 'a,y\n1,2\n2,4\n3,7\n');
    const report = runTraining(text, { reader: { readText: () => fs.readFileSync(path.join(dir, 'd.csv'), 'utf8') } });
    keepRun(trainingJson, report, 1, '9.9.9', hashData(report.config!, dir), 10, new Date(Date.UTC(2026, 10, 30, 9, 0, 1)));
    fs.writeFileSync(path.join(keptRunsFolder(trainingJson), 'zz-bad.json'), '{"format": "descent-run", "version": 1}');
    const [good, bad] = readKeptRuns(trainingJson);
    expect(good!.errors).toEqual([]);
    expect(bad!.run).toBeNull();
    expect(bad!.errors[0]).toMatch(/zz-bad\.json: field "descentVersion" must be a string/);
    expect(await dataChangedSince(good!.run!, trainingJson)).toBe(false);
    fs.appendFileSync(path.join(dir, 'd.csv'), '4,9\n');
    expect(await dataChangedSince(good!.run!, trainingJson)).toBe(true);
    fs.rmSync(path.join(dir, 'd.csv'));
    expect(await dataChangedSince(good!.run!, trainingJson)).toBeNull();
  });

  it('keeps runs under .descent/runs beside training.json, the newest N, and deletes them all on request', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'keep-'));
    const trainingJson = path.join(dir, 'training.json');
    fs.writeFileSync(trainingJson, '{}');
    const report = runTraining('{"epochs": 5}');
    const written: string[] = [];
    const hash = hashData(report.config!, dir);
    for (let i = 1; i <= 5; i++) written.push(keepRun(trainingJson, report, i, '9.9.9', hash, 3, new Date(Date.UTC(2026, 10, 30, 9, 0, i))).file);
    expect(listKeptRuns(trainingJson)).toEqual(written.slice(2));
    expect(path.basename(written[0]!)).toBe(keptRunName(new Date(Date.UTC(2026, 10, 30, 9, 0, 1)), 1));
    expect(path.relative(dir, written[4]!)).toBe(path.join('.descent', 'runs', '2026-11-30T09-00-05-000Z-run5.json'));
    const kept = parseRunFile(fs.readFileSync(written[4]!, 'utf8'), written[4]!);
    expect('run' in kept && kept.run.trainingFile).toBe(path.join('..', '..', 'training.json'));
    expect('run' in kept && kept.run.data.hash?.of).toBe('dataset-text');
    expect(deleteKeptRuns(trainingJson)).toBe(3);
    expect(fs.existsSync(path.join(dir, '.descent'))).toBe(false);
  });
});

describe('--fail-on for run files', () => {
  const runs: RunFile[] = [carsRun({ learningRate: 0.5 }), carsRun({ learningRate: 0.001 }), carsRun({ learningRate: 3 })];

  it('parses verdicts, not-converged and metric comparisons, comma-separated or repeated', () => {
    const r = parseFailOn(['diverged,not-converged', 'final-loss>20', 'epochs-to-converge >= 5']);
    expect('conditions' in r && r.conditions.map((c) => c.kind)).toEqual(['verdict', 'not-converged', 'compare', 'compare']);
    expect('conditions' in r && r.conditions[3]).toEqual({ kind: 'compare', metric: 'epochs-to-converge', op: '>=', value: 5, text: 'epochs-to-converge >= 5' });
  });

  it.each(['divergd', 'final-loss>', 'final-loss>abc', 'loss>3', 'final-loss=3', 'final-loss>1e999', ''])('refuses %j and states the grammar', (bad) => {
    const r = parseFailOn([bad]);
    expect('error' in r && r.error).toMatch(/^--fail-on: cannot read ".*": give a verdict \(converged, too-slow, oscillating, diverged\), not-converged, or METRIC OP NUMBER/);
  });

  it('holds for the runs that match: a diverged run has infinite final loss and never converges', () => {
    expect(runs.map((r) => r.verdict)).toEqual(['converged', 'too-slow', 'diverged']);
    const check = (...c: string[]) => {
      const parsed = parseFailOn(c);
      if ('error' in parsed) throw new Error(parsed.error);
      return failures(parsed.conditions, runs);
    };
    expect(check('diverged')).toEqual([{ run: 2, condition: 'diverged' }]);
    expect(check('not-converged').map((f) => f.run)).toEqual([1, 2]);
    expect(check(`final-loss>${(runs[0]!.finalLoss as number) * 1.5}`).map((f) => f.run)).toEqual([1, 2]);
    expect(check(`epochs-to-converge>${runs[0]!.verdictEpoch}`).map((f) => f.run)).toEqual([1, 2]);
    expect(check(`epochs-to-converge<=${runs[0]!.verdictEpoch}`).map((f) => f.run)).toEqual([0]);
    expect(check('final-loss<0')).toEqual([]);
  });

  it('lists only the config keys that differ, with each run value', () => {
    expect(configDifferences(runs)).toEqual([{ key: 'learningRate', values: ['0.5', '0.001', '3'] }]);
    const momentum = carsRun({ learningRate: 0.5, optimizer: { momentum: 0.9 } });
    expect(configDifferences([runs[0]!, momentum])).toEqual([
      { key: 'optimizer.kind', values: ['sgd', 'momentum'] },
      { key: 'optimizer.momentum', values: ['—', '0.9'] },
      { key: 'optimizer.nesterov', values: ['—', 'false'] },
    ]);
  });
});
