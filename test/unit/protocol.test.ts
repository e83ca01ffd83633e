import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { panelReport, parseWebviewMessage } from '../../src/shared/protocol';
import { runTraining } from '../../src/core/run';
import { configText } from './helpers';

describe('messages from the webview', () => {
  it('accepts every message of the protocol', () => {
    expect(parseWebviewMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseWebviewMessage({ type: 'train' })).toEqual({ type: 'train' });
    expect(parseWebviewMessage({ type: 'applyFix' })).toEqual({ type: 'applyFix' });
    expect(parseWebviewMessage({ type: 'openConfig' })).toEqual({ type: 'openConfig' });
    expect(parseWebviewMessage({ type: 'drawn', runId: 3, marks: 120 })).toEqual({ type: 'drawn', runId: 3, marks: 120 });
  });

  it('drops unknown types, wrong shapes and extra fields such as a path', () => {
    expect(parseWebviewMessage({ type: 'readFile', path: '/etc/passwd' })).toBeNull();
    // The page owns its view: the host takes no view changes.
    expect(parseWebviewMessage({ type: 'setView', view: { logScale: false, xAxis: 'epoch', showPrevious: true } })).toBeNull();
    expect(parseWebviewMessage({ type: 'drawn', runId: -1, marks: 2 })).toBeNull();
    expect(parseWebviewMessage('train')).toBeNull();
    expect(parseWebviewMessage(null)).toBeNull();
    expect(parseWebviewMessage({ type: 'train', path: '../x' })).toEqual({ type: 'train' });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.anything(), (v) => {
      const m = parseWebviewMessage(v);
      expect(m === null || typeof m.type === 'string').toBe(true);
    }));
  });
});

describe('what of a report the page is sent', () => {
  it('leaves out the history: no curves twice, no weight snapshots the panel never reads', () => {
    const report = runTraining(configText({ learningRate: 0.05, epochs: 30 }));
    expect(report.history?.snapshots.length).toBeGreaterThan(0);
    const sent = panelReport(report);
    expect('history' in sent).toBe(false);
    expect(JSON.stringify(sent)).not.toContain('snapshots');
    expect(sent.verdict).toBe(report.verdict);
    expect(sent.weights).toEqual(report.weights);
  });
});
