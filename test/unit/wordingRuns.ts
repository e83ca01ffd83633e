// Real runs whose verdicts, causes and bases between them cover the wording table (src/shared/wording.ts):
// the cars data on full batches, batches with a short last batch and single examples, raw and
// z-scored; momentum, Nesterov and Adam with and without schedules; logistic regression on
// penguins pairs whose log loss has a finite minimum, none (separable), or one Newton's method
// cannot settle. Each entry is the config a user would write; the texts are what the surfaces show.
import { analyzeRows } from '../../src/core/curvature';
import { compareOptimizers, sweepLearningRates } from '../../src/core/lab';
import { planRun, runTraining } from '../../src/core/run';
import type { ComparedRole } from '../../src/shared/lab';
import { comparedRoleLabel, comparedRunLabel, comparisonHeading, optimizerName, optimizerRoleDetail, optimizerRunLabel, optimizersNote, sweepExplanation, sweepSummary, triedRatesLine } from '../../src/shared/labWording';
import { type RunWordingFacts, batchPhrase, fixTitle, optimizerPhrase, schedulePhrase, verdictHeadline, verdictProblemMessage, verdictReason, verdictSummary } from '../../src/shared/wording';
import type { Judgment, LogisticJudgment, RunReport } from '../../src/shared/report';
import { configText } from './helpers';

/** A run of the catalogue: its name (for a failing test's message) and the training.json it trains. */
export interface CatalogueRun {
  name: string;
  config: Record<string, unknown>;
}

const CARS = { dataset: 'cars', features: ['Weight_in_lbs'], label: 'Miles_per_Gallon' };
const FOUR = { dataset: 'cars', features: ['Horsepower', 'Weight_in_lbs', 'Displacement', 'Acceleration'], label: 'Miles_per_Gallon' };
const PENGUINS = (positive: string, negative: string | undefined, features: string[]) => ({
  model: { logistic: negative ? { positive, negative } : { positive } },
  data: { dataset: 'penguins', features, label: 'Species' },
});

