import * as assert from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseRunFile } from '../../src/core/runFile';
import { descent, fixture, waitFor } from './util';

const runsOf = (uri: vscode.Uri): string[] => {
  const dir = path.join(path.dirname(uri.fsPath), '.descent', 'runs');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => path.join(dir, n)) : [];
};

async function train(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  await vscode.commands.executeCommand('descent.train', uri);
  await (await descent()).whenIdle(uri);
}

suite('Kept runs', () => {
  test('with descent.keepRuns on, each finished run is written to .descent/runs beside its training.json; off, none is', async () => {
    const api = await descent();
    const uri = fixture('keep/training.json');
    await train(uri, '{ "learningRate": 0.5, "epochs": 10 }\n');
    assert.strictEqual(api.lastReport(uri)?.trained, true);
    assert.deepStrictEqual(runsOf(uri), [], 'keepRuns is off by default: nothing is written');
    await vscode.workspace.getConfiguration('descent').update('keepRuns', true, vscode.ConfigurationTarget.Workspace);
    try {
      await train(uri, '{ "learningRate": 0.05, "epochs": 12 }\n');
      // Another tool's write can be seen half-written by the file watcher, which then trains the
      // whole file once more: the run of the text written is kept, the newest file holds it.
      const file = await waitFor('a kept run', () => runsOf(uri).sort().at(-1) ?? false, 10_000, () => runsOf(uri));
      const read = parseRunFile(fs.readFileSync(file as string, 'utf8'), file as string);
      assert.ok('run' in read, JSON.stringify(read));
      assert.strictEqual(read.run.config.learningRate, 0.05);
      assert.strictEqual(read.run.history.trainLoss.length, 13);
      assert.strictEqual(read.run.finalLoss, api.lastReport(uri)?.finalLoss);
      assert.strictEqual(read.run.trainingFile, path.join('..', '..', 'training.json'));

      // A CSV run names the bytes it read.
      const csvUri = fixture('csv/training.json');
      await vscode.commands.executeCommand('descent.train', csvUri);
      await api.whenIdle(csvUri);
      const [csvRun] = await waitFor('a kept CSV run', () => (runsOf(csvUri).length === 1 ? runsOf(csvUri) : false), 10_000, () => runsOf(csvUri));
      const csvRead = parseRunFile(fs.readFileSync(csvRun as string, 'utf8'), csvRun as string);
      assert.ok('run' in csvRead);
      const bytes = fs.readFileSync(path.join(path.dirname(csvUri.fsPath), 'houses.csv'));
      assert.deepStrictEqual(csvRead.run.data.hash, { algorithm: 'sha256', of: 'file-bytes', value: crypto.createHash('sha256').update(bytes).digest('hex') });
      fs.rmSync(path.join(path.dirname(csvUri.fsPath), '.descent'), { recursive: true, force: true });
    } finally {
      await vscode.workspace.getConfiguration('descent').update('keepRuns', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
