// Optimizers and learning-rate schedules: hand-computed first steps, an independent plain loop
// (written here, not from src/core) that the general path must match to 1e-12 relative, the
// plain-SGD default untouched, and the momentum stability bounds checked by simulation.
import { describe, expect, it } from 'vitest';
import { descend } from '../../src/core/descent';
import type { Matrix } from '../../src/core/model';
import { LINEAR } from '../../src/core/models';
import { adam, createOptimizer, momentumDescent, plainDescent } from '../../src/core/optimizers';
import { planRun, runTraining, trainPlan } from '../../src/core/run';
import { rateAt, scheduleRates } from '../../src/core/schedule';
import { trainModel } from '../../src/core/train';
import { momentumBound, modeRadius } from '../../src/core/verdict/momentum';
import type { OptimizerConfig, ScheduleConfig } from '../../src/shared/report';
import { configText } from './helpers';

/** Two rows, x = [1, 3], y = [2, 4]: from θ = 0 the errors are −2 and −4, so Σ err·x = −14, Σ err = −6 and g = (2/2)·[−14, −6]. */
const TINY: Matrix = { x: Float64Array.from([1, 3]), y: Float64Array.from([2, 4]), rows: 2, d: 1 };
const CONSTANT: ScheduleConfig = { kind: 'constant', warmupEpochs: 0 };

const firstEpochs = (optimizer: OptimizerConfig, lr: number, epochs: number, schedule: ScheduleConfig = CONSTANT) => {
  const r = descend(TINY, null, { learningRate: lr, batchSize: 2, epochs, seed: 0, model: LINEAR, optimizer: createOptimizer(optimizer, 2), schedule });
  return [r.weights[0] as number, r.bias];
};

const close = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-300;
const expectClose = (actual: number[], expected: number[], rel = 1e-12) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(close(a, expected[i] as number, rel), `${a} vs ${expected[i]} at ${i}`).toBe(true));
};

