import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { DescentApi } from '../../src/trainer';
import { descent, descentDiagnostics, fixture, replaceAndSave, waitFor } from './util';

const small = (lr: number) => `{\n  "learningRate": ${lr},\n  "epochs": 20\n}\n`;
/** About a second of training: a million synthetic rows, three epochs of mini-batches. */
const SECONDS = '{\n  "learningRate": 0.01,\n  "batchSize": 100,\n  "epochs": 3,\n  "data": { "synthetic": { "samples": 1000000, "features": 8 } }\n}\n';

async function write(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/** Writes `text` to the fixture file and trains it with Train Model, without opening it. */
async function trained(api: DescentApi, uri: vscode.Uri, text: string): Promise<vscode.Uri> {
  await write(uri, text);
  await vscode.commands.executeCommand('descent.train', uri);
  await api.whenIdle(uri);
  return uri;
}

/** Writes `text` to the fixture file and opens it in an editor. */
async function opened(uri: vscode.Uri, text: string): Promise<vscode.TextDocument> {
  await write(uri, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

async function withSetting(key: string, value: unknown, body: () => Promise<void>): Promise<void> {
  const config = vscode.workspace.getConfiguration('descent');
  await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  try {
    await body();
  } finally {
    await vscode.workspace.getConfiguration('descent').update(key, undefined, vscode.ConfigurationTarget.Workspace);
  }
}

suite('Lifecycle', () => {
  test('descent.openPanelOnOpen: a training.json shown in an editor trains and opens its panel beside it, once; off, opening one does neither', async () => {
    const api = await descent();
    const off = fixture('openoff/training.json');
    await opened(off, small(0.05));
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(api.panelState(off)?.open ?? false, false, 'with the setting off, opening a file opens no panel');
    assert.strictEqual(api.lastReport(off), null, 'and trains nothing');
    await withSetting('openPanelOnOpen', true, async () => {
      const uri = fixture('openon/training.json');
      await opened(uri, small(0.05));
      await waitFor('the panel to open and the file to train', () => api.panelState(uri)?.open && api.lastReport(uri)?.verdict, 20_000, () => api.panelState(uri));
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the editor keeps the focus');
      // Closed by the user, the panel stays closed when the file is shown again.
      await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
      await waitFor('the panel to close', () => api.panelState(uri)?.open === false);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await new Promise((r) => setTimeout(r, 500));
      assert.strictEqual(api.panelState(uri)?.open, false, 'a panel the user closed stays closed');
    });
  });

  test('another tool writing the same text twice while it trains does not leave the file stuck on training', async () => {
    const api = await descent();
    const uri = await trained(api, fixture('twice/training.json'), small(0.05));
    await write(uri, SECONDS);
    await waitFor('the written file to train', () => api.panelState(uri)?.state === 'training');
    await new Promise((r) => setTimeout(r, 100));
    await write(uri, SECONDS);
    await waitFor('the run of the written text to finish', () => api.panelState(uri)?.state === 'done' && api.lastReport(uri)?.config?.epochs === 3, 30_000, () => api.panelState(uri));
  });

  test('showing the panel while the first run trains does not restart it', async () => {
    const api = await descent();
    const uri = fixture('showduring/training.json');
    const doc = await opened(uri, small(0.05));
    await replaceAndSave(doc, SECONDS);
    await waitFor('the saved file to train', () => api.panelState(uri)?.state === 'training');
    await vscode.commands.executeCommand('descent.showPanel', uri);
    await api.whenIdle(uri);
    await waitFor('the run to finish', () => api.panelState(uri)?.state === 'done', 30_000, () => api.panelState(uri));
    assert.strictEqual(api.panelState(uri)?.trigger, 'save', 'the run the save started is the one that finished');
  });

  test('with trainOnSave off, a deleted file that comes back shows its last run again', async () => {
    const api = await descent();
    const uri = await trained(api, fixture('offrestore/training.json'), small(1.5));
    await withSetting('trainOnSave', false, async () => {
      await vscode.workspace.fs.delete(uri);
      await waitFor('the panel to say the file is gone', () => api.panelState(uri)?.state === 'deleted');
      await write(uri, small(1.5));
      await waitFor('the panel to leave the deleted state', () => api.panelState(uri)?.state === 'done', 20_000, () => api.panelState(uri));
    });
  });

  test('a file that is not open carries the diagnostics of its run, and loses them when another tool fixes it', async () => {
    const api = await descent();
    const uri = await trained(api, fixture('closedfix/training.json'), small(1.5));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the file is not open');
    const diverged = await waitFor('the diverged Error on the closed file', () => descentDiagnostics(uri).find((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.strictEqual(diverged.range.start.line, 1, 'on the learningRate line');
    await write(uri, small(0.05));
    await waitFor('the fixed file to train', () => api.lastReport(uri)?.config?.learningRate === 0.05);
    await waitFor('the Error to go', () => !descentDiagnostics(uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error), 20_000, () => descentDiagnostics(uri).map((d) => d.message));
  });

  test('raising descent.maxUpdates trains the file the old limit stopped', async () => {
    const api = await descent();
    const uri = fixture('raise/training.json');
    await write(uri, '{\n  "batchSize": 1,\n  "epochs": 20\n}\n');
    await withSetting('maxUpdates', 100, async () => {
      await vscode.commands.executeCommand('descent.train', uri);
      await api.whenIdle(uri);
      assert.strictEqual(api.lastReport(uri), null, 'the limit stopped it');
    });
    await waitFor('the file to train under the default limit', () => api.lastReport(uri)?.trained === true, 20_000, () => api.panelState(uri));
  });

  test('a save that the update limit stops puts the limit on epochs, even right after typing', async () => {
    const api = await descent();
    const uri = fixture('limitdiag/training.json');
    const doc = await opened(uri, small(0.05));
    await waitFor('the check of the opened file', () => api.pendingChecks() === 0);
    await replaceAndSave(doc, '{\n  "batchSize": 1,\n  "epochs": 1000000\n}\n');
    await api.whenIdle(uri);
    const limit = await waitFor('the too-many-updates warning', () => descentDiagnostics(uri).find((d) => d.code === 'too-many-updates'), 20_000, () => descentDiagnostics(uri).map((d) => d.message));
    assert.strictEqual(limit.range.start.line, 2, 'on the epochs line');
  });

  test('a training.json that is not a file on disk (a diff view, a virtual document) is left alone', async () => {
    const api = await descent();
    const scheme = 'descent-test';
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => small(1.5) });
    try {
      const uri = vscode.Uri.from({ scheme, path: '/virtual/training.json' });
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
      await vscode.window.showTextDocument(uri);
      assert.strictEqual(api.panelState(uri), null, 'no session for a virtual document');
    } finally {
      provider.dispose();
    }
  });

  test('a panel whose page never loads is replaced by a fresh one that draws the run', async () => {
    const api = await descent();
    const uri = fixture('blank/training.json');
    await write(uri, small(0.05));
    api.simulateBlankPage();
    await vscode.commands.executeCommand('descent.train', uri);
    await api.whenIdle(uri);
    const state = await waitFor(
      'a fresh panel to draw the run',
      () => {
        const s = api.panelState(uri);
        return s?.open && s.ready && s.drawnRunIds.includes(s.runId) ? s : undefined;
      },
      30_000,
      () => api.panelState(uri),
    );
    assert.strictEqual(state.state, 'done');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label.includes('blank'));
    assert.strictEqual(tabs.length, 1, 'the blank panel was closed, not left beside the fresh one');
  });

  test('a restored panel that stays blank is replaced by a fresh page that starts from the restored page state', async () => {
    const api = await descent();
    const uri = fixture('blankRevived/training.json');
    await write(uri, small(0.05));
    const saved = { view: { logScale: false, xAxis: 'update', showPrevious: true }, fileUri: uri.toString(), runsSort: { column: 'finalLoss', descending: false } };
    api.simulateBlankPage();
    assert.strictEqual(api.revive(saved), true);
    const state = await waitFor(
      'a fresh panel to draw the run',
      () => {
        const s = api.panelState(uri);
        return s?.open && s.ready && s.drawnRunIds.includes(s.runId) ? s : undefined;
      },
      30_000,
      () => api.panelState(uri),
    );
    assert.deepStrictEqual(JSON.parse(state.carriedState), saved, 'the fresh page was given the restored state');
  });

  test('deleting the folder that holds a training.json marks it deleted', async () => {
    const api = await descent();
    const folder = fixture('goneFolder');
    const uri = await trained(api, vscode.Uri.joinPath(folder, 'sub', 'training.json'), small(1.5));
    await waitFor('its diagnostics', () => descentDiagnostics(uri).length > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(folder, { recursive: true });
    assert.ok(await vscode.workspace.applyEdit(edit), 'the folder was deleted');
    await waitFor('the file to be marked deleted', () => api.panelState(uri)?.state === 'deleted');
    await waitFor('its diagnostics to clear', () => descentDiagnostics(uri).length === 0);
  });
});
