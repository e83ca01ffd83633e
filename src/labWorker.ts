/**
 * The learning lab inside a training worker: one job of a lab (the whole sweep, or one run of a
 * comparison) on the config's text. Each worker plans the config and works out the comparison's
 * list itself (the plan is deterministic), so the host can start every run of a comparison at
 * once in parallel workers, with no planning round before them.
 */
import { analyzeRows } from './core/curvature';
import { OPTIMIZER_RUNS, batchSizePlan, comparedOptimizerRun, comparedRun, plannedRates, sweepLearningRates } from './core/lab';
import { type PlanOptions, locateAll, planRun, thinHistory } from './core/run';
import type { LabAnswer, LabJob } from './shared/labProtocol';
import { ProblemCode, hasErrors } from './shared/problems';
import { MAX_HISTORY_POINTS } from './shared/series';
import { assertNever } from './shared/assertNever';

/** What a lab job reports while it runs: rates done of a sweep, or epochs of a run. */
export type LabProgress = (done: number, total: number, loss: number | null) => void;

/** Progress is throttled: a message per epoch would flood the host on a tiny dataset. */
const PROGRESS_INTERVAL_MS = 50;

/** A run's epochs as progress, at most one message per PROGRESS_INTERVAL_MS. */
function epochProgress(progress: LabProgress): { onEpoch(epoch: number, loss: number, epochs: number): void } {
  let last = 0;
  return {
    onEpoch(epoch, loss, epochs) {
      const now = Date.now();
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        progress(epoch, epochs, Number.isFinite(loss) ? loss : null);
      }
    },
  };
}

/** Answers one lab job for the config `text` (CSV read through `options.reader`). */
export function answerLab(text: string, job: LabJob, options: PlanOptions, progress: LabProgress): LabAnswer {
  const { plan, problems } = planRun(text, options);
  // Over the update limit nothing runs, as for a training (the limit applies to each run of the lab).
  if (!plan || hasErrors(problems) || problems.some((p) => p.code === ProblemCode.TooManyUpdates)) return { kind: 'invalid', problems: locateAll(text, problems) };
  const curvature = analyzeRows(plan.prepared.train, plan.config.model.kind);
  switch (job.kind) {
    case 'sweep':
      return {
        kind: 'sweep',
        sweep: sweepLearningRates(plan, {
          curvature,
          onPoint: (point, i, count) => progress(i + 1, count, point.finalLoss),
        }),
      };
    case 'rate':
    case 'batch': {
      const planned = job.kind === 'rate' ? plannedRates(plan, curvature).map((r) => ({ role: r.role, change: { learningRate: r.learningRate } })) : batchSizePlan(plan).map((b) => ({ role: b.role, change: { batchSize: b.batchSize } }));
      const mine = planned[job.index];
      if (!mine) return { kind: 'run', run: null, count: planned.length };
      const run = comparedRun(mine.role, plan, mine.change, problems, text, curvature, epochProgress(progress));
      // The page draws at most a few thousand points a curve: thinned here, off the host's thread.
      return { kind: 'run', run: { ...run, report: thinHistory(run.report, MAX_HISTORY_POINTS) }, count: planned.length };
    }
    case 'optimizer': {
      // Adam's run sweeps its rates first (quick beside the run), then reports the chosen run's epochs.
      const run = comparedOptimizerRun(job.index, plan, problems, text, curvature, epochProgress(progress));
      return { kind: 'run', run: run ? { ...run, report: thinHistory(run.report, MAX_HISTORY_POINTS) } : null, count: OPTIMIZER_RUNS };
    }
    default:
      return assertNever(job);
  }
}
