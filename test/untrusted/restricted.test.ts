import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { descent, descentDiagnostics, fixture, waitFor } from '../integration/util';

// This suite runs with workspace trust on, so the fixture workspace opens in Restricted Mode.
suite('An untrusted workspace', () => {
  test('is untrusted, and Descent is active in its limited mode', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    await descent();
  });

  test('still completes training.json keys from the schema', async () => {
    const uri = fixture('training.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitFor('schema completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(1, 2));
      return list.items.some((i) => i.kind === vscode.CompletionItemKind.Property && (typeof i.label === 'string' ? i.label : i.label.label) === 'validationSplit');
    });
  });

  test('does not read data or train; the panel says why', async () => {
    const api = await descent();
    const uri = fixture('csv/training.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('descent.train', uri);
    await api.whenIdle(uri);
    assert.strictEqual(api.panelState(uri)?.state, 'untrusted');
    assert.strictEqual(api.lastReport(uri), null, 'no run happened');
  });

  test('reports no data problems, since it reads no data', async () => {
    const uri = fixture('missing/training.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepStrictEqual(descentDiagnostics(uri), []);
  });
});
