// UI tests of Descent in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, see test/host/),
// driven through headless Chromium the way a user works: Quick Open, typing in the editor,
// completion, the command palette, saving, the Problems panel, the Quick Fix menu, the panel's
// own controls from the keyboard, colour themes.
//
//   node esbuild.js && node test/ui/run.mjs [--only SUBSTRING-OF-A-TEST-TITLE]
//
// The tests run in order in one session on a temp copy of examples/ and build on each other
// (train → diverge → quick fix → ...); every test still runs after a failure. Writes
// test-results/ui.json ({ passed, failed, pending, failures: [{ title, error }], tests }),
// test-results/ui-timing.json (save-to-refresh median and p90) and screenshots under
// test-results/ui/ (00-completion … 06-high-contrast, *-panel = the panel scrolled to its chart
// and table, FAILED-<n> = the workbench when test n failed). Prints each test's time and `ui: N passed, M failed`; exits non-zero on any
// failure or when no test ran. Environment: DESCENT_UI_TIMEOUT (seconds per test, default 90),
// DESCENT_UI_SAVES (save-to-refresh samples, default 20), plus test/host's DESCENT_HOST_VERBOSE
// and DESCENT_KEEP_HOST_DIR.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { openWorkbench, screenshot, WORKBENCH_NOISE } from '../host/browser.mjs';
import { ensureHost, REPO_ROOT } from '../host/install.mjs';
import { extensionHostLogLines, startHost } from '../host/server.mjs';
import { modelTests } from './model.mjs';
import { labTests } from './lab.mjs';
import { exportsTests } from './exports.mjs';
import { optimizerTests } from './optimizers.mjs';
import { logisticTests } from './logistic.mjs';
import { chartTextContrast, markChartStale, panelFrame, readPanel, recordPageMessages, waitForRedraw, waitForRun } from './panel.mjs';
import { runsTableTests } from './runs.mjs';
import { walkthroughTests } from './walkthrough.mjs';
import { japaneseTests } from './japanese.mjs';
import {
  applyQuickFix,
  dismissWidgets,
  editorText,
  focusEditor,
  goTo,
  locateLearningRate,
  paletteCommand,
  pickColorTheme,
  problemEntries,
  quickOpen,
  save,
  showProblems,
  suggestLabels,
  typeLearningRate,
  waitUntil,
  workbenchThemeType,
} from './workbench.mjs';

const { values: opts } = parseArgs({ options: { only: { type: 'string' }, locale: { type: 'string' } } });
/** `--locale ja`: the session in VS Code's Japanese display language, with the Japanese tests (test/ui/japanese.mjs) only. */
const LOCALE = opts.locale;
const SUFFIX = LOCALE ? `-${LOCALE}` : '';

const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
const SHOTS = path.join(RESULTS_DIR, `ui${SUFFIX}`);
const RESULTS_FILE = path.join(RESULTS_DIR, `ui${SUFFIX}.json`);
const TIMING_FILE = path.join(RESULTS_DIR, `ui${SUFFIX}-timing.json`);
const TEST_TIMEOUT_MS = Number(process.env.DESCENT_UI_TIMEOUT ?? 90) * 1000;
const SAVES = Number(process.env.DESCENT_UI_SAVES ?? 20);
/** The example, relative to the workspace (a copy of examples/). */
const CONFIG = 'cars/training.json';
/** Webview documents, as test/host/browser.mjs recognises them. */
const WEBVIEW_FRAME = /\/webview\/|fake\.html|vscode-webview/;

const t0 = Date.now();
const since = (t) => `${((Date.now() - t) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[ui ${since(t0)}] ${msg}`);

/** @type {{ title: string, fn: (ctx: Ctx) => Promise<void>, timeoutMs?: number }[]} */
const tests = [];
const japanese = [];
const test = (title, fn, { timeoutMs } = {}) => tests.push({ title, fn, timeoutMs });
japaneseTests((title, fn, { timeoutMs } = {}) => japanese.push({ title, fn, timeoutMs }), { config: CONFIG, shots: SHOTS, log });

/**
 * @typedef {{ page: import('playwright-core').Page, wb: Awaited<ReturnType<typeof openWorkbench>>,
 *   host: Awaited<ReturnType<typeof startHost>>, workspace: string, file: string, shot: (name: string) => Promise<void>,
 *   panelShot: (name: string) => Promise<void>, frame: () => Promise<import('playwright-core').Frame>,
 *   theme: string, themeType: string, timing?: object }} Ctx
 */

