/**
 * What a file session is made of and what it needs from the world: its triggers, the handle of a
 * run in a worker, and `SessionEnv`, the editor, the worker and the clock as the session sees them.
 */
import type { RunReport } from '../shared/report';

/** What started a run; 'data' is a change to the data file the last run read. */
export type Trigger = 'command' | 'save' | 'external' | 'panel' | 'data';

/** A run's progress, as the worker reports it. */
export interface Progress {
  epoch: number;
  epochs: number;
  loss: number | null;
}

export type RunOutcome = { kind: 'done'; report: RunReport; dataStamp?: string | null } | { kind: 'cancelled' } | { kind: 'crashed'; message: string };

/** A run (or a check) under way in a worker. */
export interface RunHandle {
  readonly runId: number;
  readonly outcome: Promise<RunOutcome>;
  /** Stops the run at once. */
  cancel(): void;
}

/** A finished run of the file. */
export interface PastRun {
  runId: number;
  report: RunReport;
  /** What started it. */
  trigger: Trigger;
  /** The version of the data file it read (see SessionEnv.dataStamp), or null. */
  dataStamp: string | null;
}

/** What a session needs from the world. The glue implements it with VS Code; the tests with fakes. */
export interface SessionEnv {
  /** The file's base name, for messages, e.g. "training.json". */
  readonly name: string;
  /** Run ids count across files, so a log line names one run. */
  nextRunId(): number;
  trusted(): boolean;
  trainOnSave(): boolean;
  /** The text to train: the open buffer, else the file on disk; null when it is gone; a refusal when it cannot be read. */
  readText(): Promise<string | null | { refused: string }>;
  /** The open buffer's text, or null when the file is not open in an editor. */
  openText(): string | null;
  /** Starts a check (`plan`) or a run (`train`) of `text` in a worker. */
  start(kind: 'plan' | 'train', text: string, runId: number, force: boolean, onProgress?: (p: Progress) => void): RunHandle;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
  /** The session changed: refresh the diagnostics, panel, status bar and CodeLens. */
  publish(): void;
  /** A check finished: refresh only the diagnostics (its text is still the buffer's). */
  publishCheck(text: string): void;
  /** Progress of the run that owns the file. */
  progress(runId: number, p: Progress): void;
  /** A run is slow: show a cancellable notification until it ends. */
  showProgress(handle: RunHandle): void;
  /** The run is above the update limit: ask the user (they may call `runNow(…, force)`). */
  askToTrainAnyway(why: string): void;
  /** The text a run or check read names this data file (or none): watch it. */
  watchData(text: string): void;
  /** The identity of the version of `file` on disk now (inode, size, times), or null when it cannot be read. */
  dataStamp(file: string): string | null;
  log(level: 'info' | 'debug' | 'error', message: string): void;
  /** A run trained to its end (or stopped early) and is now the file's last run: the glue may keep it (setting descent.keepRuns). */
  runFinished?(run: PastRun): void;
}

/** Saves closer together than this are one run; a longer burst is handled by newest-wins. */
export const SAVE_DEBOUNCE_MS = 10;
/** Typing pauses this long before the checks rerun. */
export const EDIT_DEBOUNCE_MS = 300;
/** How many earlier runs of a file are kept for the chart. */
export const MAX_PREVIOUS_RUNS = 5;
/** Runs longer than this say "training…". */
export const ANNOUNCE_TRAINING_AFTER_MS = 100;
/** Runs longer than this get a cancellable progress notification. */
export const PROGRESS_AFTER_MS = 500;
