/**
 * Runs one lab of a training.json in the training workers: the sweep in one worker (its rates
 * share one plan and one analysis, and take milliseconds on small data), a comparison's runs each
 * in a worker of its own, in parallel (`labPool.ts`). No vscode: the workers and the request are
 * passed in, so the benchmark runs exactly what the command runs.
 */
import { parseConfig } from './core/config';
import { type ComparedRun, type Comparison, OPTIMIZER_RUNS, type SweepReport } from './shared/lab';
import type { LabAnswer, LabJob, LabKind } from './shared/labProtocol';
import type { RunRequest } from './shared/protocol';
import type { LocatedProblem } from './shared/report';
import type { Progress } from './session/env';
import { labPoolSize, runPool } from './labPool';
import type { WorkHandle, WorkOutcome } from './workerClient';
import { formatCount } from './shared/format';
import { t } from './shared/l10n';

/** The workers a lab needs: one job each. */
export interface LabWorkers {
  startLab(request: RunRequest, job: LabJob, onProgress?: (p: Progress) => void): WorkHandle<LabAnswer>;
}

/** How a lab ended. */
export type LabResult =
  | { kind: 'sweep'; sweep: SweepReport }
  | { kind: 'comparison'; comparison: Comparison }
  | { kind: 'invalid'; problems: LocatedProblem[] }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/** Progress of a lab: `done` of `total` (rates of a sweep, epochs summed over a comparison's runs). */
export interface LabProgress {
  done: number;
  total: number;
  text: string;
}

export interface LabHandle {
  readonly outcome: Promise<LabResult>;
  cancel(): void;
}

/** The three-rate plan, the batch sizes: a comparison has three runs unless the file lists its rates (optimizers: OPTIMIZER_RUNS). */
const DEFAULT_RUNS = 3;

/**
 * How many runs a comparison of `text` has: the rates of `compare.learningRates`, else three (the
 * three-rate plan, or full batch, mini-batch and SGD). A worker answers a run past the plan's end
 * (the plan is the file's own rate alone when there is no bound) with no run.
 */
export function comparisonRuns(kind: 'rates' | 'batches' | 'optimizers', text: string): number {
  if (kind === 'batches') return DEFAULT_RUNS;
  if (kind === 'optimizers') return OPTIMIZER_RUNS;
  return parseConfig(text).config?.compare.learningRates?.length ?? DEFAULT_RUNS;
}

/** The worker job of each comparison's runs. */
const JOB_KINDS = { rates: 'rate', batches: 'batch', optimizers: 'optimizer' } as const;

/** The comparison each lab returns. */
const COMPARISON_KINDS = { rates: 'learning-rates', batches: 'batch-sizes', optimizers: 'optimizers' } as const;

/** Starts a lab of the config in `request`; `cores` sizes the pool of a comparison. */
export function startLab(workers: LabWorkers, request: RunRequest, kind: LabKind, cores: number, onProgress?: (p: LabProgress) => void): LabHandle {
  if (kind === 'sweep') {
    const handle = workers.startLab(request, { kind: 'sweep' }, (p) => onProgress?.({ done: p.epoch, total: p.epochs, text: t('{0} of {1} rates trained', formatCount(p.epoch), formatCount(p.epochs)) }));
    return { outcome: handle.outcome.then((o) => sweepResult(o)), cancel: () => handle.cancel() };
  }
  const count = comparisonRuns(kind, request.text);
  const epochs: { done: number; total: number }[] = Array.from({ length: count }, () => ({ done: 0, total: 0 }));
  const size = labPoolSize(count, cores);
  const pool = runPool<WorkOutcome<LabAnswer>>(count, size, (index) =>
    workers.startLab(request, { kind: JOB_KINDS[kind], index }, (p) => {
      epochs[index] = { done: p.epoch, total: p.epochs };
      const done = epochs.reduce((s, e) => s + e.done, 0);
      // A run not heard from yet has the same epochs as the others.
      const each = Math.max(...epochs.map((e) => Math.max(e.total, e.done)));
      const total = epochs.reduce((s, e) => s + Math.max(e.total, e.done, each), 0);
      onProgress?.({ done, total, text: t('{0} runs, {1} at once: {2} of {3} epochs', count, size, formatCount(done), formatCount(total)) });
    }),
  );
  return { outcome: pool.outcome.then((outcomes) => comparisonResult(kind, outcomes)), cancel: () => pool.cancel() };
}

function sweepResult(o: WorkOutcome<LabAnswer>): LabResult {
  if (o.kind !== 'done') return o.kind === 'cancelled' ? o : { kind: 'failed', message: o.message };
  const a = o.report;
  if (a.kind === 'invalid') return a;
  if (a.kind === 'sweep') return { kind: 'sweep', sweep: a.sweep };
  return { kind: 'failed', message: t('The worker answered a sweep with a run (a bug).') };
}

/** The runs in their plan's order; the first failure, invalid config or cancellation decides for all. */
export function comparisonResult(kind: 'rates' | 'batches' | 'optimizers', outcomes: readonly (WorkOutcome<LabAnswer> | undefined)[]): LabResult {
  const runs: ComparedRun[] = [];
  for (const o of outcomes) {
    if (o === undefined || o.kind === 'cancelled') return { kind: 'cancelled' };
    if (o.kind === 'crashed') return { kind: 'failed', message: o.message };
    const a = o.report;
    if (a.kind === 'invalid') return a;
    if (a.kind === 'sweep') return { kind: 'failed', message: t('The worker answered a comparison run with a sweep (a bug).') };
    if (a.run) runs.push(a.run);
  }
  return { kind: 'comparison', comparison: { kind: COMPARISON_KINDS[kind], runs } };
}
