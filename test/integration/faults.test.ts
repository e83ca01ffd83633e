import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { descent, descentDiagnostics, fixture, replaceAndSave, waitFor } from './util';

const small = (lr: number) => `{\n  "learningRate": ${lr},\n  "epochs": 20\n}\n`;
/** Seconds of training: a million synthetic rows in mini-batches. */
const LONG = '{\n  "learningRate": 0.01,\n  "batchSize": 100,\n  "epochs": 200,\n  "data": { "synthetic": { "samples": 1000000, "features": 8 } }\n}\n';

async function openFixture(rel: string, text: string): Promise<vscode.TextDocument> {
  const uri = fixture(rel);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

suite('Faults', () => {
  test('a worker that dies mid-run is reported, and the next save trains with a fresh worker', async () => {
    const api = await descent();
    const doc = await openFixture('crash/training.json', LONG);
    const run = vscode.commands.executeCommand('descent.train', doc.uri);
    await waitFor('the long run to start', () => api.panelState(doc.uri)?.state === 'training');
    await new Promise((r) => setTimeout(r, 300));
    api.simulateWorkerCrash();
    await run;
    assert.strictEqual(api.panelState(doc.uri)?.state, 'crashed');
    await replaceAndSave(doc, small(0.05));
    await waitFor('a fresh worker to train the saved content', () => api.lastReport(doc.uri)?.config?.learningRate === 0.05 && api.panelState(doc.uri)?.state === 'done');
  });

  test('a storm of 50 saves alternating valid and invalid content ends on the last content, with no timer or extra worker left', async () => {
    const api = await descent();
    const doc = await openFixture('storm/training.json', small(0.05));
    for (let i = 0; i < 50; i++) {
      await replaceAndSave(doc, i % 2 === 0 ? small(0.02 + i / 10000) : '{\n  "learningRate": -1\n}\n');
    }
    await replaceAndSave(doc, small(0.0248));
    await waitFor('the final content to be trained', () => api.lastReport(doc.uri)?.config?.learningRate === 0.0248);
    await api.whenIdle(doc.uri);
    await new Promise((r) => setTimeout(r, 400));
    assert.strictEqual(api.lastReport(doc.uri)?.config?.learningRate, 0.0248);
    assert.strictEqual(api.panelState(doc.uri)?.state, 'done');
    assert.strictEqual(api.pendingTimers(), 0);
    assert.ok(api.liveWorkers() <= 1, `one idle worker at most, found ${api.liveWorkers()}`);
  });

  test('closing the panel while training and reopening it shows the finished run', async () => {
    const api = await descent();
    const doc = await openFixture('reopen/training.json', LONG.replace('"epochs": 200', '"epochs": 3'));
    const run = vscode.commands.executeCommand('descent.train', doc.uri);
    await waitFor('the run to start', () => api.panelState(doc.uri)?.state === 'training');
    await waitFor('the panel to be open', () => api.panelState(doc.uri)?.open);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const tab = await waitFor('the panel tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label.includes('reopen')));
    assert.ok(tab, `the panel has a tab among ${tabs.map((t) => t.label).join(', ')}`);
    await vscode.window.tabGroups.close(tab);
    await waitFor('the panel to close', () => api.panelState(doc.uri)?.open === false);
    await run;
    await vscode.commands.executeCommand('descent.showPanel', doc.uri);
    const s = await waitFor('the reopened panel to draw the run', () => {
      const p = api.panelState(doc.uri);
      return p?.open && p.drawnRunIds.includes(p.runId) ? p : undefined;
    });
    assert.strictEqual(s.state, 'done');
  });

  test('a config above descent.maxUpdates does not start: Descent asks first', async () => {
    const api = await descent();
    const doc = await openFixture('huge/training.json', '{\n  "batchSize": 1,\n  "epochs": 1000000\n}\n');
    await vscode.commands.executeCommand('descent.train', doc.uri);
    await api.whenIdle(doc.uri);
    assert.strictEqual(api.lastReport(doc.uri), null, 'nothing trained');
    assert.notStrictEqual(api.panelState(doc.uri)?.state, 'training');
    assert.strictEqual(api.liveWorkers() <= 1, true);
  });

  test('deleting the training.json stops refreshing, tells the panel and clears its diagnostics', async () => {
    const api = await descent();
    const doc = await openFixture('deleted/training.json', '{\n  "learningRate": 1.5,\n  "epochs": 20\n}\n');
    await vscode.commands.executeCommand('descent.train', doc.uri);
    await api.whenIdle(doc.uri);
    await waitFor('the diverged diagnostic', () => descentDiagnostics(doc.uri).length > 0);
    await vscode.workspace.fs.delete(doc.uri);
    await waitFor('the panel to say the file is gone', () => api.panelState(doc.uri)?.state === 'deleted');
    await waitFor('its diagnostics to clear', () => descentDiagnostics(doc.uri).length === 0);
    // Typing in the orphaned buffer checks its text, but a deleted file's squiggles stay away.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 1), ' ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the check of the edit to be scheduled', () => api.pendingChecks() > 0);
    await waitFor('the check of the edit to finish', () => api.pendingChecks() === 0);
    assert.deepStrictEqual(descentDiagnostics(doc.uri).map((d) => d.message), []);
    assert.strictEqual(api.panelState(doc.uri)?.state, 'deleted');
    // Saving the buffer writes the file again: it trains, and its verdict is back on learningRate.
    assert.ok(await doc.save(), 'the buffer of the deleted file saves');
    await waitFor('the saved file to train again', () => api.panelState(doc.uri)?.state === 'done');
    await waitFor('the diverged diagnostic to return', () => descentDiagnostics(doc.uri).length > 0);
  });

  test('a deleted training.json that comes back unchanged while open (an undone delete) resumes refreshing', async () => {
    const api = await descent();
    const text = '{\n  "learningRate": 1.5,\n  "epochs": 20\n}\n';
    const doc = await openFixture('restored/training.json', text);
    await vscode.commands.executeCommand('descent.train', doc.uri);
    await api.whenIdle(doc.uri);
    const before = api.panelState(doc.uri)?.runId;
    await vscode.workspace.fs.delete(doc.uri);
    await waitFor('the panel to say the file is gone', () => api.panelState(doc.uri)?.state === 'deleted');
    await vscode.workspace.fs.writeFile(doc.uri, new TextEncoder().encode(text));
    await waitFor('the returned file to train', () => api.panelState(doc.uri)?.state === 'done', 20_000, () => api.panelState(doc.uri));
    assert.notStrictEqual(api.panelState(doc.uri)?.runId, before);
    await waitFor('its diagnostic to return', () => descentDiagnostics(doc.uri).length > 0);
  });
});
