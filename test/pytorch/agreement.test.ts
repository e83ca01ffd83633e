/**
 * The PyTorch agreement test: the script `descent export-script` writes, run by Debian's
 * python3-torch (1.13, float64), prints per-epoch losses that equal Descent's to 1e-9 relative, on
 * the cars data and on a CSV, for full batch, mini-batches and SGD, every optimizer and the
 * schedules. Run by `node scripts/test.mjs --only pytorch` (test/pytorch/run.mjs installs the
 * packages first when they are missing); the unit part does not include it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pytorchScript, scriptDataOf } from '../../src/core/export';
import { createRandom } from '../../src/core/random';
import { runTraining } from '../../src/core/run';
import { createFileReader } from '../../src/dataAccess';

const PYTHON = '/usr/bin/python3';
const RELATIVE = 1e-9;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-pytorch-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A CSV of 240 rows, y = 3·a − 2·b + 0.5·c + 7 + noise, with quoted cells, a few NA rows (dropped) and features on different scales. */
function writeCsv(): string {
  const random = createRandom(42);
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 240; i++) {
    const a = random.nextGaussian() * 10 + 50;
    const b = random.nextGaussian() * 0.01;
    const c = random.next() * 1000;
    const y = 3 * a - 2 * b + 0.5 * c + 7 + random.nextGaussian();
    lines.push(i % 37 === 5 ? `${a},NA,${c},${y}` : i % 11 === 0 ? `"${a}",${b},${c},"${y}"` : `${a},${b},${c},${y}`);
  }
  fs.writeFileSync(path.join(dir, 'data.csv'), `${lines.join('\n')}\n`);
  return 'data.csv';
}
const csv = writeCsv();
const csvData = { csv, features: ['a', 'b', 'c'], label: 'y' };
const twoCars = { dataset: 'cars', features: ['Horsepower', 'Weight_in_lbs'], label: 'Miles_per_Gallon' };

interface Case {
  name: string;
  config: Record<string, unknown>;
}

const penguins = { dataset: 'penguins', features: ['Flipper Length (mm)', 'Body Mass (g)'], label: 'Species' };

const CASES: Case[] = [
  { name: 'cars, full batch', config: { learningRate: 0.1, epochs: 40 } },
  { name: 'cars, mini-batches of 32 (two features)', config: { learningRate: 0.05, batchSize: 32, epochs: 15, seed: 7, data: twoCars } },
  { name: 'cars, SGD', config: { learningRate: 0.005, batchSize: 1, epochs: 6, seed: 3 } },
  { name: 'CSV, full batch', config: { learningRate: 0.2, epochs: 60, data: csvData } },
  { name: 'CSV, mini-batches of 25 with a validation split', config: { learningRate: 0.02, batchSize: 25, epochs: 20, seed: 11, validationSplit: 0.25, data: csvData } },
  { name: 'CSV, SGD', config: { learningRate: 0.002, batchSize: 1, epochs: 5, seed: 5, data: csvData } },
  { name: 'CSV, SGD without normalization', config: { learningRate: 1e-6, batchSize: 1, epochs: 4, normalize: 'none', data: csvData } },
  { name: 'momentum 0.9, mini-batches', config: { learningRate: 0.02, batchSize: 50, epochs: 20, optimizer: { momentum: 0.9 }, data: twoCars } },
  { name: 'Nesterov momentum, full batch', config: { learningRate: 0.05, epochs: 30, optimizer: { momentum: 0.8, nesterov: true }, data: csvData } },
  { name: 'Adam, mini-batches', config: { learningRate: 0.1, batchSize: 16, epochs: 15, optimizer: { adam: { beta1: 0.8, beta2: 0.99, epsilon: 1e-6 } }, data: twoCars } },
  { name: 'step schedule with warm-up, SGD', config: { learningRate: 0.01, batchSize: 1, epochs: 8, learningRateSchedule: { step: { every: 3, factor: 0.5 }, warmupEpochs: 2 }, data: csvData } },
  { name: 'logistic regression on penguins, full batch with a validation split', config: { model: { logistic: { positive: 'Adelie', negative: 'Chinstrap' } }, data: penguins, learningRate: 2.5, epochs: 30, validationSplit: 0.2 } },
  { name: 'logistic regression on penguins, SGD with momentum', config: { model: { logistic: { positive: 'Adelie' } }, data: penguins, learningRate: 0.05, batchSize: 1, epochs: 4, seed: 2, optimizer: { momentum: 0.9 } } },
  { name: 'exponential schedule, Adam, full batch', config: { learningRate: 0.5, epochs: 30, optimizer: { adam: {} }, learningRateSchedule: { exponential: { factor: 0.9 } } } },
];

/** `epoch E loss L [validation V]` lines of the script's output, by epoch. */
function parseLosses(output: string): { train: Map<number, number>; validation: Map<number, number>; weights: string | undefined } {
  const train = new Map<number, number>();
  const validation = new Map<number, number>();
  for (const line of output.split('\n')) {
    const m = /^epoch (\d+) loss (\S+)(?: validation (\S+))?$/.exec(line);
    if (!m) continue;
    train.set(Number(m[1]), Number(m[2]));
    if (m[3] !== undefined) validation.set(Number(m[1]), Number(m[3]));
  }
  return { train, validation, weights: output.split('\n').find((l) => l.startsWith('weights ')) };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);

describe('the exported PyTorch script trains the run Descent trains', () => {
  it.each(CASES)('$name: every epoch loss within 1e-9 relative', ({ name, config }) => {
    const text = JSON.stringify(config);
    const reader = createFileReader(dir, [dir]);
    const report = runTraining(text, { reader });
    expect(report.trained, JSON.stringify(report.problems)).toBe(true);
    const { data } = scriptDataOf(text, reader);
    if (!data) throw new Error('no script data');
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.py`);
    fs.writeFileSync(file, pytorchScript(data, { descentVersion: 'test', trainingFile: 'training.json' }));
    const output = execFileSync(PYTHON, [file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const { train, validation, weights } = parseLosses(output);
    const losses = report.history?.trainLoss ?? [];
    expect(train.size).toBe(losses.length);
    let worst = 0;
    losses.forEach((l, e) => {
      const got = train.get(e);
      expect(got, `epoch ${e}`).toBeDefined();
      worst = Math.max(worst, relative(got as number, l as number));
    });
    const vLosses = report.history?.validationLoss;
    if (vLosses) vLosses.forEach((l, e) => (worst = Math.max(worst, relative(validation.get(e) ?? NaN, l as number))));
    else expect(validation.size).toBe(0);
    expect(worst).toBeLessThan(RELATIVE);
    // The final model in the features' units agrees too.
    // Feature names may hold spaces ("Body Mass (g)"): each is looked up by its own name.
    const weightOf = (f: string) => Number(new RegExp(`(?:^| )${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=(\\S+)`).exec(weights ?? '')?.[1]);
    report.data?.features.forEach((f, j) => expect(relative(weightOf(f), report.weights[j] as number), f).toBeLessThan(1e-7));
    console.log(`${name}: ${losses.length - 1} epochs, worst relative difference ${worst.toExponential(2)}`);
  });
});
