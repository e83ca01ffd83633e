/**
 * Runs leaving the editor, VS Code side: kept runs (setting `descent.keepRuns`, the command
 * **Descent: Delete Kept Runs**), **Descent: Export Training Script**, and the panel's exports
 * (the chart as SVG or PNG, the history as CSV or JSON) through the save dialog, since a webview
 * cannot download. The formats are the core's (src/core/runFile.ts, src/core/export/); files are
 * written atomically (src/runFiles.ts).
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { historyCsv, historyJson, pytorchScript, scriptDataOf } from './core/export';
import { createFileReader } from './dataAccess';
import { KEPT_RUNS, deleteKeptRuns, hashData, hashDataAsync, keepRun, listKeptRuns, writeFileAtomic } from './runFiles';
import type { PastRun } from './session/env';
import { readSettings } from './settings';
import type { RunReport } from './shared/report';
import { DESCENT_VERSION } from './version';
import { t } from './shared/l10n';

/**
 * After a run of `uri` ended: with `descent.keepRuns` on, saves it under `.descent/runs/` beside
 * the training.json (the newest KEPT_RUNS kept); a CSV is hashed off the event loop. Never
 * rejects: a failure is logged.
 */
export async function keepFinishedRun(uri: vscode.Uri, run: PastRun, output: vscode.LogOutputChannel): Promise<string | null> {
  const config = run.report.config;
  if (uri.scheme !== 'file' || !run.report.trained || !config || !readSettings(uri).keepRuns) return null;
  const endedAt = new Date();
  try {
    const dataHash = await hashDataAsync(config, path.dirname(uri.fsPath), run.dataStamp);
    const { file, deleted } = keepRun(uri.fsPath, run.report, run.runId, DESCENT_VERSION, dataHash, KEPT_RUNS, endedAt);
    const where = vscode.workspace.asRelativePath(uri, false);
    output.info(deleted.length ? t('Kept run {0} of {1} as {2}; deleted {3} older (the newest {4} are kept)', run.runId, where, file, deleted.length, KEPT_RUNS) : t('Kept run {0} of {1} as {2}', run.runId, where, file));
    return file;
  } catch (e) {
    output.error(t('Could not keep run {0} of {1}: {2}', run.runId, uri.fsPath, (e as Error).message));
    return null;
  }
}

/** Descent: Delete Kept Runs — after a modal confirmation naming how many and where. */
export async function deleteKeptRunsCommand(uri: vscode.Uri | undefined): Promise<number> {
  if (!uri) return 0;
  const files = listKeptRuns(uri.fsPath);
  const where = vscode.workspace.asRelativePath(uri, false);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(t('Descent: {0} has no kept runs.', where));
    return 0;
  }
  const del = t('Delete');
  const choice = await vscode.window.showWarningMessage(t('Delete {0} kept run(s) of {1}? They are in {2}; this cannot be undone.', files.length, where, path.join(path.dirname(where), '.descent', 'runs')), { modal: true }, del);
  if (choice !== del) return 0;
  const n = deleteKeptRuns(uri.fsPath);
  void vscode.window.showInformationMessage(t('Descent: deleted {0} kept run(s) of {1}.', n, where));
  return n;
}

/**
 * Asks where to save (the dialog starts at `suggested`) and writes `content` there (atomically for
 * a file on disk); returns the chosen file, or undefined when the user cancelled.
 */
export async function saveWithDialog(suggested: vscode.Uri, filters: Record<string, string[]>, content: string | Uint8Array, title: string): Promise<vscode.Uri | undefined> {
  const target = await vscode.window.showSaveDialog({ defaultUri: suggested, filters, title, saveLabel: t('Export') });
  if (!target) return undefined;
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  if (target.scheme === 'file') writeFileAtomic(target.fsPath, bytes);
  else await vscode.workspace.fs.writeFile(target, bytes);
  return target;
}

