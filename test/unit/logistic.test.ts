// Logistic regression: the model's loss and gradient, hand-computed first steps, an independent plain
// loop (written here, not from src/core) the general path must match to 1e-12 relative for every
// optimizer and batch size, L* against an independent Newton solve, the separable verdict, the
// penguins data and its class coding, and the config errors a classifier can make.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCurvature, analyzeLogistic, analyzeRows } from '../../src/core/curvature';
import { parseCsvData } from '../../src/core/data';
import { descend } from '../../src/core/descent';
import type { Matrix } from '../../src/core/model';
import { LOGISTIC, logLoss, sigmoid, softplus } from '../../src/core/models';
import { createOptimizer } from '../../src/core/optimizers';
import { planRun, runTraining, thinHistory, trainPlan } from '../../src/core/run';
import { sweepLearningRates } from '../../src/core/lab';
import { PENGUINS_CATEGORIES, PENGUINS_COLUMNS, PENGUINS_FEATURES, TRAINING_SCHEMA } from '../../src/core/schema';
import { countUpdates } from '../../src/core/updates';
import { judgeRun } from '../../src/core/verdict';
import { roundRateDown } from '../../src/shared/format';
import type { OptimizerConfig, ScheduleConfig } from '../../src/shared/report';
import { configText } from './helpers';

const CONSTANT: ScheduleConfig = { kind: 'constant', warmupEpochs: 0 };
const close = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-300;
const expectClose = (actual: number[], expected: number[], rel = 1e-12) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(close(a, expected[i] as number, rel), `${a} vs ${expected[i]} at ${i}`).toBe(true));
};
const penguins = (model: Record<string, unknown>, extra: Record<string, unknown> = {}, features = ['Flipper Length (mm)', 'Body Mass (g)']) =>
  configText({ model: { logistic: model }, data: { dataset: 'penguins', features, label: 'Species' }, ...extra });

describe('the logistic model and its loss', () => {
  it('is the log loss log(1 + e^z) − y·z with gradient σ(z) − y, gradFactor 1 (checked against the naive formula and finite differences)', () => {
    expect(LOGISTIC.gradFactor).toBe(1);
    for (const z of [-3, -0.5, 0, 0.7, 2.5]) {
      for (const y of [0, 1]) {
        const naive = -y * Math.log(sigmoid(z)) - (1 - y) * Math.log(1 - sigmoid(z));
        expect(close(LOGISTIC.loss(z, y), naive, 1e-13)).toBe(true);
        expect(close(LOGISTIC.loss(z, y), Math.log(1 + Math.exp(z)) - y * z, 1e-13)).toBe(true);
        const h = 1e-6;
        const numeric = (LOGISTIC.loss(z + h, y) - LOGISTIC.loss(z - h, y)) / (2 * h);
        expect(Math.abs(numeric - LOGISTIC.scoreGrad(z, y))).toBeLessThan(1e-9);
      }
    }
    expect(LOGISTIC.loss(0, 1)).toBe(Math.LN2);
    expect(LOGISTIC.output(0)).toBe(0.5);
  });

  it('stays finite and keeps its digits at extreme scores, where the naive formula overflows or cancels', () => {
    expect(logLoss(800, 0)).toBe(800);
    expect(logLoss(-800, 1)).toBe(800);
    expect(logLoss(800, 1)).toBe(0);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    // A well-classified row's loss is e^(−40)·(1 − …): softplus(40) − 40 would leave only rounding (0 or 7e-15).
    expect(close(logLoss(40, 1), Math.exp(-40), 1e-15)).toBe(true);
    expect(close(logLoss(-40, 0), Math.exp(-40), 1e-15)).toBe(true);
    expect(softplus(0)).toBe(Math.LN2);
  });
});

/** Two rows, x = [1, 3], y = [0, 1]. */
const TINY: Matrix = { x: Float64Array.from([1, 3]), y: Float64Array.from([0, 1]), rows: 2, d: 1 };