/** Every run of the catalogue. */
export function catalogue(): CatalogueRun[] {
  const runs: CatalogueRun[] = [];
  const add = (name: string, config: Record<string, unknown>) => runs.push({ name, config });
  // Plain descent at a constant rate: the closed form, full batch and batches (318 training rows: 32 leaves a last batch of 30).
  for (const normalize of ['zscore', 'none']) {
    for (const batchSize of ['full', 32, 1]) {
      for (const learningRate of normalize === 'zscore' ? [1e-4, 0.01, 0.05, 0.3, 0.49, 0.9, 0.98, 1, 1.5, 1000] : [1e-9, 1e-8, 1e-7, 1e-6, 1e-3]) {
        for (const epochs of [3, 50]) {
          add(`cars ${normalize} batch ${batchSize} lr ${learningRate} epochs ${epochs}`, { data: CARS, normalize, batchSize, learningRate, epochs, seed: 0 });
        }
      }
    }
  }
  for (const normalize of ['zscore', 'none']) {
    for (const learningRate of normalize === 'zscore' ? [0.01, 0.1, 0.2, 0.26, 0.3] : [1e-7, 1e-6, 1e-5]) {
      add(`four features ${normalize} lr ${learningRate}`, { data: FOUR, normalize, batchSize: 'full', learningRate, epochs: 100, validationSplit: 0, seed: 0 });
    }
  }
  // Momentum and Nesterov: on full batches the closed form of their recurrence, on batches the losses alone.
  for (const optimizer of [{ momentum: 0.9 }, { momentum: 0.6, nesterov: true }]) {
    for (const learningRate of [0.001, 0.05, 0.19, 0.3, 0.5, 1.2]) {
      for (const epochs of [5, 60]) add(`cars ${JSON.stringify(optimizer)} lr ${learningRate} epochs ${epochs}`, { data: CARS, normalize: 'zscore', batchSize: 'full', optimizer, learningRate, epochs, seed: 0 });
    }
    add(`cars ${JSON.stringify(optimizer)} batches`, { data: CARS, normalize: 'zscore', batchSize: 32, optimizer, learningRate: 0.05, epochs: 30, seed: 0 });
    add(`cars ${JSON.stringify(optimizer)} batches, large`, { data: CARS, normalize: 'zscore', batchSize: 32, optimizer, learningRate: 0.5, epochs: 30, seed: 0 });
  }
  // Adam and schedules: no closed form, the losses against L*.
  const schedules = [undefined, { step: { every: 10, factor: 0.5 } }, { step: { every: 1, factor: 0.9 } }, { exponential: { factor: 0.95 } }, { warmupEpochs: 5 }, { warmupEpochs: 1, exponential: { factor: 0.9 } }, { warmupEpochs: 3, step: { every: 10, factor: 0.5 } }];
  for (const schedule of schedules) {
    for (const optimizer of ['sgd', { adam: {} }, { momentum: 0.9 }]) {
      if (schedule === undefined && optimizer === 'sgd') continue;
      for (const learningRate of [0.001, 0.1, 0.5, 3, 50]) {
        add(`cars ${JSON.stringify(optimizer)} ${JSON.stringify(schedule)} lr ${learningRate}`, { data: CARS, normalize: 'zscore', batchSize: 'full', optimizer, learningRate, epochs: 40, seed: 0, ...(schedule ? { learningRateSchedule: schedule } : {}) });
      }
    }
  }
  add('adam on batches', { data: CARS, normalize: 'zscore', batchSize: 8, optimizer: { adam: { beta1: 0.8, beta2: 0.99, epsilon: 1e-6 } }, learningRate: 0.05, epochs: 20, seed: 0 });
  add('adam on raw cars', { data: CARS, normalize: 'none', batchSize: 'full', optimizer: { adam: {} }, learningRate: 0.5, epochs: 200, seed: 0 });
  // Logistic regression: a finite minimum (Adelie against Chinstrap), separable pairs, none settled.
  const pairs: Array<[string, string | undefined, string[]]> = [
    ['Adelie', 'Chinstrap', ['Flipper Length (mm)', 'Body Mass (g)']],
    ['Gentoo', undefined, ['Beak Depth (mm)', 'Flipper Length (mm)']],
    ['Adelie', 'Gentoo', ['Flipper Length (mm)', 'Body Mass (g)']],
    ['Chinstrap', undefined, ['Beak Length (mm)']],
  ];
  for (const [positive, negative, features] of pairs) {
    for (const learningRate of [0.01, 0.5, 2.5, 8, 12, 40, 400]) {
      for (const epochs of [5, 60, 400]) add(`penguins ${positive}/${negative ?? 'rest'} lr ${learningRate} epochs ${epochs}`, { ...PENGUINS(positive, negative, features), normalize: 'zscore', learningRate, epochs, seed: 0 });
    }
    add(`penguins ${positive}/${negative ?? 'rest'} adam`, { ...PENGUINS(positive, negative, features), normalize: 'zscore', optimizer: { adam: {} }, learningRate: 0.1, epochs: 60, seed: 0 });
    add(`penguins ${positive}/${negative ?? 'rest'} batches`, { ...PENGUINS(positive, negative, features), normalize: 'zscore', batchSize: 16, learningRate: 0.2, epochs: 30, seed: 0 });
    add(`penguins ${positive}/${negative ?? 'rest'} momentum, decay`, { ...PENGUINS(positive, negative, features), normalize: 'zscore', optimizer: { momentum: 0.5 }, learningRateSchedule: { step: { every: 5, factor: 0.5 } }, learningRate: 0.5, epochs: 30, seed: 0 });
    add(`penguins ${positive}/${negative ?? 'rest'} raw`, { ...PENGUINS(positive, negative, features), normalize: 'none', learningRate: 1e-6, epochs: 60, seed: 0 });
  }
  return runs;
}

/** What a user reads of a run: the panel's heading, the one-line summary, the reason, the Problems entry, the quick fix and the suggestion's derivation. */
export interface RunTexts {
  headline: string | null;
  summary: string;
  reason: string | null;
  problem: string | null;
  fix: string | null;
  suggestion: string | null;
}

