// UI test of the runs table and the overlay (issue 12, "Runs, and the chart that compares
// them"), in the real VS Code of test/ui/run.mjs: several learning rates saved in turn, one row
// per distinct config (a re-trained config adds none), a diverged run cut where it leaves the
// chart, Pin, Hide and a sort header pressed from the keyboard, the excess-loss view, the runs
// kept across a window reload, and the panel at half width. Screenshots: test-results/ui/08-*.
//
//   node esbuild.js && node test/ui/run.mjs --only "runs table"
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../host/install.mjs';
import { markChartStale, readPanel, waitForRedraw, waitForRun } from './panel.mjs';
import { focusEditor, locateLearningRate, paletteCommand, quickOpen, save, typeLearningRate, waitUntil } from './workbench.mjs';

/** The runs table and what the chart says about the runs, read from the page. */
function readRuns(frame) {
  return frame.evaluate(() => {
    const rows = [...document.querySelectorAll('#runs tbody tr')].map((tr) => ({
      id: tr.getAttribute('data-run'),
      label: tr.querySelector('.run-label')?.textContent ?? '',
      current: tr.getAttribute('aria-current') === 'true',
      cells: [...tr.querySelectorAll('td:not(.actions)')].map((td) => (td.textContent ?? '').trim()),
      pinned: tr.querySelector('button[id^="run-pin-"]')?.getAttribute('aria-pressed') === 'true',
      hidden: tr.querySelector('button[id^="run-hide-"]')?.getAttribute('aria-pressed') === 'true',
      swatch: getComputedStyle(tr.querySelector('svg.swatch line') ?? document.body).stroke,
    }));
    const headers = [...document.querySelectorAll('#runs thead th')].map((th) => ({ text: (th.textContent ?? '').trim(), sort: th.getAttribute('aria-sort') }));
    const caption = document.querySelector('#chart-figure figcaption')?.textContent ?? '';
    const heading = (document.querySelector('#runs-title')?.textContent ?? '').trim();
    const css = getComputedStyle(document.documentElement);
    const reserved = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-red'].map((v) => css.getPropertyValue(v).trim().toLowerCase());
    const axis = [...document.querySelectorAll('#chart svg g.role-axis-label text')].map((t) => t.textContent ?? '');
    return { rows, headers, caption, heading, reserved, axis, scrollY: window.scrollY, innerHeight: window.innerHeight, innerWidth: window.innerWidth };
  });
}

const shotPath = (name) => path.join(REPO_ROOT, 'test-results', 'ui', `${name}.png`);

/** Colour text as the page computes it ("rgb(55, 148, 255)") → "#3794ff". */
const hex = (css) => {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css ?? '');
  return m ? `#${m.slice(1, 4).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}` : String(css).toLowerCase();
};

/** Saves a learning rate and waits for the panel to draw its run. */
async function trainRate(ctx, frame, rate, badge) {
  const { page, file } = ctx;
  await focusEditor(page);
  await markChartStale(frame);
  await typeLearningRate(page, file, rate);
  await save(page, file, `"learningRate": ${rate}`);
  await waitForRun(frame, { learningRate: rate, badge, timeoutMs: 30_000 });
}

/** Moves focus to a control of the panel and presses a key on it, as a keyboard user would after tabbing there. */
async function pressOn(page, frame, selector, key) {
  await frame.locator(selector).focus();
  await page.keyboard.press(key);
}

/** Makes the config the active editor (after a reload VS Code may have restored it already). */
async function ensureOpen(page, config) {
  const active = page.locator('.editor-group-container').first().locator('.tabs-container .tab.active', { hasText: 'training.json' });
  if (!(await active.count())) await quickOpen(page, config);
  await focusEditor(page);
}

