// What Descent says about runs with momentum, Adam or a learning-rate schedule: every judgment
// must be true. Momentum on full batches at a constant rate has its own closed form (bound,
// suggestion, epochs); everything else is judged by its losses, with no bound and no suggestion.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/cliFormat';
import { analyzeCurvature } from '../../src/core/curvature';
import { planRun, runTraining } from '../../src/core/run';
import { judgeRun } from '../../src/core/verdict';
import type { RunReport } from '../../src/shared/report';
import { configText } from './helpers';

/** The course's example: cars, weight → mpg, z-scored, full batch; M has λ = 1 (twice), so plain descent's bound is 1. */
const cars = (o: Record<string, unknown>) => runTraining(configText({ epochs: 50, batchSize: 'full', data: 'cars', normalize: 'zscore', ...o }));
const verdictProblem = (r: RunReport) => r.problems.find((p) => ['diverged', 'oscillating', 'too-slow'].includes(p.code));

describe('momentum on full batches: its own stable bound', () => {
  it('diverges above (1 + μ)/λmax = 1.9 for heavy ball 0.9, says so, and offers a rate below the bound', () => {
    const r = cars({ learningRate: 2, optimizer: { momentum: 0.9 } });
    expect(r.verdict).toBe('diverged');
    expect(r.analysis!.basis).toBe('momentum');
    expect(r.stableLearningRateBound).toBeCloseTo(1.9, 12);
    expect(r.reason).toMatch(/above the stable bound of momentum 0\.9, 1\.9 \(\(1 \+ μ\)\/λmax, full batch\)/);
    // |r| of r² + 2.1r + 0.9 = 0 (a = lr·2λ = 4): 1.5 per epoch.
    expect(r.analysis!.spectralRadius).toBeCloseTo(1.5, 12);
    expect(verdictProblem(r)?.fix).toMatchObject({ path: ['learningRate'], value: r.suggestedLearningRate });
    expect(r.suggestedLearningRate!).toBeLessThan(1.9);
  });

  it('does not diverge just below it, where plain descent (bound 1) would: 1.85 converges with μ = 0.9 given the epochs', () => {
    const plain = cars({ learningRate: 1.85 });
    expect(plain.verdict).toBe('diverged');
    const r = cars({ learningRate: 1.85, optimizer: { momentum: 0.9 }, epochs: 600 });
    expect(r.verdict).toBe('converged');
    expect(r.reason).toMatch(/stayed there to the end of the run/);
  });

  it('Nesterov 0.5: bound (1 + μ)/((1 + 2μ)·λmax) = 0.75; 0.8 diverges, 0.7 converges', () => {
    const above = cars({ learningRate: 0.8, optimizer: { momentum: 0.5, nesterov: true } });
    expect(above.verdict).toBe('diverged');
    expect(above.stableLearningRateBound).toBeCloseTo(0.75, 12);
    expect(above.reason).toMatch(/Nesterov momentum 0\.5, 0\.75 \(\(1 \+ μ\)\/\(\(1 \+ 2μ\)·λmax\), full batch\)/);
    expect(cars({ learningRate: 0.7, optimizer: { momentum: 0.5, nesterov: true }, epochs: 300 }).verdict).toBe('converged');
  });

  it('calls a rate on the bound oscillating: the steepest direction flips sign at the same size', () => {
    const r = cars({ learningRate: 1.5, optimizer: { momentum: 0.5 } });
    expect(r.stableLearningRateBound).toBe(1.5);
    expect(r.verdict).toBe('oscillating');
    expect(r.reason).toMatch(/on the stable bound/);
  });

  it('diverged exactly above the bound over a sweep of rates (μ = 0.7, heavy ball and Nesterov)', () => {
    for (const nesterov of [false, true]) {
      const bound = nesterov ? 1.7 / 2.4 : 1.7;
      for (const share of [0.3, 0.6, 0.9, 0.99, 1.01, 1.1, 1.5, 3]) {
        const r = cars({ learningRate: bound * share, optimizer: { momentum: 0.7, nesterov }, epochs: 100 });
        expect(r.verdict === 'diverged', `${nesterov} ${share}`).toBe(share > 1);
        // The loss really grows above the bound and really shrinks below it.
        const losses = r.history!.trainLoss;
        const last = losses[losses.length - 1];
        if (share > 1) expect(last === null || last! > losses[0]!).toBe(true);
        else expect(last!).toBeLessThan(losses[0]!);
      }
    }
  });

  it('names the epochs a run needs, and given them it converges at exactly that epoch', () => {
    const short = cars({ learningRate: 0.05, optimizer: { momentum: 0.9 } });
    expect(short.verdict).not.toBe('converged');
    const needed = short.analysis!.epochsNeeded as number;
    expect(needed).toBeGreaterThan(50);
    const long = cars({ learningRate: 0.05, optimizer: { momentum: 0.9 }, epochs: 2 * needed });
    expect([long.verdict, long.verdictEpoch]).toEqual(['converged', needed]);
  });

  it('does not call a run converged that ends inside the band but swings out of it again after the last epoch', () => {
    const r = cars({ learningRate: 1.2, optimizer: { momentum: 0.9 } });
    expect(r.finalLoss!).toBeLessThanOrEqual(r.optimalLoss! + r.analysis!.tolerance);
    expect(r.verdict).toBe('oscillating');
    expect(r.reason).toMatch(/has not settled: .* out of that band again after the last epoch/);
    // Trained on, the loss does leave the band before it settles at the epoch named.
    const needed = r.analysis!.epochsNeeded as number;
    const longer = cars({ learningRate: 1.2, optimizer: { momentum: 0.9 }, epochs: 2 * needed });
    const tol = r.optimalLoss! + r.analysis!.tolerance;
    expect(longer.history!.trainLoss.slice(51, needed).some((l) => l! > tol)).toBe(true);
    expect([longer.verdict, longer.verdictEpoch]).toEqual(['converged', needed]);
  });

  it('suggests a rate below the bound that settles no later than any other rate on a grid, checked by training', () => {
    const r = cars({ learningRate: 0.05, optimizer: { momentum: 0.6 }, epochs: 400 });
    const settle = (lr: number) => cars({ learningRate: lr, optimizer: { momentum: 0.6 }, epochs: 400 }).verdictEpoch ?? Infinity;
    const suggested = r.suggestedLearningRate!;
    expect(suggested).toBeLessThan(r.stableLearningRateBound!);
    const atSuggestion = settle(suggested);
    for (const share of [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]) expect(atSuggestion).toBeLessThanOrEqual(settle(share * r.stableLearningRateBound!) + 1);
  });

  it('never gives a plain-descent suggestion or bound to a momentum run', () => {
    const plain = cars({ learningRate: 0.05 });
    const r = cars({ learningRate: 0.05, optimizer: { momentum: 0.3 } });
    expect(r.stableLearningRateBound).not.toBe(plain.stableLearningRateBound);
    expect(r.analysis!.suggestionBasis).toMatch(/^momentum-/);
    expect(r.suggestion).toMatch(/momentum run's stable bound/);
  });
});

describe('runs no closed form describes: judged by their losses', () => {
  it('Adam converges on cars at a sensible rate, and says the closed-form bound does not apply', () => {
    const r = cars({ learningRate: 0.5, epochs: 200, optimizer: { adam: {} } });
    expect(r.verdict).toBe('converged');
    expect(r.analysis!.basis).toBe('observed');
    expect([r.stableLearningRateBound, r.suggestedLearningRate, r.suggestion]).toEqual([null, null, null]);
    expect(r.reason).toMatch(/do not apply to Adam \(β1 0\.9, β2 0\.999, ε 1e-8\)/);
    expect(r.reason).toMatch(/based on the losses alone/);
    // Converged means within 1% of L*, which depends on the data only: the same L* as plain descent's.
    expect(r.optimalLoss).toBe(cars({ learningRate: 0.5 }).optimalLoss);
    expect(r.finalLoss!).toBeLessThanOrEqual(r.optimalLoss! * 1.01);
  });

  it('Adam at a huge rate ends above its start: diverged, with no fix (none is known to help)', () => {
    const r = cars({ learningRate: 1000, optimizer: { adam: {} } });
    expect(r.verdict).toBe('diverged');
    expect(r.reason).toMatch(/ends above where it started/);
    expect(verdictProblem(r)?.fix).toBeUndefined();
    expect(r.stableLearningRateBound).toBeNull();
  });

  it('a schedule takes plain SGD off the closed form too: no bound, the rates per epoch in the report', () => {
    const r = cars({ learningRate: 0.05, learningRateSchedule: { step: { every: 10, factor: 0.5 }, warmupEpochs: 3 } });
    expect(r.analysis!.basis).toBe('observed');
    expect(r.stableLearningRateBound).toBeNull();
    expect(r.reason).toMatch(/plain gradient descent with step decay ×0\.5 every 10 epochs after a 3-epoch warm-up/);
    expect(r.history!.learningRates!.slice(0, 4)).toEqual([null, 0.05 / 3, (0.05 * 2) / 3, 0.05]);
    expect(r.history!.learningRates![11]).toBe(0.025);
    expect(r.verdict).toBe('too-slow');
    expect(r.reason).toMatch(/still falling/);
  });

  it('momentum on mini-batches: no bound, judged by its losses, and the reason names the batches', () => {
    const r = cars({ learningRate: 0.01, batchSize: 32, optimizer: { momentum: 0.9 } });
    expect(r.analysis!.basis).toBe('observed');
    expect(r.stableLearningRateBound).toBeNull();
    expect(r.reason).toMatch(/momentum 0\.9 on batches of 32/);
  });

  describe('the observed rules, read off given curves (cars: L* and the tolerance are the data\'s)', () => {
    const { plan } = planRun(configText({ data: 'cars' }));
    const curvature = analyzeCurvature(plan!.prepared.train);
    const Lstar = curvature.optimalLoss;
    const N = plan!.prepared.train.rows;
    const judge = (losses: number[], batchSize = N) => judgeRun(losses, { curvature, learningRate: 0.1, rows: N, batchSize, epochs: losses.length - 1, normalize: 'zscore', optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } });

    it('converged at the first epoch from which the loss stays within 1% of L*', () => {
      const j = judge([600, 100, 30, Lstar * 1.005, Lstar * 1.02, Lstar * 1.009, Lstar * 1.001, Lstar]);
      expect([j.verdict, j.epoch, j.bound, j.suggested]).toEqual(['converged', 5, null, null]);
    });

    it('oscillating when the loss rose by more than the tolerance three times in the second half', () => {
      // Epochs 7 … 12 are the second half: rises at 8, 10 and 12.
      const j = judge([600, 200, 60, 30, 25, 22, 25, 22, 25, 22, 25, 22, 25]);
      expect([j.verdict, j.rises]).toEqual(['oscillating', 3]);
      // Two rises (at 8 and 12) are not enough: too slow.
      expect(judge([600, 200, 60, 30, 25, 24, 23, 22, 22.5, 21, 20.5, 20, 20.3]).verdict).toBe('too-slow');
    });

    it('diverged when the loss ends above its start, or overflows', () => {
      expect(judge([600, 300, 500, 700]).verdict).toBe('diverged');
      expect(judge([600, 300, 500, 700]).epoch).toBe(3);
      expect(judge([600, 900, Infinity]).overflowEpoch).toBe(2);
    });
  });
});

