import { type Matrix, meanSquaredError } from './model';
import { type Model, predictsPositive } from './models';
import type { Snapshot } from '../shared/report';
import type { EpochPrefetcher } from './prefetch';

/** What training tells its caller, and what it may be given. */
export interface TrainHooks {
  /** Called after each epoch (of `epochs`) with the training loss; return false to stop (cancellation). */
  onEpoch?(epoch: number, trainLoss: number, epochs: number): boolean | void;
  /**
   * Prepares mini-batch and SGD epochs ahead, e.g. on another thread (src/prefetch.ts); without
   * one, or when it declines, training gathers each epoch itself. The result is the same to the bit.
   */
  prefetch?: EpochPrefetcher;
}

/** The per-epoch record: losses, snapshots, the hook, and whether to go on (shared by the fast kernels and the general path). */
export class EpochLog {
  readonly trainLoss: number[] = [];
  readonly validationLoss: number[] | null;
  readonly snapshots: Snapshot[] = [];
  /** Logistic runs: the share of training rows classified right after each epoch (from `close`); null otherwise. */
  readonly trainAccuracy: number[] | null;
  /** Logistic runs with validation rows: the same over those rows; null otherwise. */
  readonly validationAccuracy: number[] | null;
  epochsRun = 0;
  nonFinite = false;
  cancelled = false;
  private readonly stride: number;

  constructor(
    private readonly d: number,
    private readonly lanes: number,
    private readonly epochs: number,
    maxSnapshots: number,
    private readonly validation: Matrix | null,
    private readonly hooks: TrainHooks,
    /** The model whose loss the validation rows are measured with (linear regression when absent). */
    private readonly model?: Model,
  ) {
    this.validationLoss = validation ? [] : null;
    const classifies = model?.kind === 'logistic';
    this.trainAccuracy = classifies ? [] : null;
    this.validationAccuracy = classifies && validation ? [] : null;
    this.stride = Math.max(1, Math.ceil(epochs / maxSnapshots));
  }

  /** Records the weights in `params` after `epoch` (0: before any update) and their training loss; false means stop. */
  close(epoch: number, loss: number, params: Float64Array, trainAccuracy = NaN): boolean {
    const bias = params[this.lanes] as number;
    this.trainLoss.push(loss);
    this.trainAccuracy?.push(trainAccuracy);
    if (this.validation) {
      if (this.model && this.model.kind !== 'linear') {
        const { loss: validationLoss, accuracy } = measureRows(this.model, this.validation, params, bias);
        this.validationLoss?.push(validationLoss);
        this.validationAccuracy?.push(accuracy);
      } else this.validationLoss?.push(meanSquaredError(this.validation, params, bias));
    }
    if (epoch === 0 || epoch % this.stride === 0 || epoch === this.epochs) {
      this.snapshots.push({ epoch, weights: Array.from(params.subarray(0, this.d)), bias });
    }
    if (epoch === 0) return true;
    this.epochsRun = epoch;
    if (!Number.isFinite(loss)) {
      this.nonFinite = true;
      return false;
    }
    if (this.hooks.onEpoch?.(epoch, loss, this.epochs) === false && epoch < this.epochs) {
      this.cancelled = true;
      return false;
    }
    return true;
  }
}

/**
 * A model's mean loss over every row of `m` and the share of rows it classifies right (z > 0 for
 * y = 1, else z ≤ 0; meaningful for a classifier), weights `params[0 … d − 1]` and `bias`, in one pass.
 */
export function measureRows(model: Model, m: Matrix, params: Float64Array, bias: number): { loss: number; accuracy: number } {
  const { rows, d, x, y } = m;
  let sum = 0;
  let right = 0;
  for (let i = 0; i < rows; i++) {
    let z = bias;
    const base = i * d;
    for (let j = 0; j < d; j++) z += (params[j] as number) * (x[base + j] as number);
    const yi = y[i] as number;
    sum += model.loss(z, yi);
    if (predictsPositive(z) === (yi === 1)) right++;
  }
  return { loss: sum / rows, accuracy: right / rows };
}
