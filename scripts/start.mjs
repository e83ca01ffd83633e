// `npm start` (after `npm run build`): runs the extension in a real VS Code on a machine that has
// none. Installs code-server once (test/host/install.mjs), starts it on examples/ with this repo
// loaded as an unpackaged extension, and prints the URL to open in a browser; Ctrl-C stops it.
//
// DESCENT_START_SMOKE=1: instead open the URL in headless Chromium, save a screenshot to
// test-results/start.png and exit (CI's proof that `npm start` works).
// DESCENT_PORT=NNNN picks the port (default: a free one).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { findWebviewFrame, openWorkbench, screenshot } from '../test/host/browser.mjs';
import { ensureHost, REPO_ROOT } from '../test/host/install.mjs';
import { startHost } from '../test/host/server.mjs';

const smoke = process.env.DESCENT_START_SMOKE === '1';
const workspace = path.join(REPO_ROOT, 'examples');

async function main() {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  if (manifest.main && !fs.existsSync(path.join(REPO_ROOT, manifest.main))) {
    console.warn(`[start] warning: ${manifest.main} is missing; run \`npm run build\` (npm start does)`);
  }
  const launcher = await ensureHost();
  const host = await startHost({
    workspace,
    extensionPath: REPO_ROOT,
    launcher,
    port: process.env.DESCENT_PORT ? Number(process.env.DESCENT_PORT) : undefined,
    // The first view: the example open, trained, its panel beside it (descent.openPanelOnOpen).
    settings: { 'descent.openPanelOnOpen': true },
  });
  host.workbenchUrl = host.makeWorkbenchUrl({ extensionPath: REPO_ROOT, openFile: path.join(workspace, 'cars', 'training.json') });

  if (smoke) {
    let wb;
    try {
      wb = await openWorkbench(host.workbenchUrl);
      // The first view: the example in an editor and its trained panel beside it.
      await wb.page.locator('.tabs-container .tab', { hasText: 'training.json' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      const frame = await findWebviewFrame(wb.page, async (f) => /converged|diverged|oscillating|slow/.test((await f.locator('#badge').textContent().catch(() => '')) ?? ''), { timeoutMs: 60_000 });
      console.log(`[start] smoke: the panel shows "${(await frame.locator('#badge').textContent())?.trim()}"`);
      const file = await screenshot(wb.page, path.join(REPO_ROOT, 'test-results', 'start.png'));
      console.log(`[start] smoke: workbench rendered, screenshot ${path.relative(process.cwd(), file)}`);
      const toasts = await wb.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
      for (const text of toasts) console.log(`[start] notification: ${text}`);
    } finally {
      await wb?.close();
      await host.stop();
    }
    return;
  }

  // The same training the panel will show, in the terminal: the embedded default at a glance.
  console.log('');
  console.log(execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'train', path.relative(process.cwd(), path.join(workspace, 'cars', 'training.json'))], { encoding: 'utf8' }));
  console.log('Descent is running in VS Code (code-server) with examples/ open. Open this in a browser on this machine:');
  console.log('');
  console.log(`  ${host.workbenchUrl}`);
  console.log('');
  console.log('It opens cars/training.json, trained, with its panel beside it.');
  console.log('Edit the learning rate and save to re-train. Reload the page after `npm run build` to pick up changes. Ctrl-C stops.');
  // Stay up until Ctrl-C; server.mjs's signal handler stops the whole process group, then exits.
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!host.running()) {
        clearInterval(timer);
        console.error('[start] code-server exited unexpectedly:');
        console.error(host.logs.slice(-40).join('\n'));
        process.exitCode = 1;
        resolve();
      }
    }, 1000);
  });
  await host.stop();
}

main().catch((e) => {
  console.error(`[start] ${e.message}`);
  process.exit(1);
});
