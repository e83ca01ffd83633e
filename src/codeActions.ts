import * as vscode from 'vscode';
import { parseTree, findNodeAtLocation, modify, type FormattingOptions, type Node } from 'jsonc-parser';
import { formatNumber } from './core/analysis';
import { DIAGNOSTIC_SOURCE, VERDICT_CODES } from './diagnostics';

/**
 * What the quick fixes can offer for a file: the fix the last run's verdict carries (the core
 * decides it, pointing the right way), and the best rate seen to converge in runs that differed
 * only in their learning rate, when it moves the rate the same way.
 */
export interface RateAdvice {
  suggested: number | null;
  bestConverged: number | null;
}

/** The `learningRate` value node the config uses: with duplicate keys, the last one (as JSON.parse). */
function learningRateNode(root: Node | undefined): Node | undefined {
  if (!root || root.type !== 'object') return undefined;
  const props = (root.children ?? []).filter((p) => p.children?.[0]?.value === 'learningRate');
  return props[props.length - 1]?.children?.[1] ?? findNodeAtLocation(root, ['learningRate']);
}

/**
 * The edit that sets `learningRate`, and nothing else: it replaces only the value the config
 * uses (or inserts the key when absent, through jsonc-parser's `modify`), keeping comments and
 * formatting, as one undoable edit.
 */
export function learningRateEdit(document: vscode.TextDocument, rate: number): vscode.WorkspaceEdit {
  const text = document.getText();
  const edit = new vscode.WorkspaceEdit();
  const node = learningRateNode(parseTree(text, [], { allowTrailingComma: true }));
  if (node) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(node.offset), document.positionAt(node.offset + node.length)), JSON.stringify(rate));
    return edit;
  }
  const options: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n' };
  for (const e of modify(text, ['learningRate'], rate, { formattingOptions: options })) {
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
    if (advice.suggested !== null) offer(advice.suggested, `Set learningRate to ${formatNumber(advice.suggested)} (suggested from the data)`, true);
    if (advice.bestConverged !== null && advice.bestConverged !== advice.suggested) {
      offer(advice.bestConverged, `Set learningRate to ${formatNumber(advice.bestConverged)} (the largest that converged in recent runs)`, advice.suggested === null);
    }
    return actions;
  }
}
