/**
 * A small pool for the learning lab's runs: starts at most `size` tasks at once, the next as each
 * ends, and cancels the lot on request (the ones under way are cancelled, the ones waiting never
 * start). Plain code over task handles: the lab gives it worker jobs, the tests give it promises.
 */

/** One task under way, as a worker job is: its outcome, and how to stop it. */
export interface PoolHandle<T> {
  readonly outcome: Promise<T>;
  cancel(): void;
}

/** The pool's work: its outcomes by task index (undefined: the task never started, the pool was cancelled first). */
export interface PoolRun<T> {
  readonly outcome: Promise<(T | undefined)[]>;
  cancel(): void;
}

/** The most workers a lab runs at once, whatever the machine (each holds its own copy of the data). */
export const MAX_LAB_WORKERS = 8;

/**
 * How many of `tasks` runs to train at once on a machine of `cores` cores: all of them up to
 * `max(cores, 3)`, at most MAX_LAB_WORKERS. Three equal runs on two cores all at once share the
 * cores and end together at 1.5× one run; two then one would take 2×. So the three-rate plan
 * always runs as three threads.
 * e.g. `labPoolSize(3, 2)` → 3, `labPoolSize(8, 2)` → 3, `labPoolSize(8, 16)` → 8, `labPoolSize(1, 4)` → 1.
 */
export function labPoolSize(tasks: number, cores: number): number {
  return Math.max(1, Math.min(tasks, Math.max(cores, 3), MAX_LAB_WORKERS));
}

/**
 * Runs tasks 0 … count − 1, at most `size` at once, in index order; `onDone` hears each as it ends.
 * e.g. `runPool(3, 2, (i) => worker.startLab(request, { kind: 'rate', index: i }))`.
 */
export function runPool<T>(count: number, size: number, start: (index: number) => PoolHandle<T>, onDone?: (index: number, outcome: T) => void): PoolRun<T> {
  const outcomes: (T | undefined)[] = new Array<T | undefined>(count).fill(undefined);
  const running = new Map<number, PoolHandle<T>>();
  let next = 0;
  let cancelled = false;
  let finish: (v: (T | undefined)[]) => void = () => undefined;
  const outcome = new Promise<(T | undefined)[]>((resolve) => (finish = resolve));
  const settleIfDone = () => {
    if (running.size === 0 && (cancelled || next >= count)) finish(outcomes);
  };
  const launch = (): void => {
    while (!cancelled && running.size < Math.max(1, size) && next < count) {
      const index = next++;
      const handle = start(index);
      running.set(index, handle);
      void handle.outcome.then((o) => {
        outcomes[index] = o;
        running.delete(index);
        onDone?.(index, o);
        launch();
        settleIfDone();
      });
    }
  };
  launch();
  settleIfDone();
  return {
    outcome,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      for (const h of [...running.values()]) h.cancel();
      settleIfDone();
    },
  };
}