/** Registers the runs-table test with run.mjs's `test(title, fn, options)`. */
export function runsTableTests(test, { config, log }) {
  test('the runs table: one row per config, a diverged run capped and marked, pin, hide and sort from the keyboard, kept across a reload', async (ctx) => {
    const { page, file } = ctx;
    const start = locateLearningRate(fs.readFileSync(file, 'utf8')).value;
    await ensureOpen(page, config);
    // Train Model opens (or reveals) the panel, so the test also runs on its own (--only).
    await paletteCommand(page, 'Descent: Train Model');
    const frame = await ctx.frame();
    await waitForRun(frame, { badge: /converged|diverged|oscillating|slow/ });

    // Four saves, three configs: 0.05 twice adds one row.
    await trainRate(ctx, frame, '0.05', /slow|converged/);
    await trainRate(ctx, frame, '1.5', /diverged/);
    await trainRate(ctx, frame, '0.3', /converged/);
    await trainRate(ctx, frame, '0.05', /slow|converged/);
    let r = await readRuns(frame);
    log(`  rows: ${r.rows.map((row) => `${row.label}${row.current ? ' (current)' : ''}: ${row.cells.join(' | ')}`).join('; ')}`);
    const labels = r.rows.map((row) => row.label);
    for (const label of ['lr 0.05', 'lr 0.3', 'lr 1.5']) assert.equal(labels.filter((l) => l === label).length, 1, `one "${label}" row in ${labels.join(', ')}`);
    assert.equal(labels.length, new Set(labels).size, 'no two rows share a label');
    assert.deepEqual(r.rows.filter((row) => row.current).map((row) => row.label), ['lr 0.05'], 'the current config\'s row is marked');
    assert.equal(r.rows[0].label, 'lr 0.05', 'the re-trained config moved to the top (newest first)');
    assert.deepEqual(r.headers.map((h) => h.text), ['Run', 'lr', 'batch', 'epochs', 'verdict', 'conv. at', 'final loss', 'RMSE', 'Actions']);
    assert.match(r.heading, /RMSE in Miles_per_Gallon$/, 'the RMSE is in the label\'s units');
    const row03 = r.rows.find((row) => row.label === 'lr 0.3');
    const [finalLoss, rmse] = [row03.cells[5], row03.cells[6]].map((c) => Number(c.replace(/,/g, '')));
    assert.ok(Math.abs(rmse - Math.sqrt(finalLoss)) < 0.01 * rmse, `RMSE ${rmse} is √(final loss ${finalLoss})`);
    assert.match(r.rows.find((row) => row.label === 'lr 1.5').cells[3], /^diverged/);

    // The diverged run leaves the chart at the top, marked; the axis stays on the other runs' scale.
    assert.match(r.caption, /lr 1\.5 diverged: leaves the chart at epoch \d+/, `the chart says where lr 1.5 leaves: ${r.caption}`);
    const top = Math.max(...r.axis.map((t) => Number(t.replace(/,/g, '').replace('−', '-'))).filter(Number.isFinite));
    assert.ok(top < 1e4, `the loss axis tops out near the runs that did not diverge, not at 1e30 (${r.axis.join(' ')})`);
    // Colours: each shown row its own, none the training, validation or diverged colour (except the current run's training blue).
    const swatches = r.rows.filter((row) => !row.current).map((row) => hex(row.swatch));
    assert.equal(new Set(swatches).size, swatches.length, `distinct swatches ${swatches.join(' ')}`);
    for (const s of swatches) assert.ok(!r.reserved.includes(s), `swatch ${s} is none of ${r.reserved.join(' ')}`);
    await ctx.panelShot('08a-runs-overlay-panel');

    // Pin lr 1.5 and hide it, from the keyboard: pinned rows come first; a hidden run is not drawn.
    const id15 = r.rows.find((row) => row.label === 'lr 1.5').id;
    await pressOn(page, frame, `#run-pin-${id15}`, 'Space');
    await waitUntil(async () => (await readRuns(frame)).rows[0]?.pinned, 'lr 1.5 to be pinned and first');
    r = await readRuns(frame);
    assert.equal(r.rows[0].label, 'lr 1.5');
    assert.equal(await frame.evaluate(() => document.activeElement?.id ?? ''), `run-pin-${id15}`, 'focus stays on the Pin button');
    await markChartStale(frame);
    await pressOn(page, frame, `#run-hide-${id15}`, 'Enter');
    await waitForRedraw(frame);
    r = await readRuns(frame);
    assert.ok(r.rows[0].hidden, 'Hide is pressed');
    assert.doesNotMatch(r.caption, /lr 1\.5/, `the hidden run is not drawn: ${r.caption}`);

    // Sort by final loss from the keyboard: aria-sort says so; pinned first, then lowest loss.
    await pressOn(page, frame, '#runs-sort-finalLoss', 'Enter');
    await waitUntil(async () => (await readRuns(frame)).headers.find((h) => /final loss/.test(h.text))?.sort === 'ascending', 'the final-loss column to sort ascending');
    r = await readRuns(frame);
    const losses = r.rows.slice(1).map((row) => Number(row.cells[5].replace(/,/g, ''))).filter(Number.isFinite);
    assert.deepEqual(losses, [...losses].sort((a, b) => a - b), `unpinned rows by final loss: ${losses.join(', ')}`);

    // The excess-loss view: L − L* on a log axis.
    await markChartStale(frame);
    await pressOn(page, frame, 'vscode-checkbox#excess-loss', 'Space');
    await waitForRedraw(frame);
    let p = await readPanel(frame);
    assert.equal(p.axisTitles[1], 'L − L*, (Miles_per_Gallon)²');
    assert.match(p.chartCaption, /^Loss chart: excess loss L − L\* from/);
    await ctx.panelShot('08b-runs-pinned-hidden-excess-panel');
    await markChartStale(frame);
    await pressOn(page, frame, 'vscode-checkbox#excess-loss', 'Space');
    await waitForRedraw(frame);

    // Kept across a window reload: the rows, the pin and the hidden run (workspace state); the order (page state).
    await paletteCommand(page, 'Developer: Reload Window');
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    let revived = await ctx.frame();
    await waitForRun(revived, { badge: /converged|slow/, timeoutMs: 60_000 });
    r = await readRuns(revived);
    assert.deepEqual([r.rows[0].label, r.rows[0].pinned, r.rows[0].hidden], ['lr 1.5', true, true], 'the pinned, hidden run is first after the reload');
    for (const label of ['lr 0.05', 'lr 0.3']) assert.ok(r.rows.some((row) => row.label === label), `${label} is kept`);
    assert.equal(r.headers.find((h) => /final loss/.test(h.text))?.sort, 'ascending', 'the order is kept');

    // Chart first, in a half-width panel (about 600 × 800): the verdict, then the chart; the update table one press away.
    const size = page.viewportSize();
    await page.setViewportSize({ width: 1600, height: 900 });
    try {
      // The frame is looked up each time: a resize may replace the webview's document.
      await waitUntil(async () => {
        const { innerWidth, innerHeight } = await readRuns(await ctx.frame());
        return innerWidth < 700 && innerHeight < 850;
      }, 'the panel to be about 600 × 800');
      revived = await ctx.frame();
      const layout = await revived.evaluate(() => {
        const y = (sel) => document.querySelector(sel)?.getBoundingClientRect().top ?? -1;
        return { verdict: y('#verdict-title'), chart: y('#chart-figure'), runs: y('#runs'), updates: y('#updates'), details: y('#summary'), jump: document.querySelector('#jump-updates')?.getBoundingClientRect().bottom ?? -1, width: window.innerWidth, height: window.innerHeight };
      });
      log(`  half-width panel ${layout.width}×${layout.height}: verdict ${layout.verdict}, chart ${layout.chart}, runs ${layout.runs}, updates ${layout.updates}, details ${layout.details}`);
      assert.ok(layout.verdict < layout.chart && layout.chart < layout.runs && layout.runs < layout.updates && layout.updates < layout.details, 'verdict, chart, runs, update table, details, in that order');
      assert.ok(layout.jump > 0 && layout.jump < layout.height, 'the jump to the update table is above the fold');
      await revived.locator('#title').click();
      await pressOn(page, revived, '#jump-updates', 'Enter');
      // Scrolled to the update table (to the top, or as far as the page goes), its heading focused.
      await waitUntil(
        () =>
          revived.evaluate(() => {
            const box = document.querySelector('#updates').getBoundingClientRect();
            return window.scrollY > 0 && box.top >= -1 && box.top < window.innerHeight / 2 && document.activeElement?.id === 'updates-title';
          }),
        'the update table in view, its heading focused',
      );
      await (await revived.frameElement()).screenshot({ path: shotPath('08c-half-width-updates') });
      await revived.evaluate(() => window.scrollTo(0, 0));
      await (await revived.frameElement()).screenshot({ path: shotPath('08d-half-width-top') });
    } finally {
      if (size) await page.setViewportSize(size);
    }

    // Leave the file and the runs as the later tests expect them: the starting rate, nothing hidden or pinned.
    revived = await ctx.frame();
    await pressOn(page, revived, `#run-hide-${id15}`, 'Space');
    await waitUntil(async () => !(await readRuns(revived)).rows.find((row) => row.id === id15)?.hidden, 'lr 1.5 shown again');
    await pressOn(page, revived, `#run-pin-${id15}`, 'Space');
    await waitUntil(async () => !(await readRuns(revived)).rows.find((row) => row.id === id15)?.pinned, 'lr 1.5 unpinned');
    await pressOn(page, revived, '#runs-sort-finalLoss', 'Enter');
    await pressOn(page, revived, '#runs-sort-finalLoss', 'Enter');
    await ensureOpen(page, config);
    await trainRate(ctx, revived, start, /converged|slow|oscillating/);
    p = await readPanel(revived);
    assert.equal(p.axisTitles[1], 'loss, (Miles_per_Gallon)²');
  }, { timeoutMs: 240_000 });
}
