// UI tests in VS Code's Japanese display language (run.mjs --locale ja starts its own host with
// it): what a Japanese learner sees of Descent is Japanese — the schema's hover, the command in
// the palette, the panel (every visible word, label and chart title), the status bar, the
// Problems entry, the quick fix and the walkthrough. VS Code's own menus stay English here (no
// language pack can be downloaded on these machines; see test/host/server.mjs displayLanguage),
// so the checks read Descent's text only. Screenshots: test-results/ui-ja/ja-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findWebviewFrame, screenshot } from '../host/browser.mjs';
import { REPO_ROOT } from '../host/install.mjs';
import { englishProse } from '../../scripts/prose.mjs';
import { markChartStale } from './panel.mjs';
import { dismissWidgets, focusEditor, goTo, locateLearningRate, openPickerCommand, paletteCommand, problemEntries, quickOpen, save, showProblems, typeLearningRate, waitUntil } from './workbench.mjs';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.nls.ja.json'), 'utf8'));
const ja = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'l10n', 'bundle.l10n.ja.json'), 'utf8'));
/** A manifest string as VS Code shows it in Japanese ("%key%" → package.nls.ja.json). */
const localized = (value) => {
  const key = /^%([\w.-]+)%$/.exec(value ?? '')?.[1];
  return key ? nls[key] : value;
};
/** "Descent: <title>" of a command, in Japanese, as the palette lists it. */
const commandLabel = (id) => {
  const c = manifest.contributes.commands.find((x) => x.command === id);
  assert.ok(c, `package.json has no command ${id}`);
  return c.category ? `${localized(c.category)}: ${localized(c.title)}` : localized(c.title);
};

