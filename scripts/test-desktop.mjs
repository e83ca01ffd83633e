// `npm run test:desktop`: the integration suite in desktop VS Code through @vscode/test-electron.
// It DOWNLOADS VS Code from Microsoft's update servers, so it is for machines with internet; on
// machines that reach only package registries, `npm test` runs the same suite in code-server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The tests write files into their workspace: give them a throwaway copy of the fixture.
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-desktop-'));
fs.cpSync(path.join(repo, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'dist', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: { DESCENT_TEST_RESULTS: path.join(repo, 'test-results', 'desktop.json') },
  });
} catch (e) {
  console.error(`test:desktop failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
