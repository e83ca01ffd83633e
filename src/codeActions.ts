import * as vscode from 'vscode';
import { formatNumber } from './shared/format';
import type { ProblemFix } from './shared/problems';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { VERDICT_CODES } from './shared/problems';
import { valueChanges } from './valueEdit';
import { t } from './shared/l10n';

/**
 * What the quick fixes can offer for a file: the fix the last run's verdict carries (the core
 * decides it, pointing the right way: a rate, the epochs the rate needs, or z-scoring), and the
 * best rate seen to converge in runs that differed only in their learning rate, when it moves
 * the rate the same way.
 */
export interface FixAdvice {
  fix: ProblemFix | null;
  bestConverged: number | null;
}

/**
 * The edit that sets one top-level key of training.json, and nothing else (see valueChanges), as
 * one undoable edit; refused with why when the buffer is not a valid JSON object.
 * e.g. `valueEdit(doc, "learningRate", 0.49)`, `valueEdit(doc, "normalize", "zscore")`.
 */
export function valueEdit(document: vscode.TextDocument, key: string, value: number | string): vscode.WorkspaceEdit | { refused: string } {
  const changes = valueChanges(document.getText(), key, value, document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
  if (!Array.isArray(changes)) return changes;
  const edit = new vscode.WorkspaceEdit();
  for (const c of changes) edit.replace(document.uri, new vscode.Range(document.positionAt(c.offset), document.positionAt(c.offset + c.length)), c.content);
  return edit;
}

/** The edit a core fix asks for (its path is one top-level key). */
export function fixEdit(document: vscode.TextDocument, fix: ProblemFix): vscode.WorkspaceEdit | { refused: string } {
  return valueEdit(document, String(fix.path[0]), fix.value);
}

/** Quick fixes on Descent's verdict diagnostics. */
export class VerdictActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly adviceFor: (uri: vscode.Uri) => FixAdvice) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && VERDICT_CODES.has(String(d.code)));
    if (!diagnostics.length) return [];
    const advice = this.adviceFor(document.uri);
    const actions: vscode.CodeAction[] = [];
    const offer = (edit: vscode.WorkspaceEdit | { refused: string }, title: string, preferred: boolean) => {
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      if (edit instanceof vscode.WorkspaceEdit) action.edit = edit;
      else action.disabled = { reason: edit.refused };
      action.diagnostics = diagnostics;
      action.isPreferred = preferred;
      actions.push(action);
    };
    if (advice.fix) offer(fixEdit(document, advice.fix), advice.fix.title, true);
    const suggestedRate = advice.fix?.path[0] === 'learningRate' ? advice.fix.value : null;
    if (advice.bestConverged !== null && advice.bestConverged !== suggestedRate) {
      offer(valueEdit(document, 'learningRate', advice.bestConverged), t('Set learningRate to {0} (the largest that converged in recent runs)', formatNumber(advice.bestConverged)), advice.fix === null);
    }
    return actions;
  }
}