describe('the CLI names the optimizer and the schedule', () => {
  it('in --json (the config with defaults applied) and in the text report', () => {
    const r = cars({ learningRate: 0.05, optimizer: { adam: { beta1: 0.8 } }, learningRateSchedule: { exponential: { factor: 0.9 } } });
    const json = JSON.parse(JSON.stringify(r));
    expect(json.config.optimizer).toEqual({ kind: 'adam', beta1: 0.8, beta2: 0.999, epsilon: 1e-8 });
    expect(json.config.learningRateSchedule).toEqual({ kind: 'exponential', factor: 0.9, warmupEpochs: 0 });
    const text = formatReport('training.json', r);
    expect(text).toMatch(/Optimizer: Adam \(β1 0\.8, β2 0\.999, ε 1e-8\); learning rate: exponential decay ×0\.9 per epoch \(epoch 1 at 0\.05, epoch 50 at /);
    expect(text).not.toMatch(/Stable bound/);
    const momentum = formatReport('training.json', cars({ learningRate: 0.3, optimizer: { momentum: 0.5 } }));
    expect(momentum).toMatch(/Stable bound \(momentum 0\.5, full batch\): learningRate < 1\.5/);
  });
});

describe('config problems sit on the exact key, with a message that says what to write', () => {
  it.each([
    ['{"optimizer": {"momentum": 1}}', 'optimizer.momentum', '"momentum" must be less than 1 (got 1).'],
    ['{"optimizer": {"momentum": 0.9, "adam": {}}}', 'optimizer.adam', 'Choose one optimizer: "momentum" or "adam", not both.'],
    ['{"optimizer": {"nesterov": true}}', 'optimizer.nesterov', '"nesterov" needs "momentum" beside it.'],
    ['{"optimizer": "adam"}', 'optimizer', '"optimizer" must be "sgd" (got "adam"). The other optimizers are objects: { "momentum": 0.9 } (optionally with "nesterov": true) or { "adam": {} }.'],
    ['{"optimizer": {"adam": {"epsilon": 0}}}', 'optimizer.adam.epsilon', '"epsilon" must be greater than 0 (got 0).'],
    ['{"optimizer": {"adam": {"beta2": 1}}}', 'optimizer.adam.beta2', '"beta2" must be less than 1 (got 1).'],
    ['{"learningRateSchedule": {"step": {"every": 0, "factor": 0.5}}}', 'learningRateSchedule.step.every', '"every" must be at least 1 (got 0).'],
    ['{"learningRateSchedule": {"step": {"every": 2, "factor": 1.5}}}', 'learningRateSchedule.step.factor', '"factor" must be at most 1 (got 1.5).'],
    ['{"learningRateSchedule": {"exponential": {"factor": 0}}}', 'learningRateSchedule.exponential.factor', '"factor" must be greater than 0 (got 0).'],
    ['{"learningRateSchedule": {"warmupEpochs": 0}}', 'learningRateSchedule.warmupEpochs', '"warmupEpochs" must be at least 1 (got 0).'],
    ['{"learningRateSchedule": {"warmupEpochs": 2.5}}', 'learningRateSchedule.warmupEpochs', '"warmupEpochs" must be a whole number (got 2.5).'],
    ['{"learningRateSchedule": {"step": {"every": 10, "factor": 0.5}, "exponential": {"factor": 0.9}}}', 'learningRateSchedule.exponential', 'Choose one decay: "step" or "exponential", not both.'],
    ['{"learningRateSchedule": {}}', 'learningRateSchedule', '"learningRateSchedule" needs at least one of the keys "step", "exponential", "warmupEpochs".'],
  ])('%s', (text, path, message) => {
    const errors = runTraining(text).problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.path.join('.'), p.message])).toEqual([[path, message]]);
    // Located on that key: the column is its name's, or its value's right after `"key": `.
    const key = path.split('.').pop()!;
    const at = text.lastIndexOf(`"${key}"`);
    expect(errors[0]!.line).toBe(1);
    expect([at + 1, at + key.length + 5]).toContain(errors[0]!.column);
  });
});

