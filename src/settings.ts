import * as path from 'node:path';
import * as vscode from 'vscode';

/** Descent's settings, read fresh each time (they can change while the window is open). */
export interface Settings {
  trainOnSave: boolean;
  openPanelOnSave: boolean;
  /** Train a training.json and open its panel when an editor first shows it in this window. */
  openPanelOnOpen: boolean;
  maxUpdates: number;
  /** Extra absolute folders data may be read from, besides the workspace folder. */
  allowedDataFolders: string[];
  /** Save every finished run as a run file under `.descent/runs/` beside its training.json. */
  keepRuns: boolean;
}

/** Above this many weight updates Descent asks before training (setting descent.maxUpdates). */
export const DEFAULT_MAX_UPDATES = 10_000_000;

/** The settings for a file's scope; relative entries of allowedDataFolders are dropped. */
export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration('descent', scope);
  const max = c.get<number>('maxUpdates', DEFAULT_MAX_UPDATES);
  return {
    trainOnSave: c.get<boolean>('trainOnSave', true),
    openPanelOnSave: c.get<boolean>('openPanelOnSave', false),
    openPanelOnOpen: c.get<boolean>('openPanelOnOpen', false),
    maxUpdates: Number.isFinite(max) && max >= 1 ? max : DEFAULT_MAX_UPDATES,
    keepRuns: c.get<boolean>('keepRuns', false),
    allowedDataFolders: (c.get<unknown[]>('allowedDataFolders', []) ?? []).filter((f): f is string => typeof f === 'string' && path.isAbsolute(f)),
  };
}
