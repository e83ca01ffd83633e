import { type Verdict, analyzeCurvature, diagnoseRun, formatNumber, stableLearningRateBound, suggestLearningRate } from './analysis';
import { type TrainingConfig, parseConfig } from './config';
import { type DataResult, type DatasetInfo, loadCars, makeSynthetic, parseCsvData } from './data';
import { type LossBucket, extremeIndices } from './downsample';
import { type FeatureScale, type PreparedData, prepareData, unscaleWeights } from './prepare';
import { type JsonPath, type Problem, type ProblemCode, type ProblemFix, ProblemCode as Code, capProblems, hasErrors, problem, quote } from './problems';
import { TextIndex, locateProblem } from './locate';
import { type Snapshot, type TrainHooks, trainModel } from './train';
import { type UpdateTable, countUpdates, resolveBatchSize } from './updates';

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

/** A problem with its 1-based line and column in training.json, as `--json` prints it. */
export interface LocatedProblem extends Problem {
  line: number;
  column: number;
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

/**
 * What a run reports: the `descent train --json` document, the worker's result and the panel's
 * data. Non-finite losses are null so it is always valid JSON.
 */
export interface RunReport {
  /** True when training ran (possibly stopping early); false when problems prevented it. */
  trained: boolean;
  config: TrainingConfig | null;
  data: {
    source: string;
    features: string[];
    label: string;
    /** Usable rows before the validation split. */
    rows: number;
    droppedRows: number;
    validationRows: number;
    normalization: { method: 'zscore' | 'none'; features: FeatureScale[] };
    /** For synthetic data: the weights that generated it. */
    truth: { weights: number[]; bias: number } | null;
  } | null;
  /** Training examples N (after the validation split). */
  samples: number;
  updates: UpdateTable | null;
  history: {
    trainLoss: (number | null)[];
    validationLoss: (number | null)[] | null;
    /**
     * The epoch of each entry of trainLoss and validationLoss once a long history has been thinned
     * (`thinHistory`); null while entry e is epoch e.
     */
    epochs: number[] | null;
    batchLoss: LossBucket[];
    snapshots: Snapshot[];
  } | null;
  /** The unit of every loss: the label's units, squared. */
  lossUnit: string;
  verdict: Verdict | null;
  reason: string | null;
  /** converged: the epoch it settled at; diverged: the epoch the loss blew up; oscillating: the first rise. */
  verdictEpoch: number | null;
  stableLearningRateBound: number | null;
  suggestedLearningRate: number | null;
  /** How the suggestion is derived. */
  suggestion: string | null;
  optimalLoss: number | null;
  finalLoss: number | null;
  /** Final weights, one per feature, in the features' own units; ŷ = Σ wⱼxⱼ + bias. */
  weights: number[];
  bias: number | null;
  epochsRun: number;
  totalUpdates: number;
  stoppedEarly: 'non-finite' | 'cancelled' | null;
  problems: LocatedProblem[];
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * A learning rate as the fixes write it: two significant digits, rounded toward zero so a rate
 * suggested for safety never rounds up past it. e.g. 0.4898 → 0.48, 0.995 → 0.99.
 */
export function roundRateDown(rate: number): number {
  const unit = 10 ** (Math.floor(Math.log10(rate)) - 1);
  return Number((Math.floor(rate / unit + 1e-9) * unit).toPrecision(2));
}

/**
 * What to tell the user beyond the verdict's reason, and the fix that points the right way: a
 * smaller rate for diverged and oscillating runs, a larger one for a slow run, and none when the
 * suggestion would not move the rate in that direction (then the advice names the other knob).
 */
function verdictAdvice(verdict: Verdict, config: TrainingConfig, suggested: number | null, batchSize: number, rows: number): { fix?: ProblemFix; advice: string } {
  const lr = config.learningRate;
  const rate = suggested === null ? null : roundRateDown(suggested);
  const fix = (value: number): ProblemFix => ({ path: ['learningRate'], value, title: `Set learningRate to ${formatNumber(value)} (suggested)` });
  switch (verdict) {
    case 'converged':
      return { advice: '' };
    case 'diverged':
      return rate !== null && rate < lr ? { fix: fix(rate), advice: '' } : { advice: ' Use a smaller learningRate.' };
    case 'oscillating':
      if (rate !== null && rate < lr) return { fix: fix(rate), advice: ' The steps are too large to settle.' };
      return { advice: batchSize < rows ? ' The noise of small batches keeps it from settling: use a larger batchSize or a smaller learningRate.' : ' Use a smaller learningRate.' };
    case 'too-slow':
      if (rate !== null && rate > lr) return { fix: fix(rate), advice: '' };
      return { advice: config.normalize === 'none' ? ' The rate is already near what the data allows: set "normalize": "zscore" or add epochs.' : ' The rate is already near what the data allows: add epochs.' };
    default: {
      const never: never = verdict;
      throw new Error(`unknown verdict ${String(never)}`);
    }
  }
}

function verdictProblem(verdict: Verdict, reason: string, epoch: number | null, config: TrainingConfig, bound: number | null, fix: ProblemFix | undefined): Problem | null {
  const boundText = bound !== null ? ` The full-batch stable bound is ${formatNumber(bound)}.` : '';
  const lr = formatNumber(config.learningRate);
  const withFix = fix ? { fix } : {};
  switch (verdict) {
    case 'converged':
      return null;
    case 'diverged':
      return problem(['learningRate'], Code.Diverged, 'error', `learningRate ${lr} diverges: the loss blew up at epoch ${epoch}.${boundText}`, withFix);
    case 'oscillating':
      return problem(['learningRate'], Code.Oscillating, 'warning', `learningRate ${lr} makes the loss oscillate. ${reason}${boundText}`, withFix);
    case 'too-slow':
      return problem(['learningRate'], Code.TooSlow, 'info', `learningRate ${lr} converges too slowly: ${reason}`, withFix);
    default: {
      const never: never = verdict;
      throw new Error(`unknown verdict ${String(never)}`);
    }
  }
}

/** Trains a plan and analyses the run. */
export function executeRun(plan: RunPlan, problems: Problem[], text: string, hooks: TrainHooks = {}): RunReport {
  const { config, dataset, prepared } = plan;
  // The closed-form analysis is for a run's verdict; planning alone (the checks while typing) skips it.
  const curvature = analyzeCurvature(prepared.train);
  const result = trainModel(prepared.train, prepared.validation, { learningRate: config.learningRate, batchSize: plan.batchSize, epochs: config.epochs, seed: config.seed }, hooks);
  const diagnosis = diagnoseRun(result.trainLoss, curvature.optimalLoss);
  const bound = stableLearningRateBound(curvature);
  const suggested = suggestLearningRate(curvature, plan.batchSize);
  const all = [...problems];
  const { fix, advice } = verdictAdvice(diagnosis.verdict, config, suggested, plan.batchSize, prepared.train.rows);
  const reason = diagnosis.reason + advice;
  if (!result.cancelled) {
    const vp = verdictProblem(diagnosis.verdict, reason, diagnosis.epoch, config, bound, fix);
    if (vp) all.push(vp);
  }
  const { weights, bias } = unscaleWeights(result.weights, result.bias, prepared.scales);
  const lastLoss = result.trainLoss[result.trainLoss.length - 1] ?? NaN;
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
    verdict: result.cancelled ? null : diagnosis.verdict,
    reason: result.cancelled ? 'Training was cancelled.' : reason,
    verdictEpoch: result.cancelled ? null : diagnosis.epoch,
    stableLearningRateBound: bound,
    suggestedLearningRate: suggested,
    suggestion:
      suggested === null
        ? null
        : `lr = m / (2·(β + (m − 1)·λmax)) for batches of m = ${plan.batchSize}, with λmax = ${formatNumber(curvature.eigenvalues[0] ?? 0)} the largest eigenvalue of the features' second-moment matrix and β = ${formatNumber(curvature.maxRowNormSq)} the largest squared row norm; for full batch this is half the stable bound 1/λmax.`,
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
    suggestion: null, optimalLoss: null, finalLoss: null, weights: [], bias: null, epochsRun: 0, totalUpdates: 0,
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

export type { Verdict };