/** Trains a catalogue run and collects what it says. */
export function trainCatalogueRun(run: CatalogueRun): RunReport {
  return runTraining(configText(run.config));
}

/** The texts of a trained run, in the display language in force. */
export function runTexts(r: RunReport): RunTexts {
  const verdictProblem = r.problems.find((p) => ['diverged', 'oscillating', 'too-slow'].includes(p.code));
  return {
    headline: r.verdict ? verdictHeadline(r.verdict, r.analysis?.cause ?? null) : null,
    summary: verdictSummary(r.verdict, r.verdictEpoch),
    reason: r.reason,
    problem: verdictProblem?.message ?? null,
    fix: verdictProblem?.fix?.title ?? null,
    suggestion: r.suggestion,
  };
}

/** Quick-fix titles of every kind, beside the ones runs raise. */
export function fixTitles(): string[] {
  return [fixTitle('learningRate', 0.49, 'suggested'), fixTitle('epochs', 12345, 'needed'), fixTitle('normalize', 'zscore', 'scales')];
}

/**
 * Every sentence and label of the lab (src/shared/labWording.ts), from real sweeps (full batch,
 * batches with a last batch of 30, no stable bound) and a real optimizer comparison (Adam's sweep).
 */
export function labTexts(): string[] {
  const texts: string[] = [];
  const roles: ComparedRole[] = ['too-low', 'suggested', 'too-high', 'listed', 'current', 'full-batch', 'mini-batch', 'sgd', 'sgd-suggested', 'sgd-current', 'momentum-suggested', 'momentum-scaled', 'adam-swept', 'adam-smallest'];
  for (const role of roles) {
    texts.push(comparedRoleLabel(role), optimizerRoleDetail(role));
    texts.push(comparedRunLabel('rates', { role, learningRate: 0.49, batchSize: 32 }, verdictSummary('converged', 12)), comparedRunLabel('batches', { role, batchSize: 1, learningRate: 0.1 }, verdictSummary('diverged', 1)));
  }
  texts.push(...optimizersNote(roles));
  for (const optimizer of [{ kind: 'sgd' }, { kind: 'momentum', momentum: 0.9, nesterov: false }, { kind: 'momentum', momentum: 0.6, nesterov: true }, { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }] as const) {
    texts.push(optimizerName(optimizer), optimizerRunLabel({ role: 'adam-swept', learningRate: 0.03162, optimizer }, verdictSummary('too-slow', null)));
  }
  for (const kind of ['rates', 'batches', 'optimizers'] as const) {
    texts.push(comparisonHeading(kind, 'training.json', [verdictSummary('converged', 3), verdictSummary('oscillating', null)]), comparisonHeading(kind, 'training.json', [verdictSummary('diverged', null)]));
  }
  const sweeps = [
    { data: CARS, normalize: 'zscore', batchSize: 'full', epochs: 50, learningRate: 0.1 },
    { data: CARS, normalize: 'zscore', batchSize: 32, epochs: 20, learningRate: 0.1 },
    { data: CARS, normalize: 'zscore', batchSize: 1, epochs: 5, learningRate: 0.01 },
    { ...PENGUINS('Adelie', 'Chinstrap', ['Flipper Length (mm)', 'Body Mass (g)']), normalize: 'zscore', epochs: 30, learningRate: 1 },
    { data: CARS, normalize: 'zscore', optimizer: { adam: {} }, epochs: 30, learningRate: 0.1 },
  ];
  for (const config of sweeps) {
    const { plan } = planRun(configText(config));
    if (!plan) throw new Error(`no plan for ${JSON.stringify(config)}`);
    const s = sweepLearningRates(plan);
    const best = s.best !== null ? s.points[s.best] : undefined;
    texts.push(sweepSummary(best && best.finalLoss !== null ? { learningRate: best.learningRate, finalLoss: best.finalLoss, verdict: best.verdict, verdictEpoch: best.verdictEpoch } : null, s.stableLearningRateBound, s.suggestedLearningRate), ...sweepExplanation(s));
  }
  texts.push(sweepSummary(null, null, null), ...sweepExplanation({ regime: 'full-batch', boundBatch: 398, stableLearningRateBound: null, suggestedLearningRate: null, epochs: 10, points: { length: 24 } }));
  const text = configText({ data: CARS, normalize: 'zscore', batchSize: 'full', epochs: 30, learningRate: 0.1, validationSplit: 0, seed: 0 });
  const { plan, problems } = planRun(text);
  if (!plan) throw new Error('no plan for the optimizer comparison');
  for (const run of compareOptimizers(plan, problems, text, analyzeRows(plan.prepared.train, plan.config.model.kind)).runs) {
    if (run.tried) texts.push(triedRatesLine(optimizerName(run.report.optimizer!), run.tried));
  }
  texts.push(triedRatesLine('Adam', [{ learningRate: 10, verdict: 'diverged', verdictEpoch: 1 }, { learningRate: 0.001, verdict: 'too-slow', verdictEpoch: null }]));
  return texts;
}

