// The optimizer comparison: each optimizer's rate and the rule that chose it, checked against whole
// runs of the same config (runTraining), Adam's sweep against its rates trained one by one, the
// worker's jobs against the one-thread comparison, and the chart's labels and notes.
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADAM_RATES, DEFAULT_MOMENTUM, OPTIMIZER_RUNS, adamRate, compareOptimizers, comparedOptimizerRun, optimizerPlan } from '../../src/core/lab';
import { analyzeRows } from '../../src/core/curvature';
import { planRun, runTraining } from '../../src/core/run';
import { comparisonData } from '../../src/labChart';
import { comparisonRuns } from '../../src/labRunner';
import { answerLab } from '../../src/labWorker';
import { ADAM_SWEEP_SIZE, comparedRoleLabel, optimizerRoleDetail } from '../../src/shared/labWording';
import { parseLabMessage } from '../../src/shared/labProtocol';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { configText } from './helpers';

const FOUR = { dataset: 'cars', features: ['Horsepower', 'Weight_in_lbs', 'Displacement', 'Acceleration'], label: 'Miles_per_Gallon' };
const text = (o: Record<string, unknown> = {}) => configText({ epochs: 100, batchSize: 'full', normalize: 'zscore', validationSplit: 0, seed: 0, learningRate: 0.1, data: FOUR, ...o });
const planned = (t: string) => {
  const { plan, problems } = planRun(t);
  if (!plan) throw new Error(JSON.stringify(problems));
  return { plan, problems, curvature: analyzeRows(plan.prepared.train, plan.config.model.kind) };
};

