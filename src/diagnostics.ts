import * as vscode from 'vscode';
import { parseTree } from 'jsonc-parser';
import { locateProblem } from './core/locate';
import { type Problem, ProblemCode } from './core/problems';

/** The diagnostics' source, shown in the Problems panel. */
export const DIAGNOSTIC_SOURCE = 'Descent';

/**
 * Problems the JSON language service already reports from the schema; Descent leaves them to it
 * so no squiggle appears twice.
 */
const SCHEMA_CODES: ReadonlySet<string> = new Set([
  ProblemCode.Syntax,
  ProblemCode.DuplicateKey,
  ProblemCode.Type,
  ProblemCode.Range,
  ProblemCode.Enum,
  ProblemCode.Required,
  ProblemCode.UnknownKey,
  ProblemCode.DuplicateFeature,
]);

/** Verdicts of a run on the learning rate: the codes the quick fixes match. */
export const VERDICT_CODES: ReadonlySet<string> = new Set([ProblemCode.Diverged, ProblemCode.Oscillating, ProblemCode.TooSlow]);

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** True for problems Descent shows itself (those the schema cannot express). */
export function isDescentProblem(p: Problem): boolean {
  return !SCHEMA_CODES.has(p.code);
}

/** Turns core problems into diagnostics whose ranges cover the exact JSON value (or key) at each path. */
export function toDiagnostics(text: string, problems: readonly Problem[]): vscode.Diagnostic[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const positionAt = positionsIn(text);
  return problems.filter(isDescentProblem).map((p) => {
    const span = locateProblem(text, p, root);
    const range = new vscode.Range(positionAt(span.offset), positionAt(span.offset + Math.max(span.length, 1)));
    const d = new vscode.Diagnostic(range, p.message, SEVERITY[p.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = p.code;
    return d;
  });
}

/**
 * Offset → position in `text`, as a TextDocument of it would give (line breaks \n, \r\n, \r),
 * so a file that is not open can carry diagnostics too.
 */
export function positionsIn(text: string): (offset: number) => vscode.Position {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return new vscode.Position(lo, at - (starts[lo] ?? 0));
  };
}
