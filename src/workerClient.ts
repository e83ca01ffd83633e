import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { RunReport } from './core/run';
import type { HostToWorker, RunRequest, WorkerToHost } from './protocol';

export type RunOutcome =
  | { kind: 'done'; report: RunReport }
  | { kind: 'cancelled' }
  | { kind: 'crashed'; message: string };

export interface RunHandle {
  readonly runId: number;
  readonly outcome: Promise<RunOutcome>;
  /** Stops the run at once: its worker is terminated (a fresh one starts for the next run). */
  cancel(): void;
}

export interface Progress {
  epoch: number;
  epochs: number;
  loss: number | null;
}

/**
 * Starts training workers lazily and hands each request its own: a busy worker is never shared,
 * so cancelling one run (terminating its worker) cannot touch another. One idle worker is kept
 * warm for the next save; all are terminated on dispose.
 */
export class WorkerClient implements vscode.Disposable {
  private idle: Worker | null = null;
  private readonly busy = new Set<Worker>();
  private disposed = false;

  constructor(private readonly script: string) {}

  /** Workers alive now, busy or idle (tests count them to prove nothing is left behind). */
  get liveWorkers(): number {
    return this.busy.size + (this.idle ? 1 : 0);
  }

  private take(): Worker {
    const w = this.idle ?? new Worker(this.script);
    this.idle = null;
    this.busy.add(w);
    return w;
  }

  private release(w: Worker): void {
    this.busy.delete(w);
    w.removeAllListeners();
    if (!this.disposed && this.idle === null) this.idle = w;
    else void w.terminate();
  }

  /** Sends a plan or train request; progress arrives through `onProgress`. */
  start(type: HostToWorker['type'], request: RunRequest, onProgress?: (p: Progress) => void): RunHandle {
    if (this.disposed) return { runId: request.runId, outcome: Promise.resolve({ kind: 'cancelled' }), cancel: () => undefined };
    const worker = this.take();
    let settle: (o: RunOutcome) => void = () => undefined;
    let settled = false;
    const outcome = new Promise<RunOutcome>((resolve) => {
      settle = (o) => {
        if (settled) return;
        settled = true;
        resolve(o);
      };
    });
    worker.on('message', (m: WorkerToHost) => {
      if (m.runId !== request.runId) return;
      switch (m.type) {
        case 'progress':
          onProgress?.({ epoch: m.epoch, epochs: m.epochs, loss: m.loss });
          break;
        case 'planned':
        case 'result':
          this.release(worker);
          settle({ kind: 'done', report: m.report });
          break;
        case 'failed':
          this.release(worker);
          settle({ kind: 'crashed', message: m.message });
          break;
        default: {
          const never: never = m;
          throw new Error(`unknown worker message ${JSON.stringify(never)}`);
        }
      }
    });
    const lost = (why: string) => {
      this.busy.delete(worker);
      worker.removeAllListeners();
      if (this.idle === worker) this.idle = null;
      settle({ kind: 'crashed', message: why });
    };
    worker.on('error', (e) => lost(`The training worker crashed: ${e.message}`));
    worker.on('exit', (code) => lost(`The training worker stopped unexpectedly (exit code ${code}).`));
    const message: HostToWorker = { type, request };
    worker.postMessage(message);
    return {
      runId: request.runId,
      outcome,
      cancel: () => {
        if (settled) return;
        settle({ kind: 'cancelled' });
        this.busy.delete(worker);
        worker.removeAllListeners();
        void worker.terminate();
      },
    };
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.busy) void w.terminate();
    this.busy.clear();
    void this.idle?.terminate();
    this.idle = null;
  }
}
