import * as vscode from 'vscode';
import { modify, type FormattingOptions } from 'jsonc-parser';
import { formatNumber } from './core/analysis';
import { DIAGNOSTIC_SOURCE, VERDICT_CODES } from './diagnostics';

/** What the quick fixes can offer for a file: the suggestion of its last run, and the best rate seen to converge. */
export interface RateAdvice {
  suggested: number | null;
  bestConverged: number | null;
}

/** A learning rate as it is written into training.json: two significant digits, plain JSON. */
export function formatRate(rate: number): string {
  return JSON.stringify(Number(rate.toPrecision(2)));
}

/**
 * The edit that sets `learningRate`, and nothing else: jsonc-parser's `modify` replaces only the
 * value (or inserts the key when absent), keeping comments and formatting.
 */
export function learningRateEdit(document: vscode.TextDocument, rate: number): vscode.WorkspaceEdit {
  const text = document.getText();
  const options: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n' };
  const edits = modify(text, ['learningRate'], Number(rate.toPrecision(2)), { formattingOptions: options });
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  }
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
      action.edit = learningRateEdit(document, rate);
      action.diagnostics = diagnostics;
      action.isPreferred = preferred;
      actions.push(action);
    };
    if (advice.suggested !== null) offer(advice.suggested, `Set learningRate to ${formatRate(advice.suggested)} (suggested from the data)`, true);
    if (advice.bestConverged !== null && formatRate(advice.bestConverged) !== formatRate(advice.suggested ?? NaN)) {
      offer(advice.bestConverged, `Set learningRate to ${formatNumber(Number(formatRate(advice.bestConverged)))} (the largest that converged in recent runs)`, advice.suggested === null);
    }
    return actions;
  }
}
