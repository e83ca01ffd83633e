// Reading Descent's training panel (a webview: an iframe inside an iframe) from the outside, by
// what the page shows: ids from webview/render.ts (#badge, #verdict-title, #summary, #updates,
// #chart-figure, #log-scale, #x-epoch, #x-update), the update table's rows and their
// aria-current, and the Vega SVG marks in #chart (g.role-mark > path / line / text).
import { findWebviewFrame } from '../host/browser.mjs';

/** The panel's frame: the webview document that has the panel's layout. */
export function panelFrame(page, { timeoutMs = 30_000 } = {}) {
  return findWebviewFrame(page, async (f) => (await f.locator('#badge').count()) > 0 && (await f.locator('#updates').count()) > 0, { timeoutMs });
}

/** Everything a test reads from the panel in one round trip. */
export function readPanel(frame) {
  return frame.evaluate(() => {
    const text = (sel) => (document.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const chart = document.querySelector('#chart');
    const svg = chart?.querySelector('svg') ?? null;
    const figure = document.querySelector('#chart-figure');
    const marks = chart ? [...chart.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > text')] : [];
    const facts = Object.fromEntries(
      [...document.querySelectorAll('#summary .fact')].map((f) => [
        (f.querySelector('dt')?.textContent ?? '').trim(),
        (f.querySelector('dd')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ]),
    );
    return {
      title: text('#title'),
      badge: text('#badge'),
      verdict: document.querySelector('#summary')?.hidden ? '' : text('#verdict-title'),
      message: document.querySelector('#message')?.hidden ? '' : text('#message'),
      facts,
      caption: text('#updates caption'),
      rows: [...document.querySelectorAll('#updates tbody tr')].map((tr) => ({
        current: tr.getAttribute('aria-current') === 'true',
        // The row header carries a visually hidden "(this config)" tag: keep only the name.
        name: (tr.querySelector('th')?.firstChild?.textContent ?? '').trim(),
        cells: [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()),
      })),
      chartHidden: !!document.querySelector('#chart-figure')?.hidden,
      svg: !!svg,
      svgStale: !(figure?.dataset.draws && figure.dataset.draws !== document.body.dataset.uiStaleDraws),
      marks: marks.length,
      // Path marks that actually draw something (a non-empty d), lines and symbols alike.
      drawnPaths: marks.filter((m) => m.tagName === 'path' && (m.getAttribute('d') ?? '').length > 2).length,
      longestPath: Math.max(0, ...marks.filter((m) => m.tagName === 'path').map((m) => (m.getAttribute('d') ?? '').length)),
      axisTitles: svg ? [...svg.querySelectorAll('g.role-axis-title text')].map((t) => t.textContent) : [],
      axisLabels: svg ? [...svg.querySelectorAll('g.role-axis-label text')].map((t) => t.textContent) : [],
      legend: svg ? [...svg.querySelectorAll('g.role-legend-label text')].map((t) => t.textContent) : [],
      // The figure's caption: the chart in words (which runs are drawn, where a diverged one leaves).
      chartCaption: text('#chart-figure figcaption'),
      showPrevious: document.querySelector('#show-previous')?.checked ?? null,
      logScale: document.querySelector('#log-scale')?.checked ?? null,
      xAxis: document.querySelector('#x-update')?.checked ? 'update' : document.querySelector('#x-epoch')?.checked ? 'epoch' : null,
      bodyClass: document.body.className,
      active: document.activeElement ? `${document.activeElement.tagName.toLowerCase()}${document.activeElement.id ? `#${document.activeElement.id}` : ''}` : '',
    };
  });
}

/**
 * Marks the chart now shown as stale, so that a wait can tell a fresh render from it: the page
 * counts its draws on the figure (`data-draws`, webview/render.ts chartDrawn), and keeps its Vega
 * view (and SVG element) across draws, so the count is what tells.
 */
export function markChartStale(frame) {
  return frame.evaluate(() => {
    document.body.dataset.uiStaleDraws = document.querySelector('#chart-figure')?.dataset.draws ?? '0';
  });
}

/**
 * Waits, inside the page, until it shows a finished run whose learning-rate fact starts with
 * `learningRate` (as the panel formats it) and a chart freshly drawn after it (an SVG that
 * markChartStale did not mark, with drawn marks), and optionally a badge matching `badge`.
 * Resolves to the page's Date.now() at the moment it first saw that, so a caller can time the
 * refresh against its own clock (same machine, same clock).
 *
 * Why this is the run, not an older render: the page marks the figure with the run of the
 * snapshot it shows (`data-snapshot-run-id`, set with the summary) and, once a draw completes,
 * with the run it drew (`data-run-id`) and a count of draws (`data-draws`, webview/page.ts): the
 * chart is the new run's when the count moved past the stale mark and the two runs agree.
 */
export async function waitForRun(frame, { learningRate, badge, minMarks = 5, timeoutMs = 30_000 } = {}) {
  const handle = await frame.waitForFunction(
    ({ lr, badgeSource, minMarks }) => {
      const badgeText = document.querySelector('#badge')?.textContent ?? '';
      if (/training/i.test(badgeText)) return false;
      if (badgeSource && !new RegExp(badgeSource, 'i').test(badgeText)) return false;
      const summary = document.querySelector('#summary');
      if (!summary || summary.hidden) return false;
      if (lr !== undefined) {
        const fact = [...summary.querySelectorAll('.fact')].find((f) => f.querySelector('dt')?.textContent?.trim() === 'Learning rate');
        const value = (fact?.querySelector('dd')?.textContent ?? '').trim();
        if (!(value === lr || value.startsWith(`${lr} `))) return false;
      }
      // A chart drawn after markChartStale, of the run the page shows (not a late draw of the one before).
      const figure = document.querySelector('#chart-figure');
      const svg = document.querySelector('#chart svg');
      if (!svg || !figure?.dataset.draws || figure.dataset.draws === document.body.dataset.uiStaleDraws) return false;
      if (figure.dataset.runId !== figure.dataset.snapshotRunId) return false;
      const drawn = [...svg.querySelectorAll('g.role-mark > path')].filter((p) => (p.getAttribute('d') ?? '').length > 2).length;
      return drawn >= minMarks ? Date.now() : false;
    },
    { lr: learningRate === undefined ? undefined : String(learningRate), badgeSource: badge?.source, minMarks },
    { timeout: timeoutMs, polling: 10 },
  );
  return handle.jsonValue();
}

/** Waits until the chart is redrawn (after markChartStale), e.g. after a view or theme change. */
export async function waitForRedraw(frame, { minMarks = 5, timeoutMs = 15_000 } = {}) {
  await frame.waitForFunction(
    (minMarks) => {
      const figure = document.querySelector('#chart-figure');
      const svg = document.querySelector('#chart svg');
      if (!svg || !figure?.dataset.draws || figure.dataset.draws === document.body.dataset.uiStaleDraws) return false;
      return [...svg.querySelectorAll('g.role-mark > path')].filter((p) => (p.getAttribute('d') ?? '').length > 2).length >= minMarks;
    },
    minMarks,
    { timeout: timeoutMs, polling: 50 },
  );
}

/**
 * WCAG contrast of the chart's axis labels and titles against the page background, as drawn
 * (computed fill colours), e.g. { label: 12.6, title: 12.6, background: 'rgb(30, 30, 30)' }.
 */
export function chartTextContrast(frame) {
  return frame.evaluate(() => {
    const rgb = (css) => {
      const m = /rgba?\(([^)]+)\)/.exec(css ?? '');
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(',').map((x) => parseFloat(x));
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const over = (fg, bg) => ({ r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a) });
    const bgCss = getComputedStyle(document.body).backgroundColor;
    const bg = rgb(bgCss);
    const ratio = (el) => {
      if (!el || !bg) return null;
      const fg = rgb(getComputedStyle(el).fill);
      if (!fg) return null;
      const opacity = parseFloat(getComputedStyle(el).opacity || '1') * parseFloat(el.getAttribute('fill-opacity') ?? '1');
      const a = lum(over({ ...fg, a: fg.a * opacity }, bg));
      const b = lum(bg);
      return Number(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)).toFixed(2));
    };
    const label = document.querySelector('#chart g.role-axis-label text');
    const title = document.querySelector('#chart g.role-axis-title text');
    return { label: ratio(label), title: ratio(title), labelFill: label ? getComputedStyle(label).fill : null, background: bgCss };
  });
}

/**
 * Records what the panel's page posts to the extension host from now on. The page's
 * `acquireVsCodeApi().postMessage` goes through its outer webview document, which forwards it
 * on a MessagePort as `{ channel: 'onmessage', data: { message } }`; the recorder wraps that
 * port's `postMessage` there. Resolves to `{ sent() }`: the messages (channel envelopes) so far.
 */
export async function recordPageMessages(frame) {
  const outer = frame.parentFrame();
  if (!outer) throw new Error('the panel frame has no outer webview document');
  await outer.evaluate(() => {
    if (window.__descentSent) {
      window.__descentSent.length = 0;
      return;
    }
    window.__descentSent = [];
    const original = MessagePort.prototype.postMessage;
    MessagePort.prototype.postMessage = function (message, ...rest) {
      if (message?.channel === 'onmessage') window.__descentSent.push(message.data?.message);
      return original.call(this, message, ...rest);
    };
  });
  return { sent: () => outer.evaluate(() => window.__descentSent.slice()) };
}