// ── the tests ────────────────────────────────────────────────────────────────────────────────

test('completion in training.json suggests the keys it lacks: learningRate, batchSize, epochs', async (ctx) => {
  const { page, file } = ctx;
  await quickOpen(page, CONFIG);
  const saved = fs.readFileSync(file, 'utf8');
  try {
    const lines = saved.split('\n');
    const keyLine = (key) => lines.findIndex((l) => l.trimStart().startsWith(`"${key}"`)) + 1;
    const [lr, batch, epochs] = [keyLine('learningRate'), keyLine('batchSize'), keyLine('epochs')];
    assert.deepEqual([batch - lr, epochs - lr], [1, 2], `the example should have learningRate, batchSize and epochs on consecutive lines (found lines ${lr}, ${batch}, ${epochs})`);

    // Delete the three keys (so they are the ones missing), open a line there, ask for completion.
    await goTo(page, lr, 1);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    // The JSON language server answers asynchronously, and a request made before it knows the
    // extension's schema comes back with "$schema" only: ask again (Escape, Ctrl+Space), three times.
    const wanted = ['learningRate', 'batchSize', 'epochs'];
    let labels = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.keyboard.press('Control+Space');
      const ok = await waitUntil(async () => {
        labels = await suggestLabels(page);
        return wanted.every((k) => labels.includes(k));
      }, 'the suggest widget to list learningRate, batchSize and epochs', { timeoutMs: 5000 }).catch((e) => {
        if (attempt === 3) throw new Error(`${e.message}; it lists ${JSON.stringify(labels)}`);
        return false;
      });
      if (ok) break;
      log(`  completion attempt ${attempt} listed ${JSON.stringify(labels)}; asking again`);
      await page.keyboard.press('Escape');
    }
    log(`  suggestions: ${labels.join(', ')}`);
    for (const present of ['data', 'normalize', 'validationSplit', 'seed']) {
      assert.ok(!labels.includes(present), `"${present}" is already in the file, yet it is suggested: ${labels.join(', ')}`);
    }
    await ctx.shot('00-completion');
    assert.equal(fs.readFileSync(file, 'utf8'), saved, `${CONFIG} on disk must not change while its buffer is edited (nothing saves in this test)`);
    await page.keyboard.press('Escape');
    await page.locator('.editor-widget.suggest-widget').waitFor({ state: 'hidden' });

    // Undo the edit (Ctrl+Z until the editor shows the file as saved and the tab is clean).
    const restored = async () => (await editorText(page)) === saved.replace(/\s+$/, '') && !(await page.locator('.tabs-container .tab.active.dirty').count());
    for (let i = 0; i < 8 && !(await restored()); i++) {
      await page.keyboard.press('Control+Z');
      await page.waitForTimeout(100);
    }
    await waitUntil(restored, 'Ctrl+Z to bring back the saved text, with a clean tab', { timeoutMs: 5000 });
  } finally {
    // Whatever happened above, the later tests need the example as it was.
    if (fs.readFileSync(file, 'utf8') !== saved) {
      log(`  warning: ${CONFIG} changed on disk during the completion test; writing it back`);
      fs.writeFileSync(file, saved);
    }
  }
});

test('Descent: Train Model draws the loss chart and the update table for the cars data', async (ctx) => {
  const { page } = ctx;
  await ensureConfigOpen(ctx);
  await paletteCommand(page, 'Descent: Train Model');
  const frame = await ctx.frame();
  await waitForRun(frame, { badge: /converged|diverged|oscillating|slow/, learningRate: '0.1' });
  const p = await readPanel(frame);
  log(`  badge "${p.badge}", verdict "${p.verdict}", ${p.drawnPaths} drawn paths of ${p.marks} marks`);

  assert.ok(p.drawnPaths > 5, `the chart should draw more than a handful of SVG paths (lines, symbols), drew ${p.drawnPaths}`);
  assert.ok(p.longestPath > 100, `the loss line should be a real path, the longest d is ${p.longestPath} characters`);
  assert.deepEqual(p.axisTitles, ['epoch', 'loss, (Miles_per_Gallon)²'], 'axis titles');

  assert.deepEqual(
    p.rows.map((r) => [r.name, ...r.cells.slice(1)]),
    [
      ['Full batch', '318', '1', '50'],
      ['SGD', '1', '318', '15,900'],
      ['Mini-batch SGD', '100', '4', '200'],
    ],
    'update table: batch size / updates per epoch / total updates',
  );
  assert.deepEqual(p.rows.map((r) => r.current), [true, false, false], 'only the full-batch row is marked current (aria-current)');
  assert.equal(p.caption, '318 training examples, 50 epochs');
  assert.match(p.facts.Data ?? '', /318 for training, 80 held out for validation/);
  assert.match(p.verdict, /^Converged/, 'verdict heading');
  assert.match(p.badge, /^converged at epoch \d+$/, 'badge');
  assert.match(p.facts['Learning rate'] ?? '', /^0\.1 \(stable below 1 for full batch\)/);
  await ctx.shot('01-trained');
  await ctx.panelShot('01-trained-panel');
});

