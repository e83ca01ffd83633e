// The panel's handling of a page that floods the host with messages, with stand-ins for the few
// VS Code objects a TrainingPanel touches (the clock is frozen: the rate is counted, not timed).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as vscode from 'vscode';
import { TrainingPanel } from '../../src/panel';
import type { PanelSnapshot, WebviewToHost } from '../../src/shared/protocol';

const noop = { dispose: () => undefined };

function openPanel() {
  let deliver: (raw: unknown) => void = () => undefined;
  const webviewPanel = {
    title: 'Descent',
    visible: false,
    viewColumn: 1,
    webview: {
      options: {},
      html: '',
      cspSource: 'vscode-resource:',
      asWebviewUri: (u: unknown) => u,
      onDidReceiveMessage: (listener: (raw: unknown) => void) => {
        deliver = listener;
        return noop;
      },
      postMessage: async () => true,
    },
    onDidDispose: () => noop,
    onDidChangeViewState: () => noop,
    reveal: () => undefined,
    dispose: () => undefined,
  };
  const handled: WebviewToHost[] = [];
  const logged: string[] = [];
  const panel = new TrainingPanel(
    webviewPanel as unknown as vscode.WebviewPanel,
    { path: '/extension' } as unknown as vscode.Uri,
    { snapshot: () => ({}) as PanelSnapshot, chartSpecs: () => null, handleMessage: (m) => handled.push(m), panelClosed: () => undefined, pageDidNotLoad: () => undefined },
    (m) => logged.push(m),
  );
  // The page's messages come in channel envelopes.
  return { panel, send: (body: unknown) => deliver({ kind: 'event', body }), deliver: (raw: unknown) => deliver(raw), handled, logged };
}

describe('a page flooding the host with messages', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gets 3 train messages through at once and one a second after, logging each flood once', () => {
    const { panel, send, handled, logged } = openPanel();
    for (let i = 0; i < 10_000; i++) send({ type: 'train' });
    expect(handled.filter((m) => m.type === 'train')).toHaveLength(3);
    expect(logged).toEqual(['The panel sends messages faster than a person could (a "train" among them); the excess is dropped.']);
    vi.setSystemTime(Date.now() + 1000);
    for (let i = 0; i < 10_000; i++) send({ type: 'train' });
    expect(handled.filter((m) => m.type === 'train')).toHaveLength(4);
    panel.dispose();
  });

  it('passes 30 messages at once and 20 a second after; a person clicking never meets the limit', () => {
    const { panel, send, handled, logged } = openPanel();
    for (let i = 0; i < 10_000; i++) send({ type: 'openConfig' });
    expect(handled).toHaveLength(30);
    vi.setSystemTime(Date.now() + 1000);
    for (let i = 0; i < 10_000; i++) send({ type: 'openConfig' });
    expect(handled).toHaveLength(50);
    expect(logged).toHaveLength(2);
    // Five clicks a second for a minute all pass.
    const before = handled.length;
    for (let s = 0; s < 60; s++) {
      vi.setSystemTime(Date.now() + 1000);
      for (let c = 0; c < 5; c++) send({ type: 'openConfig' });
    }
    expect(handled.length - before).toBe(300);
    panel.dispose();
  });

  it('ignores and logs what is not a protocol message in an envelope: a bare message, a view change, a path', () => {
    const { panel, send, deliver, handled, logged } = openPanel();
    deliver({ type: 'train' });
    send({ type: 'setView', view: { logScale: false, xAxis: 'epoch', showPrevious: true } });
    send({ type: 'readFile', path: '/etc/passwd' });
    expect(handled).toEqual([]);
    expect(logged).toHaveLength(3);
    expect(logged.every((l) => l.startsWith('Ignored a malformed message from the panel'))).toBe(true);
    send({ type: 'train', path: '../x' });
    expect(handled).toEqual([{ type: 'train' }]);
    panel.dispose();
  });
});
