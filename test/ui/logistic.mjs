// UI tests of the panel for a logistic run (webview/classifierView.ts, classifierDetails.ts, the
// classifier part of modelSection.ts), registered into test/ui/run.mjs's list:
// `logisticTests(test, { log, shotsDir })`. As a user: train examples/penguins (Adelie against
// Chinstrap from flipper length and body mass), see the accuracy per epoch and the decision
// boundary over the scatter, move the epoch scrubber with the keyboard and see the boundary, the
// accuracy chart's rule and the loss chart's marker follow; read the details in a classifier's
// terms. Then a separable variant (Gentoo against the rest) and one feature (the sigmoid).
// Screenshots: 20-logistic-boundary-epoch2-panel, 21-logistic-boundary-final-panel,
// 22-logistic-details-panel, 23-logistic-separable-panel, 24-logistic-one-feature-panel,
// 25-logistic-four-features-panel, 26-logistic-light-panel.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findWebviewFrame } from '../host/browser.mjs';
import { readPanel, waitForRun } from './panel.mjs';
import { focusEditor, paletteCommand, pickColorTheme, waitUntil, workbenchThemeType } from './workbench.mjs';

/** The panel of the training file at `relative` (several panels are open: one per file). */
const panelOf = (page, relative) =>
  findWebviewFrame(page, async (f) => (await f.locator('#badge').count()) > 0 && ((await f.locator('#path').textContent().catch(() => '')) ?? '').includes(relative), { timeoutMs: 30_000 });

/**
 * Opens a file with Quick Open, clicking its own row: every example is a training.json, and Enter
 * would take the top row, which can be a recently opened one of another folder.
 */
async function openFile(page, relative) {
  const folder = relative.split('/').slice(0, -1).join('/');
  // In the first group, where focusEditor looks (the keyboard may be on the panel's scrubber in the second).
  await paletteCommand(page, 'View: Focus First Editor Group');
  await page.keyboard.press('Control+P');
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible' });
  await page.keyboard.type(relative);
  const row = widget.locator('.monaco-list-row').filter({ has: page.locator('.label-description', { hasText: new RegExp(`^${folder}$`) }) });
  await row.first().waitFor({ state: 'visible' });
  await row.first().click();
  await widget.waitFor({ state: 'hidden' });
  await waitUntil(async () => ((await page.locator('.editor-group-container .monaco-breadcrumbs').first().textContent().catch(() => '')) ?? '').includes(folder), `the editor of ${relative}`);
}

/** What the classifier views show, in one round trip. */
function readClassifier(frame) {
  return frame.evaluate(() => {
    const paths = (sel) => [...document.querySelectorAll(sel)].map((p) => p.getAttribute('d') ?? '').filter((d) => d.length > 2);
    const figure = document.querySelector('#classifier-figure');
    const accuracy = document.querySelector('#accuracy-figure');
    const rule = [...document.querySelectorAll('#accuracy-chart g.mark-rule.role-mark line')][0];
    return {
      hidden: document.querySelector('#model')?.hidden ?? true,
      kind: figure?.dataset.kind ?? '',
      epoch: figure?.dataset.epoch ?? null,
      accuracyEpoch: accuracy?.dataset.epoch ?? null,
      accuracyHidden: accuracy?.hidden ?? true,
      markerEpoch: document.querySelector('#chart')?.dataset.markerEpoch ?? null,
      // The boundary now is the thick line drawn last; the final one is dashed.
      lines: paths('#classifier-chart g.mark-line.role-mark path'),
      symbols: document.querySelectorAll('#classifier-chart g.mark-symbol.role-mark path').length,
      rules: document.querySelectorAll('#classifier-chart g.mark-rule.role-mark line').length,
      accuracyLines: paths('#accuracy-chart g.mark-line.role-mark path').length,
      accuracyRule: rule ? (rule.getAttribute('transform') ?? '') + (rule.getAttribute('x2') ?? '') : null,
      accuracyCaption: (accuracy?.querySelector('figcaption')?.textContent ?? '').trim(),
      caption: (figure?.querySelector('figcaption')?.textContent ?? '').trim(),
      legend: [...document.querySelectorAll('#classifier-chart svg g.role-legend')].map((g) => g.textContent ?? '').join(' ').replace(/\s+/g, ' '),
      axes: [...document.querySelectorAll('#classifier-chart g.role-axis-title text, #accuracy-chart g.role-axis-title text')].map((t) => t.textContent),
      note: (document.querySelector('#classifier-note')?.textContent ?? '').trim(),
      side: (document.querySelector('#classifier-side')?.textContent ?? '').trim(),
      status: (document.querySelector('#model-epoch-text')?.textContent ?? '').trim(),
      off: document.querySelector('#model-off')?.hidden ? '' : (document.querySelector('#model-off')?.textContent ?? '').trim(),
      reason: (document.querySelector('#model-reason')?.textContent ?? '').trim(),
      landscapeHidden: document.querySelector('#landscape-figure')?.hidden ?? true,
      modelHidden: document.querySelector('#model-figure')?.hidden ?? true,
    };
  });
}