describe('hand-computed first steps of logistic descent', () => {
  it('full batch, lr 0.5: at θ = 0 both σ are ½, so g = ½·[0.5·1 − 0.5·3, 0.5 − 0.5] = [−0.5, 0] and θ₁ = [0.25, 0]', () => {
    const r = descend(TINY, null, { learningRate: 0.5, batchSize: 2, epochs: 1, seed: 0, model: LOGISTIC, optimizer: createOptimizer({ kind: 'sgd' }, 2) });
    expectClose([r.weights[0]!, r.bias], [0.25, 0]);
    // Loss after epoch 1 at z = [0.25, 0.75]: ½·(log(1 + e^0.25) + log(1 + e^0.75) − 0.75).
    expectClose([r.trainLoss[0]!, r.trainLoss[1]!], [Math.LN2, (Math.log(1 + Math.exp(0.25)) + Math.log(1 + Math.exp(0.75)) - 0.75) / 2]);
    // z = 0 classifies both rows negative (1 of 2 right); z = [0.25, 0.75] both positive (1 of 2 right).
    expect(r.trainAccuracy).toEqual([0.5, 0.5]);
  });

  it('second step: g₂ = ½·[σ(0.25)·1 + (σ(0.75) − 1)·3, σ(0.25) + σ(0.75) − 1], θ₂ = θ₁ − 0.5·g₂', () => {
    const r = descend(TINY, null, { learningRate: 0.5, batchSize: 2, epochs: 2, seed: 0, model: LOGISTIC, optimizer: createOptimizer({ kind: 'sgd' }, 2) });
    const s1 = 1 / (1 + Math.exp(-0.25));
    const s2 = 1 / (1 + Math.exp(-0.75));
    const g = [(s1 * 1 + (s2 - 1) * 3) / 2, (s1 + s2 - 1) / 2];
    expectClose([r.weights[0]!, r.bias], [0.25 - 0.5 * g[0]!, 0 - 0.5 * g[1]!]);
  });

  it('SGD (batches of 1): each row steps by itself, g = (σ(z) − y)·[x, 1]', () => {
    const one: Matrix = { x: Float64Array.from([2]), y: Float64Array.from([1]), rows: 1, d: 1 };
    const r = descend(one, null, { learningRate: 1, batchSize: 1, epochs: 1, seed: 0, model: LOGISTIC, optimizer: createOptimizer({ kind: 'sgd' }, 2) });
    // σ(0) − 1 = −½: θ₁ = −1·(−½)·[2, 1] = [1, 0.5].
    expectClose([r.weights[0]!, r.bias], [1, 0.5]);
  });
});

// ---- The independent implementation: plain arrays, mulberry32 and Fisher–Yates re-written here ----

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Logistic regression trained as a PyTorch script reads (BCEWithLogitsLoss, mean): the mean gradient (1/m)·Σ(σ(z) − y)·x̃, then the optimizer's rule. */
function plainLogisticLoop(m: Matrix, lr: number, batchSize: number, epochs: number, seed: number, optimizer: OptimizerConfig) {
  const { rows, d } = m;
  const row = (i: number) => Array.from({ length: d }, (_, j) => m.x[i * d + j]!);
  const score = (theta: number[], i: number) => row(i).reduce((z, v, j) => z + theta[j]! * v, theta[d]!);
  const sig = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
  const rowLoss = (z: number, y: number) => (y === 1 ? Math.log1p(Math.exp(-Math.abs(z))) + Math.max(-z, 0) : Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0));
  const loss = (theta: number[]) => Array.from({ length: rows }, (_, i) => rowLoss(score(theta, i), m.y[i]!)).reduce((a, b) => a + b, 0) / rows;
  const accuracy = (theta: number[]) => Array.from({ length: rows }, (_, i) => ((score(theta, i) > 0) === (m.y[i] === 1) ? 1 : 0)).reduce<number>((a, b) => a + b, 0) / rows;
  const theta = new Array<number>(d + 1).fill(0);
  const buf = new Array<number>(d + 1).fill(0);
  const mom1 = new Array<number>(d + 1).fill(0);
  const mom2 = new Array<number>(d + 1).fill(0);
  let step = 0;
  const order = Array.from({ length: rows }, (_, i) => i);
  const draw = mulberry32(seed);
  const batch = Math.min(batchSize, rows);
  const losses = [loss(theta)];
  const accuracies = [accuracy(theta)];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (batch < rows) {
      for (let i = rows - 1; i > 0; i--) {
        const j = Math.floor((draw() * (i + 1)) / 4294967296);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    }
    for (let start = 0; start < rows; start += batch) {
      const members = order.slice(start, start + batch);
      // Summed, then divided by m: a gradient that cancels to about 0 (the bias on balanced classes) keeps the
      // core's rounding, which Adam's g/√v would otherwise blow up to a full step of either sign.
      const g = new Array<number>(d + 1).fill(0);
      for (const i of members) {
        const r = sig(score(theta, i)) - m.y[i]!;
        row(i).forEach((v, j) => (g[j]! += r * v));
        g[d]! += r;
      }
      for (let j = 0; j <= d; j++) g[j] = (1 / members.length) * g[j]!;
      step++;
      for (let j = 0; j <= d; j++) {
        if (optimizer.kind === 'sgd') theta[j]! -= lr * g[j]!;
        else if (optimizer.kind === 'momentum') {
          buf[j] = step === 1 ? g[j]! : optimizer.momentum * buf[j]! + g[j]!;
          theta[j]! -= lr * (optimizer.nesterov ? g[j]! + optimizer.momentum * buf[j]! : buf[j]!);
        } else {
          const { beta1, beta2, epsilon } = optimizer;
          mom1[j] = beta1 * mom1[j]! + (1 - beta1) * g[j]!;
          mom2[j] = beta2 * mom2[j]! + (1 - beta2) * g[j]! * g[j]!;
          const mHat = mom1[j]! / (1 - beta1 ** step);
          const vHat = mom2[j]! / (1 - beta2 ** step);
          theta[j]! -= (lr * mHat) / (Math.sqrt(vHat) + epsilon);
        }
      }
    }
    losses.push(loss(theta));
    accuracies.push(accuracy(theta));
  }
  return { theta, losses, accuracies };
}

