import { type Curvature, analyzeRows } from '../curvature';
import { unscaleWeights } from '../prepare';
import { descend } from '../descent';
import { modelFor } from '../models';
import { createOptimizer } from '../optimizers';
import { isConstantSchedule, scheduleRates } from '../schedule';
import { type TrainHooks, type TrainOptions, type TrainResult, trainModel } from '../train';
import { judgeRun } from '../verdict';
import { type Problem, ProblemCode as Code, hasErrors, problem } from '../../shared/problems';
import type { RunReport } from '../../shared/report';
import { t } from '../../shared/l10n';
import { type RunWordingFacts, verdictProblemMessage, verdictReason } from '../../shared/wording';
import { runGeometry } from './geometry';
import { type PlanOptions, type RunPlan, planRun } from './plan';
import { LOG_LOSS_UNIT, classificationReport, finalAccuracy } from './classification';
import { VERDICT_CODE, VERDICT_SEVERITY, epochCount, failedReport, finiteOrNull, locateAll, steepestPath, suggestionText, verdictFix } from './report';

/** Asks for the run's geometry (a sample of its rows, its loss as a quadratic): what the panel's model view draws. */
export interface GeometryOption {
  geometry?: boolean;
}

/**
 * Trains a plan and analyses the run. `curvature` is the closed-form analysis of the plan's
 * training rows: runs that share those rows (a sweep, a comparison: see `variantPlan`) pass one
 * analysis to all, since it depends on the rows alone, never on the rate or the batch size.
 */
export function executeRun(plan: RunPlan, problems: Problem[], text: string, hooks: TrainHooks & GeometryOption = {}, curvature: Curvature = analyzeRows(plan.prepared.train, plan.config.model.kind)): RunReport {
  const { config, dataset, prepared } = plan;
  // The closed-form analysis is for a run's verdict; planning alone (the checks while typing) skips it.
  const result = trainPlan(plan, hooks);
  const schedule = config.learningRateSchedule;
  const logistic = curvature.logistic && result.trainAccuracy ? { analysis: curvature.logistic, trainAccuracy: result.trainAccuracy } : undefined;
  const judgment = judgeRun(result.trainLoss, { curvature, learningRate: config.learningRate, rows: prepared.train.rows, batchSize: plan.batchSize, epochs: config.epochs, normalize: config.normalize, optimizer: config.optimizer, schedule, logistic });
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
    optimizer: config.optimizer,
    schedule,
    trainLoss: result.trainLoss,
  };
  const reason = verdictReason(wording);
  const fix = verdictFix(judgment, config);
  const all = [...problems];
  if (!result.cancelled && judgment.verdict !== 'converged') {
    all.push(problem(['learningRate'], VERDICT_CODE[judgment.verdict], VERDICT_SEVERITY[judgment.verdict], verdictProblemMessage(wording), fix ? { fix } : {}));
  }
  const theta = logistic ? (curvature.logistic?.theta ?? new Array<number>(prepared.train.d + 1).fill(NaN)) : curvature.optimum;
  const optimum = unscaleWeights(theta.slice(0, -1), theta[theta.length - 1] as number, prepared.scales);
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
      learningRates: isConstantSchedule(schedule) ? null : scheduleRates(schedule, config.learningRate, result.epochsRun),
      trainAccuracy: result.trainAccuracy?.map(finiteOrNull) ?? null,
      validationAccuracy: result.validationAccuracy?.map(finiteOrNull) ?? null,
    },
    lossUnit: logistic ? LOG_LOSS_UNIT : `(${dataset.labelName})²`,
    model: config.model,
    optimizer: config.optimizer,
    schedule: config.learningRateSchedule,
    accuracy: logistic ? finalAccuracy(result) : null,
    classification: logistic && dataset.classes ? classificationReport(plan, curvature, logistic.analysis, weights, bias) : null,
    verdict: cancelled ? null : judgment.verdict,
    reason: cancelled ? t('Training was cancelled.') : reason,
    verdictEpoch: cancelled ? null : judgment.epoch,
    stableLearningRateBound: judgment.bound,
    suggestedLearningRate: judgment.suggested,
    suggestion: suggestionText(judgment, curvature.lambdaMax, curvature.lambdaMin, curvature.maxRowNormSq),
    analysis: {
      regime: judgment.regime,
      basis: judgment.basis,
      spectralRadius: judgment.spectralRadius,
      boundBatch: judgment.smallestBatch,
      suggestedExact: judgment.suggestedExact,
      suggestionBasis: judgment.suggestionBasis,
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
      steepest: logistic ? null : steepestPath(result.snapshots, curvature.optimum, curvature.eigenvectors[0]),
    },
    optimalLoss: logistic ? (logistic.analysis.optimum === 'finite' ? logistic.analysis.optimalLoss : null) : curvature.optimalLoss,
    finalLoss: finiteOrNull(lastLoss),
    weights: weights.map((w) => (Number.isFinite(w) ? w : NaN)),
    bias: finiteOrNull(bias),
    epochsRun: result.epochsRun,
    totalUpdates: result.updates,
    stoppedEarly: result.nonFinite ? 'non-finite' : result.cancelled ? 'cancelled' : null,
    problems: locateAll(text, all),
    // The model view and landscape draw a line and the squared error's quadratic: linear regression only.
    ...(hooks.geometry && config.model.kind === 'linear' ? { geometry: runGeometry(prepared.train, prepared.scales, curvature) } : {}),
  };
}

/**
 * Trains a plan's rows: linear regression by plain descent at a constant rate (the default, what the
 * course teaches) takes the fast path `trainModel`, bit for bit the run it has always been; any other
 * optimizer, a schedule or the logistic model takes the general path `descend` with a fresh optimizer.
 */
export function trainPlan(plan: RunPlan, hooks: TrainHooks = {}, extra: Pick<TrainOptions, 'maxSnapshots' | 'recordBatchLoss'> = {}): TrainResult {
  const { config, prepared } = plan;
  const options = { learningRate: config.learningRate, batchSize: plan.batchSize, epochs: config.epochs, seed: config.seed, ...extra };
  const linear = config.model.kind === 'linear';
  if (linear && config.optimizer.kind === 'sgd' && isConstantSchedule(config.learningRateSchedule)) return trainModel(prepared.train, prepared.validation, options, hooks);
  const optimizer = createOptimizer(config.optimizer, prepared.train.d + 1);
  return descend(prepared.train, prepared.validation, { ...options, model: modelFor(config.model.kind), optimizer, schedule: config.learningRateSchedule }, hooks);
}

/**
 * Plans and trains a training.json in one call: what the CLI and the worker run.
 * e.g. `runTraining('{"learningRate": 0.05}').verdict === "converged"` on the cars data.
 */
export function runTraining(text: string, options: PlanOptions & TrainHooks & GeometryOption = {}): RunReport {
  const { plan, problems } = planRun(text, options);
  // Over the update limit nothing runs: the CLI refuses, the editor asks first and then calls executeRun.
  if (!plan || hasErrors(problems) || problems.some((p) => p.code === Code.TooManyUpdates)) return failedReport(text, problems);
  return executeRun(plan, problems, text, options);
}