describe('hand-computed first steps', () => {
  it('plain descent: θ₁ = −lr·g = −0.1·[−14, −6] = [1.4, 0.6]', () => {
    expectClose(firstEpochs({ kind: 'sgd' }, 0.1, 1), [1.4, 0.6]);
  });

  it('momentum 0.9: buf₁ = g, θ₁ = [1.4, 0.6]; then errors [0, 0.8], g₂ = [2.4, 0.8], buf₂ = 0.9·[−14, −6] + g₂ = [−10.2, −4.6], θ₂ = [2.42, 1.06]', () => {
    const momentum: OptimizerConfig = { kind: 'momentum', momentum: 0.9, nesterov: false };
    expectClose(firstEpochs(momentum, 0.1, 1), [1.4, 0.6]);
    expectClose(firstEpochs(momentum, 0.1, 2), [2.42, 1.06]);
  });

  it('Nesterov 0.9: buf₁ = g, step g + 0.9·buf₁ = [−26.6, −11.4], θ₁ = [2.66, 1.14]', () => {
    expectClose(firstEpochs({ kind: 'momentum', momentum: 0.9, nesterov: true }, 0.1, 1), [2.66, 1.14]);
  });

  it('Adam: m₁ = 0.1·g, v₁ = 0.001·g², step size 0.1/(1 − 0.9) = 1, denom = √v₁/√0.001 + ε = |g| + ε, θ₁ = m₁/denom·(−1) = [1.4/(14 + 10⁻⁸), 0.6/(6 + 10⁻⁸)]', () => {
    expectClose(firstEpochs({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 0.1, 1), [1.4 / (14 + 1e-8), 0.6 / (6 + 1e-8)]);
  });

  it('Adam, second step: g₂ from θ₁ ≈ [0.1, 0.1] (errors −1.8, −3.6: g₂ = [−12.6, −5.4]), moments and bias corrections for t = 2', () => {
    const t1 = [1.4 / (14 + 1e-8), 0.6 / (6 + 1e-8)];
    const errs = [t1[0]! * 1 + t1[1]! - 2, t1[0]! * 3 + t1[1]! - 4];
    const g1 = [-14, -6];
    const g2 = [errs[0]! * 1 + errs[1]! * 3, errs[0]! + errs[1]!];
    const expected = t1.map((theta, j) => {
      const m = (0.1 * g1[j]!) * 0.9 + g2[j]! * 0.1;
      const v = (0.001 * g1[j]! * g1[j]!) * 0.999 + 0.001 * g2[j]! * g2[j]!;
      const stepSize = 0.1 / (1 - 0.9 ** 2);
      return theta - (stepSize * m) / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 2) + 1e-8);
    });
    expectClose(firstEpochs({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 0.1, 2), expected);
  });

  it('a warm-up of 5 epochs trains epoch 1 at 0.1·1/5 = 0.02: θ₁ = −0.02·[−14, −6] = [0.28, 0.12]', () => {
    expectClose(firstEpochs({ kind: 'sgd' }, 0.1, 1, { kind: 'constant', warmupEpochs: 5 }), [0.28, 0.12]);
  });

  it('rateAt: step decay halves every 10 epochs, exponential multiplies each epoch, a warm-up ramps up by e/n', () => {
    const step: ScheduleConfig = { kind: 'step', every: 10, factor: 0.5, warmupEpochs: 0 };
    expect([1, 10, 11, 20, 21].map((e) => rateAt(step, 0.1, e))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    const exponential: ScheduleConfig = { kind: 'exponential', factor: 0.95, warmupEpochs: 0 };
    expectClose([1, 2, 3].map((e) => rateAt(exponential, 0.1, e)), [0.1, 0.095, 0.1 * 0.9025]);
    const warm: ScheduleConfig = { kind: 'constant', warmupEpochs: 5 };
    expectClose([1, 2, 5, 6, 100].map((e) => rateAt(warm, 0.1, e)), [0.02, 0.04, 0.1, 0.1, 0.1]);
    // Step every 2 by 0.5 after a 3-epoch warm-up: 0.1·1·(1/3), 0.1·1·(2/3), 0.1·0.5·1, 0.1·0.5, 0.1·0.25.
    const both: ScheduleConfig = { kind: 'step', every: 2, factor: 0.5, warmupEpochs: 3 };
    expectClose([1, 2, 3, 4, 5].map((e) => rateAt(both, 0.1, e)), [0.1 / 3, 0.2 / 3, 0.05, 0.05, 0.025]);
    expect(scheduleRates(both, 0.1, 2)).toEqual([null, rateAt(both, 0.1, 1), rateAt(both, 0.1, 2)]);
  });

  it('an optimizer carries its state: a fresh one starts over', () => {
    const a = momentumDescent(0.9, false, 1);
    const p = new Float64Array(1);
    a.update(p, Float64Array.from([1]), 1, 1, 1);
    a.update(p, Float64Array.from([1]), 1, 1, 1);
    // Steps 1 (buf = 1), then 1.9 (buf = 0.9 + 1).
    expect(p[0]).toBeCloseTo(-2.9, 15);
    const b = adam(0.9, 0.999, 1e-8, 1);
    const q = new Float64Array(1);
    b.update(q, Float64Array.from([3]), 1, 1, 0.5);
    // The first Adam step moves by lr·g/(|g| + ε) ≈ lr.
    expect(q[0]).toBeCloseTo(-0.5 * (3 / (3 + 1e-8)), 15);
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

/** Mini-batch training written the way a PyTorch script reads: the mean-loss gradient, then the optimizer's rule, at the epoch's rate. */
function plainLoop(m: Matrix, lr: number, batchSize: number, epochs: number, seed: number, optimizer: OptimizerConfig, schedule: ScheduleConfig): { theta: number[]; losses: number[] } {
  const { rows, d } = m;
  const row = (i: number) => Array.from({ length: d }, (_, j) => m.x[i * d + j]!);
  const predict = (theta: number[], i: number) => row(i).reduce((z, v, j) => z + theta[j]! * v, theta[d]!);
  const loss = (theta: number[]) => Array.from({ length: rows }, (_, i) => (predict(theta, i) - m.y[i]!) ** 2).reduce((a, b) => a + b, 0) / rows;
  const theta = new Array<number>(d + 1).fill(0);
  const buf = new Array<number>(d + 1).fill(0);
  const mom1 = new Array<number>(d + 1).fill(0);
  const mom2 = new Array<number>(d + 1).fill(0);
  let step = 0;
  const order = Array.from({ length: rows }, (_, i) => i);
  const draw = mulberry32(seed);
  const batch = Math.min(batchSize, rows);
  const losses = [loss(theta)];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (batch < rows) {
      for (let i = rows - 1; i > 0; i--) {
        const j = Math.floor((draw() * (i + 1)) / 4294967296);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    }
    const decay = schedule.kind === 'step' ? schedule.factor ** Math.floor((epoch - 1) / schedule.every) : schedule.kind === 'exponential' ? schedule.factor ** (epoch - 1) : 1;
    const rate = lr * decay * (schedule.warmupEpochs > 0 ? Math.min(1, epoch / schedule.warmupEpochs) : 1);
    for (let start = 0; start < rows; start += batch) {
      const members = order.slice(start, start + batch);
      const g = new Array<number>(d + 1).fill(0);
      for (const i of members) {
        const err = predict(theta, i) - m.y[i]!;
        row(i).forEach((v, j) => (g[j]! += (2 * err * v) / members.length));
        g[d]! += (2 * err) / members.length;
      }
      step++;
      for (let j = 0; j <= d; j++) {
        if (optimizer.kind === 'sgd') theta[j]! -= rate * g[j]!;
        else if (optimizer.kind === 'momentum') {
          buf[j] = step === 1 ? g[j]! : optimizer.momentum * buf[j]! + g[j]!;
          theta[j]! -= rate * (optimizer.nesterov ? g[j]! + optimizer.momentum * buf[j]! : buf[j]!);
        } else {
          const { beta1, beta2, epsilon } = optimizer;
          mom1[j] = beta1 * mom1[j]! + (1 - beta1) * g[j]!;
          mom2[j] = beta2 * mom2[j]! + (1 - beta2) * g[j]! * g[j]!;
          const mHat = mom1[j]! / (1 - beta1 ** step);
          const vHat = mom2[j]! / (1 - beta2 ** step);
          // The textbook form; torch's (lr/(1 − β1^t))·m/(√v/√(1 − β2^t) + ε) is the same number up to rounding.
          theta[j]! -= (rate * mHat) / (Math.sqrt(vHat) + epsilon);
        }
      }
    }
    losses.push(loss(theta));
  }
  return { theta, losses };
}

/** Deterministic rows from an LCG of the test's own: x uniform in [−1, 1], y = x·[1.5, −2, 0.5] + 3 + noise. */
function rows(n: number, d: number, seed: number): Matrix {
  let s = seed;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const w = [1.5, -2, 0.5];
  for (let i = 0; i < n; i++) {
    let z = 3 + (u() - 0.5);
    for (let j = 0; j < d; j++) {
      const v = 2 * u() - 1;
      x[i * d + j] = v;
      z += w[j % 3]! * v;
    }
    y[i] = z;
  }
  return { x, y, rows: n, d };
}

const OPTIMIZERS: [string, OptimizerConfig, number][] = [
  ['sgd', { kind: 'sgd' }, 0.1],
  ['momentum 0.9', { kind: 'momentum', momentum: 0.9, nesterov: false }, 0.02],
  ['Nesterov 0.8', { kind: 'momentum', momentum: 0.8, nesterov: true }, 0.02],
  ['Adam', { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 0.3],
  ['Adam (0.8, 0.99, 1e-6)', { kind: 'adam', beta1: 0.8, beta2: 0.99, epsilon: 1e-6 }, 0.3],
];
const SCHEDULES: [string, ScheduleConfig][] = [
  ['constant', CONSTANT],
  ['step every 3 ×0.5 after a 2-epoch warm-up', { kind: 'step', every: 3, factor: 0.5, warmupEpochs: 2 }],
  ['exponential ×0.9', { kind: 'exponential', factor: 0.9, warmupEpochs: 0 }],
  ['a 4-epoch warm-up', { kind: 'constant', warmupEpochs: 4 }],
];
const BATCHES: [string, number][] = [
  ['full batch', 40],
  ['mini-batches of 7 (a 5-row tail)', 7],
  ['SGD', 1],
];

describe('the general path agrees with an independent plain loop to 1e-12 relative', () => {
  const m = rows(40, 3, 7);
  const cases = OPTIMIZERS.flatMap(([oName, o, lr]) => SCHEDULES.flatMap(([sName, s]) => BATCHES.map(([bName, b]) => [`${oName}, ${sName}, ${bName}`, o, lr, s, b] as const)));
  it.each(cases)('%s', (_name, optimizer, lr, schedule, batch) => {
    const epochs = 9;
    const core = descend(m, null, { learningRate: lr, batchSize: batch, epochs, seed: 3, model: LINEAR, optimizer: createOptimizer(optimizer, 4), schedule });
    const loop = plainLoop(m, lr, batch, epochs, 3, optimizer, schedule);
    expectClose([...core.weights, core.bias], loop.theta);
    expectClose(core.trainLoss, loop.losses);
    // The run moved: agreement at the start alone would prove nothing.
    expect(loop.losses[epochs]!).toBeLessThan(loop.losses[0]! / 2);
  });

  it('and so does a training.json run through the general path (momentum with a schedule on the prepared rows)', () => {
    const text = configText({ learningRate: 0.05, epochs: 12, batchSize: 50, optimizer: { momentum: 0.8, nesterov: true }, learningRateSchedule: { exponential: { factor: 0.9 }, warmupEpochs: 2 } });
    const { plan } = planRun(text);
    const report = runTraining(text);
    const loop = plainLoop(plan!.prepared.train, 0.05, 50, 12, 0, { kind: 'momentum', momentum: 0.8, nesterov: true }, { kind: 'exponential', factor: 0.9, warmupEpochs: 2 });
    expectClose(report.history!.trainLoss as number[], loop.losses);
    expect(report.config!.optimizer).toEqual({ kind: 'momentum', momentum: 0.8, nesterov: true });
    expect(report.config!.learningRateSchedule).toEqual({ kind: 'exponential', factor: 0.9, warmupEpochs: 2 });
    expect(report.history!.learningRates).toEqual(scheduleRates({ kind: 'exponential', factor: 0.9, warmupEpochs: 2 }, 0.05, 12));
  });
});

describe('plain SGD at a constant rate stays the default and the fast path', () => {
  it('"sgd" and "constant" written out change nothing: the same report, bit for bit, and no per-epoch rates', () => {
    for (const base of [{ learningRate: 0.3 }, { learningRate: 0.01, batchSize: 16, epochs: 7, seed: 4 }]) {
      const implicit = runTraining(configText(base));
      const explicit = runTraining(configText({ ...base, optimizer: 'sgd', learningRateSchedule: 'constant' }));
      expect(explicit.history).toEqual(implicit.history);
      expect(explicit.weights).toEqual(implicit.weights);
      expect(explicit.reason).toBe(implicit.reason);
      expect(implicit.config!.optimizer).toEqual({ kind: 'sgd' });
      expect(implicit.history!.learningRates).toBeNull();
      expect(implicit.analysis!.basis).toBe('plain');
    }
  });

  it('trains through trainModel: the same bits as the fast kernels', () => {
    const { plan } = planRun(configText({ learningRate: 0.2, batchSize: 9, epochs: 5, seed: 2 }));
    const viaPlan = trainPlan(plan!);
    const fast = trainModel(plan!.prepared.train, null, { learningRate: 0.2, batchSize: 9, epochs: 5, seed: 2 });
    expect(Array.from(viaPlan.trainLoss)).toEqual(Array.from(fast.trainLoss));
    expect(Array.from(viaPlan.weights)).toEqual(Array.from(fast.weights));
  });

  it('the general path with plainDescent and no schedule is the fast path bit for bit (with a constant schedule object too)', () => {
    const m = rows(30, 2, 11);
    const fast = trainModel(m, null, { learningRate: 0.1, batchSize: 4, epochs: 6, seed: 1 });
    const general = descend(m, null, { learningRate: 0.1, batchSize: 4, epochs: 6, seed: 1, model: LINEAR, optimizer: plainDescent(), schedule: CONSTANT });
    expect(Array.from(general.trainLoss)).toEqual(Array.from(fast.trainLoss));
  });
});

describe('momentum stability bounds, checked by simulation', () => {
  /** |e| after `steps` updates of the real optimizer on a loss with gradient h·e (one direction), from e = 1. */
  const simulate = (mu: number, nesterov: boolean, lr: number, h: number, steps: number): number => {
    const opt = momentumDescent(mu, nesterov, 1);
    const e = Float64Array.from([1]);
    for (let k = 0; k < steps && Math.abs(e[0]!) < 1e100; k++) opt.update(e, Float64Array.from([h * e[0]!]), 1, 1, lr);
    return Math.abs(e[0]!);
  };
  const cases: [number, boolean, number][] = [];
  for (const mu of [0, 0.3, 0.5, 0.9, 0.95]) for (const nesterov of [false, true]) for (const lambda of [0.25, 1, 7]) cases.push([mu, nesterov, lambda]);
  it.each(cases)('μ = %s, Nesterov %s, λ = %s: stable just below lr·2λ = 2(1 + μ) (Nesterov 2(1 + μ)/(1 + 2μ)), unstable just above', (mu, nesterov, lambda) => {
    const bound = momentumBound(lambda, mu, nesterov);
    const h = 2 * lambda;
    expect(bound * h).toBeCloseTo(nesterov ? (2 * (1 + mu)) / (1 + 2 * mu) : 2 * (1 + mu), 12);
    expect(simulate(mu, nesterov, bound * 0.97, h, 20_000)).toBeLessThan(1e-6);
    expect(simulate(mu, nesterov, bound * 1.03, h, 20_000)).toBeGreaterThan(1e6);
    // The spectral radius the verdict reads crosses 1 at the bound.
    expect(modeRadius(bound * 0.97 * h, mu, nesterov)).toBeLessThan(1);
    expect(modeRadius(bound * 1.03 * h, mu, nesterov)).toBeGreaterThan(1);
  });

  it('the spectral radius is the rate the simulated error shrinks at', () => {
    for (const [mu, nesterov, a] of [[0.9, false, 0.3], [0.5, true, 0.8], [0.2, false, 1.5]] as const) {
      const rho = modeRadius(a, mu, nesterov);
      const late = simulate(mu, nesterov, a / 2, 2, 400) / simulate(mu, nesterov, a / 2, 2, 300);
      expect(Math.abs(Math.log(late) / 100 - Math.log(rho))).toBeLessThan(0.02);
    }
  });
});

describe('the editor explains each rule on hover', () => {
  it('states the update rules and the bounds in the schema\'s markdown', async () => {
    const { TRAINING_SCHEMA } = await import('../../src/core/schema');
    const optimizer = TRAINING_SCHEMA.properties!.optimizer!.markdownDescription!;
    for (const rule of ['θ ← θ − lr·g', 'buf ← μ·buf + g', 'θ ← θ − lr·(g + μ·buf)', 'm ← β1·m + (1 − β1)·g', 'v ← β2·v + (1 − β2)·g²', '(lr/(1 − β1^t))·m/(√v/√(1 − β2^t) + ε)']) expect(optimizer).toContain(rule);
    const objectForm = TRAINING_SCHEMA.properties!.optimizer!.anyOf![1]!.properties!;
    expect(objectForm.momentum!.markdownDescription).toContain('(1 + μ)/((1 + 2μ)·λmax)');
    expect(objectForm.adam!.markdownDescription).toContain('No closed-form stable bound applies');
    const schedule = TRAINING_SCHEMA.properties!.learningRateSchedule!.markdownDescription!;
    for (const rule of ['lr × factor^⌊(e − 1)/every⌋', 'lr × factor^(e − 1)', '× min(1, e/n)']) expect(schedule).toContain(rule);
  });
});
