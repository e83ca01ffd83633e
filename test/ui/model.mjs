// UI tests of the panel's model view and loss landscape (webview/modelSection.ts), registered into
// test/ui/run.mjs's list: `modelTests(test, { log, shotsDir, config })`. As a user: train the cars
// example at 0.98 (a zig-zag) and 1.5 (diverging), move the epoch scrubber with the keyboard and
// see the model's line, the landscape's point and the loss chart's marker follow, play and pause,
// and see the diverging path leave the landscape. Screenshots: 10-model-zigzag-panel,
// 11-landscape-zigzag-panel, 12-model-diverged-panel, 13-landscape-diverged-panel.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { markChartStale, panelFrame, waitForRun } from './panel.mjs';
import { editorText, focusEditor, paletteCommand, quickOpen, save, typeLearningRate, waitUntil } from './workbench.mjs';

/** What the model section shows, read in one round trip. */
function readModel(frame) {
  return frame.evaluate(() => {
    const section = document.querySelector('#model');
    const modelFigure = document.querySelector('#model-figure');
    const landscape = document.querySelector('#landscape-figure');
    // The model's line is the thick line mark, drawn last; the loss chart's marker is its solid rule with a visible opacity
    const lines = [...document.querySelectorAll('#model-chart g.mark-line.role-mark path')].map((p) => p.getAttribute('d') ?? '');
    // (the verdict's rule and the L* line are dashed; the marker is solid).
    const marker = [...document.querySelectorAll('#chart g.mark-rule.role-mark line')].find((l) => Number(l.getAttribute('opacity') ?? '1') > 0 && !l.getAttribute('stroke-dasharray'));
    const landscapePaths = [...document.querySelectorAll('#landscape-chart g.role-mark > path')].filter((p) => (p.getAttribute('d') ?? '').length > 2).length;
    const landscapeSymbols = document.querySelectorAll('#landscape-chart g.mark-symbol.role-mark path').length;
    return {
      hidden: !section || section.hidden,
      // The views are the run the panel shows (they follow its snapshot).
      current: !!section && section.dataset.runId === document.querySelector('#chart-figure')?.dataset.snapshotRunId,
      drawMs: Number(section?.dataset.drawMs ?? NaN),
      modelEpoch: modelFigure?.dataset.epoch ?? null,
      landscapeEpoch: landscape?.dataset.epoch ?? null,
      inView: landscape?.dataset.inView ?? null,
      pathPoints: Number(landscape?.dataset.pathPoints ?? 0),
      exitEpoch: landscape?.dataset.exitEpoch ?? '',
      kind: landscape?.dataset.kind ?? '',
      markerEpoch: document.querySelector('#chart')?.dataset.markerEpoch ?? null,
      markerAt: marker ? (marker.getAttribute('transform') ?? '') + (marker.getAttribute('x2') ?? '') : null,
      modelLine: lines[lines.length - 1] ?? '',
      landscapePaths,
      landscapeSymbols,
      landscapeText: (document.querySelector('#landscape-chart svg')?.textContent ?? '').replace(/\s+/g, ' '),
      status: (document.querySelector('#model-epoch-text')?.textContent ?? '').trim(),
      off: document.querySelector('#model-off')?.hidden ? '' : (document.querySelector('#model-off')?.textContent ?? '').trim(),
      note: (document.querySelector('#landscape-note')?.textContent ?? '').trim(),
      slider: { value: document.querySelector('#model-epoch')?.value ?? null, max: document.querySelector('#model-epoch')?.max ?? null },
      active: document.activeElement?.id ?? '',
      play: (document.querySelector('#model-play')?.textContent ?? '').trim(),
    };
  });
}

/** Waits until the model section shows `epoch` in both figures and on the loss chart's marker. */
async function waitForEpoch(frame, epoch, what) {
  let last = null;
  await waitUntil(
    async () => {
      last = await readModel(frame);
      return !last.hidden && last.current && last.modelEpoch === String(epoch) && last.landscapeEpoch === String(epoch) && last.markerEpoch === String(epoch);
    },
    `${what}: the model view, the landscape and the loss chart's marker at epoch ${epoch}`,
    { timeoutMs: 15_000 },
  ).catch((e) => {
    throw new Error(`${e.message}; the page shows ${JSON.stringify(last)}`);
  });
  return last;
}

