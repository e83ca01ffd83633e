import * as vscode from 'vscode';
import type { TrainingManager } from './trainer';
import { t } from './shared/l10n';

/** "▶ Train Model" at the top of a training.json, and the last run's verdict beside it. */
export class TrainCodeLens implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly manager: TrainingManager) {
    this.onDidChangeCodeLenses = (listener, thisArg, disposables) => manager.onDidChange(() => listener.call(thisArg), null, disposables);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [new vscode.CodeLens(top, { title: t('$(play) Train Model'), command: 'descent.train', arguments: [document.uri], tooltip: t('Train this training.json and show its loss curves') })];
    const summary = this.manager.summary(document.uri);
    if (summary) lenses.push(new vscode.CodeLens(top, { title: t('Last run: {0}', summary), command: 'descent.showPanel', arguments: [document.uri], tooltip: t('Show the training panel') }));
    return lenses;
  }
}
