// UI test of kept runs in the runs table and the panel's exports (issue 15, "Runs as files" and
// "Exports"), in the real VS Code of test/ui/run.mjs: with descent.keepRuns on (workspace
// settings), each run of a CSV config is kept under .descent/runs/ and listed in the runs table
// tagged "kept"; after the CSV changes the runs kept before are marked "data changed since this
// run" and the run kept after is not; Show draws a kept run on the chart. Then each Export button,
// pressed from the keyboard, posts its message (the chart's SVG text or PNG data URL from the page)
// and the host's save dialog (code-server's simple file dialog, a quick input) is given a path
// typed in: the file written there is checked. So is the palette's Descent: Export Run History….
// Screenshots: test-results/ui/15-*.
//
//   node esbuild.js && node test/ui/run.mjs --only "kept runs"
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findWebviewFrame } from '../host/browser.mjs';
import { markChartStale, recordPageMessages, waitForRedraw, waitForRun } from './panel.mjs';
import { openPickerCommand, paletteCommand, quickOpen, save, typeLearningRate, waitUntil } from './workbench.mjs';

const CONFIG = 'kept/training.json';

/** y = 3x + 1 with a little noise: a CSV config that converges. */
const csvRows = (n, from = 0) =>
  Array.from({ length: n }, (_, i) => {
    const x = (from + i) / 10;
    return `${x},${(3 * x + 1 + 0.05 * Math.sin(7 * (from + i))).toFixed(4)}`;
  }).join('\n');

/** The kept file's panel (another panel, e.g. the cars example's, may be open too). */
const keptFrame = (page) => findWebviewFrame(page, async (f) => (await f.evaluate(() => document.querySelector('#path')?.textContent ?? '')) === CONFIG, { timeoutMs: 30_000 });

/** The runs table's kept rows as the page shows them. */
function readKept(frame) {
  return frame.evaluate(() => ({
    note: document.querySelector('#kept-note')?.textContent ?? '',
    caption: document.querySelector('#chart-figure figcaption')?.textContent ?? '',
    rows: [...document.querySelectorAll('#runs tbody tr')]
      .filter((tr) => tr.querySelector('.kept-tag'))
      .map((tr) => ({
        label: tr.querySelector('.run-label')?.textContent ?? '',
        time: tr.querySelector('.kept-time')?.textContent ?? '',
        data: tr.querySelector('.kept-data')?.textContent?.replace(/^ · /, '') ?? '',
        show: tr.querySelector('button[id^="kept-show-"]')?.id ?? '',
        shown: tr.querySelector('button[id^="kept-show-"]')?.getAttribute('aria-pressed') === 'true',
        lr: tr.querySelector('td')?.textContent ?? '',
      })),
  }));
}

/** Moves focus to a control of the panel and presses a key on it, as a keyboard user would after tabbing there. */
async function pressOn(page, frame, selector, key) {
  await frame.locator(selector).focus();
  await page.keyboard.press(key);
}

/**
 * Answers the host's save dialog: code-server's simple file dialog is a quick input holding a
 * path; the path is replaced by `target` and accepted (and an overwrite confirmed, if asked).
 * Returns the path the dialog offered first.
 */
async function answerSaveDialog(page, target, shot) {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  const input = widget.locator('input').first();
  // The dialog shows the folder first, then the suggested file name.
  await waitUntil(async () => /\.[a-z]+$/.test(await input.inputValue()), 'the save dialog to offer a file');
  const offered = await input.inputValue();
  if (shot) await shot();
  await input.fill(target);
  await page.keyboard.press('Enter');
  // An existing file is confirmed in a dialog; a new one is written at once.
  const overwrite = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Replace|Overwrite|OK|Yes/ });
  await waitUntil(async () => fs.existsSync(target) || (await overwrite.count()) > 0, `${target} to be written`, { timeoutMs: 15_000 });
  if (!fs.existsSync(target)) await overwrite.first().click();
  return offered;
}

