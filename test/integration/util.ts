import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { DescentApi } from '../../src/trainer';

/** The activated extension's API. */
export async function descent(): Promise<DescentApi> {
  const ext = vscode.extensions.getExtension<DescentApi>('descent.descent');
  assert.ok(ext, 'the Descent extension is installed in this host');
  return ext.activate();
}

/** The fixture workspace's file at `rel`. */
export function fixture(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Polls until `check` returns a value that is not undefined/false, or fails with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  /** What was seen instead, for the failure message. */
  seen?: () => unknown,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined | false;
  while (Date.now() < end) {
    last = await check();
    if (last !== undefined && last !== false) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen ? `; saw ${JSON.stringify(seen())}` : ''}`);
}

export function descentDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Descent');
}

/** The range of the JSON value of a top-level key in the text, found by plain search. */
export function valueRange(doc: vscode.TextDocument, key: string): vscode.Range {
  const text = doc.getText();
  const at = text.indexOf(`"${key}"`);
  assert.ok(at >= 0, `${key} is in the file`);
  const colon = text.indexOf(':', at);
  let start = colon + 1;
  while (/\s/.test(text[start] ?? '')) start++;
  let end = start;
  while (end < text.length && !/[,\n}]/.test(text[end] ?? '')) end++;
  while (/\s/.test(text[end - 1] ?? '')) end--;
  return new vscode.Range(doc.positionAt(start), doc.positionAt(end));
}

/** Replaces the whole document text and saves it, as a user's edit and Ctrl+S would. */
export async function replaceAndSave(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applied');
  assert.ok(await doc.save(), 'the document saved');
}
