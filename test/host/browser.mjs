// Drives the code-server workbench in Debian's headless Chromium through playwright-core.
// Generic helpers for integration and UI tests:
//
//   const wb = await openWorkbench(host.workbenchUrl);     // waits for .monaco-workbench
//   await runCommand(wb.page, 'Descent: Train');           // through the command palette
//   const frame = await findWebviewFrame(wb.page, (f) => f.locator('#chart').count());
//   assert.deepEqual(wb.problems.list({ ignore: WORKBENCH_NOISE }), []);
//   await wb.close();
//
// Problems are console errors, uncaught page errors and CSP violations, collected from the page
// and from every frame in it (webviews are an iframe inside an iframe).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureChromium } from './install.mjs';

/** Flags for Chromium on a machine whose network reaches nothing but registries. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
]);

/**
 * Messages the code-server workbench itself logs on an offline machine, unrelated to the extension
 * under test. Pass as `ignore` when asserting no problems.
 */
export const WORKBENCH_NOISE = Object.freeze([
  // The extension gallery (open-vsx.org) is unreachable offline.
  /open-vsx\.org/,
  // code-server does not ship Microsoft's closed-source vsda module the workbench probes for.
  /\/node_modules\/vsda\//,
]);

const CSP_TEXT = /Content Security Policy|Refused to (load|execute|apply|connect|frame|create|evaluate|run)|securitypolicyviolation/i;

/** Launches headless Debian Chromium with the flags above. */
export async function launchBrowser({ headless = true, args = [] } = {}) {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless,
    args: [...CHROMIUM_ARGS, ...args],
  });
}

/**
 * Opens the workbench and waits until it is rendered.
 * @param {string} workbenchUrl from startHost()
 * @param {object} [options]
 * @param {import('playwright-core').Browser} [options.browser] reuse a browser (close() then leaves it running)
 * @param {{width: number, height: number}} [options.viewport]
 * @param {number} [options.timeoutMs] for the workbench to appear (default 90 s)
 * @returns {Promise<{ browser: import('playwright-core').Browser, context: import('playwright-core').BrowserContext,
 *   page: import('playwright-core').Page, problems: ProblemCollector, close: () => Promise<void> }>}
 */
export async function openWorkbench(workbenchUrl, { browser, viewport = { width: 1400, height: 900 }, timeoutMs = 90_000 } = {}) {
  const ownBrowser = !browser;
  browser ??= await launchBrowser();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context?.close().catch(() => {});
    if (ownBrowser) await browser.close().catch(() => {});
  };
  let context;
  try {
    context = await browser.newContext({ viewport });
    const problems = await collectProblems(context);
    const page = await context.newPage();
    problems.watch(page);
    await page.goto(workbenchUrl, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout: timeoutMs });
    // The status bar appears once the workbench has laid out its parts.
    await page.locator('.part.statusbar').first().waitFor({ state: 'visible', timeout: timeoutMs });
    return { browser, context, page, problems, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Clicks an empty spot of the status bar so keyboard shortcuts reach the workbench. */
export async function focusWorkbench(page) {
  const bar = page.locator('.part.statusbar').first();
  const box = await bar.boundingBox();
  if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  else await bar.click({ force: true });
}

/** Opens the command palette (Control+Shift+P; F1 does not reach code-server's workbench). */
export async function openCommandPalette(page, { timeoutMs = 15_000 } = {}) {
  const widget = page.locator('.quick-input-widget');
  if (await widget.isVisible().catch(() => false)) return widget;
  // A key pressed while a webview holds the focus never reaches the workbench, and the click that
  // takes the focus back can land while the workbench is still moving it: press again, a few times.
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    await focusWorkbench(page);
    await page.keyboard.press('Control+Shift+P');
    const left = deadline - Date.now();
    const wait = attempt < 3 ? Math.min(4000, left) : left;
    if (await widget.waitFor({ state: 'visible', timeout: Math.max(wait, 1) }).then(() => true, () => false)) return widget;
    if (Date.now() >= deadline) throw new Error(`the command palette did not open within ${timeoutMs / 1000}s (Control+Shift+P pressed ${attempt} times)`);
  }
}

/**
 * Runs a command by its title as the palette shows it (e.g. 'Descent: Train' or 'Train').
 * An exact label match is preferred, then a label that ends with the title.
 */