/** Deterministic rows from an LCG of the test's own: x uniform in [−1, 1], y = 1 when x·[1.5, −2, 0.5] + 0.3 + noise > 0 (overlapping classes). */
function classRows(n: number, d: number, seed: number, noise = 1): Matrix {
  let s = seed;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const w = [1.5, -2, 0.5];
  for (let i = 0; i < n; i++) {
    let z = 0.3 + noise * (u() - 0.5) * 2;
    for (let j = 0; j < d; j++) {
      const v = 2 * u() - 1;
      x[i * d + j] = v;
      z += w[j % 3]! * v;
    }
    y[i] = z > 0 ? 1 : 0;
  }
  return { x, y, rows: n, d };
}

const OPTIMIZERS: [string, OptimizerConfig, number][] = [
  ['sgd', { kind: 'sgd' }, 0.8],
  ['momentum 0.9', { kind: 'momentum', momentum: 0.9, nesterov: false }, 0.1],
  ['Nesterov 0.8', { kind: 'momentum', momentum: 0.8, nesterov: true }, 0.1],
  ['Adam', { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 0.05],
];
const BATCHES: [string, number][] = [
  ['full batch', 40],
  ['mini-batches of 7 (a 5-row tail)', 7],
  ['SGD', 1],
];

describe('the general path agrees with an independent plain loop to 1e-12 relative', () => {
  const data = classRows(40, 3, 7);
  for (const [name, optimizer, lr] of OPTIMIZERS) {
    for (const [batchName, batchSize] of BATCHES) {
      it(`${name}, ${batchName}: weights, every epoch's loss and accuracy`, () => {
        const ours = descend(data, null, { learningRate: lr, batchSize, epochs: 8, seed: 3, model: LOGISTIC, optimizer: createOptimizer(optimizer, 4), schedule: CONSTANT });
        const theirs = plainLogisticLoop(data, lr, batchSize, 8, 3, optimizer);
        expectClose([...Array.from(ours.weights), ours.bias], theirs.theta);
        expectClose(ours.trainLoss, theirs.losses);
        expect(ours.trainAccuracy).toEqual(theirs.accuracies);
      });
    }
  }
});

// ---- An independent Newton solve: raw coordinates, Gaussian elimination, no line search ----

function newtonOracle(m: Matrix): { theta: number[]; loss: number } {
  const { rows, d } = m;
  const p = d + 1;
  const theta = new Array<number>(p).fill(0);
  const xt = (i: number) => [...Array.from(m.x.subarray(i * d, i * d + d)), 1];
  for (let it = 0; it < 60; it++) {
    const g = new Array<number>(p).fill(0);
    const H = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
    for (let i = 0; i < rows; i++) {
      const v = xt(i);
      const z = v.reduce((s, a, j) => s + a * theta[j]!, 0);
      const s = 1 / (1 + Math.exp(-z));
      for (let a = 0; a < p; a++) {
        g[a]! += ((s - m.y[i]!) * v[a]!) / rows;
        for (let b = 0; b < p; b++) H[a]![b]! += (s * (1 - s) * v[a]! * v[b]!) / rows;
      }
    }
    for (let a = 0; a < p; a++) H[a]![p] = g[a]!;
    for (let col = 0; col < p; col++) {
      let pivot = col;
      for (let r = col + 1; r < p; r++) if (Math.abs(H[r]![col]!) > Math.abs(H[pivot]![col]!)) pivot = r;
      [H[col], H[pivot]] = [H[pivot]!, H[col]!];
      for (let r = 0; r < p; r++) {
        if (r === col) continue;
        const f = H[r]![col]! / H[col]![col]!;
        for (let c = col; c <= p; c++) H[r]![c]! -= f * H[col]![c]!;
      }
    }
    for (let a = 0; a < p; a++) theta[a]! -= H[a]![p]! / H[a]![a]!;
  }
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const z = xt(i).reduce((s, a, j) => s + a * theta[j]!, 0);
    loss += Math.log(1 + Math.exp(z)) - m.y[i]! * z;
  }
  return { theta, loss: loss / rows };
}