describe('examples/optimizers does what its comments say', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'optimizers', 'training.json'), 'utf8');
  const edit = (from: string, to: string) => {
    expect(text).toContain(from);
    return runTraining(text.replace(from, to));
  };

  it('Nesterov 0.6 at 0.19 settles at epoch 10; plain descent at its best constant rate 0.25 at epoch 13', () => {
    const r = runTraining(text);
    expect([r.verdict, r.verdictEpoch, r.stableLearningRateBound?.toFixed(4)]).toEqual(['converged', 10, '0.2266']);
    const plain = edit('"optimizer": { "momentum": 0.6, "nesterov": true }', '"optimizer": "sgd"');
    expect(plain.suggestedLearningRate).toBe(0.25);
    const plainBest = runTraining(text.replace('"learningRate": 0.19', '"learningRate": 0.25').replace('"optimizer": { "momentum": 0.6, "nesterov": true }', '"optimizer": "sgd"'));
    expect([plainBest.verdict, plainBest.verdictEpoch]).toEqual(['converged', 13]);
  });

  it('0.3 diverges with Nesterov 0.6; heavy ball 0.6 is stable below 0.4986; Adam at 0.5 converges in 300 epochs by its losses', () => {
    expect(edit('"learningRate": 0.19', '"learningRate": 0.3').verdict).toBe('diverged');
    expect(edit('"optimizer": { "momentum": 0.6, "nesterov": true }', '"optimizer": { "momentum": 0.6 }').stableLearningRateBound?.toFixed(4)).toBe('0.4986');
    const adam = runTraining(text.replace('"learningRate": 0.19', '"learningRate": 0.5').replace('"optimizer": { "momentum": 0.6, "nesterov": true }', '"optimizer": { "adam": {} }').replace('"epochs": 60', '"epochs": 300'));
    expect([adam.verdict, adam.analysis!.basis, adam.stableLearningRateBound]).toEqual(['converged', 'observed', null]);
  });
});
