import { currentLanguage, t } from './shared/l10n';
import type * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';

import { Channel } from './shared/channel';
import { type HostToWorker, type RunRequest, type WorkerToHost, parseWorkerMessage } from './shared/protocol';
import type { LabAnswer, LabJob } from './shared/labProtocol';
import type { RunReport } from './shared/report';
import type { Progress, RunHandle, RunOutcome } from './session/env';

export type { Progress, RunHandle, RunOutcome };

/** How a piece of work in a worker ended: `report` is the reply's payload (a run's report, a lab's answer). */
export type WorkOutcome<T> = { kind: 'done'; report: T } | { kind: 'cancelled' } | { kind: 'crashed'; message: string };

/** A piece of work under way in a worker of its own. */
export interface WorkHandle<T> {
  readonly outcome: Promise<WorkOutcome<T>>;
  cancel(): void;
}

/** What a worker is doing now: the request it serves, to hear that request's progress and loss. */
interface Job {
  /** The channel id of the job's request: events about any other request are not its. */
  requestId: number;
  onProgress(m: WorkerToHost): void;
  onLost(why: string): void;
  onCancelled(): void;
}

/**
 * A worker thread with its channel and listeners attached once for its whole life: replies are
 * matched to requests by the channel, progress goes to the current job, so handing the worker
 * from one request to the next never touches its listeners.
 */
class PooledWorker {
  readonly thread: Worker;
  readonly channel: Channel<HostToWorker, WorkerToHost>;
  job: Job | null = null;
  dead = false;
  /** Settles when the thread has stopped. */
  readonly exited: Promise<void>;

  constructor(script: string) {
    // The worker speaks the display language in force when it starts (its verdicts and messages).
    this.thread = new Worker(script, { workerData: { language: currentLanguage() } });
    this.exited = new Promise((resolve) => this.thread.once('exit', () => resolve()));
    this.channel = new Channel<HostToWorker, WorkerToHost>((envelope) => this.thread.postMessage(envelope), parseWorkerMessage, {
      onMessage: () => undefined,
      onEventAbout: (m, requestId) => {
        if (this.job?.requestId === requestId) this.job.onProgress(m);
      },
    }, () => {
      this.lose(t('The training worker sent a malformed message (a bug).'));
      void this.thread.terminate();
    });
    this.thread.on('message', (raw: unknown) => this.channel.receive(raw));
    this.thread.on('error', (e) => this.lose(t('The training worker crashed: {0}', e.message)));
    this.thread.on('exit', (code) => this.lose(t('The training worker stopped unexpectedly (exit code {0}).', code)));
  }

  private lose(why: string): void {
    this.dead = true;
    const job = this.job;
    this.job = null;
    job?.onLost(why);
    this.channel.close(why);
  }

  /** Ends the thread; its job (if any) hears nothing more. */
  terminate(): void {
    this.job = null;
    this.dead = true;
    this.channel.close('cancelled');
    void this.thread.terminate();
  }
}

/**
 * Starts training workers lazily and hands each request its own: a busy worker is never shared,
 * so cancelling one run (terminating its worker) cannot touch another. One idle worker is kept
 * warm for the next save; all are terminated on dispose.
 */
export class WorkerClient implements vscode.Disposable {
  private idle: PooledWorker | null = null;
  private started: PooledWorker[] = [];
  private readonly busy = new Set<PooledWorker>();
  private disposed = false;

  constructor(private readonly script: string) {}

  /** Workers alive now, busy or idle (tests count them to prove nothing is left behind). */
  get liveWorkers(): number {
    return this.busy.size + (this.idle && !this.idle.dead ? 1 : 0);
  }

  private spawn(): PooledWorker {
    const w = new PooledWorker(this.script);
    this.started = [...this.started.filter((s) => !s.dead), w];
    return w;
  }

  private take(): PooledWorker {
    const w = this.idle && !this.idle.dead ? this.idle : this.spawn();
    this.idle = null;
    this.busy.add(w);
    return w;
  }

  private release(w: PooledWorker): void {
    this.busy.delete(w);
    w.job = null;
    if (!this.disposed && !w.dead && this.idle === null) this.idle = w;
    else w.terminate();
  }