export async function runCommand(page, title, { timeoutMs = 30_000 } = {}) {
  const widget = await openCommandPalette(page, { timeoutMs });
  const input = widget.locator('input.input').first();
  await input.fill(`>${title}`);
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  const deadline = Date.now() + timeoutMs;
  let labels = [];
  let lastQuery = Date.now();
  while (Date.now() < deadline) {
    // The palette does not refresh when an extension registers commands after it opened (the
    // extension host starts after the workbench renders): ask again every 2 s.
    if (Date.now() - lastQuery > 2000) {
      await input.fill('>');
      await input.fill(`>${title}`);
      lastQuery = Date.now();
    }
    labels = (await rows.evaluateAll((els) => els.map((el) => (el.querySelector('.label-name')?.textContent ?? '').replace(/\s+/g, ' ').trim())))
      .filter(Boolean);
    const want = title.trim();
    let index = labels.indexOf(want);
    if (index < 0) index = labels.findIndex((l) => l.endsWith(`: ${want}`) || l.endsWith(want));
    if (index >= 0) {
      await rows.nth(index).click();
      await widget.waitFor({ state: 'hidden', timeout: timeoutMs }).catch(() => {});
      return labels[index];
    }
    await page.waitForTimeout(200);
  }
  await page.keyboard.press('Escape');
  throw new Error(`runCommand: no palette entry "${title}" within ${timeoutMs / 1000}s; shown: ${JSON.stringify(labels)}`);
}

/**
 * The frames of webviews (the inner document of each webview's iframe-in-iframe).
 */
export function webviewFrames(page) {
  return page.frames().filter((f) => f !== page.mainFrame() && /\/webview\/|fake\.html|vscode-webview/.test(f.url()));
}

/**
 * Waits for a frame of the page for which `predicate(frame)` resolves truthy and returns it.
 * A string predicate is a CSS selector that must exist in the frame. All frames are tried,
 * webview frames first.
 */
