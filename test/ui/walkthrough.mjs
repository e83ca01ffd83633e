// UI tests of the first-run walkthrough and the Explorer's menu (issue 14), run by run.mjs in its
// session: Welcome: Open Walkthrough… opens "Learn Gradient Descent with Descent" with its six
// steps; the "too high" step's button writes a rate above the stable bound into the picked
// training.json, which trains to diverged, and the quick fix brings it back; the Explorer's
// context menu of a training.json offers Train Model, which trains that file; the training
// panel's title bar has Train Model (▶) and, under ⋯, the lab's commands and the export.
// Screenshots: test-results/ui/walkthrough-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findWebviewFrame, screenshot } from '../host/browser.mjs';
import { markChartStale, readPanel, waitForRun } from './panel.mjs';
import { applyQuickFix, dismissWidgets, focusEditor, openPickerCommand, paletteCommand, quickOpen, save, waitUntil } from './workbench.mjs';

const WALKTHROUGH = 'Learn Gradient Descent with Descent';
const STEPS = ['Create a training.json', 'Train the model', 'Make the learning rate too high, then fix it', 'Compare learning rates', 'Compare batch sizes and read the update table', 'Sweep the learning rate'];

/** The training panel of `config` (its page title names the file). */
const trainingFrame = (page, config, options) => findWebviewFrame(page, async (f) => (await f.locator('#badge').count()) > 0 && (await f.evaluate(() => document.title)).includes(config), options);

/** The walkthrough's steps as the Welcome editor shows them: title, expanded, done. */
function readSteps(page) {
  return page.locator('.gettingStartedContainer .getting-started-step').evaluateAll((els) =>
    els.map((e) => ({
      title: (e.querySelector('.step-title')?.textContent ?? '').trim(),
      expanded: e.classList.contains('expanded'),
      done: e.getAttribute('aria-checked') === 'true',
    })),
  );
}

/**
 * @param {(title: string, fn: (ctx: any) => Promise<void>, opts?: { timeoutMs?: number }) => void} test
 * @param {{ config: string, shots: string, log: (msg: string) => void }} options
 */
