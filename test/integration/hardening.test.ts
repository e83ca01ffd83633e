import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { descent, descentDiagnostics, fixture, waitFor } from './util';

const csvConfig = (csv: string, extra = '') => `{\n  "learningRate": 0.1,\n  "epochs": 20,\n  "data": { "csv": "${csv}", "label": "y" }${extra}\n}\n`;
const rowsOf = (n: number) => `x,y\n${Array.from({ length: n }, (_, i) => `${i},${2 * i + 1}`).join('\n')}\n`;

async function write(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

async function withTrainOnSave(value: boolean, body: () => Promise<void>): Promise<void> {
  await vscode.workspace.getConfiguration('descent').update('trainOnSave', value, vscode.ConfigurationTarget.Workspace);
  try {
    await body();
  } finally {
    await vscode.workspace.getConfiguration('descent').update('trainOnSave', undefined, vscode.ConfigurationTarget.Workspace);
  }
}

suite('Hardening', () => {
  test('a change to the data file a run read re-trains it (trainOnSave)', async () => {
    const api = await descent();
    const uri = fixture('datawatch/training.json');
    await write(vscode.Uri.joinPath(uri, '..', 'data.csv'), rowsOf(10));
    await write(uri, csvConfig('data.csv'));
    await vscode.commands.executeCommand('descent.train', uri);
    await api.whenIdle(uri);
    assert.strictEqual(api.lastReport(uri)?.data?.rows, 10);
    // Node's fs, as another tool would write it: only the data watcher hears of it.
    fs.writeFileSync(path.join(path.dirname(uri.fsPath), 'data.csv'), rowsOf(12));
    await waitFor('the run of the new data', () => api.lastReport(uri)?.data?.rows === 12, 20_000, () => api.panelState(uri));
    assert.strictEqual(api.panelState(uri)?.trigger, 'data');
  });

  test('without trainOnSave a changed data file marks the result stale in the panel and the status bar', async () => {
    const api = await descent();
    const uri = fixture('datastale/training.json');
    await write(vscode.Uri.joinPath(uri, '..', 'data.csv'), rowsOf(10));
    await write(uri, csvConfig('data.csv'));
    await vscode.commands.executeCommand('descent.train', uri);
    await api.whenIdle(uri);
    await withTrainOnSave(false, async () => {
      fs.writeFileSync(path.join(path.dirname(uri.fsPath), 'data.csv'), rowsOf(11));
      const state = await waitFor('the stale mark', () => api.panelState(uri)?.stale && api.panelState(uri));
      assert.match(state?.message ?? '', /data\.csv changed after this run/);
      assert.strictEqual(api.lastReport(uri)?.data?.rows, 10, 'nothing re-trained');
      await vscode.commands.executeCommand('descent.train', uri);
      await api.whenIdle(uri);
      assert.strictEqual(api.lastReport(uri)?.data?.rows, 11);
      assert.strictEqual(api.panelState(uri)?.stale, false, 'a new run is not stale');
    });
  });

  test('a named pipe as data.csv: typing gets a diagnostic each pause and leaves no blocked worker behind', async function () {
    if (process.platform === 'win32') this.skip();
    const api = await descent();
    const uri = fixture('fifo/training.json');
    await write(uri, csvConfig('pipe.csv'));
    execFileSync('mkfifo', [path.join(path.dirname(uri.fsPath), 'pipe.csv')]);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    for (let i = 0; i < 5; i++) {
      await editor.edit((e) => e.insert(doc.positionAt(doc.getText().lastIndexOf('}')), ' '));
      await new Promise((r) => setTimeout(r, 400));
    }
    const d = await waitFor('the not-a-regular-file diagnostic', () => descentDiagnostics(uri).find((x) => x.code === 'data-unreadable'));
    assert.match(d.message, /"pipe\.csv" is not a regular file/);
    await waitFor('every check to finish', () => api.pendingChecks() === 0);
    assert.ok(api.liveWorkers() <= 1, `one idle worker at most, found ${api.liveWorkers()}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a restored panel naming a training.json outside the workspace folders is closed, one inside is bound', async () => {
    const api = await descent();
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'descent-outside-')), 'training.json');
    fs.writeFileSync(outside, '{}');
    assert.strictEqual(api.revive({ fileUri: vscode.Uri.file(outside).toString() }), false);
    assert.strictEqual(api.panelState(vscode.Uri.file(outside)), null, 'no session was made for it');
    assert.strictEqual(api.revive({ fileUri: 'file:///etc/passwd' }), false);
    const inside = fixture('revived/training.json');
    await write(inside, '{\n  "epochs": 3\n}\n');
    assert.strictEqual(api.revive({ fileUri: inside.toString() }), true);
    await waitFor('the revived panel to train its file', () => api.lastReport(inside)?.config?.epochs === 3);
  });
});
