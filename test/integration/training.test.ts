import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { descent, descentDiagnostics, fixture, replaceAndSave, valueRange, waitFor } from './util';

const config = (lr: number) => `{\n  "learningRate": ${lr},\n  "batchSize": "full",\n  "epochs": 40,\n  "data": "cars"\n}\n`;

suite('Training', () => {
  test('a diverging rate puts an Error on the learningRate value; the quick fix changes only that value and the run converges', async () => {
    const api = await descent();
    const uri = fixture('diverge/training.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('descent.train', uri);
    await api.whenIdle(uri);
    assert.strictEqual(api.lastReport(uri)?.verdict, 'diverged');

    const error = await waitFor('the diverged diagnostic', () => descentDiagnostics(uri).find((d) => d.code === 'diverged'));
    assert.strictEqual(error.severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(error.range, valueRange(doc, 'learningRate'));
    assert.match(error.message, /epoch \d+/);
    assert.match(error.message, /stable bound/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, error.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title.startsWith('Set learningRate to') && a.title.includes('suggested'));
    assert.ok(fix?.edit, `a suggested-rate fix among: ${actions.map((a) => a.title).join(' | ')}`);
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const after = doc.getText();
    const value = doc.getText(valueRange(doc, 'learningRate'));
    assert.notStrictEqual(value, '1.5');
    assert.strictEqual(after, before.replace('"learningRate": 1.5', `"learningRate": ${value}`), 'only the value changed; comments and spacing kept');

    assert.ok(await doc.save());
    await waitFor('a converged run of the fixed file', () => api.lastReport(uri)?.verdict === 'converged');
    await api.whenIdle(uri);
    assert.deepStrictEqual(descentDiagnostics(uri).filter((d) => d.code === 'diverged'), []);

    // undo brings the diverging value back: the fix was one ordinary edit
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), before);
    await doc.save();
  });

  test('a save re-trains with the saved content', async () => {
    const api = await descent();
    const uri = fixture('save/training.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(config(0.05)));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await replaceAndSave(doc, config(0.02));
    const report = await waitFor('a run of the saved content', () => {
      const r = api.lastReport(uri);
      return r?.config?.learningRate === 0.02 ? r : undefined;
    });
    assert.strictEqual(report.trained, true);
    assert.strictEqual(report.samples, 398);
    // The save itself trained it, not the file watcher that also sees the write a moment later.
    assert.strictEqual(api.panelState(uri)?.trigger, 'save');
  });

  test('typing after a save does not train: only the next save does', async () => {
    const api = await descent();
    const uri = fixture('typing/training.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(config(0.05)));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await replaceAndSave(doc, config(0.02));
    await waitFor('a run of the saved content', () => api.lastReport(uri)?.config?.learningRate === 0.02);
    await api.whenIdle(uri);
    const trained = api.panelState(uri)?.runId;
    // The first keystroke after a save reaches extensions while the buffer still counts as clean.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, valueRange(doc, 'learningRate'), '0.03');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the check of the edit', () => api.pendingChecks() === 0);
    await api.whenIdle(uri);
    assert.strictEqual(api.panelState(uri)?.runId, trained, 'no run for unsaved text');
    assert.strictEqual(api.lastReport(uri)?.config?.learningRate, 0.02);
    assert.ok(await doc.save());
    await waitFor('the save to train the typed rate', () => api.lastReport(uri)?.config?.learningRate === 0.03);
    assert.strictEqual(api.panelState(uri)?.trigger, 'save');
  });

  test('earlier runs stay on the chart, labelled by value, one per config, even across an invalid save', async () => {
    const api = await descent();
    const uri = fixture('history/training.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(config(0.05)));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await replaceAndSave(doc, config(0.01));
    await waitFor('the first run', () => api.lastReport(uri)?.config?.learningRate === 0.01);
    await replaceAndSave(doc, '{\n  "learningRate": "fast"\n}\n');
    await waitFor('the invalid run', () => api.panelState(uri)?.state === 'invalid');
    await replaceAndSave(doc, config(0.5));
    await waitFor('the last run', () => api.lastReport(uri)?.config?.learningRate === 0.5);
    // The runs table's labels: the values that differ between its rows; the current config (0.5) is the training curve, not another run.
    const labels = api.panelState(uri)?.previousLabels ?? [];
    assert.ok(labels.includes('lr 0.01'), `lr 0.01 is drawn beside the current run: ${labels.join(', ')}`);
    assert.ok(!labels.includes('lr 0.5'), `the current config is not drawn twice: ${labels.join(', ')}`);
    // Training 0.01 again adds no run.
    await replaceAndSave(doc, config(0.01));
    await waitFor('the re-run', () => api.lastReport(uri)?.config?.learningRate === 0.01);
    const again = api.panelState(uri)?.previousLabels ?? [];
    assert.deepStrictEqual(again.filter((l) => l === 'lr 0.5'), ['lr 0.5']);
    assert.ok(!again.includes('lr 0.01'), `the current config is not drawn twice: ${again.join(', ')}`);
  });

  test('a change on disk to an open, unmodified training.json re-trains the new content', async () => {
    const api = await descent();
    const uri = fixture('external-open/training.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(config(0.05)));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('descent.train', uri);
    await api.whenIdle(uri);
    fs.writeFileSync(uri.fsPath, config(0.04));
    await waitFor('the watcher to re-train the content on disk', () => api.lastReport(uri)?.config?.learningRate === 0.04);
  });

  test('a change made outside the editor (another tool writing the file) re-trains it', async () => {
    const api = await descent();
    const uri = fixture('external/training.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(config(0.05)));
    await vscode.commands.executeCommand('descent.train', uri);
    await api.whenIdle(uri);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Node's fs, not VS Code's: the extension learns of it only through its file watcher.
    fs.writeFileSync(uri.fsPath, config(0.03));
    await waitFor('the watcher to re-train the new content', () => api.lastReport(uri)?.config?.learningRate === 0.03);
    assert.strictEqual(api.panelState(uri)?.trigger, 'external');
  });

  test('a burst of saves yields one final result matching the last content, and leaves no timer behind', async () => {
    const api = await descent();
    const uri = fixture('burst/training.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(config(0.05)));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const rates = [0.011, 0.012, 0.013, 0.014, 0.015, 0.016, 0.017, 0.018];
    for (const lr of rates) await replaceAndSave(doc, config(lr));
    await waitFor('the last content to be trained', () => api.lastReport(uri)?.config?.learningRate === 0.018);
    await api.whenIdle(uri);
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(api.lastReport(uri)?.config?.learningRate, 0.018, 'no stale run overwrote the newest');
    assert.strictEqual(api.pendingTimers(), 0);
    assert.ok(api.liveWorkers() <= 1, `at most one idle worker is kept (have ${api.liveWorkers()})`);
  });

  test('Train Model opens the panel, which draws the run', async () => {
    const api = await descent();
    const uri = fixture('training.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('descent.train');
    await api.whenIdle(uri);
    const state = await waitFor(
      'the panel to draw the run',
      () => {
        const s = api.panelState(uri);
        return s && s.open && s.drawnRunIds.includes(s.runId) ? s : undefined;
      },
      20_000,
      () => api.panelState(uri),
    );
    assert.strictEqual(state.state, 'done');
    assert.strictEqual(api.lastReport(uri)?.verdict, 'converged');
  });
});