test('learningRate 0.98 saved: the panel says oscillating, shows the weights bouncing across the minimum, and offers the smaller rate', async (ctx) => {
  const { page, file } = ctx;
  await ensureConfigOpen(ctx);
  const frame = await ctx.frame();
  await markChartStale(frame);
  await typeLearningRate(page, file, '0.98');
  await save(page, file, '"learningRate": 0.98');
  await waitForRun(frame, { learningRate: '0.98', badge: /oscillating/ });
  const p = await readPanel(frame);
  log(`  badge "${p.badge}", verdict "${p.verdict}", overshoot "${p.facts.Overshoot ?? ''}"`);
  assert.match(p.verdict, /^Oscillating: the learning rate is too large/, 'verdict heading');
  assert.match(p.facts.Overshoot ?? '', /the sign flips every epoch/, 'the panel shows the distance to the best weights flipping sign');
  assert.match(p.facts['Epochs needed'] ?? '', /^about \d+ epochs at this rate; about \d+ epochs? at 0\.\d+/, 'the epochs this rate and the suggestion need');
  const fix = await frame.locator('#apply-fix').textContent();
  assert.match(fix ?? '', /^Set learningRate to 0\.\d+ \(suggested\)$/, 'a button applies the smaller rate');
  await waitForText(() => statusBarText(page), /Descent: oscillating/, 'the status bar');
  await ctx.panelShot('02a-oscillating-panel');
});

test('learningRate 1.5 saved: the panel says diverged and Problems lists the Descent error', async (ctx) => {
  const { page, file } = ctx;
  await ensureConfigOpen(ctx);
  const frame = await ctx.frame();
  await markChartStale(frame);
  await typeLearningRate(page, file, '1.5');
  await save(page, file, '"learningRate": 1.5');
  await waitForRun(frame, { learningRate: '1.5', badge: /diverged/ });
  const p = await readPanel(frame);
  log(`  badge "${p.badge}", verdict "${p.verdict}"`);
  assert.match(p.verdict, /^Diverged/, 'verdict heading');
  assert.ok(p.drawnPaths > 5, `the diverged run is still drawn, drew ${p.drawnPaths} paths`);
  // The status bar and the CodeLens say it too. The CodeLens refreshes about a second later, and
  // only while its editor has focus (VS Code defers it otherwise): read it before opening Problems.
  await waitForText(() => statusBarText(page), /Descent: diverged at epoch \d+/, 'the status bar');
  await waitForText(() => codeLensText(page), /Last run: diverged at epoch \d+/, 'the CodeLens', 10_000);

  await showProblems(page);
  const entries = await waitUntil(async () => {
    const e = await problemEntries(page);
    return e.some((l) => /^Error: Diverged: .*learningRate 1\.5 is above the stable bound.*generated by Descent$/.test(l)) ? e : false;
  }, 'a Descent error "Diverged: … learningRate 1.5 is above the stable bound" in the Problems panel');
  log(`  problems: ${entries.map((e) => e.replace(/ at line .*/, '')).join(' | ')}`);
  await ctx.shot('02-diverged');
  await ctx.panelShot('02-diverged-panel');
});