/** Registers the model view's tests with run.mjs's `test`. */
export function modelTests(test, { log, shotsDir, config }) {
  /** The panel frame scrolled so that `selector` is at its top, screenshotted as the user sees it. */
  const sectionShot = async (ctx, name, selector) => {
    const frame = await ctx.frame();
    await frame.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'start' }), selector);
    await (await frame.frameElement()).screenshot({ path: path.join(shotsDir, `${name}.png`) });
    await frame.evaluate(() => window.scrollTo(0, 0));
  };

  /** Saves a learning rate in the example and waits for the panel to show its run (opening the panel first if needed). */
  const trainAt = async (ctx, rate, badge) => {
    const { page, file } = ctx;
    const active = page.locator('.editor-group-container').first().locator('.tabs-container .tab.active', { hasText: 'training.json' });
    if (!(await active.count())) await quickOpen(page, config);
    await focusEditor(page);
    let frame = await panelFrame(page, { timeoutMs: 2000 }).catch(() => null);
    if (!frame) {
      await paletteCommand(page, 'Descent: Train Model');
      frame = await ctx.frame();
      await waitForRun(frame, {});
      await focusEditor(page);
    }
    await markChartStale(frame);
    await typeLearningRate(page, file, rate);
    await save(page, file, `"learningRate": ${rate}`);
    await waitForRun(frame, { learningRate: rate, badge });
    return frame;
  };

  test('the model view and loss landscape follow the epoch scrubber from the keyboard, with the loss chart marker', async (ctx) => {
    const original = /"learningRate"\s*:\s*([0-9.eE+-]+)/.exec(fs.readFileSync(ctx.file, 'utf8'))?.[1] ?? '0.1';
    const frame = await trainAt(ctx, '0.98', /oscillating/);
    // A new run shows its last recorded epoch: where training ended.
    let m = await waitForEpoch(frame, 50, 'after training');
    log(`  0.98: ${m.status}; landscape ${m.kind}, ${m.pathPoints} path points, ${m.landscapePaths} drawn paths, exit "${m.exitEpoch}"; both views drawn in ${m.drawMs} ms`);
    assert.equal(m.slider.max, '50', 'one scrubber step per recorded epoch (51 of them)');
    assert.equal(m.kind, 'weights', 'one feature: the landscape is over (w, b) itself');
    assert.equal(m.pathPoints, 51, 'the zig-zag stays in view: every epoch on the path');
    assert.equal(m.exitEpoch, '', 'no exit at 0.98');
    assert.ok(m.landscapePaths >= 6, `the landscape draws contours and the path (${m.landscapePaths} drawn paths)`);
    assert.ok(m.landscapeSymbols >= 51, `the path's epochs are drawn as points (${m.landscapeSymbols})`);
    assert.ok(m.modelLine.length > 5, 'the model line is drawn');
    const endLine = m.modelLine;
    const endMarker = m.markerAt;
    assert.ok(endMarker, 'the loss chart shows the epoch marker');

    // Keyboard: focus the scrubber, Home goes to epoch 0 (θ = 0: the flat line ŷ = 0, below the data), arrows step.
    await frame.locator('#model-epoch').focus();
    await ctx.page.keyboard.press('Home');
    m = await waitForEpoch(frame, 0, 'Home on the scrubber');
    assert.notEqual(m.markerAt, endMarker, 'the loss chart marker moved to epoch 0');
    await ctx.page.keyboard.press('ArrowRight');
    m = await waitForEpoch(frame, 1, 'ArrowRight');
    const firstLine = m.modelLine;
    const firstMarker = m.markerAt;
    assert.match(m.status, /^epoch 1 of 50: Miles_per_Gallon ≈ −[\d.]+ × Weight_in_lbs \+ [\d.]+$/, 'the epoch and its model in words');
    await ctx.page.keyboard.press('ArrowRight');
    m = await waitForEpoch(frame, 2, 'ArrowRight again');
    log(`  a scrubber step redraws both views in ${m.drawMs} ms`);
    assert.notEqual(m.modelLine, firstLine, 'the model line moved between epochs 1 and 2');
    assert.notEqual(m.markerAt, firstMarker, 'the loss chart marker moved between epochs 1 and 2');
    assert.equal(m.inView, 'true', 'epoch 2 is marked on the landscape path');
    assert.equal(m.active, 'model-epoch', 'focus stays on the scrubber');
    await ctx.page.keyboard.press('End');
    m = await waitForEpoch(frame, 50, 'End');
    assert.equal(m.modelLine, endLine, 'End shows the final model again');

    // Play from the start, then pause, with the keyboard (Enter on the button).
    await ctx.page.keyboard.press('Home');
    await waitForEpoch(frame, 0, 'Home');
    await frame.locator('#model-play').focus();
    await ctx.page.keyboard.press('Enter');
    await waitUntil(async () => Number((await readModel(frame)).modelEpoch) >= 3, 'playing to advance the epochs', { timeoutMs: 10_000 });
    await ctx.page.keyboard.press('Enter');
    const paused = await readModel(frame);
    assert.equal(paused.play, 'Play', 'Enter again pauses (the button says Play)');
    await ctx.page.waitForTimeout(600);
    const later = await readModel(frame);
    assert.equal(later.modelEpoch, paused.modelEpoch, 'paused: the epoch stays put');
    log(`  played to epoch ${paused.modelEpoch} and paused`);

    // Show epoch 3 for the screenshots: the line and the path's third jump across the valley.
    await frame.locator('#model-epoch').focus();
    await ctx.page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await ctx.page.keyboard.press('ArrowRight');
    await waitForEpoch(frame, 3, 'three steps');
    await sectionShot(ctx, '10-model-zigzag-panel', '#model-title');
    await sectionShot(ctx, '10a-loss-marker-zigzag-panel', '#chart-figure');
    await sectionShot(ctx, '11-landscape-zigzag-panel', '#landscape-title');

    // 1.5 diverges: the path leaves the landscape at epoch 2 and the line swings off the frame.
    const diverged = await trainAt(ctx, '1.5', /diverged/);
    m = await waitForEpoch(diverged, 50, 'the diverged run');
    log(`  1.5: ${m.status}; exit at "${m.exitEpoch}", off: "${m.off}"`);
    assert.equal(m.exitEpoch, '2', 'the diverging path leaves the window at epoch 2 (each step doubles the distance)');
    assert.match(m.landscapeText, /leaves the view at epoch 2/, 'the landscape says where the path leaves');
    assert.equal(m.inView, 'false', 'the last epoch is outside the window');
    assert.match(m.off, /line is (above|below) the frame|overflowed/, 'the panel says the line left the frame');
    await diverged.locator('#model-epoch').focus();
    await ctx.page.keyboard.press('Home');
    await ctx.page.keyboard.press('ArrowRight');
    m = await waitForEpoch(diverged, 1, 'epoch 1 of the diverged run');
    assert.equal(m.off, '', 'at epoch 1 the line is still in the frame');
    await ctx.page.keyboard.press('ArrowRight');
    await ctx.page.keyboard.press('ArrowRight');
    await waitForEpoch(diverged, 3, 'epoch 3 of the diverged run');
    await sectionShot(ctx, '12-model-diverged-panel', '#model-title');
    await sectionShot(ctx, '13-landscape-diverged-panel', '#landscape-title');

    // Back to the rate the example had, for the tests that follow.
    await trainAt(ctx, original, undefined);
  });

  test('Descent: Show Loss Landscape and Show Model View from the palette bring their section into view with the keyboard on the scrubber', async (ctx) => {
    const { page } = ctx;
    // The example in the editor (alone, this test also opens the panel: the command trains a file never trained).
    await quickOpen(page, config);
    for (const [command, section, heading] of [
      ['Descent: Show Loss Landscape', 'landscape', '#landscape-title'],
      ['Descent: Show Model View', 'model', '#model-title'],
    ]) {
      const before = await panelFrame(page, { timeoutMs: 2000 }).catch(() => null);
      // Scrolled to the top first, so only the command can bring the section into view.
      await before?.evaluate(() => {
        window.scrollTo(0, 0);
        delete document.querySelector('#model')?.dataset.shownSection;
      });
      // The second command runs with the panel active, from its tab: keys typed inside the page's
      // frame do not always reach the workbench, a click on the tab is how a user gets back there.
      const panelTab = page.locator('.tabs-container .tab', { hasText: 'Descent: cars/training.json' }).first();
      if (before) await panelTab.click();
      // The workbench now and then drops the palette's shortcut right after focus leaves a webview:
      // a second try, from the panel's tab again, is what a user would do.
      await paletteCommand(page, command).catch(async (e) => {
        log(`  the palette did not open (${String(e).split('\n')[0]}); trying again`);
        await page.keyboard.press('Escape');
        if (before) await panelTab.click();
        await paletteCommand(page, command);
      });
      const frame = await ctx.frame();
      const seen = await frame
        .waitForFunction(
          ({ section, heading }) => {
            const model = document.querySelector('#model');
            const h = document.querySelector(heading);
            if (!model || model.dataset.shownSection !== section || !h) return false;
            const top = h.getBoundingClientRect().top;
            return { top, active: document.activeElement?.id ?? '', height: window.innerHeight };
          },
          { section, heading },
          { timeout: 15_000 },
        )
        .then((handle) => handle.jsonValue());
      log(`  ${command}: ${heading} at ${Math.round(seen.top)} px of ${seen.height}, focus on #${seen.active}`);
      assert.ok(seen.top >= -1 && seen.top < seen.height / 2, `${heading} is in view near the top (${seen.top} px)`);
      assert.equal(seen.active, 'model-epoch', 'the keyboard is on the epoch scrubber');
    }
    // The arrow keys now step the epochs.
    const frame = await ctx.frame();
    await page.keyboard.press('Home');
    await waitForEpoch(frame, 0, 'Home after Show Model View');
    await page.keyboard.press('End');
  });

  test('with two features the model view shows predicted against actual and the landscape is projected, and says so', async (ctx) => {
    const { page, file } = ctx;
    const saved = fs.readFileSync(file, 'utf8');
    const frame = await trainAt(ctx, /"learningRate"\s*:\s*([0-9.eE+-]+)/.exec(saved)?.[1] ?? '0.1', undefined);
    try {
      // Written by another tool: Descent re-trains the file it has trained once the editor holds the
      // new text. VS Code can miss a write that lands right after its own save, so the test reverts
      // the buffer to the disk's text, as a user would (no-op when VS Code already reloaded it).
      await markChartStale(frame);
      const twoFeatures = saved.replace(/"learningRate"\s*:\s*[0-9.eE+-]+/, '"learningRate": 0.5').replace('"features": ["Weight_in_lbs"]', '"features": ["Weight_in_lbs", "Horsepower"]');
      assert.notEqual(twoFeatures, saved, 'the example names one feature and a learning rate');
      // Written, and reverted until the editor holds it: VS Code's own save of the file a moment
      // ago can land after this write (the disk then holds the old text again: written anew), and
      // a revert can run before VS Code sees the write.
      for (let attempt = 1; ; attempt++) {
        if (!fs.readFileSync(file, 'utf8').includes('Horsepower')) fs.writeFileSync(file, twoFeatures);
        await focusEditor(page);
        await paletteCommand(page, 'File: Revert File');
        if (await waitUntil(async () => (await editorText(page)).includes('Horsepower'), 'the editor to hold the two-feature text', { timeoutMs: 5000 }).then(() => true, () => false)) break;
        if (attempt === 3) throw new Error(`after three writes and reverts the editor shows: ${await editorText(page)}; on disk: ${fs.readFileSync(file, 'utf8')}`);
        log(`  attempt ${attempt}: the editor kept the old text${fs.readFileSync(file, 'utf8').includes('Horsepower') ? '' : ' (VS Code wrote it back to disk)'}; again`);
      }
      await waitForRun(frame, { learningRate: '0.5' });
      const m = await waitForEpoch(frame, 50, 'the two-feature run');
      log(`  two features: ${m.status}; landscape ${m.kind}; ${m.landscapePaths} drawn paths`);
      assert.equal(m.kind, 'projected', 'several features: the path is projected');
      assert.match(m.note, /^Projected: 2 features make 3 parameters, so the path is drawn on the plane through the best weights θ\* spanned by the two steepest directions/, 'the chart says it is a projection');
      const titles = await frame.evaluate(() => [...document.querySelectorAll('#landscape-chart g.role-axis-title text, #model-chart g.role-axis-title text')].map((t) => t.textContent));
      assert.ok(titles.some((t) => /^a₁: along the steepest direction/.test(t ?? '')), `axis titles name the directions: ${titles.join(' | ')}`);
      assert.ok(titles.includes('predicted Miles_per_Gallon') && titles.includes('actual Miles_per_Gallon'), `predicted against actual: ${titles.join(' | ')}`);
      await frame.locator('#model-epoch').focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowRight');
      await waitForEpoch(frame, 1, 'epoch 1 of the two-feature run');
      await sectionShot(ctx, '14-model-two-features-panel', '#model-title');
      await sectionShot(ctx, '15-landscape-projected-panel', '#landscape-title');
    } finally {
      await markChartStale(frame);
      fs.writeFileSync(file, saved);
      await focusEditor(page);
      await paletteCommand(page, 'File: Revert File');
    }
    await waitForRun(frame, { learningRate: /"learningRate"\s*:\s*([0-9.eE+-]+)/.exec(saved)?.[1] ?? '0.1' });
  });
}
