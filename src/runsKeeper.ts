/**
 * Keeps each training.json's runs table (`chart/runsStore.ts`) in the workspace state, so the
 * rows, pins and hidden runs survive a window reload. It takes a file's finished runs from its
 * session as they come (the last run and the ones before it), and what is read back is
 * validated (`parseStoredRuns`): the state is another version's, or was edited, as far as
 * Descent knows.
 */
import type * as vscode from 'vscode';
import { type RunsState, EMPTY_RUNS, addRun, applyRunAction, configKey, parseStoredRuns, storedRunFrom } from './chart/runsStore';
import type { Session } from './fileEntry';
import type { RunAction } from './shared/runs';
import { t } from './shared/l10n';

/** The workspace-state key of a file's runs. */
export const runsStateKey = (uri: vscode.Uri): string => `descent.runs:${uri.toString()}`;

export class RunsKeeper {
  private readonly states = new Map<string, RunsState>();
  /** The newest run id of each session already taken into its file's runs. */
  private readonly taken = new WeakMap<Session, number>();

  constructor(
    /** The workspace state; null keeps runs for the window's life only. */
    private readonly memento: vscode.Memento | null,
    private readonly log: (message: string) => void,
  ) {}

  /** The current config's key, or null before a run with a config. */
  currentKey(s: Session): string | null {
    const config = s.last?.report.config;
    return config ? configKey(config) : null;
  }

  /** The file's runs, with any of its session's runs finished since the last call added (oldest first). */
  runs(s: Session): RunsState {
    let state = this.read(s);
    const since = this.taken.get(s) ?? 0;
    const fresh = [...s.previous, ...(s.last ? [s.last] : [])].filter((r) => r.runId > since && r.report.trained).sort((a, b) => a.runId - b.runId);
    const unique = fresh.filter((r, i) => fresh.findIndex((o) => o.runId === r.runId) === i);
    let changed = false;
    for (const r of unique) {
      const run = storedRunFrom(r.report);
      if (run) {
        state = addRun(state, run);
        changed = true;
      }
    }
    const newest = Math.max(since, ...unique.map((r) => r.runId));
    this.taken.set(s, newest);
    if (changed) this.write(s, state);
    return state;
  }

  /** Applies a user's action on a row; true when it changed something. */
  act(s: Session, id: number, action: RunAction): boolean {
    const before = this.runs(s);
    const after = applyRunAction(before, id, action, this.currentKey(s));
    if (after === before) return false;
    this.write(s, after);
    return true;
  }

  private read(s: Session): RunsState {
    const key = runsStateKey(s.uri);
    let state = this.states.get(key);
    if (!state) {
      state = this.memento ? parseStoredRuns(this.memento.get<unknown>(key)) : EMPTY_RUNS;
      this.states.set(key, state);
    }
    return state;
  }

  private write(s: Session, state: RunsState): void {
    const key = runsStateKey(s.uri);
    this.states.set(key, state);
    this.memento?.update(key, state).then(undefined, (e: unknown) => this.log(t('Could not keep the runs of {0}: {1}', s.name, String(e))));
  }
}