test('the Quick Fix sets learningRate to the suggested value: converged again, the error is gone', async (ctx) => {
  const { page, file } = ctx;
  await ensureConfigOpen(ctx);
  const at = locateLearningRate(fs.readFileSync(file, 'utf8'));
  assert.equal(at.value, '1.5', 'this test starts from the diverged file of the previous test');
  await goTo(page, at.line, at.column);
  // The light bulb shows for the diagnostic under the cursor (an autofix bulb: the fix is preferred).
  const bulb = page.locator('.editor-group-container').first().locator('.lightBulbWidget').first();
  await bulb.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {
    throw new Error('no light bulb at the learningRate value with the diverged error under the cursor');
  });
  log(`  light bulb: ${(await bulb.getAttribute('class')) ?? ''}`);
  const applied = await applyQuickFix(page, /^Set learningRate to \S+ \(suggested/);
  const rate = /^Set learningRate to (\S+) /.exec(applied)[1];
  log(`  applied "${applied}"`);
  await waitUntil(async () => (await editorText(page)).includes(`"learningRate": ${rate}`), `the editor to show "learningRate": ${rate}`, { timeoutMs: 5000 });

  const frame = await ctx.frame();
  await markChartStale(frame);
  await focusEditor(page);
  await save(page, file, `"learningRate": ${rate}`);
  await waitForRun(frame, { learningRate: rate, badge: /converged/ });
  const p = await readPanel(frame);
  log(`  badge "${p.badge}", verdict "${p.verdict}", learning rate "${p.facts['Learning rate']}"`);
  assert.match(p.verdict, /^Converged/);

  const entries = await waitUntil(async () => {
    const e = await problemEntries(page);
    return e.some((l) => /Diverged/.test(l)) ? false : e;
  }, 'the diverged error to leave the Problems panel');
  assert.ok(!entries.some((l) => /^Error: .*generated by Descent$/.test(l)), `no Descent error is left: ${JSON.stringify(entries)}`);
  await waitForText(() => codeLensText(page), /Last run: converged at epoch \d+/, 'the CodeLens', 10_000);
  await ctx.shot('03-fixed');
  await ctx.panelShot('03-fixed-panel');
});

test('the log-scale and x-axis controls work from the keyboard and redraw the chart', async (ctx) => {
  const { page } = ctx;
  // The Problems panel has served its purpose: give the training panel the full height again.
  if (await page.locator('.part.panel').first().isVisible().catch(() => false)) await paletteCommand(page, 'View: Toggle Panel Visibility');
  const frame = await ctx.frame();
  let p = await readPanel(frame);
  assert.equal(p.logScale, true, 'log scale is on by default');
  assert.equal(p.xAxis, 'epoch', 'the x-axis counts epochs by default');
  const before = p.axisLabels.join(',');

  // Focus the page, then Tab to the log-scale checkbox.
  await frame.locator('#title').click();
  await tabTo(page, frame, 'vscode-checkbox#log-scale');
  await markChartStale(frame);
  await page.keyboard.press('Space');
  await waitForRedraw(frame);
  p = await readPanel(frame);
  assert.equal(p.logScale, false, 'Space unchecks Log scale');
  assert.notEqual(p.axisLabels.join(','), before, 'the y-axis changes to a linear scale');
  log(`  log scale off: y labels ${p.axisLabels.slice(-6).join(', ')}`);

  // Tab on to the x-axis radio group; the arrow keys choose within it (the radio-group pattern).
  await tabTo(page, frame, 'vscode-radio#x-epoch');
  await markChartStale(frame);
  await page.keyboard.press('ArrowRight');
  await waitForRedraw(frame);
  p = await readPanel(frame);
  assert.equal(p.xAxis, 'update', 'ArrowRight picks "weight updates"');
  assert.equal(p.axisTitles[0], 'weight updates', 'the x-axis title');
  await ctx.panelShot('04-keyboard-linear-updates-panel');

  // And back, with the keyboard again: Shift+Tab to the checkbox, Space; ArrowLeft on the radios.
  await markChartStale(frame);
  await page.keyboard.press('ArrowLeft');
  await waitForRedraw(frame);
  p = await readPanel(frame);
  assert.equal(p.xAxis, 'epoch', 'ArrowLeft picks "epochs" again');
  assert.equal(p.axisTitles[0], 'epoch');
  await tabTo(page, frame, 'vscode-checkbox#log-scale', 'Shift+Tab');
  await markChartStale(frame);
  await page.keyboard.press('Space');
  await waitForRedraw(frame);
  p = await readPanel(frame);
  assert.equal(p.logScale, true, 'Space checks Log scale again');
});

