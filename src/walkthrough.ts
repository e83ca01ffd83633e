/**
 * The command behind the walkthrough's third step: it sets the learning rate of a training.json
 * above the stable bound (one undoable edit), saves it, and leaves the cursor on the key, so the
 * diverged verdict and its quick fix are one Ctrl+. away. Every other step runs a command that
 * Descent already has.
 */
import * as vscode from 'vscode';
import { pickTrainingJson } from './commands';
import { TOO_HIGH_FACTOR } from './core/lab/compare';
import { readSettings } from './settings';
import type { RunReport } from './shared/report';
import type { TrainingManager } from './trainer';
import { valueEdit } from './codeActions';

export const TOO_HIGH_RATE_COMMAND = 'descent.tryTooHighLearningRate';

/**
 * A rate that diverges: the lab's too-high rate, 1.5 × the last run's stable bound (e.g. bound 1 →
 * 1.5), two significant digits; 1.5 when no bound is known (the starter's cars data is stable below 1).
 */
export function tooHighLearningRate(report: RunReport | null): number {
  const bound = report?.stableLearningRateBound;
  return bound && Number.isFinite(bound) && bound > 0 ? Number((TOO_HIGH_FACTOR * bound).toPrecision(2)) : TOO_HIGH_FACTOR;
}

/** Registers Descent: Try a Too-High Learning Rate. */
export function registerWalkthroughCommands(add: <T extends vscode.Disposable>(d: T) => T, manager: TrainingManager): void {
  add(vscode.commands.registerCommand(TOO_HIGH_RATE_COMMAND, (arg?: unknown) => tryTooHighLearningRate(manager, arg)));
}

async function tryTooHighLearningRate(manager: TrainingManager, arg: unknown): Promise<void> {
  const uri = await pickTrainingJson(arg);
  if (!uri) return;
  const rate = tooHighLearningRate(manager.api().lastReport(uri));
  const editor = await vscode.window.showTextDocument(uri);
  const edit = valueEdit(editor.document, 'learningRate', rate);
  if (!(edit instanceof vscode.WorkspaceEdit)) {
    void vscode.window.showWarningMessage(`Descent: ${edit.refused}`);
    return;
  }
  if (!(await vscode.workspace.applyEdit(edit))) return;
  // The cursor on the value: that is where the diverged diagnostic and its quick fix appear.
  const key = /"learningRate"\s*:\s*/.exec(editor.document.getText());
  if (key) {
    const position = editor.document.positionAt(key.index + key[0].length);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position));
  }
  manager.showPanel(uri);
  // Saving trains (trainOnSave); with that setting off, train it here.
  await editor.document.save();
  if (!readSettings(uri).trainOnSave) await manager.runNow(uri, 'command');
}