/** Registers the kept-runs and exports test with run.mjs's `test(title, fn, options)`. */
export function exportsTests(test, { log, shotsDir }) {
  test('kept runs in the runs table, the data-changed mark, and the Export buttons through the save dialog', async (ctx) => {
    const { page, workspace } = ctx;
    const dir = path.join(workspace, 'kept');
    const file = path.join(workspace, CONFIG);
    const csv = path.join(dir, 'data.csv');
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    const settingsBefore = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : null;
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, `${JSON.stringify({ ...(settingsBefore ? JSON.parse(settingsBefore) : {}), 'descent.keepRuns': true }, null, 2)}\n`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(csv, `x,y\n${csvRows(40)}\n`);
    fs.writeFileSync(file, '{\n  "learningRate": 0.3,\n  "batchSize": "full",\n  "epochs": 40,\n  "data": { "csv": "data.csv", "label": "y" },\n  "normalize": "zscore",\n  "validationSplit": 0,\n  "seed": 0\n}\n');
    const keptDir = path.join(dir, '.descent', 'runs');
    const keptFiles = () => (fs.existsSync(keptDir) ? fs.readdirSync(keptDir).filter((n) => n.endsWith('.json')) : []);
    // The file opens in the first editor group, where the editor helpers look (earlier tests may
    // have left the panel's group active, and Quick Open opens in the active group).
    const openInFirstGroup = async () => {
      await paletteCommand(page, 'View: Focus First Editor Group');
      await quickOpen(page, CONFIG);
    };
    try {
      await openInFirstGroup();
      await paletteCommand(page, 'Descent: Train Model');
      const frame = await keptFrame(page);
      await waitForRun(frame, { badge: /converged|slow|oscillating|diverged/ });
      // VS Code may take the new workspace setting after that first run: then it was not kept, and Train again keeps one.
      const firstKept = () => waitUntil(async () => (await readKept(frame)).rows.length === 1, 'the first kept run in the runs table', { timeoutMs: 10_000 });
      if (!(await firstKept().then(() => true, () => false))) {
        log('  the first run was not kept (the setting came later): Train again');
        await markChartStale(frame);
        await pressOn(page, frame, '#train', 'Enter');
        await waitForRun(frame, { badge: /converged|slow|oscillating|diverged/ });
        await firstKept();
      }
      assert.equal(keptFiles().length, 1, `one kept run file in ${keptDir}`);

      // A second config: another kept run (the table lists both; neither's data changed).
      await openInFirstGroup();
      await markChartStale(frame);
      await typeLearningRate(page, file, '0.1');
      await save(page, file, '"learningRate": 0.1');
      await waitForRun(frame, { learningRate: '0.1' });
      await waitUntil(async () => (await readKept(frame)).rows.length === 2, 'two kept runs in the runs table', { timeoutMs: 20_000 });
      await waitUntil(async () => (await readKept(frame)).rows.every((r) => r.data === ''), 'the kept runs\' data checks to end unchanged', { timeoutMs: 20_000 });
      let k = await readKept(frame);
      log(`  kept rows: ${k.rows.map((r) => `${r.label} ${r.time} [${r.data || 'same data'}]`).join('; ')}; note: ${k.note}`);
      assert.match(k.note, /^2 kept runs in kept\/\.descent\/runs/);
      assert.ok(k.rows.every((r) => !r.shown), 'kept runs are not drawn until shown');

      // The CSV changes: Descent trains again on it (a third kept run, on the new data); the two
      // runs kept before are marked, the new one is not.
      await markChartStale(frame);
      fs.appendFileSync(csv, `${csvRows(10, 40)}\n`);
      await waitForRun(frame, { learningRate: '0.1', timeoutMs: 30_000 });
      await waitUntil(
        async () => {
          const r = (await readKept(frame)).rows;
          return r.length === 3 && r.filter((row) => row.data === 'data changed since this run').length === 2 && r[0].data === '';
        },
        'the two runs kept before the CSV changed to be marked "data changed since this run", and the newest not',
        { timeoutMs: 30_000 },
      );
      k = await readKept(frame);
      log(`  after the CSV changed: ${k.rows.map((r) => `${r.label} ${r.time} [${r.data || 'same data'}]`).join('; ')}`);
      assert.equal(keptFiles().length, 3);

      // Show the oldest kept run (lr 0.3) from the keyboard: it is drawn, named as kept, in the legend.
      const oldest = k.rows[k.rows.length - 1];
      await markChartStale(frame);
      await pressOn(page, frame, `#${oldest.show}`, 'Space');
      await waitForRedraw(frame);
      await waitUntil(async () => (await readKept(frame)).rows.at(-1)?.shown, 'the oldest kept run to be shown');
      // The runs table is the chart's legend for the runs: the kept row's swatch colour is a curve's stroke.
      const drawn = await frame.evaluate(() => {
        const rows = [...document.querySelectorAll('#runs tbody tr')].filter((tr) => tr.querySelector('.kept-tag'));
        const colour = rows.at(-1)?.querySelector('svg.swatch line')?.getAttribute('stroke') ?? '';
        const strokes = [...document.querySelectorAll('#chart svg g.role-mark path')].map((p) => p.getAttribute('stroke'));
        return { colour, drawn: strokes.includes(colour), caption: document.querySelector('#chart-figure figcaption')?.textContent ?? '' };
      });
      assert.ok(drawn.colour && drawn.drawn, `a curve in the kept row's colour ${drawn.colour} is drawn`);
      assert.match(drawn.caption, /2 other run\(s\) shown/, `the chart counts the kept run among the runs shown: ${drawn.caption}`);
      assert.match(k.caption, /1 other run\(s\) shown/, `before Show, only the file's own other run was drawn: ${k.caption}`);
      await frame.evaluate(() => document.querySelector('#runs')?.scrollIntoView({ block: 'start' }));
      await (await frame.frameElement()).screenshot({ path: path.join(shotsDir, '15a-kept-runs-data-changed-panel.png') });
      await frame.evaluate(() => document.querySelector('#chart-figure')?.scrollIntoView({ block: 'center' }));
      await (await frame.frameElement()).screenshot({ path: path.join(shotsDir, '15b-kept-run-drawn-panel.png') });

      // The Export buttons, from the keyboard: each posts its message, the save dialog takes a typed path.
      const sent = await recordPageMessages(frame);
      const messages = async (type) => (await sent.sent()).map((e) => e?.body).filter((m) => m?.type === type);
      await frame.evaluate(() => document.querySelector('#controls')?.scrollIntoView({ block: 'start' }));
      await (await frame.frameElement()).screenshot({ path: path.join(shotsDir, '15c-export-buttons-panel.png') });

      const cases = [
        { button: '#export-svg', type: 'exportChart', format: 'svg', out: path.join(dir, 'exported-chart.svg') },
        { button: '#export-png', type: 'exportChart', format: 'png', out: path.join(dir, 'exported-chart.png') },
        { button: '#export-csv', type: 'exportHistory', format: 'csv', out: path.join(dir, 'exported-loss.csv') },
        { button: '#export-json', type: 'exportHistory', format: 'json', out: path.join(dir, 'exported-loss.json') },
      ];
      for (const [i, c] of cases.entries()) {
        await pressOn(page, frame, c.button, 'Enter');
        await waitUntil(async () => (await messages(c.type)).some((m) => m.format === c.format), `the page to post ${c.type} ${c.format}`);
        const m = (await messages(c.type)).find((x) => x.format === c.format);
        if (c.format === 'svg') assert.match(m.data, /^<svg[\s\S]*<\/svg>\s*$/, 'the SVG export is the chart as SVG text');
        if (c.format === 'png') assert.match(m.data.slice(0, 40), /^data:image\/png;base64,iVBORw0KGgo/, 'the PNG export is a PNG data URL');
        const offered = await answerSaveDialog(page, c.out, i === 0 ? () => page.screenshot({ path: path.join(shotsDir, '15d-export-save-dialog.png') }) : null);
        log(`  ${c.button}: the dialog offered ${offered}; wrote ${path.relative(workspace, c.out)} (${fs.statSync(c.out).size} bytes)`);
        assert.equal(path.basename(offered), `training-loss.${c.format}`, 'the dialog offers a file named for the training.json beside it');
      }
      const svg = fs.readFileSync(cases[0].out, 'utf8');
      assert.match(svg, /^<svg[\s\S]*<\/svg>\s*$/);
      assert.ok(svg.includes(`stroke="${drawn.colour}"`), `the SVG is the chart on screen, the shown kept run's curve (${drawn.colour}) with it`);
      // The exported files themselves, to look at beside the screenshots.
      fs.copyFileSync(cases[0].out, path.join(shotsDir, '15e-exported-chart.svg'));
      fs.copyFileSync(cases[1].out, path.join(shotsDir, '15e-exported-chart.png'));
      const png = fs.readFileSync(cases[1].out);
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
      const csvOut = fs.readFileSync(cases[2].out, 'utf8').split('\n');
      assert.match(csvOut[0], /^epoch,train_loss/);
      assert.equal(csvOut.filter((l) => /^\d/.test(l)).length, 41, 'one CSV row per epoch, 0 to 40');
      const json = JSON.parse(fs.readFileSync(cases[3].out, 'utf8'));
      assert.equal(json.format, 'descent-history');
      assert.equal(json.config.learningRate, 0.1, 'the history of the run on screen');

      // The palette command: Descent: Export Run History… → JSON → the same dialog.
      // The command exports the active training.json's last run: the editor (not the panel) is focused first.
      await page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines').click();
      await openPickerCommand(page, 'Descent: Export Run History…', /Format/);
      const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'JSON' });
      await pick.first().waitFor({ state: 'visible' });
      await pick.first().click();
      const fromPalette = path.join(dir, 'palette-loss.json');
      await answerSaveDialog(page, fromPalette, null);
      assert.equal(JSON.parse(fs.readFileSync(fromPalette, 'utf8')).format, 'descent-history');
    } finally {
      if (settingsBefore === null) fs.rmSync(settingsFile, { force: true });
      else fs.writeFileSync(settingsFile, settingsBefore);
    }
  }, { timeoutMs: 240_000 });
}