describe('the best reachable log loss', () => {
  it('is the minimum an independent Newton solve finds (penguins, Adelie against Chinstrap, raw and z-scored features)', () => {
    for (const normalize of ['zscore', 'none']) {
      const { plan } = planRun(penguins({ positive: 'Adelie', negative: 'Chinstrap' }, { normalize }));
      const train = plan!.prepared.train;
      const ours = analyzeLogistic(train);
      const oracle = newtonOracle(train);
      expect(ours.optimum).toBe('finite');
      expect(close(ours.optimalLoss!, oracle.loss, 1e-12), `${ours.optimalLoss} vs ${oracle.loss}`).toBe(true);
      expectClose(ours.theta!, oracle.theta, 1e-7);
    }
  });

  it('on overlapping generated classes too, and the run reports it as L* in nats', () => {
    const data = classRows(300, 3, 11);
    const ours = analyzeLogistic(data);
    const oracle = newtonOracle(data);
    expect(ours.optimum).toBe('finite');
    expect(close(ours.optimalLoss!, oracle.loss, 1e-12)).toBe(true);
    const r = runTraining(penguins({ positive: 'Adelie', negative: 'Chinstrap' }));
    expect(r.lossUnit).toBe('nats');
    expect(r.optimalLoss).toBeGreaterThan(0.4);
    expect(r.classification!.optimum).toBe('finite');
  });

  it('does not exist on separable data: the analysis finds separating weights that classify every row right, and declares no L*', () => {
    // Two generated clusters with a gap: y = 1 exactly where x₁ + x₂ > 0.2, no row within 0.2 of the line x₁ + x₂ = 0.
    const pts: number[] = [];
    const ys: number[] = [];
    const draw = mulberry32(5);
    while (ys.length < 200) {
      const a = (draw() / 4294967296) * 4 - 2;
      const b = (draw() / 4294967296) * 4 - 2;
      if (Math.abs(a + b) < 0.2) continue;
      pts.push(a, b);
      ys.push(a + b > 0 ? 1 : 0);
    }
    const data: Matrix = { x: Float64Array.from(pts), y: Float64Array.from(ys), rows: ys.length, d: 2 };
    const a = analyzeLogistic(data);
    expect(a.optimum).toBe('separable');
    expect(a.optimalLoss).toBeNull();
    // The certificate: every row is strictly on its side of the separating weights.
    const sep = a.separating!;
    for (let i = 0; i < data.rows; i++) {
      const z = sep[0]! * pts[2 * i]! + sep[1]! * pts[2 * i + 1]! + sep[2]!;
      expect(ys[i] === 1 ? z > 0 : z < 0).toBe(true);
    }
    // The verdict: converged when every training row is classified right, with the loss still falling; no L*.
    const c = analyzeRows(data, 'logistic');
    const run = descend(data, null, { learningRate: 4, batchSize: data.rows, epochs: 40, seed: 0, model: LOGISTIC, optimizer: createOptimizer({ kind: 'sgd' }, 3) });
    const j = judgeRun(run.trainLoss, { curvature: c, learningRate: 4, rows: data.rows, batchSize: data.rows, epochs: 40, normalize: 'none', logistic: { analysis: c.logistic!, trainAccuracy: run.trainAccuracy! } });
    const separated = run.trainAccuracy!.findIndex((v, e) => run.trainAccuracy!.slice(e).every((w) => w === 1));
    expect(separated).toBeGreaterThan(0);
    expect([j.verdict, j.epoch, j.logistic!.optimum]).toEqual(['converged', separated, 'separable']);
    for (let e = 1; e < run.trainLoss.length; e++) expect(run.trainLoss[e]!).toBeLessThan(run.trainLoss[e - 1]!);
  });

  it('penguins: Gentoo against the rest by beak depth and flipper length is separable; the report says so and gives no L*', () => {
    const r = runTraining(penguins({ positive: 'Gentoo' }, { learningRate: 2 }, ['Beak Depth (mm)', 'Flipper Length (mm)']));
    expect(r.classification!.optimum).toBe('separable');
    expect(r.optimalLoss).toBeNull();
    expect(r.verdict).toBe('converged');
    expect(r.accuracy!.train).toBe(1);
    expect(r.reason).toMatch(/separable/);
    expect(r.reason).toMatch(/keeps falling toward 0/);
    expect(r.reason).not.toMatch(/best reachable loss \d/);
    const { plan } = planRun(penguins({ positive: 'Gentoo' }, { learningRate: 2 }, ['Beak Depth (mm)', 'Flipper Length (mm)']));
    expect(sweepLearningRates(plan!, { rates: [2] }).optimalLoss).toBeNaN();
  });
});

