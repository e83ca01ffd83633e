// Runs the integration suite (dist/test/integration/*.test.js, loaded by dist/test/integration/index.js)
// inside a real VS Code: code-server's node extension host, started by opening the workbench in
// headless Chromium. Builds nothing: run `npm run build` first.
//
//   node test/host/run-integration.mjs [--extension DIR] [--tests FILE] [--workspace DIR]
//                                      [--results FILE] [--timeout SECONDS]
//
// Defaults: the repo as the extension, dist/test/integration/index.js as the tests, a temp copy of
// test/fixtures/workspace/ (or examples/) as the workspace, test-results/integration.json for the
// results. Prints `integration: N passed, M failed`; exits non-zero on any failure, on a timeout,
// or when no test ran.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { openWorkbench, screenshot, webviewFrames } from './browser.mjs';
import { ensureHost, REPO_ROOT } from './install.mjs';
import { startHost } from './server.mjs';

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string', default: REPO_ROOT },
    tests: { type: 'string', default: path.join(REPO_ROOT, 'dist', 'test', 'integration', 'index.js') },
    workspace: { type: 'string' },
    results: { type: 'string', default: path.join(REPO_ROOT, 'test-results', 'integration.json') },
    timeout: { type: 'string', default: process.env.DESCENT_INTEGRATION_TIMEOUT ?? '300' },
    // Turn workspace trust on, so the fixture opens in Restricted Mode (the untrusted suite).
    untrusted: { type: 'boolean', default: false },
  },
});

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[integration] ${msg}`);

async function main() {
  const extensionPath = path.resolve(opts.extension);
  const testsPath = path.resolve(opts.tests);
  const resultsFile = path.resolve(opts.results);
  const timeoutMs = Number(opts.timeout) * 1000;

  if (!fs.existsSync(testsPath)) {
    throw new Error(`${testsPath} does not exist: build first (npm run build)`);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  if (manifest.main && !fs.existsSync(path.resolve(extensionPath, manifest.main))) {
    log(`warning: the extension's main ${manifest.main} does not exist (not built?)`);
  }

  const launcher = await ensureHost();
  const workspace = copyWorkspace(opts.workspace);
  fs.rmSync(resultsFile, { force: true });

  let host;
  let wb;
  let results;
  try {
    const settings = opts.untrusted ? { 'security.workspace.trust.enabled': true } : {};
    host = await startHost({ workspace, extensionPath, testsPath, launcher, settings, env: { DESCENT_TEST_RESULTS: resultsFile } });
    log(`code-server listening on ${host.url} (${elapsed()}); workspace ${workspace}`);
    wb = await openWorkbench(host.workbenchUrl);
    log(`workbench open (${elapsed()}); waiting for the extension host to run the tests`);
    results = await waitForResults(resultsFile, host, timeoutMs);
    results = withUncaughtErrors(results, host);
    if (!(results.failed === 0 && results.passed + results.failed > 0)) {
      printHostLogs(host);
      reportBrowserProblems(wb);
      await reportWorkbench(wb, resultsFile);
    }
  } catch (e) {
    if (host) printHostLogs(host);
    if (wb) reportBrowserProblems(wb);
    throw e;
  } finally {
    await wb?.close();
    await host?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }

  return report(results);
}

/**
 * An unhandled rejection or uncaught exception in the extension host fails the run even when
 * every test passed: it is a bug the user would meet as a toast or a dead feature.
 */
function withUncaughtErrors(results, host) {
  // The extension host logs what reaches its unexpected-error handler as `[error]` lines.
  // VS Code also logs, as warnings naming the extension, API misuse such as reading a
  // window-scoped setting for a resource: Descent must cause none.
  const uncaught = host
    .extensionHostLogLines(/\[error\]|\[warning\] \[descent\.descent\]/)
    .filter((l) => /^(remote)?exthost\d*\.log:/.test(l) && !/ENOTFOUND|open-vsx/.test(l))
    // The test runner's own report of failed tests is not an uncaught error; the failures are counted already.
    .filter((l) => !/Test runner finished with error/.test(l));
  if (!uncaught.length) return results;
  return {
    ...results,
    failed: results.failed + 1,
    failures: [...(results.failures ?? []), { title: 'no unhandled rejection, uncaught exception or Descent warning in the extension host', error: uncaught.slice(-20).join('\n') }],
  };
}

