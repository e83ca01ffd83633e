/**
 * The training worker: runs the core off the extension host's thread, so the editor never
 * waits for gradient descent. One request at a time; the host terminates the worker to cancel.
 */
import { parentPort } from 'node:worker_threads';
import { createFileReader } from './dataAccess';
import { executeRun, failedReport, planRun, thinHistory } from './core/run';
import { hasErrors, ProblemCode } from './shared/problems';
import type { HostToWorker, RunRequest, WorkerToHost } from './shared/protocol';
import type { RunReport } from './shared/report';

/** Per-epoch losses sent to the editor at most (the chart shows 2,000 of them). */
const MAX_HISTORY_POINTS = 4001;
/** Progress is throttled: a message per epoch would flood the host on a tiny dataset. */
const PROGRESS_INTERVAL_MS = 50;

function post(message: WorkerToHost): void {
  parentPort?.postMessage(message);
}

function plan(request: RunRequest) {
  return planRun(request.text, {
    reader: createFileReader(request.baseDir, request.allowedRoots),
    ...(request.maxUpdates !== null ? { maxUpdates: request.maxUpdates } : {}),
  });
}

function train(request: RunRequest): RunReport {
  const { plan: p, problems } = plan(request);
  if (!p || hasErrors(problems) || problems.some((q) => q.code === ProblemCode.TooManyUpdates)) return failedReport(request.text, problems);
  let last = 0;
  return executeRun(p, problems, request.text, {
    onEpoch(epoch, loss) {
      const now = Date.now();
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        post({ type: 'progress', runId: request.runId, epoch, epochs: p.config.epochs, loss: Number.isFinite(loss) ? loss : null });
      }
    },
  });
}

parentPort?.on('message', (message: HostToWorker) => {
  const runId = message.request.runId;
  try {
    switch (message.type) {
      case 'plan': {
        const { problems } = plan(message.request);
        post({ type: 'planned', runId, report: failedReport(message.request.text, problems) });
        break;
      }
      case 'train':
        // The editor draws at most a few thousand points: a long run's history is thinned here,
        // off the extension host's thread, before it is copied across.
        post({ type: 'result', runId, report: thinHistory(train(message.request), MAX_HISTORY_POINTS) });
        break;
      default: {
        const never: never = message;
        throw new Error(`unknown request ${JSON.stringify(never)}`);
      }
    }
  } catch (e) {
    // Bad input never throws (it becomes problems): anything thrown here is a bug, and says so.
    const message = e instanceof Error ? e.message : String(e);
    post({ type: 'failed', runId, message: `Descent hit an unexpected error (a bug, not a problem with your files): ${message}\n${e instanceof Error ? (e.stack ?? '') : ''}` });
  }
});
