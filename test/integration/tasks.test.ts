/// <reference types="mocha" />
// The CLI as a task in a real VS Code: the descent task provider offers a task per training.json,
// the task runs the bundled CLI, and the $descent problem matcher puts its problems in the
// Problems panel (as diagnostics of the matcher's owner, not of the extension's collection).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { descent, fixture, waitFor } from './util';

/** A diverging learning rate (the cars data is stable below 1) and a key Descent does not know. */
const TEXT = '{\n  "learningRate": 1.5,\n  "batchSize": "full",\n  "epochs": 30,\n  "colour": "red",\n  "data": "cars"\n}\n';
/** The 0-based line of `needle` in TEXT. */
const lineOf = (needle: string) => TEXT.slice(0, TEXT.indexOf(needle)).split('\n').length - 1;

suite('The descent task', () => {
  const file = 'task/training.json';
  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(fixture('task'), { recursive: true, useTrash: false });
  });

  test('runs the CLI on a training.json, and the $descent matcher lists its problems at their lines', async () => {
    await descent();
    const matcher = (vscode.extensions.getExtension('descent.descent')?.packageJSON as { contributes: { problemMatchers: { name: string; source: string }[] } }).contributes.problemMatchers.find((m) => m.name === 'descent');
    assert.ok(matcher, 'package.json contributes the descent problem matcher');
    const uri = fixture(file);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(TEXT));

    const task = await waitFor('the descent task of the new training.json', async () => (await vscode.tasks.fetchTasks({ type: 'descent' })).find((t) => t.definition.file === file), 20_000);
    assert.equal(task.definition.command, 'train');
    assert.equal(task.name, `train ${file}`);

    const ended = new Promise<number | undefined>((resolve) => {
      const listener = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.definition.file !== file) return;
        listener.dispose();
        resolve(e.exitCode);
      });
    });
    await vscode.tasks.executeTask(task);
    const exitCode = await Promise.race([ended, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 45_000))]);
    // The CLI trains a diverging file (exit 0: --fail-on was not given).
    assert.equal(exitCode, 0, 'the task ended with the CLI exit code 0');

    const fromTask = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === matcher.source);
    const diverged = await waitFor('the diverged error from the task', () => fromTask().find((d) => d.severity === vscode.DiagnosticSeverity.Error), 15_000, () => vscode.languages.getDiagnostics(uri).map((d) => `${d.source} ${d.range.start.line}: ${d.message}`));
    assert.equal(diverged.range.start.line, lineOf('"learningRate"'));
    assert.equal(diverged.range.start.character, TEXT.split('\n')[lineOf('"learningRate"')]?.indexOf('1.5'));
    assert.match(diverged.message, /1\.5/);
    const unknown = fromTask().find((d) => d.severity === vscode.DiagnosticSeverity.Warning);
    assert.ok(unknown, 'the unknown key is a warning');
    assert.equal(unknown.range.start.line, lineOf('"colour"'));
    assert.match(unknown.message, /colour/);
  });
});
