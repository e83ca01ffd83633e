/**
 * The training worker: runs the core off the extension host's thread, so the editor never
 * waits for gradient descent. One request at a time, through the channel; the host terminates
 * the worker to cancel.
 */
import { parentPort } from 'node:worker_threads';
import { createFileReader } from './dataAccess';
import { executeRun, failedReport, planRun, thinHistory } from './core/run';
import { Channel } from './shared/channel';
import { hasErrors, ProblemCode } from './shared/problems';
import { type HostToWorker, type RunRequest, type WorkerToHost, parseHostRequest } from './shared/protocol';
import type { RunReport } from './shared/report';
import { assertNever } from './shared/wording';

/** Per-epoch losses sent to the editor at most (the chart shows 2,000 of them). */
const MAX_HISTORY_POINTS = 4001;
/** Progress is throttled: a message per epoch would flood the host on a tiny dataset. */
const PROGRESS_INTERVAL_MS = 50;

function plan(request: RunRequest) {
  return planRun(request.text, {
    reader: createFileReader(request.baseDir, request.allowedRoots),
    ...(request.maxUpdates !== null ? { maxUpdates: request.maxUpdates } : {}),
  });
}

function train(request: RunRequest, progress: (m: WorkerToHost) => void): RunReport {
  const { plan: p, problems } = plan(request);
  if (!p || hasErrors(problems) || problems.some((q) => q.code === ProblemCode.TooManyUpdates)) return failedReport(request.text, problems);
  let last = 0;
  return executeRun(p, problems, request.text, {
    onEpoch(epoch, loss) {
      const now = Date.now();
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        progress({ type: 'progress', epoch, epochs: p.config.epochs, loss: Number.isFinite(loss) ? loss : null });
      }
    },
  });
}

/** Answers one request: the plan's problems, or the run's report (thinned for the editor). */
function answer(message: HostToWorker, progress: (m: WorkerToHost) => void): WorkerToHost {
  try {
    switch (message.type) {
      case 'plan':
        return { type: 'planned', report: failedReport(message.request.text, plan(message.request).problems) };
      case 'train':
        // The editor draws at most a few thousand points: a long run's history is thinned here,
        // off the extension host's thread, before it is copied across.
        return { type: 'result', report: thinHistory(train(message.request, progress), MAX_HISTORY_POINTS) };
      default:
        return assertNever(message);
    }
  } catch (e) {
    // Bad input never throws (it becomes problems): anything thrown here is a bug, and says so.
    const text = e instanceof Error ? e.message : String(e);
    return { type: 'failed', message: `Descent hit an unexpected error (a bug, not a problem with your files): ${text}\n${e instanceof Error ? (e.stack ?? '') : ''}` };
  }
}

const channel: Channel<WorkerToHost, HostToWorker> = new Channel((envelope) => parentPort?.postMessage(envelope), parseHostRequest, {
  onMessage: (message, request) => (request ? answer(message, (event) => channel.event(event, request.id)) : undefined),
});
parentPort?.on('message', (raw: unknown) => channel.receive(raw));
