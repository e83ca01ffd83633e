/** Which files are training.json files, and their open documents: what every part of the glue asks. */
import * as vscode from 'vscode';
import * as path from 'node:path';

export const CONFIG_NAME = 'training.json';

/** A training.json on disk: a diff's old version (`git:`) or another virtual copy is not one. */
export function isTrainingJson(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.scheme === 'file' && path.basename(uri.fsPath) === CONFIG_NAME;
}

/** The editor's document of `uri`, if the file is open. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}
