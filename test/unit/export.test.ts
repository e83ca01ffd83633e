import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { base64, floatsBase64, historyCsv, historyJson, pyFloat, pytorchScript, rateFunction, scriptDataOf, torchOptimizer } from '../../src/core/export';
import { planRun, runTraining } from '../../src/core/run';
import { parseRunFile } from '../../src/core/runFile';
import { MAX_EXPORT_PNG_CHARS, MAX_EXPORT_SVG_CHARS, parseWebviewMessage } from '../../src/shared/protocol';
import { configText } from './helpers';

describe('the training script generator', () => {
  it('writes every double as Python text that parses to the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const text = pyFloat(v);
        expect(text).toMatch(/^-?(\d+\.\d*|\d+(\.\d+)?e[+-]\d+|\d\.?\d*)$/);
        expect(Number(text)).toBe(v === 0 ? 0 : v);
      }),
    );
    expect(pyFloat(2)).toBe('2.0');
    expect(pyFloat(1e-7)).toBe('1e-7');
  });

  it('embeds rows as base64 of little-endian float64 bits that decode to the same values', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
    const values = [0, -1.5, 1e-300, 3504, Math.PI, -0];
    const decoded = Buffer.from(floatsBase64(values).replace(/\n/g, ''), 'base64');
    expect(Array.from({ length: values.length }, (_, i) => decoded.readDoubleLE(i * 8))).toEqual(values);
    expect(floatsBase64(new Array(100).fill(1)).split('\n').every((l) => l.length <= 76)).toBe(true);
  });

  it("names PyTorch's optimizer with the config's hyperparameters", () => {
    expect(torchOptimizer({ kind: 'sgd' })).toBe('torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)');
    expect(torchOptimizer({ kind: 'momentum', momentum: 0.9, nesterov: true })).toBe('torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=0.9, dampening=0.0, nesterov=True)');
    expect(torchOptimizer({ kind: 'adam', beta1: 0.8, beta2: 0.99, epsilon: 1e-8 })).toBe('torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(0.8, 0.99), eps=1e-8, amsgrad=False)');
  });

  it('writes the schedule as the formula of rateAt', () => {
    expect(rateFunction({ kind: 'step', every: 10, factor: 0.5, warmupEpochs: 3 }).join('\n')).toMatch(/decay = 0\.5 \*\* \(\(epoch - 1\) \/\/ 10\)[\s\S]*warmup = epoch \/ 3 if epoch < 3 else 1\.0/);
    expect(rateFunction({ kind: 'exponential', factor: 0.9, warmupEpochs: 0 }).join('\n')).toMatch(/decay = 0\.9 \*\* \(epoch - 1\)[\s\S]*warmup = 1\.0/);
  });

  it("hands the script Descent's training rows unscaled, in Descent's order, with Descent's z-score statistics", () => {
    const text = configText({ validationSplit: 0.25, seed: 9, batchSize: 40, data: { dataset: 'cars', features: ['Horsepower', 'Weight_in_lbs'], label: 'Miles_per_Gallon' } });
    const { data } = scriptDataOf(text);
    const { plan } = planRun(text);
    if (!data || !plan) throw new Error('no data');
    expect(data.scales).toEqual(plan.prepared.scales);
    expect(data.batchSize).toBe(40);
    expect(data.train.rows).toBe(plan.prepared.train.rows);
    expect(data.validation?.rows).toBe(plan.prepared.validation?.rows);
    // z-scoring the script's rows with the statistics gives Descent's prepared rows (to rounding).
    const scales = data.scales!;
    let worst = 0;
    for (let i = 0; i < data.train.rows; i++) {
      for (let j = 0; j < 2; j++) {
        const z = (data.train.x[i * 2 + j]! - scales[j]!.mean) / scales[j]!.std;
        worst = Math.max(worst, Math.abs(z - plan.prepared.train.x[i * 2 + j]!));
      }
      expect(data.train.y[i]).toBe(plan.prepared.train.y[i]);
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('writes a script with the header, hyperparameters, generator, model, optimizer and loss per epoch', () => {
    const text = configText({ learningRate: 0.05, batchSize: 16, epochs: 12, seed: 5, optimizer: { momentum: 0.9, nesterov: true } });
    const { data } = scriptDataOf(text);
    const script = pytorchScript(data!, { descentVersion: '1.2.3', trainingFile: 'examples/cars/training.json', dataSha256: 'ab'.repeat(32) });
    expect(script).toMatch(/^#!\/usr\/bin\/env python3\n"""\nTrains examples\/cars\/training.json with PyTorch as Descent 1\.2\.3 trains it\./);
    expect(script).toContain('DistributedDataParallel');
    expect(script).toContain('torch.device("cuda")');
    expect(script).toContain(`(data SHA-256 ${'ab'.repeat(32)})`);
    expect(script).toContain('LEARNING_RATE = 0.05\nBATCH_SIZE = 16  # training.json: 16\nEPOCHS = 12\nSEED = 5');
    expect(script).toContain('torch.set_default_dtype(torch.float64)');
    expect(script).toContain('torch.nn.init.zeros_(model.weight)');
    expect(script).toContain('optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=0.9, dampening=0.0, nesterov=True)');
    expect(script).toContain('    return torch.mean((pred - y) ** 2)');
    expect(script).toContain('state = (state + 0x6D2B79F5) % 2**32');
    expect(script).toContain('f"epoch {epoch} loss {loss!r}"');
    expect(script).toContain('x_validation = None');
  });

  it('refuses data too large to embed, naming the limit', () => {
    const { data, problems } = scriptDataOf(configText({ data: { synthetic: { samples: 1_000_000, features: 2, noise: 0.1, seed: 1 } } }));
    expect(data).toBeNull();
    expect(problems.map((p) => p.message).join('\n')).toMatch(/a training script embeds at most 2,000,000 values/);
  });
});

describe('history exports', () => {
  it('writes the history as CSV, one row an epoch, with validation and rate columns when the run has them', () => {
    const report = runTraining(configText({ epochs: 3, validationSplit: 0.2, learningRateSchedule: { exponential: { factor: 0.5 } } }));
    const lines = historyCsv(report).trimEnd().split('\n');
    expect(lines[0]).toBe('epoch,train_loss,validation_loss,learning_rate');
    expect(lines).toHaveLength(5);
    const h = report.history!;
    expect(lines[1]).toBe(`0,${h.trainLoss[0]},${h.validationLoss![0]},`);
    expect(lines[3]).toBe(`2,${h.trainLoss[2]},${h.validationLoss![2]},${h.learningRates![2]}`);
    expect(historyCsv(runTraining(configText({ epochs: 1 }))).split('\n')[0]).toBe('epoch,train_loss');
  });

  it('writes the history as JSON with the epochs named', () => {
    const report = runTraining(configText({ epochs: 4 }));
    const doc = JSON.parse(historyJson(report));
    expect(doc).toMatchObject({ format: 'descent-history', version: 1, lossUnit: '(Miles_per_Gallon)²', epochs: [0, 1, 2, 3, 4], trainLoss: report.history!.trainLoss, validationLoss: null });
  });
});

describe('chart and history exports from the page', () => {
  const png = `data:image/png;base64,iVBORw0KGgo${'A'.repeat(20)}==`;
  const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10"><rect/></svg>\n';
  it('accepts an SVG document and a PNG data URL within the limits', () => {
    expect(parseWebviewMessage({ type: 'exportChart', format: 'svg', data: svg })).toEqual({ type: 'exportChart', format: 'svg', data: svg });
    expect(parseWebviewMessage({ type: 'exportChart', format: 'png', data: png })).toEqual({ type: 'exportChart', format: 'png', data: png });
    expect(parseWebviewMessage({ type: 'exportHistory', format: 'csv' })).toEqual({ type: 'exportHistory', format: 'csv' });
    expect(parseWebviewMessage({ type: 'exportHistory', format: 'json', path: '/etc/passwd' })).toEqual({ type: 'exportHistory', format: 'json' });
  });

  it.each([
    ['text that is not SVG', { format: 'svg', data: '<html><svg></svg></html>' }],
    ['SVG over the size limit', { format: 'svg', data: `<svg>${' '.repeat(MAX_EXPORT_SVG_CHARS)}</svg>` }],
    ['a JPEG data URL', { format: 'png', data: 'data:image/jpeg;base64,/9j/4AAQ' }],
    ['base64 without the PNG signature', { format: 'png', data: 'data:image/png;base64,AAAA' }],
    ['a PNG over the size limit', { format: 'png', data: `data:image/png;base64,iVBORw0KGgo${'A'.repeat(MAX_EXPORT_PNG_CHARS)}` }],
    ['an unknown format', { format: 'pdf', data: svg }],
    ['a number as data', { format: 'svg', data: 42 }],
  ])('refuses %s', (_, m) => {
    expect(parseWebviewMessage({ type: 'exportChart', ...m })).toBeNull();
  });

  it('refuses a history export of an unknown format', () => {
    expect(parseWebviewMessage({ type: 'exportHistory', format: 'xlsx' })).toBeNull();
  });
});

describe('the CLI with run files', () => {
  const repo = path.resolve(__dirname, '..', '..');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-cli-runs-'));
  const cli = path.join(tmp, 'cli.js');
  const descent = (...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: tmp, encoding: 'utf8', timeout: 30_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const config = (name: string, o: Record<string, unknown>) => {
    fs.mkdirSync(path.join(tmp, name), { recursive: true });
    fs.writeFileSync(path.join(tmp, name, 'training.json'), configText(o));
    return path.join(name, 'training.json');
  };
  beforeAll(() => {
    buildSync({ entryPoints: [path.join(repo, 'src/cli.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: cli, mainFields: ['module', 'main'], logLevel: 'error' });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('train --save-run writes a run file that reads back, naming its training.json', () => {
    const r = descent('train', config('good', { learningRate: 0.5, epochs: 20 }), '--save-run', 'runs/good.json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const read = parseRunFile(fs.readFileSync(path.join(tmp, 'runs', 'good.json'), 'utf8'), 'good.json');
    expect('run' in read && read.run).toMatchObject({ verdict: 'converged', trainingFile: path.join('..', 'good', 'training.json'), data: { hash: { of: 'dataset-text' } } });
  });

  it('compare prints run files side by side and exits 2 when a --fail-on condition holds', () => {
    descent('train', config('slow', { learningRate: 0.001, epochs: 20 }), '--save-run', 'runs/slow.json');
    descent('train', config('good', { learningRate: 0.5, epochs: 20 }), '--save-run', 'runs/good.json');
    const ok = descent('compare', 'runs/good.json', 'runs/slow.json', '--fail-on', 'diverged');
    expect(ok.code).toBe(0);
    const [header, good, slow] = ok.out.split('\n');
    expect(header).toMatch(/^run +learningRate +verdict +converged at +final loss$/);
    expect(good).toMatch(/^good\.json +0\.5 +converged +epoch \d+ +[\d.]+ \(Miles_per_Gallon\)²$/);
    expect(slow).toMatch(/^slow\.json +0\.001 +too-slow +— +/);
    const failed = descent('compare', 'runs/good.json', 'runs/slow.json', '--fail-on', 'not-converged,final-loss>1000');
    expect(failed.code).toBe(2);
    expect(failed.err).toBe('descent: runs/slow.json: --fail-on not-converged holds\n');
    expect(descent('compare', 'runs/good.json', '--fail-on', 'final-loss>>1').code).toBe(1);
  });

  it('compare tells run files from a training.json and refuses a mix, and the lab options on run files', () => {
    descent('train', config('good', { learningRate: 0.5, epochs: 20 }), '--save-run', 'runs/good.json');
    const mixed = descent('compare', 'runs/good.json', 'good/training.json');
    expect(mixed.code).toBe(1);
    expect(mixed.err).toMatch(/"good\/training\.json" is not a run file/);
    expect(descent('compare', 'runs/good.json', '--rates', '0.1').err).toMatch(/--rates applies to comparing a training\.json's rates/);
    expect(descent('compare', 'good/training.json', '--fail-on', 'diverged').err).toMatch(/--fail-on compares run files/);
    expect(descent('compare', 'good/training.json').out).toMatch(/learning rates compared/);
  });

  it('compare of a bad run file names the file and the field', () => {
    fs.mkdirSync(path.join(tmp, 'runs'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'runs', 'bad.json'), JSON.stringify({ format: 'descent-run', version: 1 }));
    const r = descent('compare', 'runs/bad.json');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe('runs/bad.json: field "descentVersion" must be a string (got nothing).');
  });

  it('export-script prints the script, or writes it with --out', () => {
    const r = descent('export-script', config('good', { learningRate: 0.5, epochs: 20 }));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^#!\/usr\/bin\/env python3\n"""\nTrains good\/training\.json with PyTorch as Descent \d+\.\d+\.\d+ trains it\./);
    expect(descent('export-script', 'good', '--out', 'train.py').code).toBe(0);
    expect(fs.readFileSync(path.join(tmp, 'train.py'), 'utf8')).toContain('LEARNING_RATE = 0.5');
    const bad = descent('export-script', config('bad', { learningRate: -1 }));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bad\/training\.json:\d+:\d+: error: /);
  });
});