export function walkthroughTests(test, { config, shots, log }) {
  const shot = (page, name) => screenshot(page, path.join(shots, `${name}.png`));

  test('the walkthrough opens from Welcome and its "too high" button diverges the picked file, which the quick fix brings back', async (ctx) => {
    const { page, workspace } = ctx;
    const file = path.join(workspace, config);
    const saved = fs.readFileSync(file, 'utf8');
    try {
      // The example is the text editor active last, the one the command takes under the Welcome page.
      await quickOpen(page, config);
      const picker = await openPickerCommand(page, 'Welcome: Open Walkthrough...', /walkthrough/i);
      await picker.locator('input.input').first().fill(WALKTHROUGH);
      await picker.locator('.monaco-list-row', { hasText: WALKTHROUGH }).first().waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await waitUntil(async () => (await readSteps(page)).length === STEPS.length, `the walkthrough's ${STEPS.length} steps`, { timeoutMs: 20_000 });
      const steps = await readSteps(page);
      assert.deepEqual(steps.map((s) => s.title), STEPS, 'the steps, in the course\'s order');
      await page.locator('.gettingStartedContainer .category-title', { hasText: WALKTHROUGH }).first().waitFor({ state: 'visible' });
      log(`  walkthrough steps: ${steps.map((s) => `${s.title}${s.done ? ' ✓' : ''}`).join(' | ')}`);
      assert.equal(steps[2].done, false, 'the "too high" step is not done before its quick fix');

      // Expand the third step, then press its first button.
      const step = page.locator('.gettingStartedContainer .getting-started-step', { hasText: STEPS[2] }).first();
      await step.click();
      await waitUntil(async () => (await readSteps(page))[2]?.expanded, 'the "too high" step to expand');
      // The steps slide as one expands: a click during the slide can land on another element.
      await page.waitForTimeout(500);
      await shot(page, 'walkthrough-1-step');
      const button = step.locator('.step-description-container .button-link, .step-description-container button, .step-description-container a', { hasText: 'Try a Too-High Learning Rate' }).first();
      await button.click();

      // Under the Welcome page the command takes the text editor VS Code still reports as active
      // (in a long session, the one active last) or, when it reports none, asks which file.
      const quick = page.locator('.quick-input-widget');
      const isPicker = async () => (await quick.isVisible()) && /Which training\.json/.test((await quick.locator('input.input').first().getAttribute('placeholder')) ?? '');
      const written = () => /"learningRate":\s*1\.5\b/.test(fs.readFileSync(file, 'utf8'));
      await waitUntil(async () => written() || (await isPicker()), 'the rate written or the picker of training.json files', { timeoutMs: 20_000 });
      if (!written()) {
        log('  the command asked which training.json');
        await quick.locator('input.input').first().fill(config);
        await quick.locator('.monaco-list-row.focused', { hasText: config }).first().waitFor({ state: 'visible' });
        await page.keyboard.press('Enter');
        await quick.waitFor({ state: 'hidden' });
      }

      await waitUntil(() => /"learningRate":\s*1\.5\b/.test(fs.readFileSync(file, 'utf8')), `${config} on disk to hold learningRate 1.5 (1.5 × the bound 1)`, { timeoutMs: 20_000 });
      const frame = await trainingFrame(page, config);
      await waitForRun(frame, { learningRate: '1.5', badge: /diverged/ });
      const p = await readPanel(frame);
      log(`  after the button: badge "${p.badge}", learning rate "${p.facts['Learning rate'] ?? ''}"`);
      assert.match(p.facts['Learning rate'] ?? '', /^1\.5 \(stable below 1 /, 'the rate is 1.5 × the stable bound');
      await shot(page, 'walkthrough-2-diverged');

      // The cursor is on the rate: the quick fix there sets a rate that converges.
      await focusEditor(page);
      const applied = await applyQuickFix(page, /^Set learningRate to/);
      log(`  quick fix: ${applied}`);
      await save(page, file, '"learningRate": 0.');
      await waitForRun(frame, { badge: /converged/ });
      await shot(page, 'walkthrough-3-fixed');

      // The step completes on the quick fix (its completion event is editor.action.quickFix).
      await page.locator('.tabs-container .tab', { hasText: 'Walkthrough' }).first().click();
      await waitUntil(async () => (await readSteps(page))[2]?.done, 'the "too high" step to show as done');
      await shot(page, 'walkthrough-4-step-done');
    } finally {
      await dismissWidgets(page);
      if (fs.readFileSync(file, 'utf8') !== saved) {
        fs.writeFileSync(file, saved);
        log(`  ${config} written back as it was`);
      }
    }
  }, { timeoutMs: 150_000 });

  test('the Explorer\'s context menu of a training.json has Train Model, which trains that file', async (ctx) => {
    const { page } = ctx;
    await paletteCommand(page, 'View: Show Explorer');
    // The file's row: the one right below its folder's (the example's folders hold one file each).
    const rows = page.locator('.explorer-folders-view .monaco-list-row');
    const [folder, name] = config.split('/');
    const folderRow = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${folder}$`) }) }).first();
    await folderRow.waitFor({ state: 'visible' });
    if ((await folderRow.getAttribute('aria-expanded')) !== 'true') await folderRow.click();
    const index = Number(await folderRow.getAttribute('data-index'));
    const row = page.locator(`.explorer-folders-view .monaco-list-row[data-index="${index + 1}"]`);
    await waitUntil(async () => (await row.getAttribute('aria-label').catch(() => '')) === name, `the row of ${config} in the Explorer`);
    await row.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'visible' });
    const items = (await menu.locator('.action-label').allTextContents()).map((t) => t.trim()).filter(Boolean);
    log(`  context menu: ${items.join(' | ')}`);
    await shot(page, 'walkthrough-5-explorer-menu');
    assert.ok(items.includes('Train Model'), `the menu offers Train Model: ${JSON.stringify(items)}`);
    await menu.locator('.action-label', { hasText: /^Train Model$/ }).first().click();
    await menu.waitFor({ state: 'hidden' });
    const frame = await trainingFrame(page, config);
    await waitForRun(frame, { badge: /converged|diverged|oscillating|slow/ });
    const p = await readPanel(frame);
    assert.match(p.caption, /training examples/, 'the panel shows the trained file\'s run');
  });

  test('the training panel\'s title bar trains its file with ▶ and lists the lab and the export under ⋯', async (ctx) => {
    const { page } = ctx;
    // The file's panel, opened when this test runs alone.
    let frame = await trainingFrame(page, config, { timeoutMs: 3000 }).catch(() => null);
    if (!frame) {
      await quickOpen(page, config);
      await paletteCommand(page, 'Descent: Show Training Panel');
      frame = await trainingFrame(page, config);
    }
    await waitForRun(frame, { badge: /converged|diverged|oscillating|slow/ });
    // The panel's group: the one whose active tab is the panel's ("Descent: cars/training.json").
    const group = page.locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: `Descent: ${config}` }) }).first();
    await group.locator('.tab.active').first().click();
    const train = group.locator('.editor-actions .action-label[aria-label^="Train Model"]').first();
    await train.waitFor({ state: 'visible' });
    await markChartStale(frame);
    await train.click();
    await waitForRun(frame, { badge: /converged|diverged|oscillating|slow/ });
    await group.locator('.editor-actions .action-label[aria-label="More Actions..."]').first().click();
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'visible' });
    const items = (await menu.locator('.action-label').allTextContents()).map((t) => t.trim()).filter(Boolean);
    log(`  title bar ⋯: ${items.join(' | ')}`);
    await shot(page, 'walkthrough-6-panel-title-menu');
    await page.keyboard.press('Escape');
    for (const wanted of ['Compare Learning Rates', 'Compare Batch Sizes', 'Learning-Rate Sweep', 'Compare Optimizers', 'Export Training Script']) assert.ok(items.includes(wanted), `⋯ offers ${wanted}: ${JSON.stringify(items)}`);
  });
}
