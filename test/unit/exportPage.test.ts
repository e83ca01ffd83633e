// The page's side of the exports (webview/page.ts): the Export buttons' actions turn into the
// messages the host saves, the chart's image made by the renderer from the chart on screen.
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/shared/channel';
import { type WebviewToHost, parseWebviewMessage } from '../../src/shared/protocol';
import type { ChartRenderer } from '../../webview/chart';
import { createPage } from '../../webview/page';
import type { PanelActions, PanelLayout } from '../../webview/render';
import { themeConfig } from '../../webview/theme';

function openPage(image: ChartRenderer['image'], background = '#1f1f1f') {
  const sent: WebviewToHost[] = [];
  let actions: PanelActions | null = null;
  const renderer: ChartRenderer = { render: async () => 1, clear: () => undefined, image };
  const layout: PanelLayout = { chart: {} as HTMLElement, render: () => false, describeChart: () => undefined, chartDrawn: () => undefined, progress: () => undefined };
  createPage({
    api: { postMessage: (e) => sent.push((e as Envelope<WebviewToHost>).body), getState: () => undefined, setState: () => undefined },
    makeLayout: (a) => ((actions = a), layout),
    renderer,
    theme: () => themeConfig({}, 'dark'),
    background: () => background,
  });
  return { sent, actions: () => actions as unknown as PanelActions, settle: () => new Promise((r) => setTimeout(r, 0)) };
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('the Export buttons', () => {
  it('send the chart the renderer drew, on the editor background, as a message the host accepts', async () => {
    const asked: [string, string][] = [];
    const p = openPage(async (format, background) => {
      asked.push([format, background]);
      return format === 'svg' ? SVG : PNG;
    });
    p.actions().exportChart('svg');
    p.actions().exportChart('png');
    await p.settle();
    expect(asked).toEqual([
      ['svg', '#1f1f1f'],
      ['png', '#1f1f1f'],
    ]);
    const exports = p.sent.filter((m) => m.type === 'exportChart');
    expect(exports).toEqual([
      { type: 'exportChart', format: 'svg', data: SVG },
      { type: 'exportChart', format: 'png', data: PNG },
    ]);
    // What the page sends passes the host's validation unchanged.
    for (const m of exports) expect(parseWebviewMessage(m)).toEqual(m);
  });

  it('asks the host for the history, which it makes itself', () => {
    const p = openPage(async () => SVG);
    p.actions().exportHistory('csv');
    p.actions().exportHistory('json');
    expect(p.sent.filter((m) => m.type === 'exportHistory')).toEqual([
      { type: 'exportHistory', format: 'csv' },
      { type: 'exportHistory', format: 'json' },
    ]);
  });

  it('reports an error, and sends no export, when there is no chart to save or the image fails', async () => {
    const none = openPage(async () => null);
    none.actions().exportChart('png');
    await none.settle();
    expect(none.sent.filter((m) => m.type === 'exportChart')).toEqual([]);
    expect(none.sent.filter((m) => m.type === 'error').map((m) => (m as { message: string }).message)).toEqual(['No chart to export as PNG.']);
    const failing = openPage(async () => {
      throw new Error('canvas unavailable');
    });
    failing.actions().exportChart('svg');
    await failing.settle();
    expect(failing.sent.filter((m) => m.type === 'error').map((m) => (m as { message: string }).message)).toEqual(['Could not export the chart as SVG: canvas unavailable']);
  });

  it('sends a kept run\'s Show and its undo as keptRun messages', () => {
    const p = openPage(async () => null);
    p.actions().keptRun('2026-11-30T09-12-03-441Z-run12.json', true);
    p.actions().keptRun('2026-11-30T09-12-03-441Z-run12.json', false);
    expect(p.sent.filter((m) => m.type === 'keptRun')).toEqual([
      { type: 'keptRun', name: '2026-11-30T09-12-03-441Z-run12.json', show: true },
      { type: 'keptRun', name: '2026-11-30T09-12-03-441Z-run12.json', show: false },
    ]);
  });
});
