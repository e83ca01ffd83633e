import * as vscode from 'vscode';
import { TextIndex, locateProblem } from './core/locate';
import { type Problem, ProblemCode } from './shared/problems';

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
  const index = new TextIndex(text);
  const positionAt = (offset: number) => {
    const { line, column } = index.lineColumn(offset);
    return new vscode.Position(line - 1, column - 1);
  };
  return problems.filter(isDescentProblem).map((p) => {
    const span = locateProblem(text, p, index);
    const range = new vscode.Range(positionAt(span.offset), positionAt(span.offset + Math.max(span.length, 1)));
    const d = new vscode.Diagnostic(range, p.message, SEVERITY[p.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = p.code;
    return d;
  });
}
