import { analyzeCurvature } from './curvature';
import { formatNumber } from '../shared/format';
import { judgeRun } from './verdict';
import { type RunWordingFacts, fixTitle, verdictProblemMessage, verdictReason } from '../shared/wording';
import { parseConfig } from './config';
import { type DataResult, type DatasetInfo, loadCars, makeSynthetic, parseCsvData } from './data';
import { extremeIndices } from './downsample';
import { type PreparedData, prepareData, unscaleWeights } from './prepare';
import { type JsonPath, type Problem, type ProblemCode, type ProblemFix, ProblemCode as Code, capProblems, hasErrors, problem, quote } from '../shared/problems';
import { TextIndex, locateProblem } from './locate';
import { type TrainHooks, trainModel } from './train';
import { countUpdates, resolveBatchSize } from './updates';
import type { EpochCount, Judgment, LocatedProblem, RunReport, Snapshot, TrainingConfig, UpdateTable } from '../shared/report';

/** Thrown by a `DataReader` when a CSV can't be read; its code and message become a problem on `data.csv`. */
export class DataAccessError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
  ) {
    super(message);
  }
}

/** How the core gets a CSV's text: the caller owns the file system and the workspace policy. */
export interface DataReader {
  /** Text of `path` (as written in training.json, relative to it); throws DataAccessError. */
  readText(path: string): string;
}

/** Everything checked before the first update: config, data, and the work it implies. */
export interface RunPlan {
  config: TrainingConfig;
  /** The data's description; its rows are in `prepared` (the raw copy is not kept: it would double the memory). */
  dataset: DatasetInfo;
  prepared: PreparedData;
  batchSize: number;
  updates: UpdateTable;
}

export interface PlanResult {
  plan: RunPlan | null;
  problems: Problem[];
}

export interface PlanOptions {
  reader?: DataReader;
  /** Above this many total updates a `too-many-updates` warning is raised (callers ask or refuse). */
  maxUpdates?: number;
  /** Where the limit is set, for the message: the editor's setting by default, `--max-updates` in the CLI. */
  maxUpdatesSource?: string;
}