/** Every visible text of the panel and the words it gives assistive technology (aria-label, title, alt, placeholder), one string per node. */
function panelTexts(frame) {
  return frame.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('script, style, [hidden]')) continue;
      const text = (n.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
      if (el.closest('[hidden]')) continue;
      for (const a of ['aria-label', 'title', 'alt', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
}

/** The Japanese of a verdict summary word, from the bundle ("converged at epoch {0}" → "エポック {0} で収束"). */
const jaOf = (english) => {
  const v = ja[english];
  assert.ok(v, `the Japanese bundle has no "${english}"`);
  return typeof v === 'string' ? v : v.message;
};
/** A pattern for a translated message with {n} placeholders filled by anything. */
const patternOf = (english) => new RegExp(jaOf(english).split(/\{\d+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?'));

/**
 * @param {(title: string, fn: (ctx: any) => Promise<void>, opts?: { timeoutMs?: number }) => void} test
 * @param {{ config: string, shots: string, log: (msg: string) => void }} options
 */
export function japaneseTests(test, { config, shots, log }) {
  const shot = (page, name) => screenshot(page, path.join(shots, `${name}.png`));
  /** The training panel's frame, its run drawn with a badge matching `badge`. */
  const waitForJapaneseRun = async (ctx, badge) => {
    const frame = await ctx.frame();
    await frame.waitForFunction(
      (source) => {
        const badgeText = document.querySelector('#badge')?.textContent ?? '';
        const figure = document.querySelector('#chart-figure');
        const svg = document.querySelector('#chart svg');
        if (!new RegExp(source).test(badgeText) || !svg || !figure?.dataset.draws || figure.dataset.draws === document.body.dataset.uiStaleDraws) return false;
        return figure.dataset.runId === figure.dataset.snapshotRunId;
      },
      badge.source,
      { timeout: 30_000, polling: 50 },
    );
    return frame;
  };

  test('ja: hovering "learningRate" shows the schema\'s Japanese description', async (ctx) => {
    const { page, workspace } = ctx;
    await quickOpen(page, config);
    const at = locateLearningRate(fs.readFileSync(path.join(workspace, config), 'utf8'));
    await goTo(page, at.line, at.column - 8);
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
    await waitUntil(async () => {
      // Show Hover (Ctrl+K Ctrl+I); asked again until the JSON language server knows the schema.
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      return /学習率/.test((await hover.textContent({ timeout: 2000 }).catch(() => '')) ?? '');
    }, 'a hover with 学習率', { timeoutMs: 30_000, intervalMs: 500 });
    const text = (await hover.textContent()) ?? '';
    log(`  hover: ${text.slice(0, 120)}…`);
    assert.deepEqual(englishProse(text), [], `the hover is Japanese: ${text}`);
    // The hover fades in: shot once it is fully drawn.
    await page.waitForTimeout(600);
    await shot(page, 'ja-hover');
    await page.keyboard.press('Escape');
  });

  test('ja: Descent: Train Model, by its Japanese title, draws a panel with no English prose', async (ctx) => {
    const { page } = ctx;
    await quickOpen(page, config);
    const title = commandLabel('descent.train');
    log(`  palette: ${title}`);
    await paletteCommand(page, title);
    const frame = await waitForJapaneseRun(ctx, patternOf('converged at epoch {0}'));
    const texts = await panelTexts(frame);
    const english = texts.flatMap((t) => englishProse(t).map((run) => `${run}  ← in "${t.slice(0, 80)}"`));
    assert.deepEqual(english, [], 'English prose on the Japanese panel');
    assert.ok(texts.some((t) => /エポック/.test(t)) && texts.some((t) => /学習率/.test(t)), 'the panel speaks of エポック and 学習率');
    const axisTitles = await frame.evaluate(() => [...document.querySelectorAll('#chart svg g.role-axis-title text')].map((t) => t.textContent ?? ''));
    log(`  axis titles: ${axisTitles.join(' | ')}`);
    assert.ok(axisTitles.some((t) => /エポック/.test(t)), `the x axis is titled in Japanese: ${axisTitles.join(' | ')}`);
    const lang = await frame.evaluate(() => document.documentElement.lang);
    assert.equal(lang, 'ja', '<html lang> of the page');
    await shot(page, 'ja-panel');
  });

  test('ja: learningRate 1.5 saved: the status bar, the Problems entry and the quick fix are Japanese', async (ctx) => {
    const { page, workspace } = ctx;
    const file = path.join(workspace, config);
    const saved = fs.readFileSync(file, 'utf8');
    try {
      await quickOpen(page, config);
      await focusEditor(page);
      const frame = await ctx.frame();
      await markChartStale(frame);
      await typeLearningRate(page, file, '1.5');
      await save(page, file, '"learningRate": 1.5');
      await waitForJapaneseRun(ctx, patternOf('diverged at epoch {0}'));

      const status = await waitUntil(async () => {
        const item = page.locator('.statusbar-item', { hasText: 'Descent' }).first();
        const text = (await item.count()) ? ((await item.textContent()) ?? '').trim() : '';
        return patternOf('diverged at epoch {0}').test(text) ? text : false;
      }, 'the status bar to say diverged in Japanese');
      log(`  status bar: ${status}`);

      await showProblems(page);
      const entry = await waitUntil(async () => (await problemEntries(page)).find((l) => /発散/.test(l) && /Descent/.test(l)), 'a Japanese Descent error in Problems');
      // The entry's aria-label wraps Descent's message in VS Code's (English) words: "Error: … at line 5 and character 19. generated by Descent".
      const message = entry.replace(/^(Error|Warning|Info):\s*/, '').replace(/\s+at line \d+ (column|and character) \d+.*$/, '');
      log(`  problem: ${message.slice(0, 140)}…`);
      assert.deepEqual(englishProse(message), [], `the Problems message is Japanese: ${message}`);
      await shot(page, 'ja-problems');

      // The quick fix on the rate, in Japanese; applied, it converges again.
      const at = locateLearningRate(fs.readFileSync(file, 'utf8'));
      await focusEditor(page);
      await goTo(page, at.line, at.column);
      await page.keyboard.press('Control+.');
      const widget = page.locator('.action-widget');
      await widget.waitFor({ state: 'visible' });
      const labels = await widget.locator('.monaco-list-row[role="option"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      log(`  quick fixes: ${labels.join(' | ')}`);
      const fix = labels.find((l) => /learningRate/.test(l) && /推奨/.test(l));
      assert.ok(fix, `a Japanese quick fix setting the suggested rate among ${JSON.stringify(labels)}`);
      assert.deepEqual(englishProse(fix), [], `the quick fix title is Japanese: ${fix}`);
      await shot(page, 'ja-quick-fix');
      for (let i = 0; i <= labels.length; i++) {
        const focused = (await widget.locator('.monaco-list-row.focused').getAttribute('aria-label').catch(() => null)) ?? '';
        if (focused === fix) break;
        await page.keyboard.press('ArrowDown');
      }
      await markChartStale(frame);
      await page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden' });
      await save(page, file, '"learningRate": 0.');
      await waitForJapaneseRun(ctx, patternOf('converged at epoch {0}'));
    } finally {
      await dismissWidgets(page);
      if (fs.readFileSync(file, 'utf8') !== saved) fs.writeFileSync(file, saved);
    }
  }, { timeoutMs: 120_000 });

  test('ja: the learning-rate sweep, by its Japanese title, draws the lab with no English prose and its converged rates grouped as converged', async (ctx) => {
    const { page } = ctx;
    await quickOpen(page, config);
    await paletteCommand(page, commandLabel('descent.sweepLearningRates'));
    const frame = await findWebviewFrame(page, '#lab-chart', { timeoutMs: 60_000 });
    await frame.waitForFunction(() => {
      const figure = document.querySelector('#lab-figure');
      return figure?.dataset.labId && Number(figure.dataset.draws ?? 0) > 0 && document.querySelectorAll('#lab-chart svg g.role-mark > path').length > 0;
    }, null, { timeout: 60_000, polling: 100 });
    const texts = await panelTexts(frame);
    const english = texts.flatMap((t) => englishProse(t).map((run) => `${run}  ← in "${t.slice(0, 80)}"`));
    assert.deepEqual(english, [], 'English prose on the Japanese lab');
    const legend = await frame.evaluate(() => [...document.querySelectorAll('#lab-chart svg g.role-legend-label text')].map((t) => t.textContent ?? ''));
    log(`  sweep legend: ${legend.join(' | ')}`);
    assert.ok(legend.includes(jaOf('converged')), `the legend names converged in Japanese: ${legend.join(' | ')}`);
    // The converged group is drawn: green circles, not every rate in the "not converged" group.
    const heading = await frame.evaluate(() => document.querySelector('#lab-heading')?.textContent ?? '');
    log(`  sweep heading: ${heading}`);
    assert.match(heading, /収束/, 'the best rate converged, in Japanese');
    await shot(page, 'ja-lab-sweep');
  }, { timeoutMs: 120_000 });

  test('ja: a logistic run on the penguins, and its model view (decision boundary, accuracy), have no English prose', async (ctx) => {
    const { page } = ctx;
    const penguins = 'penguins/training.json';
    await quickOpen(page, penguins);
    await paletteCommand(page, commandLabel('descent.showModelView'));
    const frame = await findWebviewFrame(page, async (f) => (await f.locator('#badge').count()) > 0 && (await f.evaluate(() => document.title)).includes(penguins), { timeoutMs: 60_000 });
    await frame.waitForFunction(
      (source) => new RegExp(source).test(document.querySelector('#badge')?.textContent ?? '') && document.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line').length > 10,
      patternOf('converged at epoch {0}').source,
      { timeout: 60_000, polling: 100 },
    );
    // The model section's views draw after the loss chart: wait for the classifier's points.
    await page.waitForTimeout(1000);
    const texts = await panelTexts(frame);
    const english = texts.flatMap((t) => englishProse(t).map((run) => `${run}  ← in "${t.slice(0, 80)}"`));
    assert.deepEqual(english, [], 'English prose on the Japanese panel of a logistic run');
    assert.ok(texts.some((t) => /正解率/.test(t)), 'the panel speaks of 正解率 (accuracy)');
    assert.ok(texts.some((t) => /ナット/.test(t)), 'the log loss is in ナット');
    await shot(page, 'ja-logistic-model');
  }, { timeoutMs: 120_000 });

  test('ja: the walkthrough opens in Japanese, each step in Japanese', async (ctx) => {
    const { page } = ctx;
    // The Problems panel of the test before would take half the walkthrough's height: hide it (Ctrl+J).
    if (await page.locator('.part.panel').first().isVisible().catch(() => false)) {
      await page.keyboard.press('Control+J');
      await page.locator('.part.panel').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    }
    const walkthrough = manifest.contributes.walkthroughs[0];
    const title = localized(walkthrough.title);
    const steps = walkthrough.steps.map((s) => localized(s.title));
    const picker = await openPickerCommand(page, 'Welcome: Open Walkthrough...', /walkthrough/i);
    await picker.locator('input.input').first().fill(title);
    await picker.locator('.monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const read = () => page.locator('.gettingStartedContainer .getting-started-step .step-title').allTextContents();
    await waitUntil(async () => (await read()).length === steps.length, `the walkthrough's ${steps.length} steps`, { timeoutMs: 20_000 });
    assert.deepEqual((await read()).map((s) => s.trim()), steps, 'the steps, in Japanese');
    const step = page.locator('.gettingStartedContainer .getting-started-step').nth(1);
    await step.click();
    await page.waitForTimeout(1500);
    const shown = (await page.locator('.gettingStartedContainer').first().textContent()) ?? '';
    for (const s of steps) assert.deepEqual(englishProse(s), [], `step title "${s}"`);
    assert.match(shown, /学習/, 'the walkthrough text is Japanese');
    await shot(page, 'ja-walkthrough');
  });
}
