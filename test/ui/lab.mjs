// UI tests of the Descent Lab panel (src/labPanel.ts, webview/lab/), run by run.mjs in its session
// after the training panel's tests: Compare Learning Rates draws three labelled curves with their
// verdicts, Compare Batch Sizes switches its x axis, and the sweep marks the bound and the
// suggestion and its "Use this rate" writes training.json as one undoable edit that trains to
// converged. Screenshots: test-results/ui/lab-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findWebviewFrame, screenshot } from '../host/browser.mjs';
import { extensionHostLogLines } from '../host/server.mjs';
import { panelFrame, readPanel, waitForRun } from './panel.mjs';
import { editorText, focusEditor, paletteCommand, pickColorTheme, quickOpen, waitUntil, workbenchThemeType } from './workbench.mjs';

/** The lab page's frame (its layout has #lab-chart). */
const labFrame = (page) => findWebviewFrame(page, '#lab-chart');

/** What the lab page shows, in one round trip. */
function readLab(frame) {
  return frame.evaluate(() => {
    const text = (sel) => (document.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const svg = document.querySelector('#lab-chart svg');
    const figure = document.querySelector('#lab-figure');
    return {
      heading: text('#lab-heading'),
      message: document.querySelector('#lab-message')?.hidden ? '' : text('#lab-message'),
      labId: figure?.dataset.labId ?? null,
      draws: Number(figure?.dataset.draws ?? 0),
      legend: svg ? [...svg.querySelectorAll('g.role-legend-label text')].map((t) => t.textContent) : [],
      axisTitles: svg ? [...svg.querySelectorAll('g.role-axis-title text')].map((t) => t.textContent) : [],
      xLabels: svg ? [...svg.querySelectorAll('g.role-axis')].filter((g) => (g.getAttribute('aria-label') ?? '').startsWith('X-axis')).flatMap((g) => [...g.querySelectorAll('g.role-axis-label text')].map((t) => t.textContent)) : [],
      markTexts: svg ? [...svg.querySelectorAll('g.role-mark > text')].map((t) => t.textContent) : [],
      lines: svg ? [...svg.querySelectorAll('g.role-mark > path')].filter((p) => (p.getAttribute('d') ?? '').length > 20).length : 0,
      rows: [...document.querySelectorAll('.lab-table tbody tr')].map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
      options: [...document.querySelectorAll('#lab-rate option')].map((o) => ({ value: o.value, text: o.textContent, selected: o.selected })),
      explanation: [...document.querySelectorAll('.lab-explanation li')].map((li) => li.textContent),
      axisShown: !document.querySelector('#lab-axis')?.hidden,
      active: document.activeElement ? `${document.activeElement.tagName.toLowerCase()}${document.activeElement.id ? `#${document.activeElement.id}` : ''}` : '',
    };
  });
}

/** Waits until the lab page shows a finished lab whose heading matches `heading`, drawn after `afterDraws` draws. */
async function waitForLab(frame, { heading, afterDraws = -1, timeoutMs = 60_000 }) {
  let last = null;
  await waitUntil(
    async () => {
      last = await readLab(frame);
      return heading.test(last.heading) && last.draws > afterDraws && last.labId !== null && last.lines > 0;
    },
    `the lab page to show ${heading}`,
    { timeoutMs },
  ).catch((e) => {
    throw new Error(`${e.message}; it shows ${JSON.stringify(last)}`);
  });
  return last;
}

/**
 * Makes the example the focused editor of the first group. Quick Open would open it in the active
 * group, which is the lab's when the lab panel had focus.
 */
async function ensureConfigFocused(page, config) {
  const active = page.locator('.editor-group-container').first().locator('.tabs-container .tab.active', { hasText: path.basename(config) });
  if (!(await active.count())) await quickOpen(page, config);
  await focusEditor(page);
}

/** The lab panel alone, as it sits in the workbench. */
async function labShot(frame, file) {
  const el = await frame.frameElement();
  await el.screenshot({ path: file });
}

/**
 * Registers the lab's tests with run.mjs's `test(title, fn)`. `config` is the example's path in the
 * workspace (cars/training.json) and `shots` the screenshot folder.
 */
export function labTests(test, { config, shots }) {
  test('Descent Lab: Compare Learning Rates draws three curves labelled with their verdicts (too slow, converged, diverged)', async (ctx) => {
    const { page } = ctx;
    await ensureConfigFocused(page, config);
    await paletteCommand(page, 'Descent: Compare Learning Rates');
    const frame = await labFrame(page);
    const lab = await waitForLab(frame, { heading: /learning rates on/ });
    assert.equal(lab.legend.length, 3, `three runs in the legend: ${JSON.stringify(lab.legend)}`);
    const [low, suggested, high] = lab.legend;
    assert.match(low, /^lr 0\.01633 · too low .*: too slow$/);
    assert.match(suggested, /^lr 0\.49 · suggested: converged at epoch \d+$/);
    assert.match(high, /^lr 1\.5 · too high .*: diverged at epoch 1$/);
    assert.ok(lab.lines >= 3, `three curves drawn (${lab.lines} paths)`);
    assert.ok(lab.markTexts.some((t) => /diverged/.test(t ?? '')), `the diverging curve is marked where it leaves the chart: ${JSON.stringify(lab.markTexts)}`);
    assert.deepEqual(lab.rows.map((r) => r[2]), ['too slow', lab.rows[1]?.[2], 'diverged at epoch 1']);
    assert.match(lab.rows[1]?.[2] ?? '', /^converged at epoch \d+$/);
    await ctx.shot('lab-01-compare-rates');
    await labShot(frame, path.join(shots, 'lab-01-compare-rates-panel.png'));
  });

  test('Descent Lab: Compare Batch Sizes switches the x axis between epochs, weight updates and examples seen', async (ctx) => {
    const { page } = ctx;
    await ensureConfigFocused(page, config);
    await paletteCommand(page, 'Descent: Compare Batch Sizes');
    const frame = await labFrame(page);
    let lab = await waitForLab(frame, { heading: /full batch, mini-batch and SGD/ });
    assert.equal(lab.legend.length, 3, `full batch, mini-batch and SGD in the legend: ${JSON.stringify(lab.legend)}`);
    assert.ok(lab.axisShown, 'the x-axis choice is shown');
    // The update counts: full batch 1 a epoch, SGD one per row (318 training rows of cars).
    const updates = Object.fromEntries(lab.rows.map((r) => [r[1], r[3]]));
    assert.deepEqual([updates['full batch'], updates.SGD], ['1', '318'], JSON.stringify(lab.rows));
    const maxLabel = (l) => Math.max(...l.xLabels.map((t) => Number(String(t).replace(/[^\d.kM]/g, '').replace('k', 'e3').replace('M', 'e6'))).filter(Number.isFinite));
    assert.ok(lab.axisTitles.includes('epoch'), JSON.stringify(lab.axisTitles));
    const byEpoch = maxLabel(lab);
    for (const [id, title] of [
      ['update', 'weight updates'],
      ['examples', 'examples seen'],
    ]) {
      const before = lab.draws;
      // From the keyboard: focus the radio, press Space.
      await frame.locator(`#lab-x-${id}`).focus();
      await page.keyboard.press('Space');
      lab = await waitForLab(frame, { heading: /full batch/, afterDraws: before });
      assert.ok(lab.axisTitles.includes(title), `x axis titled "${title}": ${JSON.stringify(lab.axisTitles)}`);
      assert.ok(maxLabel(lab) > 100 * byEpoch, `the ${title} axis reaches far past the epochs (${maxLabel(lab)} vs ${byEpoch})`);
      await labShot(frame, path.join(shots, `lab-02-batches-${id}.png`));
    }
    await ctx.shot('lab-02-compare-batches');

    // The lab follows the colour theme: in Default Light Modern its chart is redrawn in the light theme's colours.
    const drawsBefore = lab.draws;
    await pickColorTheme(page, 'Default Light Modern');
    try {
      await waitUntil(async () => (await workbenchThemeType(page)) === 'vs', 'the light workbench theme');
      await waitUntil(async () => (await frame.evaluate(() => document.body.className)).split(/\s+/).includes('vscode-light'), 'the lab page in the light theme');
      await waitForLab(frame, { heading: /full batch/, afterDraws: drawsBefore });
      const fills = await frame.evaluate(() => [...document.querySelectorAll('#lab-chart g.role-axis-label text')].slice(0, 1).map((t) => getComputedStyle(t).fill));
      const background = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.notEqual(fills[0], background, 'axis labels drawn in a colour other than the background');
      await labShot(frame, path.join(shots, 'lab-02-batches-light.png'));
    } finally {
      await pickColorTheme(page, ctx.theme);
      await waitUntil(async () => (await workbenchThemeType(page)) === ctx.themeType, `the workbench back in ${ctx.theme}`);
    }
  });

  test('Descent Lab: the sweep marks the bound and the suggestion, and "Use this rate" edits training.json once (Ctrl+Z undoes it) and trains to converged', async (ctx) => {
    const { page, file } = ctx;
    const saved = fs.readFileSync(file, 'utf8');
    await ensureConfigFocused(page, config);
    // From the training panel's button, as a user would find it.
    await paletteCommand(page, 'Descent: Train Model');
    const training = await panelFrame(page);
    await waitForRun(training, {});
    await training.locator('#open-lab-sweep').click();
    let frame = await labFrame(page);
    const lab = await waitForLab(frame, { heading: /^best rate/ });
    assert.match(lab.heading, /^best rate 0\.3981 \(converged at epoch \d+, final loss [\d.]+\); stable bound 1, suggested 0\.49$/);
    assert.ok(lab.markTexts.includes('bound 1') && lab.markTexts.includes('suggested 0.49'), `rules labelled on the chart: ${JSON.stringify(lab.markTexts)}`);
    assert.ok(lab.markTexts.some((t) => /★ best 0\.3981/.test(t ?? '')), JSON.stringify(lab.markTexts));
    assert.ok(lab.explanation.some((l) => /stable bound, 1, is 1\/λmax/.test(l ?? '')), JSON.stringify(lab.explanation));
    assert.equal(lab.options.length, 24);
    const best = lab.options.find((o) => o.selected);
    assert.match(best?.text ?? '', /^0\.3981 · converged/);
    await ctx.shot('lab-03-sweep');
    await labShot(frame, path.join(shots, 'lab-03-sweep-panel.png'));
    // Again from the lab page's own button, the panel on screen: the time from the ask to the drawn chart, as the host logs it.
    await frame.locator('#lab-sweep').click();
    await waitForLab(frame, { heading: /^best rate/, afterDraws: lab.draws });
    const drawnLines = () => extensionHostLogLines(ctx.host.userDataDir, /lab sweep of .*drawn/, (name) => name.endsWith('.log'));
    await waitUntil(() => drawnLines().length >= 2, 'the host to log the second sweep drawn', { timeoutMs: 5000 });
    console.log(`    first sweep (panel revealed, page loaded): ${drawnLines().at(0)?.replace(/^.*\[info\] /, '')}`);
    console.log(`    sweep again (page on screen): ${drawnLines().at(-1)?.replace(/^.*\[info\] /, '')}`);

    // "Use this rate" from the keyboard: one edit in the editor, then a training to converged.
    await frame.locator('#lab-use-rate').focus();
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await editorText(page)).includes('"learningRate": 0.3981,'), 'the editor to show "learningRate": 0.3981', { timeoutMs: 10_000 });
    const panel = await panelFrame(page);
    await waitForRun(panel, { learningRate: '0.3981', badge: /converged/, timeoutMs: 30_000 });
    assert.match((await readPanel(panel)).badge, /^converged at epoch \d+$/);
    // One edit of the value alone: comments and formatting stay (the browser host may save it: files.autoSave is afterDelay on the web).
    assert.equal(await editorText(page), saved.replace(/"learningRate": [^,\n]+,/, '"learningRate": 0.3981,').replace(/\s+$/, ''));
    await ctx.shot('lab-04-used-rate');

    // One Ctrl+Z in the editor undoes it whole.
    await ensureConfigFocused(page, config);
    await page.keyboard.press('Control+Z');
    await waitUntil(async () => (await editorText(page)) === saved.replace(/\s+$/, ''), 'one Ctrl+Z to bring back the file as it was', { timeoutMs: 5000 });
    await screenshot(page, path.join(shots, 'lab-05-undone.png'));

    // One click on a point of the chart uses that rate the same way. The training panel may share
    // the lab's group and hide it: its tab brings it back, its page reloaded from the host's state.
    await page.locator('.tabs-container .tab', { hasText: 'Descent Lab: training.json' }).first().click();
    frame = await labFrame(page);
    await waitForLab(frame, { heading: /^best rate/ });
    const pick = (await readLab(frame)).options.find((o) => o.text?.startsWith('0.2512 · converged'));
    assert.ok(pick, `the sweep has 0.2512 among its converged rates: ${JSON.stringify((await readLab(frame)).options.map((o) => o.text))}`);
    await frame.evaluate((index) => {
      const symbol = [...document.querySelectorAll('#lab-chart g.mark-symbol.role-mark path')].find((el) => el.__data__?.datum?.index === index && el.__data__?.datum?.hint);
      symbol?.setAttribute('data-ui-point', String(index));
    }, Number(pick.value));
    await frame.locator(`[data-ui-point="${pick.value}"]`).click({ force: true });
    await waitUntil(async () => (await editorText(page)).includes('"learningRate": 0.2512,'), 'a click on the 0.2512 point to set "learningRate": 0.2512', { timeoutMs: 10_000 });
    await waitForRun(await panelFrame(page), { learningRate: '0.2512', badge: /converged/, timeoutMs: 30_000 });
    await ctx.shot('lab-06-clicked-point');
    await ensureConfigFocused(page, config);
    await page.keyboard.press('Control+Z');
    await waitUntil(async () => (await editorText(page)) === saved.replace(/\s+$/, ''), 'one Ctrl+Z to undo the clicked rate', { timeoutMs: 5000 });
  });

  test('Descent Lab: a long comparison shows its progress and Cancel stops it', async (ctx) => {
    const { page, workspace } = ctx;
    const dir = path.join(workspace, 'lab-long');
    fs.mkdirSync(dir, { recursive: true });
    // Seconds of work per run: 200,000 synthetic rows in batches of 10, 500 epochs (10⁷ updates, descent.maxUpdates' default).
    fs.writeFileSync(path.join(dir, 'training.json'), `${JSON.stringify({ learningRate: 0.01, batchSize: 10, epochs: 500, data: { synthetic: { samples: 200000, features: 4, noise: 0.5, seed: 1 } } }, null, 2)}\n`);
    try {
      await quickOpen(page, 'lab-long/training.json');
      await paletteCommand(page, 'Descent: Compare Learning Rates');
      const frame = await findWebviewFrame(page, (f) => f.evaluate(() => /lab-long/.test(document.querySelector('#lab-title')?.textContent ?? '')));
      await frame.locator('#lab-progress-text').filter({ hasText: /3 runs, 3 at once: [\d,]+ of [\d,]+ epochs/ }).waitFor({ timeout: 30_000 });
      await labShot(frame, path.join(shots, 'lab-07-progress.png'));
      await frame.locator('#lab-cancel').click();
      await frame.locator('#lab-message', { hasText: 'Cancelled.' }).waitFor({ timeout: 10_000 });
      assert.ok(await frame.locator('#lab-progress').isHidden(), 'the progress bar goes once cancelled');
    } finally {
      await page.keyboard.press('Escape');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
