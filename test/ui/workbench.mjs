// Workbench-side steps of the UI tests, done the way a user does them: keyboard shortcuts, the
// command palette, Quick Open, the editor, the Problems panel and the Quick Fix menu of the code
// server's VS Code (see test/host/browser.mjs for the generic helpers these build on).
import fs from 'node:fs';
import { focusWorkbench, openCommandPalette } from '../host/browser.mjs';

/** Polls `fn` until it returns a truthy value; throws with `what` (and the last value) on timeout. */
export async function waitUntil(fn, what, { timeoutMs = 15_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let lastError;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const detail = lastError ? ` (last error: ${lastError.message.split('\n')[0]})` : last !== undefined ? ` (last value: ${JSON.stringify(last)})` : '';
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${detail}`);
}

/** Ctrl+P, types the path, waits for the matching result, Enter; resolves once that editor is active. */
export async function quickOpen(page, relativePath) {
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible' });
  await page.keyboard.type(relativePath);
  const base = relativePath.split('/').pop();
  const folder = relativePath.split('/').slice(0, -1).join('/');
  // File search answers asynchronously: Enter before the row exists does nothing.
  const row = widget.locator('.monaco-list-row').filter({ hasText: base }).filter({ hasText: folder });
  await row.first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
  await page.locator('.tabs-container .tab.active', { hasText: base }).first().waitFor({ state: 'visible' });
  await activeEditor(page).locator('.view-lines').waitFor({ state: 'visible' });
  await waitUntil(() => editorHasFocus(page), 'the editor to take focus');
}

/** The editor of the first group (the one Quick Open opened the file in). */
export function activeEditor(page) {
  return page.locator('.editor-group-container').first().locator('.monaco-editor').first();
}

export function editorHasFocus(page) {
  return page.evaluate(() => !!document.activeElement?.closest('.monaco-editor') && !document.activeElement.closest('.quick-input-widget'));
}

/** Moves keyboard focus to the first editor group (Ctrl+1), checked. */
export async function focusEditor(page) {
  if (await editorHasFocus(page)) return;
  await page.keyboard.press('Control+1');
  if (await waitUntil(() => editorHasFocus(page), 'editor focus (Ctrl+1)', { timeoutMs: 2000 }).catch(() => false)) return;
  // The webview may have swallowed the shortcut: focus the workbench first, then ask again.
  await focusWorkbench(page);
  await page.keyboard.press('Control+1');
  await waitUntil(() => editorHasFocus(page), 'editor focus (Ctrl+1 after focusing the workbench)', { timeoutMs: 5000 });
}

/**
 * The text the editor shows, in visual line order (Monaco reuses line elements, so DOM order is
 * not line order). Good for small files that fit the viewport.
 */
export function editorText(page) {
  return activeEditor(page)
    .locator('.view-lines')
    .evaluate((el) =>
      [...el.querySelectorAll('.view-line')]
        .map((line) => [parseFloat(line.style.top) || 0, (line.textContent ?? '').replace(/\u00a0/g, ' ')])
        .sort((a, b) => a[0] - b[0])
        .map(([, text]) => text)
        .join('\n')
        .replace(/\s+$/, ''),
    );
}

/** Go to Line/Column (Ctrl+G "line:column"), 1-based, in the focused editor. */
export async function goTo(page, line, column = 1) {
  await focusEditor(page);
  await page.keyboard.press('Control+G');
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible' });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
  await waitUntil(async () => (await cursorPosition(page)) === `Ln ${line}, Col ${column}`, `the cursor at Ln ${line}, Col ${column}`, { timeoutMs: 5000 });
}

/** The status bar's "Ln 4, Col 19", or null. */
export async function cursorPosition(page) {
  const item = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
  if (!(await item.count())) return null;
  return ((await item.textContent()) ?? '').match(/Ln \d+, Col \d+/)?.[0] ?? null;
}

/** Where the learningRate value sits in a training.json text: 1-based line and column, the value, and what follows it on the line. */
export function locateLearningRate(text) {
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    const m = /^(\s*"learningRate"\s*:\s*)(-?[0-9.eE+-]+)(.*)$/.exec(line);
    if (m) return { line: i + 1, column: m[1].length + 1, value: m[2], rest: m[3] };
  }
  throw new Error(`no "learningRate": <number> line in:\n${text}`);
}

/**
 * Types a new learningRate over the old one in the editor (Ctrl+G to the value, Shift+End, type),
 * the way a user edits it. `file` is the training.json on disk, saved: its text locates the value.
 */
export async function typeLearningRate(page, file, value) {
  const at = locateLearningRate(fs.readFileSync(file, 'utf8'));
  await goTo(page, at.line, at.column);
  await page.keyboard.press('Shift+End');
  await page.keyboard.type(`${value}${at.rest}`);
  const expected = `"learningRate": ${value}${at.rest}`;
  await waitUntil(async () => (await editorText(page)).includes(expected), `the editor to show ${expected}`, { timeoutMs: 5000 });
}

/**
 * Ctrl+S in the focused editor (unless `press` is false: the caller pressed it); resolves when
 * the active tab is no longer dirty and the file on disk has `expect` (if given).
 */
export async function save(page, file, expect, { press = true } = {}) {
  if (press) await page.keyboard.press('Control+S');
  await waitUntil(async () => !(await page.locator('.tabs-container .tab.active.dirty').count()), 'the tab to be saved (not dirty)', { timeoutMs: 10_000 });
  if (file && expect) await waitUntil(() => fs.readFileSync(file, 'utf8').includes(expect), `${file} to contain ${expect}`, { timeoutMs: 5000 });
}

/** Labels of the rows in the editor's suggest widget; [] while it is not showing. */
export async function suggestLabels(page) {
  const widget = page.locator('.editor-widget.suggest-widget');
  if (!(await widget.isVisible())) return [];
  return widget.locator('.monaco-list-row .label-name').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
}

/**
 * Runs a command from the palette by its exact label (e.g. "Descent: Train Model"). Unlike
 * browser.mjs's runCommand, it clicks the row found by its label at click time, never by an index
 * read earlier: on a loaded machine the list can re-render between the two (the palette re-sorts
 * as commands register), and an index can then name another command.
 */
export async function paletteCommand(page, title, { timeoutMs = 30_000 } = {}) {
  const widget = await openCommandPalette(page);
  const input = widget.locator('input.input').first();
  const row = widget.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) }) });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // Re-typed every round: the palette does not refresh when the extension registers its
    // commands after it opened.
    await input.fill('>');
    await input.fill(`>${title}`);
    if (await row.first().waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false)) {
      await row.first().click();
      await widget.waitFor({ state: 'hidden' });
      return;
    }
  }
  const shown = await widget.locator('.monaco-list-row .label-name').allTextContents().catch(() => []);
  await dismissWidgets(page);
  throw new Error(`no palette entry "${title}" within ${timeoutMs / 1000}s; shown: ${JSON.stringify(shown)}`);
}

/**
 * Runs a palette command that opens a second picker (e.g. Preferences: Color Theme): runCommand
 * waits for the palette to close, which such commands never do. Resolves once the second picker
 * shows, told by its placeholder (`placeholder`, e.g. /Color Theme/).
 */
export async function openPickerCommand(page, title, placeholder) {
  const widget = await openCommandPalette(page);
  const input = widget.locator('input.input').first();
  await input.fill(`>${title}`);
  const row = widget.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
  await row.first().waitFor({ state: 'visible' });
  // A click, not Enter: Enter reaches the second picker too and accepts its first entry
  // ("Browse Additional Color Themes...", which then fails offline).
  await row.first().click();
  // The second picker replaces the palette in the same widget; typing before it is there would
  // type into the palette (and be cleared).
  await waitUntil(
    async () => (await widget.isVisible()) && placeholder.test((await input.getAttribute('placeholder')) ?? '') && !(await input.inputValue()).startsWith('>'),
    `the picker of "${title}"`,
    { timeoutMs: 20_000 },
  );
  return widget;
}

/**
 * Switches the colour theme through Preferences: Color Theme; `settingsId` is e.g. "Default High
 * Contrast". A picker opened while the workbench is still registering the built-in themes lists
 * none of them and never refreshes: then it is closed and opened again (three tries).
 */
export async function pickColorTheme(page, settingsId, { attempts = 3 } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      await pickColorThemeOnce(page, settingsId);
      return;
    } catch (e) {
      await dismissWidgets(page);
      if (attempt >= attempts) throw e;
      console.log(`[ui] theme picker, try ${attempt}: ${e.message.split('\n')[0].slice(0, 200)}; opening it again`);
    }
  }
}

async function pickColorThemeOnce(page, settingsId) {
  const widget = await openPickerCommand(page, 'Preferences: Color Theme', /Color Theme/i);
  const input = widget.locator('input.input').first();
  const rows = widget.locator('.monaco-list-row');
  // Rows are labelled "Dark High Contrast, Default High Contrast[, group]": label, then the settings id.
  const labels = () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const matches = (l) => l.split(', ')[1] === settingsId || l.split(', ')[0] === settingsId;
  let last = [];
  const fail = (e) => {
    throw new Error(`${e.message}; rows: ${JSON.stringify(last)}`);
  };
  // Filter only once the picker has listed the installed themes (it fills in asynchronously).
  await waitUntil(async () => (last = await labels()).some((l) => /, Default /.test(l)), 'the installed themes in the picker', { timeoutMs: 10_000 }).catch(fail);
  const index = await waitUntil(
    async () => {
      if ((await input.inputValue()) !== settingsId) await input.fill(settingsId);
      last = await labels();
      const i = last.findIndex(matches);
      return i >= 0 ? i + 1 : 0;
    },
    `the theme "${settingsId}" in the picker`,
    { timeoutMs: 10_000 },
  ).catch(fail);
  await rows.nth(index - 1).click();
  await widget.waitFor({ state: 'hidden' });
}

/** The workbench's theme type from its classes: 'vs' | 'vs-dark' | 'hc-black' | 'hc-light'. */
export function workbenchThemeType(page) {
  return page.locator('.monaco-workbench').first().evaluate((el) => ['hc-light', 'hc-black', 'vs-dark', 'vs'].find((c) => el.classList.contains(c)) ?? 'unknown');
}

/** Opens the Problems panel (Ctrl+Shift+M) unless it is showing; returns its locator. */
export async function showProblems(page) {
  const panel = page.locator('.markers-panel').first();
  if (await panel.isVisible().catch(() => false)) return panel;
  await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ state: 'visible' });
  return panel;
}

/** The Problems panel's entries as their accessible labels, e.g. "Error: Diverged: the learning rate is too large. learningRate 1.5 is above … generated by Descent". */
export async function problemEntries(page) {
  const panel = await showProblems(page);
  return panel.locator('.monaco-list-row[aria-level="2"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

/**
 * Opens Quick Fix (Ctrl+.) at the cursor and applies the entry whose label matches `pattern`,
 * chosen with the arrow keys (the menu's pointer-block overlay makes clicks unreliable).
 * Returns the applied entry's label.
 */
export async function applyQuickFix(page, pattern) {
  await page.keyboard.press('Control+.');
  const widget = page.locator('.action-widget');
  await widget.waitFor({ state: 'visible' });
  const options = widget.locator('.monaco-list-row[role="option"]');
  await options.first().waitFor({ state: 'visible' });
  const labels = await options.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  if (!labels.some((l) => pattern.test(l))) {
    await page.keyboard.press('Escape');
    throw new Error(`no Quick Fix matching ${pattern}; offered: ${JSON.stringify(labels)}`);
  }
  for (let i = 0; i <= labels.length; i++) {
    const focused = (await widget.locator('.monaco-list-row.focused').getAttribute('aria-label').catch(() => null)) ?? '';
    if (pattern.test(focused)) {
      await page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden' });
      return focused;
    }
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Escape');
  throw new Error(`could not move the Quick Fix focus to ${pattern}; offered: ${JSON.stringify(labels)}`);
}

/** Closes whatever transient widget a failed step left open (quick input, suggest, action menu). */
export async function dismissWidgets(page) {
  const quick = page.locator('.quick-input-widget');
  if (await quick.isVisible().catch(() => false)) {
    // Escape only reaches the picker when its input has focus.
    await quick.locator('input.input').first().focus().catch(() => {});
    await page.keyboard.press('Escape').catch(() => {});
    await quick.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {});
  }
  for (let i = 0; i < 2; i++) await page.keyboard.press('Escape').catch(() => {});
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