describe('the optimizer comparison’s rates', () => {
  it('gives plain descent and momentum (full batch) the rates their own verdicts suggest for this file', () => {
    const { plan, curvature } = planned(text());
    const [sgd, momentum, adam] = optimizerPlan(plan, curvature);
    const plainSuggestion = runTraining(text()).suggestedLearningRate;
    const momentumSuggestion = runTraining(text({ optimizer: { momentum: DEFAULT_MOMENTUM } })).suggestedLearningRate;
    expect(plainSuggestion).not.toBeNull();
    expect(momentumSuggestion).not.toBeNull();
    expect(sgd).toEqual({ optimizer: { kind: 'sgd' }, rate: { role: 'sgd-suggested', learningRate: plainSuggestion } });
    expect(momentum).toEqual({ optimizer: { kind: 'momentum', momentum: 0.9, nesterov: false }, rate: { role: 'momentum-suggested', learningRate: momentumSuggestion } });
    expect(adam?.optimizer).toEqual({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(adam?.rate).toBeNull();
  });

  it('keeps the file’s own momentum and Adam settings, and ignores its schedule (the suggestions are for a constant rate)', () => {
    const scheduled = { learningRateSchedule: { exponential: { factor: 0.9 } } };
    const { plan, curvature } = planned(text({ optimizer: { momentum: 0.6, nesterov: true }, ...scheduled }));
    const momentum = optimizerPlan(plan, curvature)[1];
    expect(momentum?.optimizer).toEqual({ kind: 'momentum', momentum: 0.6, nesterov: true });
    expect(momentum?.rate?.learningRate).toBe(runTraining(text({ optimizer: { momentum: 0.6, nesterov: true } })).suggestedLearningRate);
    const withAdam = planned(text({ optimizer: { adam: { beta1: 0.8 } } }));
    expect(optimizerPlan(withAdam.plan, withAdam.curvature)[2]?.optimizer).toEqual({ kind: 'adam', beta1: 0.8, beta2: 0.999, epsilon: 1e-8 });
    // Plain descent's run is the constant-rate run of the same file at the suggestion, loss for loss.
    const { plan: p2, problems, curvature: c2 } = planned(text(scheduled));
    const run = comparedOptimizerRun(0, p2, problems, text(scheduled), c2);
    const alone = runTraining(text({ learningRate: run?.learningRate }));
    expect(run?.report.history?.learningRates).toBeNull();
    expect(run?.report.history?.trainLoss).toEqual(alone.history?.trainLoss);
  });

  it('on batches (no closed form for momentum) gives momentum plain descent’s rate × (1 − μ)', () => {
    const t = text({ batchSize: 32, epochs: 30 });
    const { plan, curvature } = planned(t);
    const [sgd, momentum] = optimizerPlan(plan, curvature);
    expect(sgd?.rate?.learningRate).toBe(runTraining(t).suggestedLearningRate);
    expect(momentum?.rate?.role).toBe('momentum-scaled');
    expect(momentum?.rate?.learningRate).toBeCloseTo(sgd!.rate!.learningRate * (1 - DEFAULT_MOMENTUM), 15);
    expect(comparedRoleLabel('momentum-scaled')).toContain('× (1 − μ)');
    expect(optimizerRoleDetail('momentum-scaled')).toContain('no closed form for momentum here');
  });

  it('on the log loss (the penguins example) gives momentum plain descent’s rate × (1 − μ) too, and plain descent the logistic verdict’s suggestion', () => {
    const t = fs.readFileSync('examples/penguins/training.json', 'utf8');
    const { plan, curvature } = planned(t);
    const [sgd, momentum] = optimizerPlan(plan, curvature);
    expect(sgd?.rate).toEqual({ role: 'sgd-suggested', learningRate: runTraining(t).suggestedLearningRate });
    expect(momentum?.rate?.role).toBe('momentum-scaled');
    expect(momentum?.rate?.learningRate).toBeCloseTo(sgd!.rate!.learningRate * (1 - DEFAULT_MOMENTUM), 15);
  });

  it('gives Adam the swept rate that converged in the fewest epochs, as each rate trained alone shows', () => {
    const t = text({ optimizer: { adam: {} } });
    const { plan, curvature } = planned(t);
    const chosen = adamRate(plan, curvature, plan.config.optimizer);
    const alone = ADAM_RATES.map((learningRate) => ({ learningRate, report: runTraining(text({ optimizer: { adam: {} }, learningRate })) }));
    expect(chosen.tried.map((r) => [r.learningRate, r.verdict, r.verdictEpoch])).toEqual(alone.map((a) => [a.learningRate, a.report.verdict, a.report.verdictEpoch]));
    const converged = alone.filter((a) => a.report.verdict === 'converged');
    expect(converged.length).toBeGreaterThan(0);
    const fewest = Math.min(...converged.map((a) => a.report.verdictEpoch!));
    expect(chosen).toMatchObject({ role: 'adam-swept', learningRate: converged.find((a) => a.report.verdictEpoch === fewest)!.learningRate });
    expect(ADAM_SWEEP_SIZE).toBe(ADAM_RATES.length);
  });

  it('gives Adam the smallest rate, and says so, when every swept rate diverges', () => {
    const { plan, curvature } = planned(text({ epochs: 5 }));
    const chosen = adamRate(plan, curvature, { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, [1e6, 1e7]);
    expect(chosen.tried.every((t) => t.verdict === 'diverged')).toBe(true);
    expect(chosen).toMatchObject({ role: 'adam-smallest', learningRate: 1e6 });
  });
});

describe('the optimizer comparison in the lab', () => {
  it('trains run i in a worker exactly as compareOptimizers does, and none past the three', () => {
    const t = text();
    const { plan, problems, curvature } = planned(t);
    const whole = compareOptimizers(plan, problems, t, curvature);
    expect(whole.runs.map((r) => r.report.config?.optimizer.kind)).toEqual(['sgd', 'momentum', 'adam']);
    expect(comparisonRuns('optimizers', t)).toBe(OPTIMIZER_RUNS);
    for (const [i, expected] of whole.runs.entries()) {
      const a = answerLab(t, { kind: 'optimizer', index: i }, {}, () => undefined);
      if (a.kind !== 'run') throw new Error(a.kind);
      expect([a.run?.role, a.run?.learningRate, a.run?.report.verdict, a.run?.report.finalLoss, a.count]).toEqual([expected.role, expected.learningRate, expected.report.verdict, expected.report.finalLoss, 3]);
    }
    expect(answerLab(t, { kind: 'optimizer', index: 3 }, {}, () => undefined)).toEqual({ kind: 'run', run: null, count: 3 });
  });

  it('labels each curve with its optimizer, its rate and how it was chosen, and its verdict with the epoch it converged', () => {
    const t = text();
    const { plan, problems, curvature } = planned(t);
    const comparison = compareOptimizers(plan, problems, t, curvature);
    const data = comparisonData('optimizers', comparison, 'training.json');
    const [sgd, momentum, adam] = comparison.runs;
    expect(data.runs.map((r) => r.optimizer)).toEqual(['plain descent', 'momentum 0.9', 'Adam']);
    expect(data.runs[0]?.label).toBe(`plain descent · lr ${sgd!.learningRate} (suggested): converged at epoch ${sgd!.report.verdictEpoch}`);
    expect(data.runs[1]?.label).toContain(`momentum 0.9 · lr ${momentum!.learningRate} (its suggestion): `);
    expect(data.runs[2]?.label).toMatch(new RegExp(`^Adam · lr ${adam!.learningRate} \\(best of 9 tried\\): `));
    for (const r of data.runs) expect(data.curves.some((p) => p.run === r.label)).toBe(true);
    // The notes say how each rate was chosen, Adam's with every rate it tried.
    expect(data.notes.some((n) => n.startsWith('Momentum: its own suggestion'))).toBe(true);
    expect(data.notes.find((n) => n.startsWith('Adam’s rate was chosen from 9 rates'))).toContain('0.001 too slow');
    expect(data.summary).toContain('plain descent, momentum and Adam, each at its own rate');
  });

  it('is a lab the pages may ask for', () => {
    expect(parseLabMessage({ type: 'run', kind: 'optimizers' })).toEqual({ type: 'run', kind: 'optimizers' });
    expect(parseWebviewMessage({ type: 'openLab', lab: 'optimizers' })).toEqual({ type: 'openLab', lab: 'optimizers' });
  });
});
