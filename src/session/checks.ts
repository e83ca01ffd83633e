/**
 * The checks of a file's open buffer while it is edited: config and data, no training. Typing
 * pauses before a check runs; a newer check cancels an older one; a check's problems count only
 * while the buffer still holds the text it checked.
 */
import type { RunReport } from '../shared/report';
import { EDIT_DEBOUNCE_MS, type RunHandle, type SessionEnv } from './env';

export class BufferChecks {
  private timer: unknown = undefined;
  private running: RunHandle | null = null;

  constructor(
    private readonly env: SessionEnv,
    /** A check of the current buffer finished with these problems (the session decides what they do). */
    private readonly checked: (text: string, problems: RunReport['problems']) => void,
  ) {}

  /** A check is scheduled or running. */
  get pending(): boolean {
    return this.timer !== undefined || this.running !== null;
  }

  /** The buffer changed (or opened): check it once typing pauses. */
  schedule(): void {
    if (this.timer !== undefined) this.env.clearTimer(this.timer);
    this.timer = this.env.setTimer(() => {
      this.timer = undefined;
      void this.run();
    }, EDIT_DEBOUNCE_MS);
  }

  /** Cancels the check, scheduled or running. */
  drop(): void {
    if (this.timer !== undefined) this.env.clearTimer(this.timer);
    this.timer = undefined;
    this.running?.cancel();
  }

  private async run(): Promise<void> {
    const text = this.env.openText();
    if (!this.env.trusted() || text === null) return;
    // Newest wins here too: a check of older text is cancelled, not left parsing in a thread.
    this.running?.cancel();
    const handle = this.env.start('plan', text, this.env.nextRunId(), false);
    this.running = handle;
    const outcome = await handle.outcome;
    if (this.running === handle) this.running = null;
    this.env.log('debug', `check ${this.env.name} #${handle.runId}: ${outcome.kind}${outcome.kind === 'done' ? `, ${outcome.report.problems.length} problem(s)` : ''}`);
    if (outcome.kind === 'done' && this.env.openText() === text) this.checked(text, outcome.report.problems);
  }
}
