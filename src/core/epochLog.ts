import { type Matrix, meanSquaredError } from './model';
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
  ) {
    this.validationLoss = validation ? [] : null;
    this.stride = Math.max(1, Math.ceil(epochs / maxSnapshots));
  }

  /** Records the weights in `params` after `epoch` (0: before any update) and their training loss; false means stop. */
  close(epoch: number, loss: number, params: Float64Array): boolean {
    const bias = params[this.lanes] as number;
    this.trainLoss.push(loss);
    if (this.validation) this.validationLoss?.push(meanSquaredError(this.validation, params, bias));
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