test('a view change is drawn by the page alone: the chart changes, the host is sent nothing and compiles nothing', async (ctx) => {
  const { page, host } = ctx;
  const frame = await ctx.frame();
  const compiles = () => extensionHostLogLines(host.userDataDir, /compiled the chart specs/, (name) => name.endsWith('.log')).length;
  // The earlier runs compiled this chart's specs once (the log is written a moment later).
  await waitUntil(async () => compiles() > 0, 'the Descent log to say it compiled the chart specs', { timeoutMs: 10_000 });
  const compiledBefore = compiles();
  const recorder = await recordPageMessages(frame);
  let p = await readPanel(frame);
  const before = { labels: p.axisLabels.join(','), titles: p.axisTitles.join(','), legend: p.legend.join(',') };
  assert.match(p.chartCaption, /\d+ other run\(s\) shown/, 'the earlier runs are drawn');

  // Three view changes from the keyboard, each drawn anew: linear scale, weight updates, previous runs hidden.
  await frame.locator('#title').click();
  for (const [target, key] of [['vscode-checkbox#log-scale', 'Space'], ['vscode-radio#x-epoch', 'ArrowRight'], ['vscode-checkbox#show-previous', 'Space']]) {
    await tabTo(page, frame, target);
    await markChartStale(frame);
    await page.keyboard.press(key);
    await waitForRedraw(frame);
  }
  p = await readPanel(frame);
  assert.deepEqual([p.logScale, p.xAxis, p.showPrevious], [false, 'update', false], 'the three controls changed');
  assert.notEqual(p.axisLabels.join(','), before.labels, 'the y-axis is linear now');
  assert.equal(p.axisTitles[0], 'weight updates', 'the x-axis counts updates');
  assert.doesNotMatch(p.chartCaption, /other run/, 'no other run is drawn');
  await ctx.panelShot('04b-view-changed-in-page-panel');
  await page.waitForTimeout(500);
  assert.deepEqual(await recorder.sent(), [], 'the page sent the host nothing for three view changes');
  assert.equal(compiles(), compiledBefore, 'the host compiled no chart for them');

  // The recorder does see what the page sends: "Train again" is a message to the host.
  await markChartStale(frame);
  await frame.locator('vscode-button#train').click();
  await waitForRun(frame, { badge: /converged/ });
  const sent = (await recorder.sent()).map((e) => e?.body?.type);
  assert.deepEqual(sent.filter((t) => t !== 'drawn'), ['train'], `after Train again the page sent ${JSON.stringify(sent)}`);
  p = await readPanel(frame);
  assert.deepEqual([p.logScale, p.xAxis, p.showPrevious], [false, 'update', false], 'the new run is drawn in the page\'s view');
  assert.equal(p.axisTitles[0], 'weight updates');

  // Back to the defaults for the tests that follow (Shift+Tab from the Train button).
  for (const [target, key] of [['vscode-checkbox#show-previous', 'Space'], ['vscode-radio#x-update', 'ArrowLeft'], ['vscode-checkbox#log-scale', 'Space']]) {
    await tabTo(page, frame, target, 'Shift+Tab');
    await markChartStale(frame);
    await page.keyboard.press(key);
    await waitForRedraw(frame);
  }
  p = await readPanel(frame);
  assert.deepEqual([p.logScale, p.xAxis, p.showPrevious], [true, 'epoch', true], 'back to the default view');
});

runsTableTests(test, { config: CONFIG, log });

test('the panel follows a light and a high-contrast theme, with readable chart text', async (ctx) => {
  const { page } = ctx;
  const frame = await ctx.frame();
  const themes = [
    { id: 'Default Light Modern', workbench: 'vs', body: 'vscode-light', shot: '05-light-modern' },
    { id: 'Default High Contrast', workbench: 'hc-black', body: 'vscode-high-contrast', shot: '06-high-contrast' },
  ];
  const problems = [];
  for (const theme of themes) {
    await markChartStale(frame);
    await pickColorTheme(page, theme.id);
    await waitUntil(async () => (await workbenchThemeType(page)) === theme.workbench, `the workbench theme ${theme.workbench}`);
    await waitUntil(async () => (await readPanel(frame)).bodyClass.split(/\s+/).includes(theme.body), `the panel's body class ${theme.body}`);
    // The page redraws the chart in the new theme's colours (webview/main.ts onThemeChange).
    await waitForRedraw(frame);
    const contrast = await chartTextContrast(frame);
    log(`  ${theme.id}: axis label contrast ${contrast.label}:1 (fill ${contrast.labelFill} on ${contrast.background}), axis title ${contrast.title}:1`);
    if (!(contrast.label >= 4.5 && contrast.title >= 4.5)) problems.push(`${theme.id}: axis text contrast ${contrast.label}/${contrast.title} is below 4.5:1`);
    await ctx.shot(theme.shot);
    await ctx.panelShot(`${theme.shot}-panel`);
  }
  // Back to the theme the session started with, for what follows.
  await pickColorTheme(page, ctx.theme);
  await waitUntil(async () => (await workbenchThemeType(page)) === ctx.themeType, `the workbench back in ${ctx.theme}`);
  assert.deepEqual(problems, [], 'chart text contrast (WCAG AA, 4.5:1)');
});

