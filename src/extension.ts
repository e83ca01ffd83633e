import * as vscode from 'vscode';
import * as path from 'node:path';
import { VerdictActions } from './codeActions';
import { TrainCodeLens } from './codeLens';
import { createTrainingJson, pickTrainingJson, setFocusedPanelFile, showAndTrain, showPanelCommand, trainCommand } from './commands';
import { deleteKeptRunsCommand, exportHistoryCommand, exportTrainingScriptCommand } from './runExports';
import { CONFIG_NAME, isTrainingJson, openDocument } from './files';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { registerLabCommands } from './labCommands';
import { PANEL_VIEW_TYPE } from './panel';
import { readSettings } from './settings';
import { StatusBar } from './statusBar';
import { type DescentApi, TrainingManager } from './trainer';
import { WorkerClient } from './workerClient';
import { setLanguage } from './shared/l10n';
import { registerWalkthroughCommands } from './walkthrough';
import { registerDescentTasks } from './tasks';

const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'jsonc', pattern: `**/${CONFIG_NAME}` },
  { scheme: 'file', language: 'json', pattern: `**/${CONFIG_NAME}` },
];

/** Wires Descent into VS Code; every registration is owned by the context and disposed with it. */
export function activate(context: vscode.ExtensionContext): DescentApi {
  const add = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  // Everything Descent says, here, in its workers and on its pages, in VS Code's display language.
  setLanguage({ locale: vscode.env.language, bundle: vscode.l10n.bundle });
  const output = add(vscode.window.createOutputChannel('Descent', { log: true }));
  const workers = add(new WorkerClient(path.join(context.extensionUri.fsPath, 'dist', 'worker.js')));
  const diagnostics = add(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  const manager = add(new TrainingManager(context.extensionUri, workers, diagnostics, output, context.workspaceState));
  add(new StatusBar(manager));

  add(vscode.commands.registerCommand('descent.train', (arg?: unknown) => trainCommand(manager, arg)));
  setFocusedPanelFile(() => manager.focusedPanelFile());
  add(vscode.commands.registerCommand('descent.showPanel', (arg?: unknown) => showPanelCommand(manager, arg)));
  add(vscode.commands.registerCommand('descent.showModelView', (arg?: unknown) => showPanelCommand(manager, arg, 'model')));
  add(vscode.commands.registerCommand('descent.showLossLandscape', (arg?: unknown) => showPanelCommand(manager, arg, 'landscape')));
  add(vscode.commands.registerCommand('descent.createTrainingJson', () => createTrainingJson()));
  add(vscode.commands.registerCommand('descent.exportTrainingScript', async (arg?: unknown) => exportTrainingScriptCommand(await pickTrainingJson(arg))));
  add(
    vscode.commands.registerCommand('descent.exportHistory', async (arg?: unknown) => {
      const uri = await pickTrainingJson(arg);
      return exportHistoryCommand(uri, uri ? manager.session(uri).last?.report : undefined);
    }),
  );
  add(vscode.commands.registerCommand('descent.deleteKeptRuns', async (arg?: unknown) => deleteKeptRunsCommand(await pickTrainingJson(arg))));
  registerLabCommands(add, context.extensionUri, manager, workers, output);
  registerWalkthroughCommands(add, manager);
  add(registerDescentTasks(context));
  add(vscode.languages.registerCodeLensProvider(SELECTOR, new TrainCodeLens(manager)));
  add(vscode.languages.registerCodeActionsProvider(SELECTOR, new VerdictActions((uri) => manager.advice(uri)), { providedCodeActionKinds: VerdictActions.kinds }));
  add(
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        manager.revivePanel(panel, state);
      },
    }),
  );

  // A save trains as it starts (the text is known then), and its end only confirms it: the write
  // and its round trip through the file system are most of the time from Ctrl+S to a new chart.
  add(
    vscode.workspace.onWillSaveTextDocument((e) => {
      if (isTrainingJson(e.document.uri) && readSettings(e.document.uri).trainOnSave) manager.saveStarting(e.document);
    }),
  );
  add(
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (!isTrainingJson(document.uri)) return;
      const settings = readSettings(document.uri);
      if (settings.openPanelOnSave) manager.showPanel(document.uri);
      if (settings.trainOnSave) manager.saved(document);
    }),
  );
  add(vscode.workspace.onDidOpenTextDocument((d) => isTrainingJson(d.uri) && manager.scheduleCheck(d)));
  // descent.openPanelOnOpen: a training.json shown in an editor trains and opens its panel, once
  // per file in this window (a panel the user closes stays closed until asked for again).
  const openedOnce = new Set<string>();
  const openPanelsOf = (editors: readonly vscode.TextEditor[]) => {
    for (const { document } of editors) {
      const key = document.uri.toString();
      if (!isTrainingJson(document.uri) || openedOnce.has(key) || !readSettings(document.uri).openPanelOnOpen) continue;
      openedOnce.add(key);
      // Beside the editor, which keeps the focus: the user opened the file to read or edit it.
      void showAndTrain(manager, document.uri, true);
    }
  };
  add(vscode.window.onDidChangeVisibleTextEditors(openPanelsOf));
  openPanelsOf(vscode.window.visibleTextEditors);
  add(
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!isTrainingJson(e.document.uri) || e.contentChanges.length === 0) return;
      manager.scheduleCheck(e.document);
      if (readSettings(e.document.uri).trainOnSave && manager.isTracked(e.document.uri)) {
        void reloadedFromDisk(e.document).then((reloaded) => reloaded && manager.schedule(e.document.uri, 'external'));
      }
    }),
  );
  vscode.workspace.textDocuments.filter((d) => isTrainingJson(d.uri)).forEach((d) => manager.scheduleCheck(d));

  // Changes from outside the editor (git checkout, another tool) to files that are not open; an
  // open file hears of them as the reload of its buffer above, and of the editor's saves above.
  const watcher = add(vscode.workspace.createFileSystemWatcher(`**/${CONFIG_NAME}`));
  const changedOnDisk = (uri: vscode.Uri) => {
    if (!openDocument(uri) && readSettings(uri).trainOnSave && manager.isTracked(uri)) manager.schedule(uri, 'external');
  };
  add(watcher.onDidChange(changedOnDisk));
  add(watcher.onDidDelete((uri) => manager.markDeleted(uri)));
  // A file that comes back (a branch switch, an undo of a delete) resumes refreshing, even when
  // it is open: its buffer, if unchanged, hears nothing else of the file's return.
  add(
    watcher.onDidCreate((uri) => {
      if (!manager.isDeleted(uri)) changedOnDisk(uri);
      else if (readSettings(uri).trainOnSave) manager.schedule(uri, 'external');
      else manager.restored(uri);
    }),
  );
  // A glob watcher says nothing of the files inside a folder deleted or renamed as a whole.
  const goneWith = (folders: readonly vscode.Uri[]) => manager.trackedUnder(folders).forEach((uri) => manager.markDeleted(uri));
  add(vscode.workspace.onDidDeleteFiles((e) => goneWith(e.files)));
  add(vscode.workspace.onDidRenameFiles((e) => goneWith(e.files.map((f) => f.oldUri))));
  add(vscode.workspace.onDidCloseTextDocument((d) => isTrainingJson(d.uri) && manager.documentClosed(d.uri)));
  add(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('descent')) manager.settingsChanged();
    }),
  );
  add(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      vscode.workspace.textDocuments.filter((d) => isTrainingJson(d.uri)).forEach((d) => manager.scheduleCheck(d));
      manager.trustGranted();
    }),
  );

  return manager.api();
}

/**
 * True when the buffer's change was VS Code reloading it after another tool wrote the file. The
 * change event cannot say so itself: the first keystroke after a save also arrives while the
 * buffer still counts as clean. A reload leaves the buffer equal to the file; typing does not, and
 * the buffer of a deleted file has no file to equal.
 */
async function reloadedFromDisk(document: vscode.TextDocument): Promise<boolean> {
  if (document.isDirty) return false;
  const text = document.getText();
  try {
    const disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
    // A buffer normalizes a file's mixed line ends to one kind.
    const lines = (t: string) => t.replace(/\r\n?/g, '\n');
    return lines(disk) === lines(text) && document.getText() === text;
  } catch {
    return false;
  }
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
