/**
 * The Descent Lab's commands: Compare Learning Rates, Compare Batch Sizes and Learning-Rate Sweep,
 * each on the file the command names (its argument, the active editor's, the only one, or the
 * user's pick), in the file's lab panel.
 */
import * as vscode from 'vscode';
import { pickTrainingJson } from './commands';
import { LAB_COMMANDS, LabPanels } from './labPanel';
import type { LabKind } from './shared/labProtocol';
import type { TrainingManager } from './trainer';
import type { WorkerClient } from './workerClient';
import { t } from './shared/l10n';

/** Registers the lab's commands; returns the lab panels (disposed with the extension). */
export function registerLabCommands(add: <T extends vscode.Disposable>(d: T) => T, extensionUri: vscode.Uri, manager: TrainingManager, workers: WorkerClient, output: vscode.LogOutputChannel): LabPanels {
  const labs = add(
    new LabPanels(extensionUri, {
      workers,
      output,
      train: async (uri) => {
        manager.showPanel(uri);
        await manager.runNow(uri, 'command');
      },
      trainingColumn: (uri) => manager.find(uri)?.panel?.panel.viewColumn,
    }),
  );
  for (const [kind, command] of Object.entries(LAB_COMMANDS) as [LabKind, string][]) {
    add(vscode.commands.registerCommand(command, (arg?: unknown) => labCommand(labs, kind, arg)));
  }
  return labs;
}

/** Runs a lab on the picked training.json in its lab panel. */
async function labCommand(labs: LabPanels, kind: LabKind, arg: unknown): Promise<void> {
  const uri = await pickTrainingJson(arg);
  if (!uri) return;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(t('Descent: this workspace is not trusted, so the lab reads no data and trains nothing. Trust the workspace to run it.'), t('Manage Workspace Trust')).then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return;
  }
  await labs.open(uri, kind);
}
