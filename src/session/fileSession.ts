/**
 * One training.json's life, as plain code: when it trains (saves are coalesced, the newest request
 * wins, an older run is cancelled and never shown), when its text is checked, what a deletion, a
 * return, a refused run, a crash or a change of trust does to it. No `vscode` here: the editor,
 * the worker and the clock come in through `SessionEnv`, so the rules are tested in milliseconds
 * (test/unit/session.test.ts) and the real host tests only the wiring.
 */
import type { PanelState } from '../shared/protocol';
import { ProblemCode } from '../shared/problems';
import type { RunReport } from '../shared/report';
import { assertNever } from '../shared/assertNever';
import { t } from '../shared/l10n';
import { BufferChecks } from './checks';
import { ANNOUNCE_TRAINING_AFTER_MS, MAX_PREVIOUS_RUNS, PROGRESS_AFTER_MS, SAVE_DEBOUNCE_MS, type PastRun, type Progress, type RunHandle, type RunOutcome, type SessionEnv, type Trigger } from './env';

export type { PastRun, Progress, RunHandle, RunOutcome, SessionEnv, Trigger };

export class FileSession {
  /** The newest request to train; a request that finds a newer one after reading the file drops out. */
  private requested = 0;
  /** The run that owns the file's state; a run that finds another owner when it ends is dropped. */
  private generation = 0;
  handle: RunHandle | null = null;
  /** Text of the run in flight, to drop external-change events that repeat it. */
  private inFlightText: string | null = null;
  last: PastRun | null = null;
  lastText: string | null = null;
  previous: PastRun[] = [];
  state: PanelState = 'idle';
  message: string | null = null;
  progress: Progress | null = null;
  /** Problems of the latest check (the text being edited). */
  planned: RunReport['problems'] = [];
  private saveTimer: unknown = undefined;
  private scheduledTrigger: Trigger | null = null;
  /** The text the scheduled run trains, when it is known already (a save that has started); else the run reads it. */
  private scheduledText: string | null = null;
  /** The text of the save under way, trained as the save started. */
  private savingText: string | null = null;
  private readonly checks: BufferChecks;
  /** Runs scheduled or under way (for `whenIdle`). */
  pending = 0;
  /** The last request stopped at the update limit: a larger limit trains it. */
  stoppedByLimit = false;
  /** The data file changed after the last run and it was not re-trained. */
  stale = false;
  private readonly idleWaiters: (() => void)[] = [];
  /** Disposed: nothing schedules, and a run that ends now is dropped. */
  private disposed = false;

  constructor(private readonly env: SessionEnv) {
    this.checks = new BufferChecks(env, (text, problems) => this.checked(text, problems));
  }

  /** A run or check is scheduled (a debounce timer is pending). */
  get timersPending(): boolean {
    return this.saveTimer !== undefined || this.checks.pending;
  }

  /** A check is scheduled or running. */
  get checksPending(): boolean {
    return this.checks.pending;
  }

  /** True for a file Descent has trained, is training, or saw deleted: only those refresh on changes from outside. */
  get tracked(): boolean {
    return this.last !== null || this.handle !== null || this.state === 'deleted';
  }