describe('the verdict on a logistic run', () => {
  const text = penguins({ positive: 'Adelie', negative: 'Chinstrap' }, { epochs: 60 });

  it('states the sufficient bound 8/λmax(M) and suggests 4/λmax(M); at the suggestion the non-separable pair converges within 1% of L*', () => {
    const { plan } = planRun(text);
    const lambdaMax = analyzeCurvature(plan!.prepared.train).lambdaMax;
    const probe = runTraining(text);
    expect(close(probe.stableLearningRateBound!, 8 / lambdaMax, 1e-12)).toBe(true);
    expect(probe.suggestedLearningRate).toBe(roundRateDown(4 / lambdaMax));
    expect(probe.analysis!.suggestionBasis).toBe('logistic-smooth');
    const r = runTraining(text.replace('"epochs": 60', `"epochs": 60, "learningRate": ${probe.suggestedLearningRate}`));
    expect(r.verdict).toBe('converged');
    expect(r.verdictEpoch).toBeLessThan(20);
    expect((r.finalLoss! - r.optimalLoss!) / r.optimalLoss!).toBeLessThan(0.01);
    expect(r.reason).toMatch(/sufficient bound, not the exact threshold/);
  });

  it('below the bound every full-batch step lowers the loss (the guarantee the bound states)', () => {
    const probe = runTraining(text);
    const r = runTraining(text.replace('"epochs": 60', `"epochs": 60, "learningRate": ${probe.stableLearningRateBound! * 0.999}`));
    const loss = r.history!.trainLoss as number[];
    // Up to the rounding of a mean over the rows, once the loss has reached L*.
    for (let e = 1; e < loss.length; e++) expect(loss[e]!).toBeLessThanOrEqual(loss[e - 1]! * (1 + 1e-15));
  });

  it('the local bound 2/λmax(H*) is where descent stops settling: 0.9× it converges, 1.1× it does not', () => {
    const probe = runTraining(text);
    const local = probe.classification!.localBound!;
    expect(local).toBeGreaterThan(probe.stableLearningRateBound!);
    const below = runTraining(text.replace('"epochs": 60', `"epochs": 400, "learningRate": ${0.9 * local}`));
    const above = runTraining(text.replace('"epochs": 60', `"epochs": 400, "learningRate": ${1.1 * local}`));
    expect(below.verdict).toBe('converged');
    expect(above.verdict).not.toBe('converged');
    expect(above.reason).toMatch(/2\/λmax\(H\*\)/);
  });

  it('Adam, momentum and batches get no bound: the reason says it does not apply, and the losses judge against L*', () => {
    for (const extra of [{ optimizer: { adam: {} }, learningRate: 0.1 }, { optimizer: { momentum: 0.5 }, learningRate: 0.5 }, { batchSize: 16, learningRate: 0.2 }]) {
      const r = runTraining(penguins({ positive: 'Adelie', negative: 'Chinstrap' }, { epochs: 60, ...extra }));
      expect([r.stableLearningRateBound, r.suggestedLearningRate, r.analysis!.basis]).toEqual([null, null, 'logistic']);
      expect(r.reason).toMatch(/does not apply/);
      expect(r.verdict).toBe('converged');
    }
  });

  it('keeps the update-count table: logistic runs make ⌈N/m⌉ updates an epoch, as the course says', () => {
    for (const batchSize of ['full', 1, 16] as const) {
      const r = runTraining(penguins({ positive: 'Adelie', negative: 'Chinstrap' }, { epochs: 3, batchSize }));
      expect(r.updates).toEqual(countUpdates(r.samples, 3, batchSize));
      expect(r.totalUpdates).toBe(r.updates![r.updates!.current].total);
    }
  });

  it('reports accuracy per epoch for training and validation, thinned with the losses, and the final accuracy', () => {
    const r = runTraining(penguins({ positive: 'Adelie', negative: 'Chinstrap' }, { epochs: 20, validationSplit: 0.2 }));
    const h = r.history!;
    expect(h.trainAccuracy).toHaveLength(21);
    expect(h.validationAccuracy).toHaveLength(21);
    expect(r.accuracy).toEqual({ train: h.trainAccuracy![20], validation: h.validationAccuracy![20] });
    // At θ = 0 every score is 0: every row is classified negative, so the accuracy is the negative class's share.
    expect(h.trainAccuracy![0]).toBeCloseTo(1 - r.classification!.classes.positiveRows / (r.classification!.classes.positiveRows + r.classification!.classes.negativeRows), 1);
    expect(r.classification!.points.x).toHaveLength(r.data!.rows);
    expect(r.classification!.points.validation.filter(Boolean)).toHaveLength(r.data!.validationRows);
  });

  it('validation loss and accuracy are the log loss and the share right on the held-out rows, by the final weights', () => {
    const { plan } = planRun(penguins({ positive: 'Adelie', negative: 'Chinstrap' }, { epochs: 12, validationSplit: 0.25 }));
    const result = trainPlan(plan!);
    const v = plan!.prepared.validation!;
    let loss = 0;
    let right = 0;
    for (let i = 0; i < v.rows; i++) {
      const z = result.bias + result.weights[0]! * v.x[2 * i]! + result.weights[1]! * v.x[2 * i + 1]!;
      loss += Math.log(1 + Math.exp(z)) - v.y[i]! * z;
      if ((z > 0) === (v.y[i] === 1)) right++;
    }
    expect(close(result.validationLoss![12]!, loss / v.rows, 1e-12)).toBe(true);
    expect(result.validationAccuracy![12]).toBe(right / v.rows);
  });

  it('a thinned history keeps each accuracy with its epoch', () => {
    const r = runTraining(penguins({ positive: 'Adelie', negative: 'Chinstrap' }, { epochs: 3000, learningRate: 0.01, validationSplit: 0.2 }));
    const thin = thinHistory(r, 200);
    const h = thin.history!;
    expect(h.epochs!.length).toBeLessThanOrEqual(200);
    expect(h.trainAccuracy).toEqual(h.epochs!.map((e) => r.history!.trainAccuracy![e]));
    expect(h.validationAccuracy).toEqual(h.epochs!.map((e) => r.history!.validationAccuracy![e]));
  });

  it('the sweep trains and judges logistic runs too, in nats, with L* from Newton', () => {
    const { plan } = planRun(text);
    const s = sweepLearningRates(plan!, { rates: [0.05, 2, 4] });
    expect(s.lossUnit).toBe('nats');
    expect(s.points.map((p) => p.verdict)).toEqual(['too-slow', 'converged', 'converged']);
    // Each point is the run runTraining makes at that rate.
    const at2 = runTraining(text.replace('"epochs": 60', '"epochs": 60, "learningRate": 2'));
    expect([s.points[1]!.verdictEpoch, s.points[1]!.finalLoss]).toEqual([at2.verdictEpoch, at2.finalLoss]);
    expect(close(s.optimalLoss, runTraining(text).optimalLoss!, 1e-15)).toBe(true);
  });

  it('linear regression is unchanged: no model key means linear, no accuracy, no classification', () => {
    const r = runTraining(configText({ epochs: 5 }));
    expect(r.model).toEqual({ kind: 'linear' });
    expect([r.accuracy, r.classification, r.history!.trainAccuracy, r.history!.validationAccuracy]).toEqual([null, null, null, null]);
    expect(r.lossUnit).toBe('(Miles_per_Gallon)²');
  });
});

