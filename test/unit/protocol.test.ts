import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWebviewMessage, parseViewState } from '../../src/shared/protocol';

describe('messages from the webview', () => {
  it('accepts every message of the protocol', () => {
    const view = { logScale: true, xAxis: 'update', showPrevious: false };
    expect(parseWebviewMessage({ type: 'ready', view })).toEqual({ type: 'ready', view });
    expect(parseWebviewMessage({ type: 'ready', view: null })).toEqual({ type: 'ready', view: null });
    expect(parseWebviewMessage({ type: 'setView', view })).toEqual({ type: 'setView', view });
    expect(parseWebviewMessage({ type: 'train' })).toEqual({ type: 'train' });
    expect(parseWebviewMessage({ type: 'applyFix' })).toEqual({ type: 'applyFix' });
    expect(parseWebviewMessage({ type: 'openConfig' })).toEqual({ type: 'openConfig' });
    expect(parseWebviewMessage({ type: 'drawn', runId: 3, marks: 120 })).toEqual({ type: 'drawn', runId: 3, marks: 120 });
  });

  it('drops unknown types, wrong shapes and extra fields such as a path', () => {
    expect(parseWebviewMessage({ type: 'readFile', path: '/etc/passwd' })).toBeNull();
    expect(parseWebviewMessage({ type: 'setView', view: { logScale: 'yes' } })).toBeNull();
    expect(parseWebviewMessage({ type: 'drawn', runId: -1, marks: 2 })).toBeNull();
    expect(parseWebviewMessage('train')).toBeNull();
    expect(parseWebviewMessage(null)).toBeNull();
    expect(parseWebviewMessage({ type: 'train', path: '../x' })).toEqual({ type: 'train' });
    expect(parseViewState({ logScale: true, xAxis: 'time', showPrevious: true })).toBeNull();
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.anything(), (v) => {
      const m = parseWebviewMessage(v);
      expect(m === null || typeof m.type === 'string').toBe(true);
    }));
  });
});