type Facts = RunWordingFacts;
type Override = { j?: Partial<Judgment>; f?: Partial<Omit<Facts, 'judgment'>>; logistic?: Partial<LogisticJudgment> };

/**
 * Judgments no run of the catalogue reaches on its data (a cause that needs other data, an
 * optimum Newton's method cannot settle, a curvature that overflows), written out by hand around
 * the cars run's numbers: what the wording says of them is as much a learner's reading.
 */
export function madeFacts(): Array<{ name: string; facts: Facts }> {
  const baseJ: Judgment = {
    verdict: 'too-slow', regime: 'full-batch', epoch: null, overflowEpoch: null, predictedDivergenceEpoch: null, bound: 1, smallestBatch: 318, suggested: 0.49, suggestedExact: 0.4987,
    suggestionBasis: 'fastest', basis: 'plain', spectralRadius: null, spectralRadiusAtSuggestion: null, leavesBandLater: false, rises: 0, optimalLoss: 18.71, tolerance: 0.1871,
    noiseFloor: NaN, smoothing: 1, epochsNeeded: 40, epochsNeededAtSuggestion: 3, epochsNeededAtBest: 3, cause: 'epochs', overshoots: false, epochsAboveStart: 0,
  };
  const baseF = { learningRate: 0.3, batchSize: 318, epochs: 10, lambdaMax: 1, conditionNumber: 12.5, conditionNumberZscored: 1, startLoss: 613.2, finalLoss: 19.5, trainLoss: [613.2, 100, 40, 19.5] };
  const logistic: LogisticJudgment = { optimum: 'finite', finalAccuracy: 0.974, separatedEpoch: null, localBound: 12.3, boundApplies: true };
  const batches = { j: { regime: 'stochastic' as const, smallestBatch: 30, bound: 0.12, suggested: 0.05, suggestedExact: 0.0513, suggestionBasis: 'half-bound' as const }, f: { batchSize: 32 } };
  const sgd = { j: { regime: 'stochastic' as const, smallestBatch: 1, bound: 0.02, suggested: 0.01, suggestedExact: 0.0103, suggestionBasis: 'quiet' as const }, f: { batchSize: 1 } };
  const momentum = { j: { basis: 'momentum' as const, bound: 1.9, suggestionBasis: 'momentum-fastest' as const, spectralRadius: 0.9487, spectralRadiusAtSuggestion: 0.5 }, f: { optimizer: { kind: 'momentum' as const, momentum: 0.9, nesterov: false } } };
  const nesterov = { j: { basis: 'momentum' as const, bound: 0.2266, suggestionBasis: 'momentum-radius' as const, spectralRadius: null }, f: { optimizer: { kind: 'momentum' as const, momentum: 0.6, nesterov: true } } };
  const observed = { j: { basis: 'observed' as const, bound: null, suggested: null, suggestedExact: null, suggestionBasis: null, cause: 'observed' as const }, f: { optimizer: { kind: 'adam' as const, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } } };
  const logit = { j: { basis: 'logistic' as const, bound: 10.9, suggested: 5.4, suggestedExact: 5.45, suggestionBasis: 'logistic-smooth' as const, optimalLoss: 0.5214, tolerance: 0.005214 }, f: { lambdaMax: 0.7339, startLoss: 0.6931, finalLoss: 0.53, trainLoss: [0.6931, 0.6, 0.55, 0.53] } };
  const cases: Array<[string, ...Override[]]> = [
    ['too slow, add epochs (fastest)', {}],
    ['too slow, add epochs (half the steepest)', { j: { suggestionBasis: 'half-steepest' } }],
    ['too slow, add epochs on batches', batches],
    ['too slow, no end in sight', { j: { cause: 'rate-too-small', epochsNeeded: Infinity, epochsNeededAtSuggestion: 1 } }],
    ['too slow, unknown epochs', { j: { cause: 'rate-too-small', epochsNeeded: null, epochsNeededAtSuggestion: null }, f: { finalLoss: null } }],
    ['oscillating, add epochs (fastest)', { j: { verdict: 'oscillating', epochsNeeded: 12, epochsNeededAtBest: 9 }, f: { learningRate: 0.6 } }],
    ['oscillating, add epochs (half the steepest)', { j: { verdict: 'oscillating', suggestionBasis: 'half-steepest', epochsNeeded: 1 }, f: { learningRate: 0.6 } }],
    ['oscillating, too large (full batch)', { j: { verdict: 'oscillating', cause: 'rate-too-large', epoch: 2 }, f: { learningRate: 0.9 } }],
    ['oscillating above the bound (full batch)', { j: { verdict: 'oscillating', cause: 'rate-too-large' }, f: { learningRate: 1.2 } }],
    ['oscillating on the bound (full batch)', { j: { verdict: 'oscillating', cause: 'rate-too-large' }, f: { learningRate: 1 } }],
    ['oscillating, conditioning', { j: { verdict: 'oscillating', cause: 'conditioning', epochsNeededAtSuggestion: 5000 }, f: { learningRate: 0.6, conditionNumber: 4321, conditionNumberZscored: 3.2 } }],
    ['oscillating, noise, a short last batch', batches, { j: { verdict: 'oscillating', cause: 'noise', noiseFloor: 1.2, epoch: 4 }, f: { learningRate: 0.08 } }],
    ['oscillating, noise with no level, SGD', sgd, { j: { verdict: 'oscillating', cause: 'noise' }, f: { learningRate: 0.015 } }],
    ['oscillating, one row in the last batch', batches, { j: { verdict: 'oscillating', cause: 'noise', smallestBatch: 1 }, f: { learningRate: 0.08 } }],
    ['oscillating, add epochs on batches', batches, { j: { verdict: 'oscillating', cause: 'epochs', epochsNeeded: 30, epochsNeededAtSuggestion: 40 }, f: { learningRate: 0.08 } }],
    ['oscillating, too large on batches', batches, { j: { verdict: 'oscillating', cause: 'rate-too-large' }, f: { learningRate: 0.08 } }],
    ['oscillating on the bound on batches', batches, { j: { verdict: 'oscillating', cause: 'rate-too-large' }, f: { learningRate: 0.12 } }],
    ['oscillating above the bound on batches', batches, { j: { verdict: 'oscillating', cause: 'rate-too-large', epoch: 1 }, f: { learningRate: 0.2 } }],
    ['diverged, curvature overflows', { j: { verdict: 'diverged', cause: 'rate-too-large', bound: 0, epoch: 1, overflowEpoch: 3 }, f: { lambdaMax: Infinity, learningRate: 1e-9 } }],
    ['diverged, not yet shown', { j: { verdict: 'diverged', cause: 'rate-too-large', predictedDivergenceEpoch: 240 }, f: { learningRate: 1.01 } }],
    ['diverged on batches, averaged', batches, { j: { verdict: 'diverged', cause: 'rate-too-large', smoothing: 5, epoch: 3 }, f: { learningRate: 0.1 } }],
    ['diverged on batches without a bound', batches, { j: { verdict: 'diverged', cause: 'rate-too-large', bound: null } }],
    ['converged from the start', { j: { verdict: 'converged', cause: null, epoch: 0 }, f: { startLoss: 18.8 } }],
    ['converged at the best loss, overshooting', { j: { verdict: 'converged', cause: null, epoch: 7, tolerance: 0, overshoots: true }, f: { learningRate: 0.7 } }],
    ['converged on a line, above the bound', { j: { verdict: 'converged', cause: null, epoch: 0, optimalLoss: 0, tolerance: 1e-9 }, f: { learningRate: 1.5, startLoss: 1e-10 } }],
    ['converged on batches with a noise floor', batches, { j: { verdict: 'converged', cause: null, epoch: 12, noiseFloor: 0.4, smoothing: 3 } }],
    ['converged on batches, from the start', batches, { j: { verdict: 'converged', cause: null, epoch: 0, optimalLoss: 0, tolerance: 1e-9 } }],
    ['momentum too slow, add epochs', momentum, { j: { cause: 'epochs' } }],
    ['momentum oscillating, leaves the band later', momentum, { j: { verdict: 'oscillating', cause: 'rate-too-large', leavesBandLater: true }, f: { learningRate: 0.9 } }],
    ['momentum oscillating, rises', momentum, { j: { verdict: 'oscillating', cause: 'observed', rises: 4, epochsNeeded: null }, f: { learningRate: 0.9 } }],
    ['nesterov oscillating on the bound', nesterov, { j: { verdict: 'oscillating', cause: 'rate-too-large' }, f: { learningRate: 0.2266 } }],
    ['nesterov diverged below the bound', nesterov, { j: { verdict: 'diverged', cause: 'rate-too-large', predictedDivergenceEpoch: 80 }, f: { learningRate: 0.2 } }],
    ['momentum diverged, no bound', momentum, { j: { verdict: 'diverged', cause: 'rate-too-large', bound: null, epoch: 2, overflowEpoch: 9 } }],
    ['momentum converged on a line', momentum, { j: { verdict: 'converged', cause: null, epoch: 5, optimalLoss: 0, tolerance: 1e-9 } }],
    ['momentum above its bound, no radius', nesterov, { j: { verdict: 'diverged', cause: 'rate-too-large', epoch: 1 }, f: { learningRate: 0.5 } }],
    ['observed diverged, overflow', observed, { j: { verdict: 'diverged', epoch: 1, overflowEpoch: 4 } }],
    ['observed diverged, averaged', observed, { j: { verdict: 'diverged', smoothing: 5 } }],
    ['observed converged on a line, averaged', observed, { j: { verdict: 'converged', epoch: 4, optimalLoss: 0, tolerance: 1e-9, smoothing: 3 }, f: { schedule: { kind: 'step', factor: 0.5, every: 1, warmupEpochs: 2 } } }],
    ['observed too slow, no longer falling', observed, { f: { trainLoss: [613.2, 19.5, 19.5], schedule: { kind: 'constant', warmupEpochs: 1 } } }],
    ['observed oscillating, not finite', observed, { j: { verdict: 'oscillating', rises: 3 }, f: { finalLoss: null, optimizer: { kind: 'sgd' }, schedule: { kind: 'exponential', factor: 0.9, warmupEpochs: 0 } } }],
    ['observed oscillating on a line', observed, { j: { verdict: 'oscillating', rises: 3, optimalLoss: 0 }, f: { optimizer: { kind: 'momentum', momentum: 0.9, nesterov: true } } }],
    ['observed momentum on batches', observed, batches, { j: { ...observed.j, verdict: 'too-slow' }, f: { optimizer: { kind: 'momentum', momentum: 0.9, nesterov: false }, trainLoss: [613.2] } }],
  ];
  for (const optimum of ['finite', 'separable', 'unbounded', 'unknown'] as const) {
    const o = { logistic: { optimum } };
    const none = optimum === 'finite' ? {} : { j: { optimalLoss: NaN } };
    cases.push(
      [`logistic ${optimum} converged`, logit, none, o, { j: { verdict: 'converged', cause: null, epoch: 6, smoothing: 3 } }],
      [`logistic ${optimum} converged, not finite`, logit, none, o, { j: { verdict: 'converged', cause: null, epoch: 6 }, f: { finalLoss: null } }],
      [`logistic ${optimum} diverged`, logit, none, o, { j: { verdict: 'diverged', cause: 'rate-too-large', epoch: 1, overflowEpoch: 5 }, f: { learningRate: 40 } }],
      [`logistic ${optimum} diverged, averaged, on batches`, logit, none, o, batches, { j: { ...logit.j, verdict: 'diverged', cause: 'observed', bound: null, smoothing: 4 } }],
      [`logistic ${optimum} oscillating at the local bound`, logit, none, o, { j: { verdict: 'oscillating', cause: 'rate-too-large', rises: 3 }, f: { learningRate: 12.3 } }],
      [`logistic ${optimum} oscillating`, logit, none, o, { j: { verdict: 'oscillating', cause: 'observed', rises: 5 }, f: { learningRate: 9, optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } } }],
      [`logistic ${optimum} oscillating, Adam with a schedule`, logit, none, o, { j: { verdict: 'oscillating', cause: 'observed', rises: 5, bound: null }, logistic: { localBound: null, finalAccuracy: null }, f: { finalLoss: null, optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, schedule: { kind: 'step', factor: 0.5, every: 10, warmupEpochs: 0 } } }],
      [`logistic ${optimum} too slow, small rate`, logit, none, o, { j: { cause: 'rate-too-small' }, f: { learningRate: 0.1 } }],
      [`logistic ${optimum} too slow, add epochs`, logit, none, o, { j: { cause: 'epochs' }, f: { learningRate: 6, trainLoss: [0.6931, 0.53, 0.53] } }],
      [`logistic ${optimum} too slow, observed`, logit, none, o, { j: { cause: 'observed', smoothing: 2 }, f: { optimizer: { kind: 'momentum', momentum: 0.5, nesterov: false } } }],
    );
  }
  return cases.map(([name, ...overrides]) => {
    let judgment: Judgment = { ...baseJ };
    let facts: Omit<Facts, 'judgment'> = { ...baseF };
    let logi: LogisticJudgment | undefined;
    for (const o of overrides) {
      judgment = { ...judgment, ...o.j };
      facts = { ...facts, ...o.f };
      if (o.j?.basis === 'logistic' || o.logistic) logi = { ...(logi ?? logistic), ...o.logistic };
    }
    return { name, facts: { ...facts, judgment: logi ? { ...judgment, logistic: { ...logi, boundApplies: judgment.bound !== null } } : judgment } };
  });
}

