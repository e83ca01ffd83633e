import * as vscode from 'vscode';
import { isTrainingJson } from './files';
import { DisposableStore } from './dispose';

import type { TrainingManager } from './trainer';
import type { Verdict } from './shared/report';
import { t } from './shared/l10n';

const ICONS: Record<string, string> = {
  training: '$(sync~spin)',
  done: '$(graph-line)',
  invalid: '$(error)',
  untrusted: '$(shield)',
  deleted: '$(trash)',
  crashed: '$(error)',
  idle: '$(graph-line)',
};

const VERDICT_ICONS: Record<Exclude<Verdict, 'converged'>, string> = { diverged: '$(error)', oscillating: '$(warning)', 'too-slow': '$(info)' };

/** Shows the active training.json's last run; a click opens its panel. */
export class StatusBar implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly item = this.store.add(vscode.window.createStatusBarItem('descent.status', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly manager: TrainingManager) {
    this.item.name = 'Descent';
    this.store.add(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.store.add(manager.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (!isTrainingJson(uri)) {
      this.item.hide();
      return;
    }
    const summary = this.manager.summary(uri);
    const state = this.manager.state(uri) ?? 'idle';
    const verdict = this.manager.api().lastReport(uri)?.verdict;
    // The icon matches the Problems entry's severity: diverged an Error, oscillating a Warning, too slow Information.
    const icon = state === 'done' && verdict && verdict !== 'converged' ? VERDICT_ICONS[verdict] : ICONS[state];
    this.item.text = `${icon} Descent${summary ? `: ${summary}` : ''}`;
    this.item.tooltip = summary ? t('Descent: {0}. Click to show the training panel.', summary) : t('Descent: train this file (click to open the training panel).');
    this.item.command = { title: t('Show Training Panel'), command: 'descent.showPanel', arguments: [uri] };
    this.item.backgroundColor = state === 'done' && verdict === 'diverged' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.store.dispose();
  }
}
