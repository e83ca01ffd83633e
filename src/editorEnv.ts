/**
 * The world as a file session sees it (src/session/env.ts), made of VS Code: the open buffer or
 * the file on disk, the workspace's trust and settings, the training worker, the clock, the
 * progress notification, the question before a long run, and the watcher on the data file.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { MAX_CONFIG_BYTES, parseConfig } from './core/config';
import type { Session } from './fileEntry';
import { dataStamp } from './dataAccess';
import { openDocument } from './files';
import type { RunRequest } from './shared/protocol';
import type { RunHandle, SessionEnv, Trigger } from './session/fileSession';
import type { PastRun } from './session/env';
import { readSettings } from './settings';
import type { WorkerClient } from './workerClient';
import { t } from './shared/l10n';

/** What the editor-made environment needs of the manager. */
export interface EnvOwner {
  readonly workers: WorkerClient;
  readonly output: vscode.LogOutputChannel;
  nextRunId(): number;
  publish(s: Session): void;
  publishDiagnostics(s: Session, text: string): void;
  runNow(uri: vscode.Uri, trigger: Trigger, force?: boolean): Promise<void>;
  /** A run of the file ended (kept as a run file with descent.keepRuns). */
  runFinished(s: Session, run: PastRun): void;
}

/** The environment of the session of `uri` (`session()` is the session itself, once it exists). */
export function editorEnvironment(uri: vscode.Uri, session: () => Session, owner: EnvOwner): SessionEnv {
  return {
    name: path.basename(uri.fsPath),
    nextRunId: () => owner.nextRunId(),
    trusted: () => vscode.workspace.isTrusted,
    trainOnSave: () => readSettings(uri).trainOnSave,
    readText: () => readText(uri),
    openText: () => openDocument(uri)?.getText() ?? null,
    start: (kind, text, runId, force, onProgress) => owner.workers.start(kind, runRequest(uri, text, runId, force), onProgress),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
    publish: () => owner.publish(session()),
    publishCheck: (text) => owner.publishDiagnostics(session(), text),
    progress: (runId, p) => session().panel?.post({ type: 'progress', runId, ...p }),
    showProgress: (handle) => showProgress(session(), handle),
    askToTrainAnyway: (why) => void askToTrainAnyway(uri, why, owner),
    watchData: (text) => watchData(session(), text),
    dataStamp: (file) => dataStamp(file),
    log: (level, message) => owner.output[level](message),
    runFinished: (run) => owner.runFinished(session(), run),
  };
}

/** A worker request for `text`: where its data may be read from, and the update limit unless forced. */
export function runRequest(uri: vscode.Uri, text: string, runId: number, force: boolean): RunRequest {
  const settings = readSettings(uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const baseDir = path.dirname(uri.fsPath);
  return {
    runId,
    text,
    baseDir,
    allowedRoots: [folder?.uri.fsPath ?? baseDir, ...settings.allowedDataFolders],
    maxUpdates: force ? null : settings.maxUpdates,
  };
}

/**
 * The text to train: the editor's buffer when the file is open, else the file on disk; null when
 * it is gone; a refusal when it is not a regular file (a read of a named pipe never ends), too
 * large, or cannot be read (a permission error says so, rather than "deleted").
 */
async function readText(uri: vscode.Uri): Promise<string | null | { refused: string }> {
  const open = openDocument(uri);
  if (open) return open.getText();
  const name = path.basename(uri.fsPath);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if ((stat.type & vscode.FileType.File) === 0) return { refused: t('{0} is not a regular file (a named pipe, a device or a socket); Descent reads only regular files.', name) };
    if (stat.size > MAX_CONFIG_BYTES) return { refused: t('{0} is {1} MB; Descent reads configs up to {2} MB.', name, (stat.size / 1e6).toFixed(1), MAX_CONFIG_BYTES / 1e6) };
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code !== 'FileNotFound' && e.code !== 'FileIsADirectory') return { refused: t('{0} cannot be read: {1}', name, e.message) };
    return null;
  }
}

async function askToTrainAnyway(uri: vscode.Uri, why: string, owner: EnvOwner): Promise<void> {
  const anyway = t('Train Anyway');
  const settings = t('Open Settings');
  const choice = await vscode.window.showWarningMessage(t('{0} This may take a long time.', why), anyway, settings);
  if (choice === anyway) await owner.runNow(uri, 'command', true);
  else if (choice === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'descent.maxUpdates');
}

function showProgress(s: Session, handle: RunHandle): void {
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Descent: training {0}', s.name), cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => handle.cancel());
      let reported = 0;
      const tick = setInterval(() => {
        if (!s.progress || s.handle !== handle) return;
        const pct = (100 * s.progress.epoch) / s.progress.epochs;
        progress.report({ increment: pct - reported, message: t('epoch {0} of {1}', s.progress.epoch, s.progress.epochs) });
        reported = pct;
      }, 100);
      try {
        await handle.outcome;
      } finally {
        clearInterval(tick);
      }
    },
  );
}

/**
 * Watches the data file `text` reads (a CSV; the built-in and synthetic data cannot change), so a
 * change to it is seen: an edited data.csv must not leave the old verdict and squiggles in place.
 */
function watchData(s: Session, text: string): void {
  const file = dataFileOf(s.uri, text);
  if (file === s.dataFile) return;
  s.dataWatcher?.dispose();
  s.dataWatcher = null;
  s.dataFile = file;
  if (file === null) return;
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
  const changed = () => s.dataFile === file && s.dataChanged(file);
  s.dataWatcher = vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
}

/** The absolute path of the CSV a training.json's text reads, or null (no CSV, or the text does not parse). */
function dataFileOf(uri: vscode.Uri, text: string): string | null {
  const config = parseConfig(text).config;
  return config?.data.kind === 'csv' ? path.resolve(path.dirname(uri.fsPath), config.data.csv) : null;
}