describe('penguins data and class coding', () => {
  it('drops the 2 penguins without measurements and leaves out the other class, counting both', () => {
    const r = runTraining(penguins({ positive: 'Adelie', negative: 'Gentoo' }, { epochs: 1 }));
    expect(r.data).toMatchObject({ source: 'penguins', rows: 274, droppedRows: 2 });
    expect(r.classification!.classes).toEqual({ positive: 'Adelie', negative: 'Gentoo', positiveRows: 151, negativeRows: 123, otherRows: 68, otherClasses: ['Chinstrap'] });
    // Both are counted in the data (above), not raised as problems of the file.
    expect(r.problems.filter((p) => p.path[0] === 'data')).toEqual([]);
  });

  it('without a negative class every other species is 0', () => {
    const r = runTraining(penguins({ positive: 'Chinstrap' }, { epochs: 1 }));
    expect(r.classification!.classes).toMatchObject({ positiveRows: 68, negativeRows: 274, otherRows: 0 });
  });

  it('by sex: the 10 penguins with no sex recorded (2 of them without measurements too) and the one recorded as "." are dropped', () => {
    const r = runTraining(configText({ model: { logistic: { positive: 'MALE' } }, data: { dataset: 'penguins', features: ['Body Mass (g)'], label: 'Sex' }, epochs: 1 }));
    expect(r.data).toMatchObject({ rows: 333, droppedRows: 11 });
  });

  it('names the classes present when the positive class is unknown', () => {
    const { problems } = planRun(penguins({ positive: 'Emperor' }));
    const p = problems.find((q) => q.code === 'unknown-class');
    expect(p).toMatchObject({ path: ['model', 'logistic', 'positive'], severity: 'error' });
    expect(p!.message).toMatch(/"Adelie" \(151\).*"Gentoo" \(123\).*"Chinstrap" \(68\)/);
  });

  it('refuses an unknown negative class and the same class on both sides', () => {
    expect(planRun(penguins({ positive: 'Adelie', negative: 'Emperor' })).problems.find((q) => q.code === 'unknown-class')?.path).toEqual(['model', 'logistic', 'negative']);
    expect(planRun(penguins({ positive: 'Adelie', negative: 'Adelie' })).problems.find((q) => q.code === 'unknown-class')?.message).toMatch(/two different classes/);
  });

  it('refuses a numeric label column for a logistic model, and a category for a linear one', () => {
    const numeric = planRun(configText({ model: { logistic: { positive: '3750' } }, data: { dataset: 'penguins', features: ['Flipper Length (mm)'], label: 'Body Mass (g)' } }));
    expect(numeric.plan).toBeNull();
    expect(numeric.problems.find((p) => p.code === 'label-kind')).toMatchObject({ path: ['data', 'label'] });
    expect(numeric.problems.find((p) => p.code === 'label-kind')!.message).toMatch(/"Species", "Island" and "Sex"|"Species", "Island", "Sex"|Species/);
    const category = planRun(configText({ data: { dataset: 'penguins', features: ['Flipper Length (mm)'], label: 'Species' } }));
    expect(category.problems.find((p) => p.code === 'label-kind')!.message).toMatch(/logistic/);
    const cars = planRun(configText({ model: { logistic: { positive: '18' } } }));
    expect(cars.problems.find((p) => p.code === 'label-kind')).toBeTruthy();
    const synthetic = planRun(configText({ model: { logistic: { positive: '1' } }, data: { synthetic: {} } }));
    expect(synthetic.problems.find((p) => p.code === 'label-kind')).toBeTruthy();
  });

  it('refuses data with one class only', () => {
    const r = parseCsvData('x,label\n1,a\n2,a\n3,a\n', { csv: 'one.csv', features: ['x'], label: 'label', classes: { positive: 'a', negative: null } });
    expect(r.dataset).toBeNull();
    expect(r.problems.map((p) => p.code)).toEqual(['one-class']);
  });

  it('reads a CSV label column as text: quoted, missing and other-class cells', () => {
    const r = parseCsvData('x,label\n1,cat\n2,"dog"\n3,\n4,bird\n5,dog\n', { csv: 'pets.csv', features: ['x'], label: 'label', classes: { positive: 'dog', negative: 'cat' } });
    expect(Array.from(r.dataset!.y)).toEqual([0, 1, 1]);
    expect(Array.from(r.dataset!.x)).toEqual([1, 2, 5]);
    expect(r.dataset!.droppedRows).toBe(1);
    expect(r.dataset!.classes).toMatchObject({ positiveRows: 2, negativeRows: 1, otherRows: 1, otherClasses: ['bird'] });
  });
});