/** Beside the training.json, named for it: `<folder>/<base><suffix>` e.g. `training-loss.csv`. */
function besideConfig(uri: vscode.Uri, suffix: string): vscode.Uri {
  const base = path.basename(uri.fsPath, '.json');
  return vscode.Uri.joinPath(uri, '..', `${base}${suffix}`);
}

/** Saves the last run's history as CSV or JSON through the save dialog. */
export async function exportHistory(uri: vscode.Uri, report: RunReport | null | undefined, format: 'csv' | 'json'): Promise<vscode.Uri | undefined> {
  if (!report?.trained || !report.history) {
    void vscode.window.showInformationMessage(t('Descent: there is no trained run to export yet.'));
    return undefined;
  }
  const content = format === 'csv' ? historyCsv(report) : historyJson(report);
  const filters: Record<string, string[]> = format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] };
  return saveWithDialog(besideConfig(uri, `-loss.${format}`), filters, content, t('Export the loss history'));
}

/** Descent: Export Run History… — asks CSV or JSON, then saves the file's last run's history (as the panel's buttons do). */
export async function exportHistoryCommand(uri: vscode.Uri | undefined, report: RunReport | null | undefined): Promise<vscode.Uri | undefined> {
  if (!uri) return undefined;
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'CSV', description: t('one row per epoch: epoch, training loss, validation loss, learning rate'), format: 'csv' as const },
      { label: 'JSON', description: t('the same columns as arrays, with the run’s config and verdict'), format: 'json' as const },
    ],
    { title: t('Export the loss history of {0}', vscode.workspace.asRelativePath(uri, false)), placeHolder: t('Format') },
  );
  return picked ? exportHistory(uri, report, picked.format) : undefined;
}

/**
 * Saves the chart the page drew: SVG text, or a PNG data URL (validated by parseWebviewMessage:
 * an SVG document or a PNG signature, within the size limits) decoded to its bytes.
 */
export async function exportChart(uri: vscode.Uri, format: 'svg' | 'png', data: string): Promise<vscode.Uri | undefined> {
  const content = format === 'svg' ? data : new Uint8Array(Buffer.from(data.slice(data.indexOf(',') + 1), 'base64'));
  const filters: Record<string, string[]> = format === 'svg' ? { SVG: ['svg'] } : { PNG: ['png'] };
  return saveWithDialog(besideConfig(uri, `-loss.${format}`), filters, content, t('Export the loss chart'));
}

/**
 * Descent: Export Training Script — the PyTorch script of a training.json (its open text, saved
 * or not) on the data it reads, through the save dialog (`train.py` beside it).
 */
export async function exportTrainingScriptCommand(uri: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (!uri) return undefined;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(t('Descent: this workspace is not trusted, so Descent does not read its data; trust it to export a training script.'));
    return undefined;
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const baseDir = path.dirname(uri.fsPath);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const reader = createFileReader(baseDir, [folder?.uri.fsPath ?? baseDir, ...readSettings(uri).allowedDataFolders]);
  const { data, problems } = scriptDataOf(text, reader);
  const where = vscode.workspace.asRelativePath(uri, false);
  if (!data) {
    const first = problems.find((p) => p.severity === 'error');
    void vscode.window.showErrorMessage(t('Descent: cannot export a training script of {0}: {1}', where, first?.message ?? t('it has problems')));
    return undefined;
  }
  const script = pytorchScript(data, { descentVersion: DESCENT_VERSION, trainingFile: where, dataSha256: hashData(data.config, baseDir)?.value ?? null });
  const target = await saveWithDialog(vscode.Uri.joinPath(uri, '..', 'train.py'), { Python: ['py'] }, script, t('Export a PyTorch training script'));
  if (target) {
    void vscode.window.showInformationMessage(t('Descent: wrote {0}; run it with python3 (needs torch and numpy).', vscode.workspace.asRelativePath(target, false)), t('Open')).then((c) => {
      if (c) void vscode.window.showTextDocument(target);
    });
  }
  return target;
}
