/// <reference types="mocha" />
// The mocha runner that a real VS Code's extension host loads as `extensionTestsPath`: it awaits
// the exported run() once our extension is loaded, then the extension host exits.
//
// esbuild.js bundles it (CommonJS, `vscode` and `mocha` external) to dist/test/integration/index.js,
// next to one dist/test/integration/*.test.js per test file, which run() loads from __dirname.
//
// Two launchers load it:
// - test/host/run-integration.mjs: code-server (VS Code 1.100.3 from npm) in headless Chromium,
//   the only VS Code these machines can get. It sets DESCENT_TEST_RESULTS in the server's
//   environment, which the extension host inherits.
// - @vscode/test-electron on a machine that can download VS Code:
//     runTests({ extensionDevelopmentPath: repo, extensionTestsPath: `${repo}/dist/test/integration/index.js`,
//                extensionTestsEnv: { DESCENT_TEST_RESULTS: `${repo}/test-results/integration.json` } })
//   DESCENT_TEST_RESULTS is optional there; run() rejects on failures either way, which is how
//   test-electron reports them.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { createRequire } from 'node:module';
import * as path from 'node:path';

type MochaModule = typeof import('mocha');

/** What the results file holds: counts plus one entry per failed test. */
export interface IntegrationResults {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number }[];
  durationMs: number;
}

/**
 * Mocha 12 is an ES module; its CommonJS build (lib/mocha.cjs) loads with a plain require in any
 * extension host, including Electron's, whose Node may not require() ES modules.
 */
async function loadMocha(): Promise<MochaModule> {
  const requireFromHere = createRequire(__filename);
  try {
    return requireFromHere('mocha/lib/mocha.cjs') as MochaModule;
  } catch {
    const mod = (await import('mocha')) as unknown as { default?: MochaModule } & MochaModule;
    return mod.default ?? mod;
  }
}

/**
 * Each test starts without the panels of the ones before. Besides isolating tests, this keeps
 * the browser's webviews few: in code-server, after dozens of webviews were created in one
 * window, a new one would now and then never load its page.
 */
async function closePanels(): Promise<void> {
  const panels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
  if (panels.length) await vscode.window.tabGroups.close(panels);
}

/** Runs every *.test.js beside this file under mocha's tdd UI (`suite`/`test`). */
export async function run(): Promise<void> {
  const Mocha = await loadMocha();
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', rootHooks: { afterEach: closePanels } });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  const resultsFile = process.env.DESCENT_TEST_RESULTS;
  const results: IntegrationResults = { passed: 0, failed: 0, pending: 0, failures: [], tests: [], durationMs: 0 };
  const started = Date.now();

  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((count) => resolve(count));
      runner.on('pass', (t) => {
        results.passed += 1;
        results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      });
      runner.on('fail', (t, err: unknown) => {
        results.failed += 1;
        const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
        results.failures.push({ title: t.fullTitle(), error });
        results.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration });
      });
      runner.on('pending', (t) => {
        results.pending += 1;
        results.tests.push({ title: t.fullTitle(), state: 'pending' });
      });
    } catch (e) {
      // A test file that throws while loading (a syntax error, a bad import) lands here.
      results.failed += 1;
      results.failures.push({ title: 'loading test files', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      reject(e);
    }
  }).catch((e: unknown) => {
    writeResults(resultsFile, { ...results, durationMs: Date.now() - started });
    throw e;
  });

  writeResults(resultsFile, { ...results, durationMs: Date.now() - started });
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
  if (files.length === 0) throw new Error(`no *.test.js files next to ${__filename}`);
}

function writeResults(file: string | undefined, results: IntegrationResults): void {
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole then renamed, so a watcher never reads half a file.
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}
