import * as vscode from 'vscode';
import { starterText } from './core/starter';
import { CONFIG_NAME, isTrainingJson } from './files';
import type { TrainingManager } from './trainer';
import type { PanelSection } from './shared/protocol';
import { t } from './shared/l10n';

/** The file a command acts on: its argument, the active editor's, the only one, or the user's pick. */
/** The training.json of the Descent panel that has focus, if one has (set at activation). */
let focusedPanelFile: () => vscode.Uri | undefined = () => undefined;
export function setFocusedPanelFile(find: () => vscode.Uri | undefined): void {
  focusedPanelFile = find;
}

export async function pickTrainingJson(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && isTrainingJson(arg)) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (isTrainingJson(active)) return active;
  // A command run while a Descent panel has focus (no text editor is active then) means its file.
  const panel = focusedPanelFile();
  if (panel) return panel;
  const found = await vscode.workspace.findFiles(`**/${CONFIG_NAME}`, '**/node_modules/**', 100);
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    const create = t('Create training.json');
    const choice = await vscode.window.showInformationMessage(t('Descent: there is no training.json in this workspace.'), create);
    if (choice === create) await vscode.commands.executeCommand('descent.createTrainingJson');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri })),
    { placeHolder: t('Which training.json should Descent train?') },
  );
  return picked?.uri;
}

/** Writes the starter into a workspace folder (never over an existing file) as one undoable edit, and opens it. */
export async function createTrainingJson(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage(t('Descent: open a folder first; training.json lives in a workspace folder.'));
    return undefined;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: t('Where should training.json go?') });
  if (!folder) return undefined;
  const target = vscode.Uri.joinPath(folder.uri, CONFIG_NAME);
  try {
    await vscode.workspace.fs.stat(target);
    void vscode.window.showInformationMessage(t('Descent: {0} already exists; it was opened, not overwritten.', vscode.workspace.asRelativePath(target, false)));
    await vscode.window.showTextDocument(target);
    return target;
  } catch {
    // absent: create it
  }
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target, { ignoreIfExists: true, contents: new TextEncoder().encode(starterText()) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(t('Descent: could not create {0}.', target.fsPath));
    return undefined;
  }
  await vscode.window.showTextDocument(target);
  return target;
}

/** Descent: Train Model. */
export async function trainCommand(manager: TrainingManager, arg: unknown): Promise<void> {
  const uri = await pickTrainingJson(arg);
  if (!uri) return;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(t('Descent: this workspace is not trusted, so Descent does not read data or train. Trust the workspace to train.'), t('Manage Workspace Trust')).then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }
  manager.showPanel(uri);
  await manager.runNow(uri, 'command');
}

/** Descent: Show Training Panel. */
export async function showPanelCommand(manager: TrainingManager, arg: unknown, section?: PanelSection): Promise<void> {
  const uri = await pickTrainingJson(arg);
  if (uri) await showAndTrain(manager, uri, false, section);
}

/** Shows the file's panel; a file never trained trains, but a run already under way is never restarted. */
export async function showAndTrain(manager: TrainingManager, uri: vscode.Uri, preserveFocus: boolean, section?: PanelSection): Promise<void> {
  const needsRun = manager.api().lastReport(uri) === null && !manager.isBusy(uri);
  manager.showPanel(uri, preserveFocus, section);
  if (needsRun) await manager.runNow(uri, 'command');
}