  /** Resolves once no run is scheduled or under way. */
  whenIdle(): Promise<void> {
    if (this.pending === 0 && this.handle === null) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Trains now (a command, the panel's button, "Train Anyway"). */
  runNow(trigger: Trigger, force = false): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.pending++;
    return this.train(trigger, force).finally(() => this.settle());
  }

  /**
   * The editor is about to save `text` (onWillSave): train it now rather than after the write and
   * its round trip, which is most of the time from Ctrl+S to a new chart. `saved` then confirms it.
   */
  saveStarting(text: string): void {
    this.savingText = text;
    // No debounce: the text is known, and a second save that follows at once wins by cancelling this run.
    this.schedule('save', text, 0);
  }

  /** The editor saved `text`: train it, unless the save that just started already trains (or trained) exactly that. */
  saved(text: string): void {
    const early = this.savingText;
    this.savingText = null;
    const covered = this.scheduledText === text || this.inFlightText === text || (this.handle === null && this.lastText === text);
    if (early === text && covered) return;
    this.schedule('save');
  }

  /** Coalesces saves and outside changes: the last one in a burst trains (`text`, when given, else what the file holds then). */
  schedule(trigger: Trigger, text?: string, delay = SAVE_DEBOUNCE_MS): void {
    if (this.disposed) return;
    // The run reports the same problems a check would: drop the check rather than compete with it.
    this.checks.drop();
    if (this.saveTimer !== undefined) this.env.clearTimer(this.saveTimer);
    else this.pending++;
    // The watcher also reports the editor's own save: it must not turn a save into an outside change.
    const keepSave = this.saveTimer !== undefined && trigger === 'external';
    this.scheduledTrigger = keepSave ? (this.scheduledTrigger ?? trigger) : trigger;
    if (!keepSave) this.scheduledText = text ?? null;
    this.saveTimer = this.env.setTimer(() => {
      this.saveTimer = undefined;
      const scheduled = this.scheduledTrigger ?? trigger;
      const known = this.scheduledText;
      this.scheduledTrigger = null;
      this.scheduledText = null;
      void this.train(scheduled, false, known).finally(() => this.settle());
    }, delay);
  }

  /** The buffer changed (or opened): check it once typing pauses. */
  scheduleCheck(): void {
    if (!this.disposed) this.checks.schedule();
  }

  private settle(): void {
    this.pending = Math.max(0, this.pending - 1);
    if (this.pending === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  /** A check of the buffer finished: its problems are the file's, unless the file went meanwhile. */
  private checked(text: string, problems: RunReport['problems']): void {
    if (this.disposed) return;
    this.planned = problems;
    // A check that was already running when the file was deleted must not bring its squiggles back.
    if (this.state !== 'deleted') {
      this.env.watchData(text);
      this.env.publishCheck(text);
    }
  }

  /** Trains the file's current content. */
  private async train(trigger: Trigger, force = false, known: string | null = null): Promise<void> {
    if (!this.env.trusted()) {
      this.state = 'untrusted';
      this.message = t('This workspace is not trusted, so Descent does not read data or train. Trust the workspace (Manage Workspace Trust) to train.');
      this.env.publish();
      return;
    }
    // The request's place in line is taken now, before reading: a later request wins even if its read finishes first.
    const request = ++this.requested;
    const text = known ?? (await this.env.readText());
    if (this.requested !== request) return;
    if (text === null) {
      this.deleted();
      return;
    }
    if (typeof text !== 'string') {
      this.state = 'invalid';
      this.message = text.refused;
      this.env.publish();
      return;
    }
    // An outside change that brings back the text already trained (or training) changes nothing,
    // unless the file was deleted in between: then it has come back, and the panel must say so.
    if (trigger === 'external' && this.state !== 'deleted' && (text === this.inFlightText || (this.handle === null && text === this.lastText))) return;
    const runId = this.env.nextRunId();
    this.generation = runId;
    this.stoppedByLimit = false;
    this.handle?.cancel();
    this.state = 'training';
    this.message = null;
    this.progress = null;
    this.inFlightText = text;
    // Most runs end in milliseconds: saying "training…" only for longer ones spares a redraw.
    const announce = this.env.setTimer(() => this.generation === runId && this.state === 'training' && this.env.publish(), ANNOUNCE_TRAINING_AFTER_MS);
    const handle = this.env.start('train', text, runId, force, (p) => {
      if (this.generation !== runId) return;
      this.progress = p;
      this.env.progress(runId, p);
    });
    this.handle = handle;
    const notify = this.env.setTimer(() => this.generation === handle.runId && this.env.showProgress(handle), PROGRESS_AFTER_MS);
    this.env.log('info', `train ${this.env.name} #${runId} (${trigger})`);
    const outcome = await handle.outcome;
    this.env.clearTimer(notify);
    this.env.clearTimer(announce);
    this.env.log('info', `train #${runId}: ${outcome.kind}${outcome.kind === 'done' ? ` ${outcome.report.verdict ?? 'not trained'}` : ''}${this.generation !== runId ? ' (superseded)' : ''}`);
    if (this.generation !== runId) return; // superseded: a newer run owns the file now
    this.handle = null;
    this.inFlightText = null;
    this.progress = null;
    this.finish(outcome, runId, text, trigger);
  }

  /** What a run's outcome does to the file. */
  private finish(outcome: RunOutcome, runId: number, text: string, trigger: Trigger): void {
    switch (outcome.kind) {
      case 'cancelled':
        this.state = this.last ? 'done' : 'idle';
        this.message = t('Training was cancelled.');
        this.scheduleRecheck();
        break;
      case 'crashed':
        this.state = 'crashed';
        this.message = t('{0} Save the file to train again with a fresh worker.', outcome.message.split('\n')[0] ?? '');
        this.env.log('error', `Training ${this.env.name} failed: ${outcome.message}`);
        this.scheduleRecheck();
        break;
      case 'done': {
        const report = outcome.report;
        const tooMany = report.problems.find((p) => p.code === ProblemCode.TooManyUpdates);
        if (!report.trained && tooMany && !report.problems.some((p) => p.severity === 'error')) {
          this.state = this.last ? 'done' : 'idle';
          this.message = t('Not trained: {0}', tooMany.message);
          this.stoppedByLimit = true;
          // The text was planned, not trained: its problems (the limit on epochs) are the check's.
          this.planned = report.problems;
          this.env.publish();
          this.env.askToTrainAnyway(tooMany.message);
          return;
        }
        // The run it replaces joins the history if it trained (an invalid one has no curve to show).
        if (this.last?.report.trained) this.previous = [this.last, ...this.previous].slice(0, MAX_PREVIOUS_RUNS);
        this.last = { runId, report, trigger, dataStamp: outcome.dataStamp ?? null };
        this.lastText = text;
        this.stale = false;
        this.env.watchData(text);
        this.state = report.trained ? 'done' : 'invalid';
        this.message = report.trained ? null : t('training.json has problems; fix them and save to train.');
        if (report.trained) this.env.runFinished?.(this.last);
        break;
      }
      default:
        assertNever(outcome);
    }
    this.env.publish();
  }

  /** Checks the open buffer again (its problems may be stale). */
  private scheduleRecheck(): void {
    if (this.env.openText() !== null) this.scheduleCheck();
  }

  /** The file is gone: stop refreshing, cancel its run, tell the panel. */
  deleted(): void {
    this.requested++;
    this.generation = this.env.nextRunId();
    this.handle?.cancel();
    this.handle = null;
    this.state = 'deleted';
    this.stale = false;
    this.message = t('{0} was deleted or renamed; this panel no longer refreshes.', this.env.name);
    this.env.publish();
  }

  /** The deleted file is back and is not to be trained (trainOnSave off): show what it had. */
  restored(): void {
    if (this.state !== 'deleted') return;
    this.state = this.last ? 'done' : 'idle';
    this.message = null;
    this.env.publish();
    this.scheduleRecheck();
  }

  /** The editor closed the file: problems of unsaved text go; those of the run of the file on disk stay. */
  documentClosed(): void {
    this.checks.drop();
    this.planned = [];
    this.env.publish();
  }

  /** Descent's settings changed: a run refused for them (limit, data folders) is tried again. */
  settingsChanged(): void {
    if (this.state === 'deleted' || this.state === 'untrusted') return;
    if ((this.stoppedByLimit || this.state === 'invalid') && this.env.trainOnSave()) this.schedule('command');
    else this.scheduleRecheck();
  }

  /** Trust was granted: a file that waited for it trains now. */
  trustGranted(): void {
    if (this.state === 'untrusted') this.schedule('command');
  }

  /**
   * The data file the last run read changed: re-train (trainOnSave), else say the result is stale.
   * A watcher's event can arrive after a run already read the new version: when the file is still
   * the version the last run read, nothing changed for it, and its result is not stale.
   */
  dataChanged(file: string): void {
    if (this.state === 'deleted' || this.state === 'untrusted') return;
    if (this.last?.dataStamp && this.env.dataStamp(file) === this.last.dataStamp) {
      this.env.log('info', `data of ${this.env.name}: event for ${file}, still the version the last run read`);
      return;
    }
    this.env.log('info', `data of ${this.env.name} changed: ${file}`);
    // A run refused for its data (a text cell, a missing column) trains again too: the fix may be this change.
    if (this.last && this.env.trainOnSave()) {
      this.schedule('data');
      return;
    }
    if (this.last?.report.trained && !this.stale) {
      this.stale = true;
      this.message = t('{0} changed after this run; train again (or save {1}) to see its effect.', file.split(/[\\/]/).pop() ?? file, this.env.name);
      this.env.publish();
    }
    this.scheduleRecheck();
  }

  /** Ends everything under way (timers, the run, the check) without publishing anything, and releases `whenIdle`. */
  dispose(): void {
    this.disposed = true;
    // Both counters move on, so the run and the read in flight find themselves superseded when they end.
    this.requested++;
    this.generation = this.env.nextRunId();
    if (this.saveTimer !== undefined) {
      this.env.clearTimer(this.saveTimer);
      this.settle();
    }
    this.saveTimer = undefined;
    this.checks.drop();
    this.handle?.cancel();
    this.handle = null;
    this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }
}