/** Loads the data a config names. */
export function loadData(config: TrainingConfig, reader: DataReader | undefined): DataResult {
  const spec = config.data;
  switch (spec.kind) {
    case 'dataset':
      return loadCars(spec);
    case 'synthetic':
      return makeSynthetic(spec);
    case 'csv': {
      if (!reader) return { dataset: null, problems: [problem(['data', 'csv'], Code.DataUnreadable, 'error', 'CSV files can only be read from a training.json on disk.')] };
      let text: string;
      try {
        text = reader.readText(spec.csv);
      } catch (e) {
        const code = e instanceof DataAccessError ? e.code : Code.DataUnreadable;
        return { dataset: null, problems: [problem(['data', 'csv'], code, 'error', e instanceof Error ? e.message : String(e))] };
      }
      return parseCsvData(text, spec);
    }
    default: {
      const never: never = spec;
      throw new Error(`unknown data kind ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Checks a training.json text down to the data without training: the problems an editor shows
 * while the user types, and the plan a run executes.
 */
export function planRun(text: string, options: PlanOptions = {}): PlanResult {
  const parsed = parseConfig(text);
  const problems = [...parsed.problems];
  const config = parsed.config;
  if (!config) return { plan: null, problems };
  const loaded = loadData(config, options.reader);
  problems.push(...loaded.problems);
  const dataset = loaded.dataset;
  if (!dataset || hasErrors(problems)) return { plan: null, problems };

  const prepared = prepareData(dataset, config.validationSplit, config.normalize, config.seed);
  const n = prepared.train.rows;
  if (n === 0) {
    problems.push(problem(['validationSplit'], Code.DataEmpty, 'error', `validationSplit ${config.validationSplit} holds out all ${dataset.rows} row(s), leaving none to train on.`));
    return { plan: null, problems };
  }
  if (config.validationSplit > 0 && !prepared.validation) {
    problems.push(problem(['validationSplit'], Code.ValidationEmpty, 'warning', `validationSplit ${config.validationSplit} of ${dataset.rows} row(s) holds out none; there is no validation curve.`));
  }
  const featureIndex = new Map(dataset.featureNames.map((name, i) => [name, i]));
  const featurePath = (name: string): JsonPath => {
    const i = featureIndex.get(name) ?? -1;
    return i >= 0 && config.data.kind !== 'synthetic' ? ['data', 'features', i] : ['data'];
  };
  for (const name of prepared.unrepresentableFeatures) {
    problems.push(
      problem(['data'], Code.FeatureScale, 'error', `Feature ${quote(name)} cannot be z-scored: its values are so close together that their standard deviation is below the smallest double and rounds to 0. Rescale the column (multiply it by a power of ten).`, { path: featurePath(name) }),
    );
  }
  if (prepared.unrepresentableFeatures.length) return { plan: null, problems };
  for (const name of prepared.constantFeatures) {
    problems.push(problem(['data'], Code.ConstantFeature, 'warning', `Feature ${quote(name)} has the same value in every training row, so it cannot explain anything (its weight stays 0).`, { path: featurePath(name) }));
  }
  if (typeof config.batchSize === 'number' && config.batchSize > n) {
    problems.push(problem(['batchSize'], Code.BatchLargerThanData, 'warning', `batchSize ${config.batchSize} is larger than the ${n} training examples: every update uses all of them (full batch).`));
  }
  const batchSize = resolveBatchSize(config.batchSize, n);
  const updates = countUpdates(n, config.epochs, config.batchSize);
  const total = updates[updates.current].total;
  if (options.maxUpdates !== undefined && total > options.maxUpdates) {
    problems.push(problem(['epochs'], Code.TooManyUpdates, 'warning', `${config.epochs} epochs of ${updates[updates.current].perEpoch} update(s) make ${total.toLocaleString('en-US')} updates, above the limit of ${options.maxUpdates.toLocaleString('en-US')} (${options.maxUpdatesSource ?? 'setting descent.maxUpdates'}).`));
  }
  const { x: _x, y: _y, ...info } = dataset;
  return { plan: { config, dataset: info, prepared, batchSize, updates }, problems };
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

const epochCount = (e: number | null): EpochCount => (e === null ? null : Number.isFinite(e) ? e : 'never');

/** How the suggested rate is derived, with its numbers. */
function suggestionText(j: Judgment, lambdaMax: number, lambdaMin: number, beta: number): string | null {
  if (j.suggestedExact === null) return null;
  if (j.regime === 'full-batch') {
    return `lr = ${formatNumber(j.suggestedExact)}: the constant rate that comes within the tolerance of the best loss in the fewest epochs from the starting weights, found from the loss's eigen-directions (eigenvalues from λmin = ${formatNumber(lambdaMin)} to λmax = ${formatNumber(lambdaMax)} of the features' second-moment matrix); it lies between 1/(2λmax) and the stable bound 1/λmax (with one z-scored feature, λmin = λmax and it is 1/(2λmax): one step reaches the minimum).`;
  }
  return `lr = m₀ / (2·(β + (m₀ − 1)·λmax)) = ${formatNumber(j.suggestedExact)} for the smallest batch, m₀ = ${j.smallestBatch}, with λmax = ${formatNumber(lambdaMax)} and β = ${formatNumber(beta)} the largest squared row norm: half the bound below which every batch's step is stable in mean square.`;
}

/** The fix that points the right way for a judgment, or none (see the README's verdict rules). */
function verdictFix(j: Judgment, config: TrainingConfig): ProblemFix | undefined {
  const lr = config.learningRate;
  switch (j.cause) {
    case null:
      return undefined;
    case 'rate-too-large':
      return j.suggested !== null && j.suggested < lr ? { path: ['learningRate'], value: j.suggested, title: fixTitle('learningRate', j.suggested, 'suggested') } : undefined;
    case 'rate-too-small':
      return j.suggested !== null && j.suggested > lr ? { path: ['learningRate'], value: j.suggested, title: fixTitle('learningRate', j.suggested, 'suggested') } : undefined;
    case 'conditioning':
      return { path: ['normalize'], value: 'zscore', title: fixTitle('normalize', 'zscore', 'scales') };
    case 'noise':
      return undefined;
    case 'epochs':
      // Full batch follows the closed form exactly, so the count is a fact; for batches it is an estimate and no fix is offered.
      return j.regime === 'full-batch' && j.epochsNeeded !== null && Number.isFinite(j.epochsNeeded) && j.epochsNeeded > config.epochs && j.epochsNeeded <= 1e7
        ? { path: ['epochs'], value: j.epochsNeeded, title: fixTitle('epochs', j.epochsNeeded, 'needed') }
        : undefined;
    default: {
      const never: never = j.cause;
      throw new Error(`unknown cause ${String(never)}`);
    }
  }
}

const VERDICT_SEVERITY = { diverged: 'error', oscillating: 'warning', 'too-slow': 'info' } as const;
const VERDICT_CODE = { diverged: Code.Diverged, oscillating: Code.Oscillating, 'too-slow': Code.TooSlow } as const;

/**
 * The first weights of a run along the steepest direction of the loss, measured from the best
 * weights: (θₑ − θ*)·v₁ for the first epochs. Above 1/(2λmax) the signs alternate: each step
 * jumps past the minimum. e.g. `[−23.5, 22.6, −21.7, …]` at lr 0.98 on cars.
 */
function steepestPath(snapshots: Snapshot[], optimum: number[], direction: number[] | undefined): { epochs: number[]; offsets: number[] } | null {
  if (!direction) return null;
  const epochs: number[] = [];
  const offsets: number[] = [];
  for (const s of snapshots) {
    if (s.epoch !== epochs.length || epochs.length >= 8) break;
    const theta = [...s.weights, s.bias];
    const offset = theta.reduce((sum, t, i) => sum + (t - (optimum[i] as number)) * (direction[i] as number), 0);
    if (!Number.isFinite(offset)) break;
    epochs.push(s.epoch);
    offsets.push(offset);
  }
  return epochs.length >= 2 ? { epochs, offsets } : null;
}

/** Trains a plan and analyses the run. */
export function executeRun(plan: RunPlan, problems: Problem[], text: string, hooks: TrainHooks = {}): RunReport {
  const { config, dataset, prepared } = plan;
  // The closed-form analysis is for a run's verdict; planning alone (the checks while typing) skips it.
  const curvature = analyzeCurvature(prepared.train);
  const result = trainModel(prepared.train, prepared.validation, { learningRate: config.learningRate, batchSize: plan.batchSize, epochs: config.epochs, seed: config.seed }, hooks);
  const judgment = judgeRun(result.trainLoss, { curvature, learningRate: config.learningRate, rows: prepared.train.rows, batchSize: plan.batchSize, epochs: config.epochs, normalize: config.normalize });
  const lastLoss = result.trainLoss[result.trainLoss.length - 1] ?? NaN;
  const wording: RunWordingFacts = {
    judgment,
    learningRate: config.learningRate,
    batchSize: plan.batchSize,
    epochs: config.epochs,
    lambdaMax: curvature.lambdaMax,
    conditionNumber: curvature.conditionNumber,
    conditionNumberZscored: curvature.conditionNumberZscored,
    startLoss: result.trainLoss[0] ?? NaN,
    finalLoss: finiteOrNull(lastLoss),
  };
  const reason = verdictReason(wording);
  const fix = verdictFix(judgment, config);
  const all = [...problems];
  if (!result.cancelled && judgment.verdict !== 'converged') {
    all.push(problem(['learningRate'], VERDICT_CODE[judgment.verdict], VERDICT_SEVERITY[judgment.verdict], verdictProblemMessage(wording), fix ? { fix } : {}));
  }
  const optimum = unscaleWeights(curvature.optimum.slice(0, -1), curvature.optimum[curvature.optimum.length - 1] as number, prepared.scales);
  const { weights, bias } = unscaleWeights(result.weights, result.bias, prepared.scales);
  const cancelled = result.cancelled;
  return {
    trained: true,
    config,
    data: {
      source: dataset.source,
      features: dataset.featureNames,
      label: dataset.labelName,
      rows: dataset.rows,
      droppedRows: dataset.droppedRows,
      validationRows: prepared.validation?.rows ?? 0,
      normalization: { method: config.normalize, features: prepared.scales ?? [] },
      truth: dataset.truth ?? null,
    },
    samples: prepared.train.rows,
    updates: plan.updates,
    history: {
      trainLoss: result.trainLoss.map(finiteOrNull),
      validationLoss: result.validationLoss?.map(finiteOrNull) ?? null,
      epochs: null,
      batchLoss: result.batchLoss.toBuckets(),
      snapshots: result.snapshots,
    },
    lossUnit: `(${dataset.labelName})²`,
    verdict: cancelled ? null : judgment.verdict,
    reason: cancelled ? 'Training was cancelled.' : reason,
    verdictEpoch: cancelled ? null : judgment.epoch,
    stableLearningRateBound: judgment.bound,
    suggestedLearningRate: judgment.suggested,
    suggestion: suggestionText(judgment, curvature.lambdaMax, curvature.lambdaMin, curvature.maxRowNormSq),
    analysis: {
      regime: judgment.regime,
      boundBatch: judgment.smallestBatch,
      suggestedExact: judgment.suggestedExact,
      tolerance: judgment.tolerance,
      noiseFloor: finiteOrNull(judgment.noiseFloor),
      smoothing: judgment.smoothing,
      cause: cancelled ? null : judgment.cause,
      overshoots: judgment.overshoots,
      overflowEpoch: judgment.overflowEpoch,
      predictedDivergenceEpoch: judgment.predictedDivergenceEpoch,
      epochsNeeded: epochCount(judgment.epochsNeeded),
      epochsNeededAtSuggestion: epochCount(judgment.epochsNeededAtSuggestion),
      lambdaMax: finiteOrNull(curvature.lambdaMax),
      lambdaMin: curvature.lambdaMin,
      conditionNumber: finiteOrNull(curvature.conditionNumber),
      conditionNumberZscored: finiteOrNull(curvature.conditionNumberZscored),
      optimum: { weights: optimum.weights, bias: optimum.bias },
      steepest: steepestPath(result.snapshots, curvature.optimum, curvature.eigenvectors[0]),
    },
    optimalLoss: curvature.optimalLoss,
    finalLoss: finiteOrNull(lastLoss),
    weights: weights.map((w) => (Number.isFinite(w) ? w : NaN)),
    bias: finiteOrNull(bias),
    epochsRun: result.epochsRun,
    totalUpdates: result.updates,
    stoppedEarly: result.nonFinite ? 'non-finite' : result.cancelled ? 'cancelled' : null,
    problems: locateAll(text, all),
  };
}

/**
 * A report whose per-epoch losses fit in `maxPoints` entries, for sending to the editor: the first
 * and last epochs stay, and every bucket of epochs between keeps its lowest and highest training
 * loss (a non-finite loss counts as highest), so a spike or a blow-up survives. `history.epochs`
 * then names each entry's epoch. Shorter histories are returned as they are.
 * e.g. 1,000,000 epochs → 4,000 entries, epochs `[0, 12, 250, …, 1000000]`.
 */
export function thinHistory(report: RunReport, maxPoints: number): RunReport {
  const h = report.history;
  if (!h || h.trainLoss.length <= maxPoints) return report;
  const losses = h.trainLoss;
  const keep = extremeIndices(losses.length, (i) => losses[i] ?? Infinity, maxPoints);
  const pick = (series: (number | null)[]) => keep.map((i) => series[i] ?? null);
  return {
    ...report,
    history: { ...h, trainLoss: pick(losses), validationLoss: h.validationLoss ? pick(h.validationLoss) : null, epochs: keep },
  };
}

/**
 * Adds line and column to every problem, at most MAX_PROBLEMS of them (the rest are counted in
 * one more): the text is parsed and its lines indexed once for all of them.
 */
export function locateAll(text: string, problems: Problem[]): LocatedProblem[] {
  const index = new TextIndex(text);
  return capProblems(problems).map((p) => {
    const span = locateProblem(text, p, index);
    return { ...p, line: span.line, column: span.column };
  });
}

/** A report for a config that could not train: only its problems. */
export function failedReport(text: string, problems: Problem[]): RunReport {
  return {
    trained: false, config: null, data: null, samples: 0, updates: null, history: null, lossUnit: '',
    verdict: null, reason: null, verdictEpoch: null, stableLearningRateBound: null, suggestedLearningRate: null,
    suggestion: null, analysis: null, optimalLoss: null, finalLoss: null, weights: [], bias: null, epochsRun: 0, totalUpdates: 0,
    stoppedEarly: null, problems: locateAll(text, problems),
  };
}

/**
 * Plans and trains a training.json in one call: what the CLI and the worker run.
 * e.g. `runTraining('{"learningRate": 0.05}').verdict === "converged"` on the cars data.
 */
export function runTraining(text: string, options: PlanOptions & TrainHooks = {}): RunReport {
  const { plan, problems } = planRun(text, options);
  // Over the update limit nothing runs: the CLI refuses, the editor asks first and then calls executeRun.
  if (!plan || hasErrors(problems) || problems.some((p) => p.code === Code.TooManyUpdates)) return failedReport(text, problems);
  return executeRun(plan, problems, text, options);
}

