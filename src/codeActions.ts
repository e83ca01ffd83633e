import * as vscode from 'vscode';
import { formatNumber } from './core/analysis';
import { DIAGNOSTIC_SOURCE, VERDICT_CODES } from './diagnostics';
import { learningRateChanges } from './rateEdit';

/**
 * What the quick fixes can offer for a file: the fix the last run's verdict carries (the core
 * decides it, pointing the right way), and the best rate seen to converge in runs that differed
 * only in their learning rate, when it moves the rate the same way.
 */
export interface RateAdvice {
  suggested: number | null;
  bestConverged: number | null;
}

/**
 * The edit that sets `learningRate`, and nothing else (see learningRateChanges), as one undoable
 * edit; refused with why when the buffer is not a valid JSON object.
 */
export function learningRateEdit(document: vscode.TextDocument, rate: number): vscode.WorkspaceEdit | { refused: string } {
  const changes = learningRateChanges(document.getText(), rate, document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
  if (!Array.isArray(changes)) return changes;
  const edit = new vscode.WorkspaceEdit();
  for (const c of changes) edit.replace(document.uri, new vscode.Range(document.positionAt(c.offset), document.positionAt(c.offset + c.length)), c.content);
  return edit;
}

/** Quick fixes on Descent's learning-rate diagnostics. */
export class LearningRateActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly adviceFor: (uri: vscode.Uri) => RateAdvice) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && VERDICT_CODES.has(String(d.code)));
    if (!diagnostics.length) return [];
    const advice = this.adviceFor(document.uri);
    const actions: vscode.CodeAction[] = [];
    const offer = (rate: number, title: string, preferred: boolean) => {
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      const edit = learningRateEdit(document, rate);
      if (edit instanceof vscode.WorkspaceEdit) action.edit = edit;
      else action.disabled = { reason: edit.refused };
      action.diagnostics = diagnostics;
      action.isPreferred = preferred;
      actions.push(action);
    };
    if (advice.suggested !== null) offer(advice.suggested, `Set learningRate to ${formatNumber(advice.suggested)} (suggested from the data)`, true);
    if (advice.bestConverged !== null && advice.bestConverged !== advice.suggested) {
      offer(advice.bestConverged, `Set learningRate to ${formatNumber(advice.bestConverged)} (the largest that converged in recent runs)`, advice.suggested === null);
    }
    return actions;
  }
}