/** Waits until the boundary view, the accuracy chart and the loss chart's marker show `epoch`. */
async function waitForEpoch(frame, epoch, what) {
  let last = null;
  await waitUntil(
    async () => {
      last = await readClassifier(frame);
      return !last.hidden && last.epoch === String(epoch) && last.accuracyEpoch === String(epoch) && last.markerEpoch === String(epoch);
    },
    `${what}: the classifier view, the accuracy chart and the loss chart's marker at epoch ${epoch}`,
    { timeoutMs: 15_000 },
  ).catch((e) => {
    throw new Error(`${e.message}; the page shows ${JSON.stringify(last)}`);
  });
  return last;
}

/** Registers the logistic panel's tests with run.mjs's `test`. */
export function logisticTests(test, { log, shotsDir }) {
  const sectionShot = async (frame, name, selector) => {
    await frame.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'start' }), selector);
    await (await frame.frameElement()).screenshot({ path: path.join(shotsDir, `${name}.png`) });
    await frame.evaluate(() => window.scrollTo(0, 0));
  };

  /** Opens a training file of the workspace, trains it from the palette and returns its panel once the run is drawn. */
  const train = async (ctx, relative, badge) => {
    await openFile(ctx.page, relative);
    await focusEditor(ctx.page);
    await paletteCommand(ctx.page, 'Descent: Train Model');
    const frame = await panelOf(ctx.page, relative);
    await waitForRun(frame, { badge });
    return frame;
  };

  /** A variant of the penguins example in its own folder of the workspace. */
  const variant = (ctx, folder, edit) => {
    const text = fs.readFileSync(path.join(ctx.workspace, 'penguins', 'training.json'), 'utf8');
    const changed = edit(text);
    assert.notEqual(changed, text, `the ${folder} variant changes the example`);
    fs.mkdirSync(path.join(ctx.workspace, folder), { recursive: true });
    fs.writeFileSync(path.join(ctx.workspace, folder, 'training.json'), changed);
    return `${folder}/training.json`;
  };

  test('a logistic run shows accuracy per epoch and the decision boundary following the scrubber, and its details speak of log loss', async (ctx) => {
    const { page } = ctx;
    const frame = await train(ctx, 'penguins/training.json', /converged/);
    let m = await waitForEpoch(frame, 30, 'after training');
    log(`  penguins: ${m.status}; ${m.symbols} points, ${m.accuracyLines} accuracy lines`);
    assert.equal(m.kind, 'boundary', 'two features: the boundary over the scatter');
    assert.equal(m.accuracyHidden, false, 'the accuracy chart is shown');
    assert.equal(m.accuracyLines, 2, 'training and validation accuracy');
    assert.ok(m.accuracyRule, 'the accuracy chart marks the shown epoch');
    assert.ok(m.symbols >= 219, `every row is drawn (${m.symbols} symbols)`);
    assert.equal(m.lines.length, 2, 'the boundary now and the final one');
    assert.match(m.status, /^epoch 30 of 30: P\(Species = Adelie\) = σ\(−[\d.]+ × Flipper Length \(mm\) \+ [\d.]+ × Body Mass \(g\) \+ [\d.]+\)$/);
    assert.match(m.legend, /Adelie \(1\)/, `the legend names the classes: ${m.legend}`);
    assert.match(m.legend, /Chinstrap \(0\)/);
    assert.match(m.legend, /held-out row/);
    assert.ok(m.axes.includes('Flipper Length (mm)') && m.axes.includes('Body Mass (g)'), `axes in the features' names: ${m.axes.join(' | ')}`);
    assert.match(m.accuracyCaption, /^Accuracy per epoch, the share of rows classified right .*after epoch 30 training 76%, validation 72\.73%\.$/);
    assert.equal(m.modelHidden, true, 'no regression line view');
    assert.equal(m.landscapeHidden, true, 'no landscape for a log loss');
    assert.match(m.reason, /drawn for linear regression, whose loss is a quadratic in the weights; the log loss is not one/);
    assert.equal(m.side, 'Adelie is predicted above the line (p > ½), Chinstrap below it.');
    const finalLine = m.lines.at(-1);
    const finalRule = m.accuracyRule;

    // The scrubber from the keyboard: epoch 0 has no boundary (w = 0), epochs 2 and 3 differ, End is the final model.
    await frame.locator('#model-epoch').focus();
    await page.keyboard.press('Home');
    m = await waitForEpoch(frame, 0, 'Home');
    assert.match(m.off, /weights are 0: every row gets p = 0\.5, there is no boundary/);
    assert.equal(m.lines.length, 1, 'at epoch 0 only the final boundary is drawn');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    m = await waitForEpoch(frame, 2, 'two steps');
    const second = m.lines.at(-1);
    assert.notEqual(second, finalLine, 'the boundary at epoch 2 is not the final one');
    assert.notEqual(m.accuracyRule, finalRule, 'the accuracy chart rule moved');
    await sectionShot(frame, '20-logistic-boundary-epoch2-panel', '#model-title');
    await page.keyboard.press('ArrowRight');
    m = await waitForEpoch(frame, 3, 'a third step');
    assert.notEqual(m.lines.at(-1), second, 'the boundary moved between epochs 2 and 3');
    await page.keyboard.press('End');
    m = await waitForEpoch(frame, 30, 'End');
    assert.equal(m.lines.at(-1), finalLine, 'End shows the final boundary again');
    await sectionShot(frame, '21-logistic-boundary-final-panel', '#model-title');

    const p = await readPanel(frame);
    log(`  details: ${JSON.stringify(p.facts)}`);
    assert.match(p.facts['Final loss'], /^0\.503\d* nats after 30 epochs · best reachable L\* = 0\.503\d* nats \(the minimum on the training rows, found by Newton's method\)/);
    assert.match(p.facts['Learning rate'], /^2\.5 \(below 5\.259, every full-batch step is guaranteed to lower the loss: a sufficient bound, not the exact limit\)/);
    assert.match(p.facts.Model, /^P\(Species = Adelie\) = σ\(/);
    assert.equal(p.facts.Accuracy, '76% of the training rows and 72.73% of the held-out rows classified right (p > ½ predicts Adelie)');
    assert.equal(p.facts.Classes, 'Adelie coded 1 (151 rows), Chinstrap 0 (68 rows); 123 rows of Gentoo left out');
    assert.equal(p.facts.Conditioning, undefined, 'no κ statement: it describes a quadratic');
    assert.ok(!Object.values(p.facts).some((v) => /RMSE/.test(v)), 'no RMSE');
    await sectionShot(frame, '22-logistic-details-panel', '#details-title');

    // A light theme: the views are redrawn in its colours (the legend's symbols too).
    const before = await frame.evaluate(() => document.querySelector('#classifier-chart svg')?.innerHTML ?? '');
    await pickColorTheme(page, 'Default Light Modern');
    await waitUntil(async () => (await workbenchThemeType(page)) === 'vs', 'the light workbench theme');
    await waitUntil(async () => (await frame.evaluate(() => document.querySelector('#classifier-chart svg')?.innerHTML ?? '')) !== before, 'the classifier view redrawn in the light theme');
    await frame.locator('#model-epoch').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitForEpoch(frame, 2, 'epoch 2 in the light theme');
    await sectionShot(frame, '26-logistic-light-panel', '#model-title');
    await pickColorTheme(page, ctx.theme);
    await waitUntil(async () => (await workbenchThemeType(page)) === ctx.themeType, `the workbench back in ${ctx.theme}`);
  });

  test('a separable logistic run says there is no finite optimum, one feature draws the probability curve and its threshold, and four are drawn as two at the others\' means', async (ctx) => {
    const separable = variant(ctx, 'penguins-separable', (t) =>
      t.replace('"positive": "Adelie", "negative": "Chinstrap"', '"positive": "Gentoo"').replace('"features": ["Flipper Length (mm)", "Body Mass (g)"]', '"features": ["Beak Depth (mm)", "Flipper Length (mm)"]'),
    );
    let frame = await train(ctx, separable, /converged/);
    let m = await waitForEpoch(frame, 30, 'the separable run');
    let p = await readPanel(frame);
    log(`  separable: ${p.facts['Final loss']}`);
    assert.match(p.facts['Final loss'], /nats after 30 epochs · no finite optimum: the classes are separable, the loss keeps falling toward 0$/);
    assert.match(m.note, /The classes are separable: the loss keeps falling toward 0 while the weights grow/);
    assert.match(m.legend, /Gentoo \(1\)/);
    assert.match(m.legend, /not Gentoo \(0\)/);
    await sectionShot(frame, '23-logistic-separable-panel', '#model-title');

    const one = variant(ctx, 'penguins-one', (t) => t.replace('"features": ["Flipper Length (mm)", "Body Mass (g)"]', '"features": ["Flipper Length (mm)"]'));
    frame = await train(ctx, one, undefined);
    m = await waitForEpoch(frame, 30, 'the one-feature run');
    log(`  one feature: ${m.status}; ${m.lines.length} curves, ${m.rules} threshold rule(s)`);
    assert.equal(m.kind, 'sigmoid');
    assert.equal(m.lines.length, 2, 'the probability now and the final one');
    assert.equal(m.rules, 1, 'the threshold where p = ½');
    assert.ok(m.axes.includes('P(Species = Adelie)'), `the y axis is the probability: ${m.axes.join(' | ')}`);
    assert.match(m.caption, /crossing ½ at Flipper Length \(mm\) = [\d.,]+/);
    await frame.locator('#model-epoch').focus();
    await ctx.page.keyboard.press('Home');
    await ctx.page.keyboard.press('ArrowRight');
    m = await waitForEpoch(frame, 1, 'epoch 1 of the one-feature run');
    await sectionShot(frame, '24-logistic-one-feature-panel', '#model-title');
    p = await readPanel(frame);
    assert.match(p.facts['Final loss'], /best reachable L\* = [\d.]+ nats/);

    // Four features: two are drawn, the others at their means, and the chart says so.
    const four = variant(ctx, 'penguins-four', (t) =>
      t.replace('"features": ["Flipper Length (mm)", "Body Mass (g)"]', '"features": ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]').replace('"learningRate": 2.5', '"learningRate": 1'),
    );
    frame = await train(ctx, four, undefined);
    m = await waitForEpoch(frame, 30, 'the four-feature run');
    const projection = await frame.evaluate(() => document.querySelector('#classifier-projection')?.textContent ?? '');
    log(`  four features: ${projection}`);
    assert.equal(m.kind, 'boundary');
    assert.match(projection, /^This model has 4 features; drawn are the two whose weight moves the prediction most per standard deviation, .+ held at their training means/);
    await sectionShot(frame, '25-logistic-four-features-panel', '#model-title');
  });
}