test(`save-to-refresh: ${SAVES} saves of a new learningRate, each timed until the panel shows the new run`, async (ctx) => {
  const { page, file } = ctx;
  await ensureConfigOpen(ctx);
  const frame = await ctx.frame();
  await focusEditor(page);
  const rates = ['0.1', '0.2'];
  const samples = [];
  for (let i = 0; i < SAVES; i++) {
    const rate = rates[i % 2];
    await markChartStale(frame);
    await typeLearningRate(page, file, rate);
    const start = Date.now();
    await page.keyboard.press('Control+S');
    const shownAt = await waitForRun(frame, { learningRate: rate, badge: /converged/ });
    samples.push(shownAt - start);
    await save(page, file, `"learningRate": ${rate}`, { press: false });
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  ctx.timing = {
    what: 'Ctrl+S in the editor until the panel shows the new run (new learningRate in the summary, a converged badge, a freshly drawn chart)',
    saves: samples.length,
    medianMs: median,
    p90Ms: pick(0.9),
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
    samplesMs: samples,
    rates,
    measuredAt: new Date().toISOString(),
  };
  fs.writeFileSync(TIMING_FILE, `${JSON.stringify(ctx.timing, null, 2)}\n`);
  log(`  save-to-refresh over ${samples.length} saves: median ${median} ms, p90 ${pick(0.9)} ms (min ${sorted[0]}, max ${sorted[sorted.length - 1]})`);
  log(`  samples (ms): ${samples.join(' ')}`);
}, { timeoutMs: 150_000 });

test('after Developer: Reload Window the panel comes back by itself and draws the file\'s run', async (ctx) => {
  const { page } = ctx;
  await paletteCommand(page, 'Developer: Reload Window');
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // The serializer revives the panel from its saved state (the file's URI) and trains the file again.
  const frame = await ctx.frame();
  await waitForRun(frame, { badge: /converged|diverged|oscillating|slow/, timeoutMs: 60_000 });
  const p = await readPanel(frame);
  assert.ok(p.drawnPaths > 5, `the revived panel draws its chart (${p.drawnPaths} paths)`);
  assert.equal(p.caption, '318 training examples, 50 epochs');
  await ctx.panelShot('07-after-reload-panel');
}, { timeoutMs: 120_000 });

modelTests(test, { log, shotsDir: SHOTS, config: CONFIG });
labTests(test, { config: CONFIG, shots: SHOTS });
exportsTests(test, { log, shotsDir: SHOTS });
optimizerTests(test, { shots: SHOTS });
logisticTests(test, { log, shotsDir: SHOTS });
walkthroughTests(test, { config: CONFIG, shots: SHOTS, log });

test('no console errors or CSP violations in the webview, no panel errors, no uncaught extension errors', async (ctx) => {
  const { wb, host } = ctx;
  const all = wb.problems.list({ ignore: [...WORKBENCH_NOISE] });
  const inWebviews = all.filter((p) => WEBVIEW_FRAME.test(p.frameUrl));
  const workbench = all.filter((p) => !WEBVIEW_FRAME.test(p.frameUrl));
  const csp = inWebviews.filter((p) => p.kind === 'csp');
  const errors = inWebviews.filter((p) => p.kind !== 'csp');
  // The workbench logs the extension's uncaught errors (activation, commands, unhandled rejections)
  // in its console, tagged with the extension id or with a stack through its bundles.
  const fromExtension = workbench.filter((p) => /\[descent\.descent\]|\/dist\/(extension|worker)\.js/.test(p.text));
  const other = workbench.filter((p) => !fromExtension.includes(p));
  log(`  webview frames: ${errors.length} console/page error(s), ${csp.length} CSP violation(s); extension errors in the workbench console: ${fromExtension.length}; other workbench problems (not failing): ${other.length}`);
  if (other.length) log(`  other workbench problems (informational):\n${indent(wb.problems.format(other.slice(0, 10)))}`);
  const panelErrors = panelErrorLogLines(host.userDataDir);
  if (panelErrors.length) log(`  panel errors in the Descent log:\n${indent(panelErrors.join('\n'))}`);
  assert.deepEqual(
    { consoleErrors: errors.map((p) => p.text), cspViolations: csp.map((p) => p.text), panelErrors, extensionErrors: fromExtension.map((p) => p.text) },
    { consoleErrors: [], cspViolations: [], panelErrors: [], extensionErrors: [] },
    `problems:\n${wb.problems.format([...inWebviews, ...fromExtension])}`,
  );
});

// ── helpers ──────────────────────────────────────────────────────────────────────────────────

/** Makes sure cars/training.json is the active editor (a failed earlier test may have left something else). */
async function ensureConfigOpen(ctx) {
  const { page } = ctx;
  const active = page.locator('.editor-group-container').first().locator('.tabs-container .tab.active', { hasText: 'training.json' });
  if (!(await active.count())) await quickOpen(page, CONFIG);
  await focusEditor(page);
}

/** Waits until `read()` matches `pattern`; the error names what it read last. */
async function waitForText(read, pattern, what, timeoutMs = 15_000) {
  let last = '';
  await waitUntil(async () => pattern.test((last = await read())), `${what} to match ${pattern}`, { timeoutMs }).catch((e) => {
    throw new Error(`${e.message}; it reads "${last}"`);
  });
  return last;
}

/** The Descent item of the status bar (shown while a training.json is the active editor). */
async function statusBarText(page) {
  const item = page.locator('.statusbar-item', { hasText: 'Descent' }).first();
  return (await item.count()) ? ((await item.textContent()) ?? '').trim() : '';
}

/** The CodeLens line of the active editor, e.g. "Train Model | Last run: converged at epoch 19". */
async function codeLensText(page) {
  const lens = page.locator('.editor-group-container').first().locator('.codelens-decoration').first();
  return (await lens.count()) ? ((await lens.textContent()) ?? '').trim() : '';
}

/** Presses Tab (or Shift+Tab) until the panel's focused element is `target` (e.g. "vscode-checkbox#log-scale"). */
async function tabTo(page, frame, target, key = 'Tab') {
  const seen = [];
  for (let i = 0; i < 25; i++) {
    const { active } = await readPanel(frame);
    if (active === target) return;
    seen.push(active);
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${target}; focus went through: ${seen.join(' → ')}`);
}

/** Lines of the extension's logs where the panel reported an error to the host (trainer.ts: "Panel error: ..."). */
function panelErrorLogLines(userDataDir) {
  return extensionHostLogLines(userDataDir, /Panel error|malformed message from the panel/, (name) => name.endsWith('.log'));
}

const indent = (text) => String(text).split('\n').map((l) => `    ${l}`).join('\n');

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000}s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function writeResults(results) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}

// ── the run ──────────────────────────────────────────────────────────────────────────────────

async function main() {
  const suite = LOCALE === 'ja' ? japanese : tests;
  if (LOCALE && LOCALE !== 'ja') throw new Error(`--locale ${LOCALE}: only ja has UI tests`);
  const selected = opts.only ? suite.filter((t) => t.title.includes(opts.only)) : suite;
  const results = { passed: 0, failed: 0, pending: suite.length - selected.length, failures: [], tests: [] };
  if (selected.length === 0) {
    writeResults(results);
    console.log(`[ui] no test title contains "${opts.only}"\n\nui: 0 passed, 0 failed`);
    return false;
  }
  for (const f of [RESULTS_FILE, TIMING_FILE]) fs.rmSync(f, { force: true });
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });

  for (const built of ['dist/extension.js', 'dist/webview.js', 'dist/worker.js', 'dist/training.schema.json']) {
    if (!fs.existsSync(path.join(REPO_ROOT, built))) throw new Error(`${built} is missing: build first (node esbuild.js)`);
  }

  let host;
  let wb;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-ui-'));
  try {
    const launcher = await ensureHost();
    fs.cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
    // Hovers open below their line in the Japanese session, so the screenshot of one is not cut off at the top.
    host = await startHost({ workspace, extensionPath: REPO_ROOT, launcher, locale: LOCALE, settings: LOCALE ? { 'editor.hover.above': false } : {} });
    log(`code-server on ${host.url}; workspace ${workspace}`);
    wb = await openWorkbench(host.workbenchUrl, { viewport: { width: 1600, height: 1000 } });
    const page = wb.page;
    page.setDefaultTimeout(15_000);
    log('workbench open');

    /** @type {Ctx} */
    const ctx = {
      page,
      wb,
      host,
      workspace,
      file: path.join(workspace, CONFIG),
      theme: 'Default Dark Modern',
      themeType: 'vs-dark',
      frame: () => panelFrame(page),
      shot: async (name) => {
        await screenshot(page, path.join(SHOTS, `${name}.png`));
      },
      // The panel alone, as it sits in the workbench, scrolled down to its chart so that the
      // chart and the update table show (the workbench shot shows its top).
      panelShot: async (name) => {
        const frame = await panelFrame(page);
        await frame.evaluate(() => document.querySelector('#chart-figure')?.scrollIntoView({ block: 'start' }));
        const el = await frame.frameElement();
        await el.screenshot({ path: path.join(SHOTS, `${name}.png`) });
        await frame.evaluate(() => window.scrollTo(0, 0));
      },
    };
    // The workbench starts in its default light theme whatever settings.json says; the session
    // runs in VS Code's default dark theme so that the light and high-contrast checks are changes.
    try {
      await pickColorTheme(page, ctx.theme);
      await waitUntil(async () => (await workbenchThemeType(page)) === 'vs-dark', 'the dark workbench theme');
      log(`theme ${ctx.theme}`);
    } catch (e) {
      ctx.theme = 'Default Light+';
      ctx.themeType = 'vs';
      log(`warning: could not switch to Default Dark Modern (${e.message.split('\n')[0]}); staying in the default theme`);
      await dismissWidgets(page);
    }

    for (const t of selected) {
      const started = Date.now();
      let error = null;
      try {
        await withTimeout(t.fn(ctx), t.timeoutMs ?? TEST_TIMEOUT_MS, 'the test');
      } catch (e) {
        error = e;
      }
      const ms = Date.now() - started;
      if (error) {
        results.failed++;
        const message = error.stack ?? String(error);
        results.failures.push({ title: t.title, error: message });
        results.tests.push({ title: t.title, state: 'failed', ms, error: message });
        console.log(`  ✗ ${t.title} (${(ms / 1000).toFixed(1)}s)\n${indent(message)}`);
        await screenshot(page, path.join(SHOTS, `FAILED-${results.tests.length}.png`)).catch(() => {});
        await dismissWidgets(page);
      } else {
        results.passed++;
        results.tests.push({ title: t.title, state: 'passed', ms });
        console.log(`  ✓ ${t.title} (${(ms / 1000).toFixed(1)}s)`);
      }
    }
    if (ctx.timing) results.timing = { medianMs: ctx.timing.medianMs, p90Ms: ctx.timing.p90Ms, saves: ctx.timing.saves };
    if (results.failed) printHostLogs(host);
  } catch (e) {
    // Setup failed (host, browser, workbench): one failure that says why.
    results.failed++;
    results.failures.push({ title: 'UI test setup', error: e.stack ?? String(e) });
    results.tests.push({ title: 'UI test setup', state: 'failed', error: e.stack ?? String(e) });
    console.log(`  ✗ UI test setup\n${indent(e.stack ?? e)}`);
    if (host) printHostLogs(host);
  } finally {
    await wb?.close();
    await host?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }

  writeResults(results);
  console.log(`\nui${SUFFIX}: ${results.passed} passed, ${results.failed} failed${results.pending ? `, ${results.pending} skipped` : ''}`);
  if (results.passed + results.failed === 0) console.log('[ui] no test ran');
  log(`done; screenshots in ${path.relative(REPO_ROOT, SHOTS)}/`);
  return results.failed === 0 && results.passed > 0;
}

function printHostLogs(host) {
  const lines = host.extensionHostLogLines(/error|fail|exception|cannot|unable/i).filter((l) => !/ENOTFOUND|open-vsx/.test(l));
  if (lines.length) {
    console.log(`--- extension host log lines with errors (${host.userDataDir}/logs; DESCENT_KEEP_HOST_DIR=1 keeps it) ---`);
    console.log(lines.slice(-60).join('\n'));
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (e) => {
    console.error(`[ui] ERROR: ${e.stack ?? e.message}`);
    writeResults({ passed: 0, failed: 1, pending: 0, failures: [{ title: 'UI test run', error: e.stack ?? String(e) }] });
    console.log('\nui: 0 passed, 1 failed');
    process.exit(1);
  },
);
