import * as vscode from 'vscode';
import { parseTree, findNodeAtLocation, modify, type FormattingOptions, type Node } from 'jsonc-parser';
import { formatNumber } from './core/format';
import type { ProblemFix } from './core/problems';
import { DIAGNOSTIC_SOURCE, VERDICT_CODES } from './diagnostics';

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

/** The value node a top-level key uses: with duplicate keys, the last one (as JSON.parse reads it). */
function valueNode(root: Node | undefined, key: string): Node | undefined {
  if (!root || root.type !== 'object') return undefined;
  const props = (root.children ?? []).filter((p) => p.children?.[0]?.value === key);
  return props[props.length - 1]?.children?.[1] ?? findNodeAtLocation(root, [key]);
}

/**
 * The edit that sets one top-level key of training.json, and nothing else: it replaces only the
 * value the config uses (or inserts the key when absent, through jsonc-parser's `modify`),
 * keeping comments and formatting, as one undoable edit.
 * e.g. `valueEdit(doc, "learningRate", 0.49)`, `valueEdit(doc, "normalize", "zscore")`.
 */
export function valueEdit(document: vscode.TextDocument, key: string, value: number | string): vscode.WorkspaceEdit {
  const text = document.getText();
  const edit = new vscode.WorkspaceEdit();
  const node = valueNode(parseTree(text, [], { allowTrailingComma: true }), key);
  if (node) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(node.offset), document.positionAt(node.offset + node.length)), JSON.stringify(value));
    return edit;
  }
  const options: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n' };
  for (const e of modify(text, [key], value, { formattingOptions: options })) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  }
  return edit;
}

/** The edit a core fix asks for (its path is one top-level key). */
export function fixEdit(document: vscode.TextDocument, fix: ProblemFix): vscode.WorkspaceEdit {
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
    const offer = (edit: vscode.WorkspaceEdit, title: string, preferred: boolean) => {
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.edit = edit;
      action.diagnostics = diagnostics;
      action.isPreferred = preferred;
      actions.push(action);
    };
    if (advice.fix) offer(fixEdit(document, advice.fix), advice.fix.title, true);
    const suggestedRate = advice.fix?.path[0] === 'learningRate' ? advice.fix.value : null;
    if (advice.bestConverged !== null && advice.bestConverged !== suggestedRate) {
      offer(valueEdit(document, 'learningRate', advice.bestConverged), `Set learningRate to ${formatNumber(advice.bestConverged)} (the largest that converged in recent runs)`, advice.fix === null);
    }
    return actions;
  }
}
