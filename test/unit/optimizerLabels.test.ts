// How runs that differ in optimizer or schedule are named (runs table, chart overlay), and the
// panel's conditioning line for each basis of the verdict (plain, momentum, observed).
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeConfigChange } from '../../src/chart/previousRuns';
import { EMPTY_RUNS, addRun, runLabels, storedRunFrom } from '../../src/chart/runsStore';
import { runTraining } from '../../src/core/run';
import { panelReport } from '../../src/shared/protocol';
import type { RunReport } from '../../src/shared/report';
import { conditioningLine, verdictEvidence } from '../../webview/state';
import { configText } from './helpers';

const FOUR = { dataset: 'cars', features: ['Horsepower', 'Weight_in_lbs', 'Displacement', 'Acceleration'], label: 'Miles_per_Gallon' };
const train = (o: Record<string, unknown>): RunReport => runTraining(configText({ epochs: 30, batchSize: 'full', learningRate: 0.1, data: FOUR, ...o }));
const stored = (o: Record<string, unknown>) => {
  const run = storedRunFrom(train(o));
  if (!run) throw new Error('the run did not train');
  return run;
};

describe('runs that differ in optimizer or schedule', () => {
  it('are labelled in the runs table by the optimizer or the schedule alone', () => {
    const byOptimizer = [{}, { optimizer: { momentum: 0.9 } }, { optimizer: { adam: {} } }].reduce((s, o) => addRun(s, stored(o)), EMPTY_RUNS);
    expect(runLabels(byOptimizer.runs)).toEqual(['optimizer Adam (β1 0.9, β2 0.999, ε 1e-8)', 'optimizer momentum 0.9', 'optimizer plain gradient descent']);
    const bySchedule = [{}, { learningRateSchedule: { step: { every: 10, factor: 0.5 } } }].reduce((s, o) => addRun(s, stored(o)), EMPTY_RUNS);
    expect(runLabels(bySchedule.runs)).toEqual(['schedule step decay ×0.5 every 10 epochs', 'schedule a constant rate']);
  });

  it('match settings by name, so a run stored before the optimizer was a setting still gets a label', () => {
    const old = { ...stored({ learningRate: 0.05 }), settings: stored({ learningRate: 0.05 }).settings.filter(([k]) => k !== 'optimizer' && k !== 'schedule') };
    const state = addRun(addRun(EMPTY_RUNS, old), stored({ learningRate: 0.2 }));
    expect(runLabels(state.runs)).toEqual(['lr 0.2, optimizer plain gradient descent, schedule a constant rate', 'lr 0.05, optimizer ?, schedule ?']);
  });

  it('are labelled on the chart by what changed from the run before', () => {
    const plain = train({}).config!;
    expect(describeConfigChange(plain, train({ optimizer: { momentum: 0.9, nesterov: true } }).config!)).toBe('optimizer plain gradient descent → Nesterov momentum 0.9');
    expect(describeConfigChange(plain, train({ learningRateSchedule: { exponential: { factor: 0.9 }, warmupEpochs: 3 } }).config!)).toBe('schedule a constant rate → exponential decay ×0.9 per epoch after a 3-epoch warm-up');
    expect(describeConfigChange(plain, train({ learningRate: 0.2, optimizer: { adam: {} } }).config!)).toBe('learningRate 0.1 → 0.2, optimizer plain gradient descent → Adam (β1 0.9, β2 0.999, ε 1e-8)');
    expect(describeConfigChange(plain, train({}).config!)).toBeNull();
  });
});

describe('the panel’s conditioning line', () => {
  const line = (o: Record<string, unknown>) => {
    const report = panelReport(train(o));
    const kappa = report.analysis?.conditionNumber;
    if (kappa == null) throw new Error('no κ');
    expect(verdictEvidence(report).find((e) => e.term === 'Conditioning')?.text).toBe(conditioningLine(report, kappa));
    return { text: conditioningLine(report, kappa), report, kappa };
  };

  it('states plain descent’s meaning of κ for a plain run', () => {
    const { text, report } = line({});
    expect(report.analysis?.basis).toBe('plain');
    expect(text).toMatch(/^κ = λmax\/λmin = [\d.]+: at one rate the flattest direction shrinks about [\d.]+× more slowly than the steepest$/);
  });

  it('adds momentum’s own pace, its spectral radius per epoch, on full batches', () => {
    const { text, report } = line({ optimizer: { momentum: 0.6 } });
    expect(report.analysis?.basis).toBe('momentum');
    expect(report.analysis?.spectralRadius).toBeGreaterThan(0);
    expect(text).toContain('for plain descent at one rate the flattest direction');
    expect(text).toContain(`multiplied by about`);
  });

  it('says for Adam and for a schedule that κ does not set the run’s pace, and why', () => {
    const adam = line({ optimizer: { adam: {} } });
    expect(adam.report.analysis?.basis).toBe('observed');
    expect(adam.text).toContain('for plain descent at one constant rate');
    expect(adam.text).toContain('Adam scales each weight’s step by its own gradient history, so κ does not set this run’s pace');
    const scheduled = line({ learningRateSchedule: { step: { every: 5, factor: 0.5 } } });
    expect(scheduled.report.analysis?.basis).toBe('observed');
    expect(scheduled.text).toContain('the schedule changes the rate from epoch to epoch, so κ does not set this run’s pace');
    const batches = line({ optimizer: { momentum: 0.9 }, batchSize: 32 });
    expect(batches.text).toContain('momentum on batches has no closed form');
  });

  it('states no κ for a logistic run: the log loss’s curvature is not the features’ matrix M', () => {
    const report = panelReport(runTraining(fs.readFileSync('examples/penguins/training.json', 'utf8')));
    expect(report.analysis?.basis).toBe('logistic');
    expect(report.analysis?.conditionNumber).not.toBeNull();
    expect(verdictEvidence(report).map((e) => e.term)).not.toContain('Conditioning');
  });
});
