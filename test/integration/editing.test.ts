import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { descent, descentDiagnostics, fixture, waitFor } from './util';

suite('Editing training.json', () => {
  suiteSetup(async () => {
    await descent();
  });

  test('registers the Train Model, Show Training Panel and Create training.json commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['descent.train', 'descent.showPanel', 'descent.createTrainingJson']) assert.ok(commands.includes(c), c);
  });

  test('opens training.json as JSON with comments, so the starter comments are not errors', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('training.json'));
    assert.strictEqual(doc.languageId, 'jsonc');
  });

  test('completes learningRate, batchSize, epochs and data from the schema', async () => {
    const uri = fixture('completion/training.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{\n  \n}\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const labels = await waitFor('schema completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(1, 2));
      // Only the schema's property completions count, not words picked up from other files.
      const names = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Property).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return names.includes('learningRate') ? names : undefined;
    });
    for (const key of ['learningRate', 'batchSize', 'epochs', 'data', 'normalize', 'validationSplit', 'seed']) assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
  });

  test('reports a schema problem for "learningRate": -1 on that line', async () => {
    const uri = fixture('negative/training.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{\n  "learningRate": -1\n}\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const problem = await waitFor('a schema diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.range.start.line === 1));
    assert.match(problem.message, /minimum/i);
  });

  test('reports a CSV that does not exist on the csv value', async () => {
    const uri = fixture('missing/training.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const d = await waitFor('the missing-CSV diagnostic', () => descentDiagnostics(uri).find((x) => x.code === 'data-missing'));
    assert.strictEqual(doc.getText(d.range), '"nowhere.csv"');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
  });

  test('refuses a CSV outside the workspace folder', async () => {
    const uri = fixture('outside/training.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const d = await waitFor('the outside-workspace diagnostic', () => descentDiagnostics(uri).find((x) => x.code === 'data-outside-workspace'));
    assert.strictEqual(doc.getText(d.range), '"../../secret.csv"');
  });

  test('reports a label also used as a feature, on that feature', async () => {
    const uri = fixture('columns/training.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const label = await waitFor('the label-is-feature diagnostic', () => descentDiagnostics(uri).find((x) => x.code === 'label-is-feature'));
    assert.strictEqual(doc.getText(label.range), '"Miles_per_Gallon"');
    assert.strictEqual(label.range.start.line, 2);
  });

  test('warns on a batchSize larger than the data', async () => {
    const uri = fixture('bigbatch/training.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const d = await waitFor('the batch-larger-than-data diagnostic', () => descentDiagnostics(uri).find((x) => x.code === 'batch-larger-than-data'));
    assert.strictEqual(doc.getText(d.range), '5000');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
  });

  test('Create training.json never overwrites an existing file', async () => {
    const uri = fixture('training.json');
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    await vscode.commands.executeCommand('descent.createTrainingJson');
    assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), before);
  });
});
