/// <reference types="mocha" />
// Runs inside a real VS Code extension host (see index.ts): proves the extension is installed,
// activates, and registers its commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** publisher.name from package.json */
const EXTENSION_ID = 'descent.descent';

suite('Descent in a real VS Code', () => {
  test('is present, activates, and registers descent.train', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded in this VS Code`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('descent.train'), 'descent.train is not a registered command');
  });
});