  /** Sends a plan or train request; progress arrives through `onProgress`. */
  start(type: 'plan' | 'train', request: RunRequest, onProgress?: (p: Progress) => void): RunHandle {
    const message: HostToWorker = type === 'plan' ? { type: 'plan', request } : { type: 'train', request };
    // A run's reply also says which version of its data file it read (the session's stale check).
    type Read = { report: RunReport; dataStamp: string | null };
    const handle = this.dispatch<Read>(
      message,
      (reply) => (reply.type === 'planned' ? { report: reply.report, dataStamp: null } : reply.type === 'result' ? { report: reply.report, dataStamp: reply.dataStamp } : null),
      onProgress,
    );
    const outcome = handle.outcome.then((o): RunOutcome => (o.kind === 'done' ? { kind: 'done', report: o.report.report, dataStamp: o.report.dataStamp } : o));
    return { runId: request.runId, outcome, cancel: handle.cancel };
  }

  /**
   * Sends one lab job (the sweep, or one run of a comparison) to a worker of its own, so the runs
   * of a comparison train in parallel threads; progress arrives through `onProgress`.
   */
  startLab(request: RunRequest, job: LabJob, onProgress?: (p: Progress) => void): WorkHandle<LabAnswer> {
    return this.dispatch<LabAnswer>({ type: 'lab', request, job }, (reply) => (reply.type === 'labResult' ? reply.answer : null), onProgress);
  }

  /** Hands `message` to a worker of its own and settles with what `accept` takes from the reply. */
  private dispatch<T>(message: HostToWorker, accept: (reply: WorkerToHost) => T | null, onProgress?: (p: Progress) => void): WorkHandle<T> {
    if (this.disposed) return { outcome: Promise.resolve({ kind: 'cancelled' }), cancel: () => undefined };
    const worker = this.take();
    let resolve: (o: WorkOutcome<T>) => void = () => undefined;
    const outcome = new Promise<WorkOutcome<T>>((r) => (resolve = r));
    let settled = false;
    const settle = (o: WorkOutcome<T>) => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    worker.job = {
      requestId: worker.channel.upcomingId,
      onProgress: (m) => {
        if (m.type === 'progress') onProgress?.({ epoch: m.epoch, epochs: m.epochs, loss: m.loss });
      },
      onLost: (why) => {
        this.busy.delete(worker);
        settle({ kind: 'crashed', message: why });
      },
      onCancelled: () => settle({ kind: 'cancelled' }),
    };
    worker.channel.request(message).then(
      (reply) => {
        if (settled) return;
        this.release(worker);
        const accepted = accept(reply);
        if (accepted !== null) settle({ kind: 'done', report: accepted });
        else if (reply.type === 'failed') settle({ kind: 'crashed', message: reply.message });
        else settle({ kind: 'crashed', message: t('The training worker answered a "{0}" request with "{1}".', message.type, reply.type) });
      },
      // A closed channel: the thread is gone (onLost settled the run) or was cancelled; anything else
      // (the request could not be posted) ends the run as crashed rather than leaving it waiting.
      (e: unknown) => {
        if (settled) return;
        this.busy.delete(worker);
        worker.terminate();
        settle({ kind: 'crashed', message: t('The training worker could not take the request: {0}', e instanceof Error ? e.message : String(e)) });
      },
    );
    return {
      outcome,
      cancel: () => {
        if (settled) return;
        settle({ kind: 'cancelled' });
        this.busy.delete(worker);
        worker.terminate();
      },
    };
  }

  /** Resolves when every worker started so far has stopped (after cancel or dispose). */
  async allStopped(): Promise<void> {
    await Promise.all(this.started.map((w) => w.exited));
  }

  /** Kills the threads of the runs under way the way a crash would: their runs end as crashed (fault tests). */
  simulateCrash(): void {
    for (const w of this.busy) void w.thread.terminate();
  }

  dispose(): void {
    this.disposed = true;
    // Runs under way end as cancelled, so nobody waits on them forever.
    for (const w of this.busy) {
      w.job?.onCancelled();
      w.terminate();
    }
    this.busy.clear();
    this.idle?.terminate();
    this.idle = null;
  }
}
