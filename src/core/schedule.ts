import type { ScheduleConfig } from '../shared/report';

/**
 * The learning rate of epoch `epoch` (1-based) under a schedule, the one rate every update of that
 * epoch uses: lr × decay(e) × warm-up(e), with
 * - decay: constant 1; step (torch StepLR) factor^⌊(e − 1)/every⌋; exponential (torch ExponentialLR) factor^(e − 1);
 * - warm-up of n epochs: min(1, e/n) (n = 0: none).
 * e.g. `rateAt({ kind: "step", every: 10, factor: 0.5, warmupEpochs: 0 }, 0.1, 11)` = 0.05, and with
 * `warmupEpochs: 5` epoch 2 trains at 0.1 × 2/5 = 0.04.
 */
export function rateAt(schedule: ScheduleConfig, lr: number, epoch: number): number {
  const warm = schedule.warmupEpochs > 0 && epoch < schedule.warmupEpochs ? epoch / schedule.warmupEpochs : 1;
  return lr * decayAt(schedule, epoch) * warm;
}

/** The decay's multiplier of epoch e (1-based), without the warm-up. */
function decayAt(schedule: ScheduleConfig, epoch: number): number {
  switch (schedule.kind) {
    case 'constant':
      return 1;
    case 'step':
      return schedule.factor ** Math.floor((epoch - 1) / schedule.every);
    case 'exponential':
      return schedule.factor ** (epoch - 1);
    default: {
      const never: never = schedule;
      throw new Error(`unknown schedule ${JSON.stringify(never)}`);
    }
  }
}

/** Whether every epoch trains at the configured rate (a constant schedule without warm-up). */
export function isConstantSchedule(schedule: ScheduleConfig): boolean {
  return schedule.kind === 'constant' && schedule.warmupEpochs === 0;
}

/**
 * The rate of each epoch aligned with a run's per-epoch losses: entry 0 (before training) null,
 * entry e the rate of epoch e, for `epochs` epochs. e.g. exponential 0.5 at lr 1: [null, 1, 0.5, 0.25].
 */
export function scheduleRates(schedule: ScheduleConfig, lr: number, epochs: number): (number | null)[] {
  const rates: (number | null)[] = [null];
  for (let e = 1; e <= epochs; e++) rates.push(rateAt(schedule, lr, e));
  return rates;
}