describe('examples/penguins does what its comments say', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'penguins', 'training.json'), 'utf8');
  const edit = (...pairs: [string, string][]) =>
    runTraining(
      pairs.reduce((t, [from, to]) => {
        expect(t).toContain(from);
        return t.replace(from, to);
      }, text),
    );

  it('Adelie against Chinstrap at 2.5: L* ≈ 0.503 from Newton, converged at epoch 7, 76% and 73% right; 2 rows dropped, 123 Gentoos left out', () => {
    const r = runTraining(text);
    expect([r.verdict, r.verdictEpoch, r.optimalLoss!.toFixed(3), r.data!.droppedRows, r.classification!.classes.otherRows]).toEqual(['converged', 7, '0.503', 2, 123]);
    expect([Math.round(r.accuracy!.train * 100), Math.round(r.accuracy!.validation! * 100)]).toEqual([76, 73]);
    // The README: the suggestion (4/λmax) settles at epoch 7, the larger rate 5 (below the local bound) at epoch 3.
    expect(r.suggestedLearningRate).toBe(2.6);
    expect([edit(['"learningRate": 2.5', '"learningRate": 2.6']).verdictEpoch, edit(['"learningRate": 2.5', '"learningRate": 5']).verdictEpoch]).toEqual([7, 3]);
  });

  it('12 is above the local bound ≈ 8.4; Gentoo is slow at 2.5 and settles at 20 by epoch 73; Gentoo by beak depth is separable; Adam at 0.1 converges; batches of 16 oscillate at 2.5 and settle at 0.2 by epoch 9', () => {
    const local = runTraining(text).classification!.localBound!;
    expect(local.toFixed(1)).toBe('8.4');
    expect(edit(['"learningRate": 2.5', '"learningRate": 12']).verdict).not.toBe('converged');
    const gentoo = edit(['"negative": "Chinstrap"', '"negative": "Gentoo"']);
    expect([gentoo.verdict, gentoo.optimalLoss!.toFixed(3)]).toEqual(['too-slow', '0.033']);
    const faster = edit(['"negative": "Chinstrap"', '"negative": "Gentoo"'], ['"learningRate": 2.5', '"learningRate": 20'], ['"epochs": 30', '"epochs": 150']);
    expect([faster.verdict, faster.verdictEpoch]).toEqual(['converged', 73]);
    const separable = edit(['"positive": "Adelie", "negative": "Chinstrap"', '"positive": "Gentoo"'], ['"Flipper Length (mm)", "Body Mass (g)"', '"Beak Depth (mm)", "Flipper Length (mm)"']);
    expect([separable.classification!.optimum, separable.optimalLoss, separable.verdict, separable.verdictEpoch]).toEqual(['separable', null, 'converged', 1]);
    expect(edit(['"batchSize": "full",', '"batchSize": "full", "optimizer": { "adam": {} },'], ['"learningRate": 2.5', '"learningRate": 0.1']).verdict).toBe('converged');
    expect(edit(['"batchSize": "full"', '"batchSize": 16']).verdict).toBe('oscillating');
    const quiet = edit(['"batchSize": "full"', '"batchSize": 16'], ['"learningRate": 2.5', '"learningRate": 0.2']);
    expect([quiet.verdict, quiet.verdictEpoch]).toEqual(['converged', 9]);
  });
});