export async function findWebviewFrame(page, predicate, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const test = typeof predicate === 'string' ? async (f) => (await f.locator(predicate).count()) > 0 : predicate;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const webviews = webviewFrames(page);
    const others = page.frames().filter((f) => f !== page.mainFrame() && !webviews.includes(f));
    for (const frame of [...webviews, ...others]) {
      if (frame.isDetached()) continue;
      try {
        if (await test(frame)) return frame;
      } catch {
        // A frame navigating or detaching mid-check is simply tried again.
      }
    }
    await page.waitForTimeout(intervalMs);
  }
  throw new Error(`findWebviewFrame: no frame matched within ${timeoutMs / 1000}s; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
}

/**
 * @typedef {{ kind: 'console-error' | 'page-error' | 'csp', text: string, frameUrl: string, location?: string,
 *   source: 'console' | 'event' | 'pageerror', seenBy: string[], subject?: string, time: number }} Problem
 * @typedef {{ all: Problem[], watch: (page: import('playwright-core').Page) => void,
 *   list: (options?: { ignore?: RegExp[], kinds?: Problem['kind'][], framePattern?: RegExp }) => Problem[],
 *   consoleErrors: (options?: { ignore?: RegExp[], framePattern?: RegExp }) => Problem[],
 *   cspViolations: (options?: { ignore?: RegExp[], framePattern?: RegExp }) => Problem[],
 *   clear: () => void, format: (problems?: Problem[]) => string }} ProblemCollector
 */

/**
 * Collects console errors, uncaught errors and CSP violations from every page of the context and
 * every frame in them (Playwright's page 'console' event covers child frames, out-of-process ones
 * included). CSP violations are caught twice over: Chromium's console message ("Refused to ..." /
 * "... violates the following Content Security Policy directive ..."), and a
 * `securitypolicyviolation` listener injected into every document. One violation seen both ways
 * is kept once.
 * `ignore` patterns are tested against a problem's text and location (the URL that failed or
 * logged), not the frame URL, so ignoring workbench noise cannot hide a webview's own errors.
 * @returns {Promise<ProblemCollector>}
 */
export async function collectProblems(context) {
  /** @type {Problem[]} */
  const all = [];
  const add = (problem) => {
    const now = Date.now();
    const dup = all.find(
      (p) =>
        p.kind === problem.kind &&
        ((p.frameUrl === problem.frameUrl && p.text === problem.text) ||
          // The console message and the DOM event for one CSP violation arrive close together
          // (the console names the webview's outer document, the event its inner one).
          (p.kind === 'csp' && !p.seenBy.includes(problem.source) && p.subject === problem.subject && Math.abs(now - p.time) < 3000)),
    );
    if (dup) {
      if (!dup.seenBy.includes(problem.source)) dup.seenBy.push(problem.source);
    } else {
      all.push({ ...problem, seenBy: [problem.source], time: now });
    }
  };

  await context.exposeBinding('__descentReportCsp', ({ frame }, v) => {
    add({
      kind: 'csp',
      source: 'event',
      subject: v.blocked || 'inline',
      text: `CSP violation: ${v.directive} blocked ${v.blocked || 'inline'}${v.sample ? ` (${v.sample})` : ''}`,
      frameUrl: frame?.url() ?? v.documentURI,
      location: v.source ? `${v.source}:${v.line}:${v.column}` : undefined,
    });
  });
  await context.addInitScript(() => {
    const onViolation = (e) => {
      const report = globalThis.__descentReportCsp;
      if (typeof report !== 'function') return;
      report({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        documentURI: e.documentURI,
        source: e.sourceFile,
        line: e.lineNumber,
        column: e.columnNumber,
      }).catch(() => {});
    };
    const listen = (doc) => doc.addEventListener('securitypolicyviolation', onViolation, true);
    listen(document);
    // VS Code writes a webview's HTML into its inner frame with document.open()/write(), after
    // the frame went from about:blank to fake.html in the same window (this script ran only for
    // about:blank): listen again on every document that is opened for writing.
    const open = Document.prototype.open;
    Document.prototype.open = function (...args) {
      const result = open.apply(this, args);
      listen(this);
      return result;
    };
  });

  const watched = new WeakSet();
  const watch = (page) => {
    if (watched.has(page)) return;
    watched.add(page);
    page.on('console', (msg) => {
      const text = msg.text();
      const loc = msg.location();
      const frameUrl = safeFrameUrl(msg) ?? loc?.url ?? page.url();
      const location = loc?.url ? `${loc.url}:${loc.lineNumber}:${loc.columnNumber}` : undefined;
      if (CSP_TEXT.test(text)) {
        add({ kind: 'csp', source: 'console', subject: cspSubject(text), text, frameUrl, location });
      } else if (msg.type() === 'error') {
        add({ kind: 'console-error', source: 'console', text, frameUrl, location });
      }
    });
    page.on('pageerror', (err) => {
      add({ kind: 'page-error', source: 'pageerror', text: err.stack || err.message, frameUrl: page.url() });
    });
  };
  context.on('page', watch);
  for (const page of context.pages()) watch(page);

  const list = ({ ignore = [], kinds, framePattern } = {}) =>
    all.filter(
      (p) =>
        (!kinds || kinds.includes(p.kind)) &&
        (!framePattern || framePattern.test(p.frameUrl)) &&
        !ignore.some((re) => re.test(p.text) || (p.location !== undefined && re.test(p.location))),
    );
  return {
    all,
    watch,
    list,
    consoleErrors: (opts = {}) => list({ ...opts, kinds: ['console-error', 'page-error'] }),
    cspViolations: (opts = {}) => list({ ...opts, kinds: ['csp'] }),
    clear: () => {
      all.length = 0;
    },
    format: (problems = all) =>
      problems.map((p) => `[${p.kind}] ${p.text}\n    in ${p.frameUrl}${p.location ? ` at ${p.location}` : ''}`).join('\n'),
  };
}

/** What a CSP console message says was blocked: a URL, 'inline' or 'eval'. */
function cspSubject(text) {
  const url = /'((?:https?|data|blob|wss?|vscode-[\w-]+):[^']*)'/.exec(text);
  if (url) return url[1];
  if (/eval|string as JavaScript/i.test(text)) return 'eval';
  return 'inline';
}

function safeFrameUrl(msg) {
  try {
    // ConsoleMessage.page() exists; the frame is not exposed on every version, so fall back.
    return typeof msg.frame === 'function' ? msg.frame()?.url() : undefined;
  } catch {
    return undefined;
  }
}

/** Saves a full-page screenshot, creating the folder; returns its path. */
export async function screenshot(page, file) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await page.screenshot({ path: file });
  return path.resolve(file);
}