/** The texts of a made judgment. */
export function madeTexts(facts: Facts): RunTexts {
  const j = facts.judgment;
  return {
    headline: verdictHeadline(j.verdict, j.cause),
    summary: verdictSummary(j.verdict, j.epoch),
    reason: verdictReason(facts),
    problem: verdictProblemMessage(facts),
    fix: null,
    suggestion: null,
  };
}

/** The phrases other surfaces insert (the CLI's optimizer line, the runs table): every optimizer, schedule and batch. */
export function phrases(): string[] {
  const out = [batchPhrase('full-batch', 398), batchPhrase('stochastic', 1), batchPhrase('stochastic', 32), verdictSummary(null, null), verdictSummary('diverged', null), verdictSummary('diverged', 3), verdictSummary('too-slow', null), verdictSummary('oscillating', 2), verdictSummary('converged', 0)];
  for (const o of [{ kind: 'sgd' }, { kind: 'momentum', momentum: 0.9, nesterov: false }, { kind: 'momentum', momentum: 0.6, nesterov: true }, { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }] as const) out.push(optimizerPhrase(o));
  for (const warmupEpochs of [0, 1, 5]) {
    for (const s of [{ kind: 'constant', warmupEpochs }, { kind: 'step', factor: 0.5, every: 10, warmupEpochs }, { kind: 'step', factor: 0.9, every: 1, warmupEpochs }, { kind: 'exponential', factor: 0.95, warmupEpochs }] as const) out.push(schedulePhrase(s));
  }
  return out;
}