describe('quasi-complete separation', () => {
  it('two rows tied on the boundary with opposite classes: no separating weights, no finite optimum; the weights grow while the loss falls toward the tied rows’ share', () => {
    // x = −2, −1 are class 0, x = 1, 2 class 1, and x = 0 appears once in each class: z = w·x separates all but the tie.
    const data: Matrix = { x: Float64Array.from([-2, -1, 1, 2, 0, 0]), y: Float64Array.from([0, 0, 1, 1, 0, 1]), rows: 6, d: 1 };
    const a = analyzeLogistic(data);
    expect(a.optimum).toBe('unbounded');
    expect([a.optimalLoss, a.theta, a.separating]).toEqual([null, null, null]);
    // The infimum: the tied rows at z = 0 keep 2·ln 2 of the 6 rows' total.
    const run = descend(data, null, { learningRate: 2, batchSize: 6, epochs: 200, seed: 0, model: LOGISTIC, optimizer: createOptimizer({ kind: 'sgd' }, 2) });
    expect(run.trainLoss[200]!).toBeGreaterThan((2 * Math.LN2) / 6);
    expect(run.trainLoss[200]! - (2 * Math.LN2) / 6).toBeLessThan(0.01);
  });
});

describe('the schema explains the classifier', () => {
  it('the model hover states the logistic model, its loss and gradient, L* and separability, and the sufficient bound; penguins names its columns and dropped rows', () => {
    const model = TRAINING_SCHEMA.properties!.model!;
    const md = model.markdownDescription!;
    for (const phrase of ['σ(z) = 1/(1 + e^(−z))', 'log(1 + e^z) − y·z', '(σ(z) − y)', 'z > 0', 'Newton', '**separable**', '8/λmax(M)', 'sufficient bound, not the exact threshold']) expect(md).toContain(phrase);
    const logistic = model.anyOf![1]!.properties!.logistic!.properties!;
    expect(logistic.positive!.markdownDescription).toContain('coded **1**');
    expect(logistic.negative!.markdownDescription).toContain('left out');
    const penguinsBranch = TRAINING_SCHEMA.properties!.data!.anyOf!.find((b) => b.properties?.dataset?.enum?.includes('penguins'))!;
    expect(penguinsBranch.properties!.features!.items!.enum).toEqual(['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)']);
    expect(penguinsBranch.properties!.dataset!.markdownDescription).toMatch(/2 penguins have none of them.*dropped and counted/s);
  });

  it('the columns the schema offers are the ones in vega-datasets’ penguins rows, numbers and categories as declared', () => {
    const rows = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'node_modules', 'vega-datasets', 'data', 'penguins.json'), 'utf8')) as Record<string, unknown>[];
    expect(Object.keys(rows[0]!).sort()).toEqual([...PENGUINS_COLUMNS].sort());
    for (const c of PENGUINS_FEATURES) expect(rows.every((r) => r[c] === null || typeof r[c] === 'number'), c).toBe(true);
    for (const c of PENGUINS_CATEGORIES) expect(rows.every((r) => r[c] === null || typeof r[c] === 'string'), c).toBe(true);
  });
});
