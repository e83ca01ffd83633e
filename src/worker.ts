/**
 * The training worker: runs the core off the extension host's thread, so the editor never
 * waits for gradient descent. One request at a time, through the channel; the host terminates
 * the worker to cancel.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createFileReader } from './dataAccess';
import { failedReport, planRun, runTraining, thinHistory } from './core/run';
import { Channel } from './shared/channel';
import { type HostToWorker, type RunRequest, type WorkerToHost, parseHostRequest } from './shared/protocol';
import type { RunReport } from './shared/report';
import { assertNever } from './shared/assertNever';
import { MAX_HISTORY_POINTS } from './shared/series';
import { answerLab } from './labWorker';
import { type Language, setLanguage, t } from './shared/l10n';

// The host's display language (src/workerClient.ts), before anything is said.
const language = (workerData as { language?: Language } | null)?.language;
if (language && typeof language.locale === 'string') setLanguage(language);

/** Progress is throttled: a message per epoch would flood the host on a tiny dataset. */
const PROGRESS_INTERVAL_MS = 50;

/** Where the request's data may be read from, and its update limit (null: the user said train anyway). */
function readerOptions(request: RunRequest, onRead?: (stamp: string) => void) {
  return {
    reader: createFileReader(request.baseDir, request.allowedRoots, undefined, onRead),
    ...(request.maxUpdates !== null ? { maxUpdates: request.maxUpdates } : {}),
  };
}

function train(request: RunRequest, progress: (m: WorkerToHost) => void, onRead: (stamp: string) => void): RunReport {
  let last = 0;
  return runTraining(request.text, {
    ...readerOptions(request, onRead),
    // The panel's model view and landscape: a bounded sample of the rows and the loss's quadratic.
    geometry: true,
    onEpoch(epoch, loss, epochs) {
      const now = Date.now();
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        progress({ type: 'progress', epoch, epochs, loss: Number.isFinite(loss) ? loss : null });
      }
    },
  });
}

/** Answers one request: the plan's problems, or the run's report (thinned for the editor). */
function answer(message: HostToWorker, progress: (m: WorkerToHost) => void): WorkerToHost {
  try {
    switch (message.type) {
      case 'plan':
        return { type: 'planned', report: failedReport(message.request.text, planRun(message.request.text, readerOptions(message.request)).problems) };
      case 'train': {
        // The editor draws at most a few thousand points: a long run's history is thinned here,
        // off the extension host's thread, before it is copied across.
        let dataStamp: string | null = null;
        const report = thinHistory(
          train(message.request, progress, (stamp) => (dataStamp = stamp)),
          MAX_HISTORY_POINTS,
        );
        return { type: 'result', report, dataStamp };
      }
      case 'lab':
        return { type: 'labResult', answer: answerLab(message.request.text, message.job, readerOptions(message.request), (epoch, epochs, loss) => progress({ type: 'progress', epoch, epochs, loss })) };
      default:
        return assertNever(message);
    }
  } catch (e) {
    // Bad input never throws (it becomes problems): anything thrown here is a bug, and says so.
    const text = e instanceof Error ? e.message : String(e);
    return { type: 'failed', message: `${t('Descent hit an unexpected error (a bug, not a problem with your files): {0}', text)}\n${e instanceof Error ? (e.stack ?? '') : ''}` };
  }
}

const channel: Channel<WorkerToHost, HostToWorker> = new Channel((envelope) => parentPort?.postMessage(envelope), parseHostRequest, {
  onMessage: (message, request) => (request ? answer(message, (event) => channel.event(event, request.id)) : undefined),
});
parentPort?.on('message', (raw: unknown) => channel.receive(raw));
