// UI tests of optimizers and schedules in the panels (issue 13), run by run.mjs in its session:
// the Descent Lab's Compare Optimizers on examples/optimizers (from the palette and from the
// training panel's button), and the learning-rate panel under the loss chart for a schedule.
// Screenshots: test-results/ui/optimizers-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findWebviewFrame } from '../host/browser.mjs';
import { readPanel, waitForRun } from './panel.mjs';
import { focusEditor, paletteCommand, quickOpen, waitUntil } from './workbench.mjs';

/** The training panel of the file in folder `dir` (its title names the file). */
const trainingFrame = (page, dir) => findWebviewFrame(page, async (f) => (await f.locator('#badge').count()) > 0 && (await f.evaluate(() => document.title)).includes(`${dir}/training.json`));

/** The lab page of the file in folder `dir`. */
const labFrame = (page, dir) => findWebviewFrame(page, async (f) => (await f.locator('#lab-chart').count()) > 0 && new RegExp(dir).test((await f.locator('#lab-title').textContent()) ?? ''));

/** What the optimizer comparison shows. */
function readComparison(frame) {
  return frame.evaluate(() => {
    const svg = document.querySelector('#lab-chart svg');
    const figure = document.querySelector('#lab-figure');
    return {
      heading: (document.querySelector('#lab-heading')?.textContent ?? '').trim(),
      draws: Number(figure?.dataset.draws ?? 0),
      legend: svg ? [...svg.querySelectorAll('g.role-legend-label text')].map((t) => t.textContent) : [],
      lines: svg ? [...svg.querySelectorAll('g.role-mark > path')].filter((p) => (p.getAttribute('d') ?? '').length > 20).length : 0,
      rows: [...document.querySelectorAll('.lab-table tbody tr')].map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
      notes: [...document.querySelectorAll('#lab-notes li')].map((li) => li.textContent),
      pressed: document.querySelector('#lab-optimizers')?.getAttribute('aria-pressed'),
    };
  });
}

async function waitForComparison(frame, afterDraws = -1) {
  let last = null;
  await waitUntil(
    async () => {
      last = await readComparison(frame);
      return /plain descent, momentum and Adam/.test(last.heading) && last.draws > afterDraws && last.lines >= 3;
    },
    'the optimizer comparison drawn',
    { timeoutMs: 90_000 },
  ).catch((e) => {
    throw new Error(`${e.message}; it shows ${JSON.stringify(last)}`);
  });
  return last;
}

/** What the training panel's learning-rate panel shows. */
function readRatePanel(frame) {
  return frame.evaluate(() => {
    const box = document.querySelector('#rate-panel');
    const svg = box?.querySelector('svg');
    return {
      hidden: box?.hidden ?? true,
      drawn: box?.dataset.drawn ?? null,
      axisTitles: svg ? [...svg.querySelectorAll('g.role-axis-title text')].map((t) => t.textContent) : [],
      stepLine: svg ? Math.max(0, ...[...svg.querySelectorAll('g.mark-line path')].map((p) => (p.getAttribute('d') ?? '').length)) : 0,
      lossTop: document.querySelector('#chart')?.getBoundingClientRect().bottom ?? 0,
      rateTop: svg?.getBoundingClientRect().top ?? 0,
    };
  });
}

/** Registers the tests with run.mjs's `test(title, fn)`; `shots` is the screenshot folder. */
export function optimizerTests(test, { shots }) {
  test('Descent Lab: Compare Optimizers draws plain descent, momentum and Adam at their own rates, labelled with how each was chosen and when it converged', async (ctx) => {
    const { page } = ctx;
    await quickOpen(page, 'optimizers/training.json');
    await focusEditor(page);
    await paletteCommand(page, 'Descent: Train Model');
    const training = await trainingFrame(page, 'optimizers');
    await waitForRun(training, { learningRate: '0.19', badge: /converged/ });
    // A constant rate: no learning-rate panel.
    assert.equal((await readRatePanel(training)).hidden, true, 'no rate panel for a constant rate');

    await focusEditor(page);
    await paletteCommand(page, 'Descent: Compare Optimizers');
    const frame = await labFrame(page, 'optimizers');
    let lab = await waitForComparison(frame);
    assert.equal(lab.legend.length, 3, JSON.stringify(lab.legend));
    const [plain, momentum, adam] = lab.legend;
    assert.match(plain, /^plain descent · lr 0\.25 \(suggested\): converged at epoch 13$/);
    assert.match(momentum, /^Nesterov momentum 0\.6 · lr 0\.19 \(its suggestion\): converged at epoch 10$/);
    assert.match(adam, /^Adam · lr [\d.]+ \(best of 9 tried\): (converged at epoch \d+|too slow|oscillating)$/);
    assert.deepEqual(lab.rows.map((r) => r[0]), ['plain descent', 'Nesterov momentum 0.6', 'Adam']);
    assert.ok(lab.notes.some((n) => /^Momentum: its own suggestion/.test(n ?? '')), JSON.stringify(lab.notes));
    assert.ok(lab.notes.some((n) => /^Adam’s rate was chosen from 9 rates, each trained for the same epochs: 0\.001 /.test(n ?? '')), JSON.stringify(lab.notes));
    assert.equal(lab.pressed, 'true');
    await ctx.shot('optimizers-01-compare');
    await (await frame.frameElement()).screenshot({ path: path.join(shots, 'optimizers-01-compare-panel.png') });

    // From the training panel's button, by keyboard: the lab runs again.
    const before = lab.draws;
    await training.locator('#open-lab-optimizers').focus();
    await page.keyboard.press('Enter');
    lab = await waitForComparison(frame, before);
    assert.equal(lab.legend[0], plain);
  });

  test('The loss chart shows the learning rate per epoch under it when a schedule sets it', async (ctx) => {
    const { page, workspace } = ctx;
    const dir = path.join(workspace, 'schedule');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'training.json'),
      `${JSON.stringify({ learningRate: 0.4, learningRateSchedule: { step: { every: 10, factor: 0.5 }, warmupEpochs: 5 }, batchSize: 'full', epochs: 40, data: { dataset: 'cars', features: ['Horsepower'], label: 'Miles_per_Gallon' }, normalize: 'zscore', seed: 0 }, null, 2)}\n`,
    );
    await quickOpen(page, 'schedule/training.json');
    await focusEditor(page);
    await paletteCommand(page, 'Descent: Train Model');
    const frame = await trainingFrame(page, 'schedule');
    await waitForRun(frame, { learningRate: '0.4' });
    let rate = null;
    await waitUntil(
      async () => {
        rate = await readRatePanel(frame);
        return !rate.hidden && rate.stepLine > 20;
      },
      'the learning-rate panel drawn',
      { timeoutMs: 15_000 },
    ).catch((e) => {
      throw new Error(`${e.message}; it shows ${JSON.stringify(rate)}`);
    });
    assert.equal(rate.drawn, '40', 'one step per epoch');
    assert.ok(rate.axisTitles.includes('learning rate') && rate.axisTitles.includes('epoch'), JSON.stringify(rate.axisTitles));
    assert.ok(rate.rateTop >= rate.lossTop - 1, `under the loss chart (${rate.rateTop} vs ${rate.lossTop})`);
    const p = await readPanel(frame);
    assert.ok(p.drawnPaths > 0, 'the loss chart is drawn too');
    await frame.evaluate(() => document.querySelector('#rate-panel')?.scrollIntoView({ block: 'end' }));
    await (await frame.frameElement()).screenshot({ path: path.join(shots, 'optimizers-02-rate-panel.png') });
    await ctx.shot('optimizers-02-schedule');
  });
}