/** A throwaway copy, so tests may edit files freely. */
function copyWorkspace(explicit) {
  const source =
    explicit ?? [path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), path.join(REPO_ROOT, 'examples')].find((p) => fs.existsSync(p));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-workspace-'));
  if (source) fs.cpSync(path.resolve(source), dir, { recursive: true });
  return dir;
}

async function waitForResults(file, host, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let hostExitSeen = 0;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!host.running()) throw new Error('code-server exited before the tests wrote their results');
    // The extension host exits after run() settles; without a results file that means the runner
    // never got to write one (it failed to load, or DESCENT_TEST_RESULTS did not reach it).
    if (!hostExitSeen && host.extensionHostLogLines(/Extension host .*exited|exthost.*terminated/i).length) hostExitSeen = Date.now();
    if (hostExitSeen && Date.now() - hostExitSeen > 10_000) {
      printHostLogs(host);
      throw new Error(`the extension host exited without writing ${file}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  printHostLogs(host);
  throw new Error(
    `timed out after ${timeoutMs / 1000}s waiting for ${file}: the extension host never finished the suite ` +
      `(raise with --timeout SECONDS or DESCENT_INTEGRATION_TIMEOUT)`,
  );
}

function report(results) {
  const { passed = 0, failed = 0, pending = 0, failures = [] } = results;
  for (const t of results.tests ?? []) console.log(`  ${t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-'} ${t.title}`);
  for (const f of failures) console.log(`\nFAILED: ${f.title}\n${indent(f.error)}`);
  console.log(`\nintegration: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  if (passed + failed === 0) console.log('[integration] no test ran');
  console.log(`[integration] done in ${elapsed()}`);
  return failed === 0 && passed + failed > 0;
}

function printHostLogs(host) {
  const lines = host.extensionHostLogLines(/error|fail|exception|cannot|unable/i).filter((l) => !/ENOTFOUND|open-vsx/.test(l));
  if (lines.length) {
    console.log(`--- extension host log lines with errors (${host.userDataDir}/logs; DESCENT_KEEP_HOST_DIR=1 keeps it) ---`);
    console.log(lines.slice(-150).join('\n'));
  }
  const serverErrors = host.logs.filter((l) => /error|fail/i.test(l) && !/ENOTFOUND|open-vsx/.test(l));
  if (serverErrors.length) {
    console.log('--- code-server output with errors ---');
    console.log(serverErrors.slice(-50).join('\n'));
  }
}

function reportBrowserProblems(wb) {
  const problems = wb.problems.list();
  if (problems.length) console.log(`--- browser problems (${problems.length}) ---\n${wb.problems.format(problems.slice(-30))}`);
}

/** What the workbench and its webviews show at the end, for a failure that depends on the page. */
async function reportWorkbench(wb, resultsFile) {
  try {
    const file = await screenshot(wb.page, resultsFile.replace(/\.json$/, '') + '-failure.png');
    console.log(`--- workbench at the end: ${file} ---`);
    for (const frame of webviewFrames(wb.page)) {
      const text = await frame.evaluate(() => document.body?.innerText ?? '').catch((e) => `(unreadable: ${e.message})`);
      console.log(`webview ${frame.url().slice(0, 120)}\n${indent(text.slice(0, 600))}`);
    }
  } catch (e) {
    console.log(`(could not capture the workbench: ${e.message})`);
  }
}

const indent = (text) => String(text).split('\n').map((l) => `    ${l}`).join('\n');

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (e) => {
    console.error(`[integration] ERROR: ${e.message}`);
    console.log('\nintegration: 0 passed, 1 failed');
    process.exit(1);
  },
);
