import { LossBuckets } from './downsample';
import type { Matrix } from './model';
import { type Model, predictsPositive, scoreRow } from './models';
import type { Optimizer } from './optimizers';
import { createRandom, identityOrder, shuffleInPlace } from './random';
import { rateAt } from './schedule';
import type { ScheduleConfig } from '../shared/report';
import { EpochLog, type TrainHooks, type TrainOptions, type TrainResult } from './train';

/** A run of the general path: any model, any optimizer. */
export interface DescentOptions extends TrainOptions {
  model: Model;
  optimizer: Optimizer;
  /** The rate of each epoch, from `learningRate` (`rateAt`); without one every epoch uses `learningRate`. */
  schedule?: ScheduleConfig;
}

/**
 * Mini-batch gradient descent for any model and optimizer, written to be read: weights and bias
 * start at 0; each epoch shuffles the row order with the seeded generator (carried over from the
 * previous epoch; not when one batch holds every row), walks it in batches of `batchSize` (the
 * last, partial batch is used), sums the batch's gradient Σ scoreGrad(z, y)·x̃ and lets the
 * optimizer update once per batch, at the epoch's rate from the schedule (one rate for every update
 * of an epoch). The loss after each epoch is the model's loss over every training row.
 *
 * For the linear model with plain descent this is the computation `trainModel`'s fast kernels
 * specialise, and a property test proves the two bit-identical.
 */
export function descend(train: Matrix, validation: Matrix | null, options: DescentOptions, hooks: TrainHooks = {}): TrainResult {
  const { rows, d, x, y } = train;
  const { model, optimizer, learningRate, epochs, schedule } = options;
  const batch = Math.max(1, Math.min(options.batchSize, rows));
  const params = new Float64Array(d + 1);
  const gradSum = new Float64Array(d + 1);
  const batchLoss = new LossBuckets(options.lossBuckets);
  const record = options.recordBatchLoss !== false;
  const log = new EpochLog(d, d, epochs, options.maxSnapshots ?? 1000, validation, hooks, model);
  const random = createRandom(options.seed);
  const order = identityOrder(rows);
  const classifies = model.kind === 'logistic';
  let accuracy = NaN;
  // The loss over every training row, and (a classifier) the share it classifies right, in the same pass.
  const meanLoss = (): number => {
    let sum = 0;
    let right = 0;
    for (let i = 0; i < rows; i++) {
      const z = scoreRow(x, i, d, params);
      const yi = y[i] as number;
      sum += model.loss(z, yi);
      if (classifies && predictsPositive(z) === (yi === 1)) right++;
    }
    accuracy = right / rows;
    return sum / rows;
  };
  let updates = 0;
  const startLoss = meanLoss();
  let go = log.close(0, startLoss, params, accuracy);
  for (let epoch = 1; go && epoch <= epochs; epoch++) {
    if (batch < rows) shuffleInPlace(order, random);
    const lr = schedule ? rateAt(schedule, learningRate, epoch) : learningRate;
    for (let start = 0; start < rows; start += batch) {
      const count = Math.min(batch, rows - start);
      gradSum.fill(0);
      let loss = 0;
      for (let k = start; k < start + count; k++) {
        const i = order[k] as number;
        const z = scoreRow(x, i, d, params);
        const g = model.scoreGrad(z, y[i] as number);
        for (let j = 0; j < d; j++) gradSum[j] = (gradSum[j] as number) + g * (x[i * d + j] as number);
        gradSum[d] = (gradSum[d] as number) + g;
        loss += model.loss(z, y[i] as number);
      }
      optimizer.update(params, gradSum, model.gradFactor, count, lr);
      if (record) batchLoss.add(loss / count);
      updates++;
    }
    const epochLoss = meanLoss();
    go = log.close(epoch, epochLoss, params, accuracy);
  }
  return {
    weights: params.slice(0, d),
    bias: params[d] as number,
    trainLoss: log.trainLoss,
    validationLoss: log.validationLoss,
    batchLoss,
    snapshots: log.snapshots,
    epochsRun: log.epochsRun,
    updates,
    nonFinite: log.nonFinite,
    cancelled: log.cancelled,
    trainAccuracy: log.trainAccuracy,
    validationAccuracy: log.validationAccuracy,
  };
}
