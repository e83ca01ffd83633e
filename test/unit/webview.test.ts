import { describe, expect, it } from 'vitest';
import { FIXED_SERIES, RUN_COLOUR_VARS, SERIES, SERIES_COLOUR_VARS } from '../../src/shared/series';
import { MAX_RUNS } from '../../src/shared/runs';
import { runTraining } from '../../src/core/run';
import { countUpdates } from '../../src/core/updates';
import type { PanelReport, PanelSnapshot, PanelState } from '../../src/shared/protocol';
import { formatCount, formatEquation, formatLossGap, formatValue } from '../../webview/format';
import { formatNumber } from '../../src/shared/format';
import {
  badgeFor,
  dataSummary,
  defaultMessage,
  verdictFix,
  parseHostMessage,
  problemLine,
  progressText,
  sortProblems,
  updateRows,
} from '../../webview/state';
import { THEME_VARS, themeConfig, themeKindFrom } from '../../webview/theme';
import { changeView, parseViewState, restoreFileUri, restoreView } from '../../webview/view';
import { configText } from './helpers';

/** A run's report as the panel receives it: without the history (the chart carries the curves). */
const panelReport = (text: string): PanelReport => {
  const report: Partial<ReturnType<typeof runTraining>> = { ...runTraining(text) };
  delete report.history;
  return report as PanelReport;
};
const converged = panelReport(configText({ learningRate: 0.05, validationSplit: 0.2 }));
const diverged = panelReport(configText({ learningRate: 1.5 }));
const invalid = panelReport('{ "learningRate": -1 }');

const snapshot = (state: PanelState, report: PanelReport | null): Pick<PanelSnapshot, 'state' | 'report'> => ({ state, report });

describe('number formatting', () => {
  it('writes counts with thousands separators: 20000 → "20,000"', () => {
    expect(formatCount(20000)).toBe('20,000');
    expect(formatCount(15900)).toBe('15,900');
    expect(formatCount(7)).toBe('7');
  });

  it('writes the core formatter\'s digits with a real minus sign', () => {
    expect(formatValue(-0.0076342)).toBe('−0.007634');
    expect(formatValue(46.01)).toBe('46.01');
    expect(formatValue(1234)).toBe('1,234');
    expect(formatValue(-8.61e12)).toBe('−8.61e12');
    expect(formatValue(2e-7)).toBe('2e−7');
    expect(formatValue(Number.NaN)).toBe('—');
  });

  it('shows every number with the same digits as the CLI: only the minus sign differs', () => {
    for (const v of [2975.31, -0.0076342, 0.4898, 18.71, 1.5e-9, 123456789, 612.5]) {
      expect(formatValue(v).replace('−', '-').replace('e−', 'e-')).toBe(formatNumber(v));
    }
  });

  it('writes losses and rates with four significant digits and no trailing zeros', () => {
    expect(formatValue(18.7)).toBe('18.7');
    expect(formatValue(0.05)).toBe('0.05');
    expect(formatValue(2970.4)).toBe('2,970');
    expect(formatValue(2975.3)).toBe('2,975');
    expect(formatValue(7.528e32)).toBe('7.528e32');
    expect(formatValue(null)).toBe('—');
  });
});

describe('formatEquation', () => {
  it('writes the model in the features\' units: "Miles_per_Gallon ≈ −0.007634 × Weight_in_lbs + 46.01"', () => {
    expect(formatEquation('Miles_per_Gallon', ['Weight_in_lbs'], [-0.0076342], 46.01)).toBe('Miles_per_Gallon ≈ −0.007634 × Weight_in_lbs + 46.01');
  });

  it('joins several features with their signs and subtracts a negative bias', () => {
    expect(formatEquation('y', ['a', 'b'], [2, -0.5], -3.25)).toBe('y ≈ 2 × a − 0.5 × b − 3.25');
  });

  it('has no equation when a weight or the bias is not finite', () => {
    expect(formatEquation('y', ['a'], [Number.NaN], 1)).toBeNull();
    expect(formatEquation('y', ['a'], [1], null)).toBeNull();
  });

  it('matches a real run\'s reported weights', () => {
    const text = formatEquation(converged.data!.label, converged.data!.features, converged.weights, converged.bias);
    expect(text).toMatch(/^Miles_per_Gallon ≈ −0\.00\d+ × Weight_in_lbs \+ 4\d\.\d+$/);
  });
});

describe('formatLossGap', () => {
  it('says how far above the best reachable loss the run ended', () => {
    expect(formatLossGap(18.79, 18.7)).toBe('0.4813% above the best reachable');
    expect(formatLossGap(18.7, 18.7)).toBe('at the best reachable');
    expect(formatLossGap(7.5e32, 18.7)).toBe('far above the best reachable');
    expect(formatLossGap(null, 18.7)).toBeNull();
  });
});

describe('badgeFor', () => {
  it('names the verdict of a finished run with its epoch', () => {
    expect(badgeFor(snapshot('done', converged))).toEqual({ text: `converged at epoch ${converged.verdictEpoch}`, tone: 'ok' });
    expect(badgeFor(snapshot('done', diverged))).toEqual({ text: `diverged at epoch ${diverged.verdictEpoch}`, tone: 'error' });
  });

  it('says what the panel is doing in every other state', () => {
    expect(badgeFor(snapshot('training', converged))).toEqual({ text: 'training…', tone: 'busy' });
    expect(badgeFor(snapshot('invalid', invalid)).text).toBe('invalid');
    expect(badgeFor(snapshot('untrusted', null)).text).toBe('untrusted');
    expect(badgeFor(snapshot('deleted', null)).text).toBe('deleted');
    expect(badgeFor(snapshot('crashed', null))).toEqual({ text: 'crashed', tone: 'error' });
    expect(badgeFor(snapshot('idle', null)).text).toBe('not run yet');
  });

  it('calls a cancelled run cancelled, not converged', () => {
    expect(badgeFor(snapshot('done', { ...converged, verdict: null, stoppedEarly: 'cancelled' })).text).toBe('cancelled');
  });

  it('explains the states that need it when the host gives no message', () => {
    expect(defaultMessage('untrusted')).toMatch(/not trusted/);
    expect(defaultMessage('done')).toBeNull();
  });
});

describe('updateRows', () => {
  it('reproduces the seed\'s table: 1,000 examples, 20 epochs → 20 / 20,000 / 200', () => {
    const rows = updateRows(countUpdates(1000, 20, 100));
    expect(rows.map((r) => [r.name, r.batchSize, r.perEpoch, r.total])).toEqual([
      ['Full batch', '1,000', '1', '20'],
      ['SGD', '1', '1,000', '20,000'],
      ['Mini-batch SGD', '100', '10', '200'],
    ]);
  });

  it('marks exactly the config\'s own row as current', () => {
    expect(updateRows(countUpdates(1000, 20, 1)).filter((r) => r.current).map((r) => r.kind)).toEqual(['sgd']);
    expect(updateRows(countUpdates(1000, 20, 'full')).filter((r) => r.current).map((r) => r.kind)).toEqual(['full']);
  });
});

describe('report summaries', () => {
  it('summarises the data: rows, dropped rows, validation rows and normalization', () => {
    const lines = dataSummary(converged);
    expect(lines[0]).toBe(`${formatCount(converged.data!.rows)} rows from cars (${converged.data!.droppedRows} dropped: a value was missing)`);
    expect(lines[1]).toBe(`${formatCount(converged.samples)} for training, ${converged.data!.validationRows} held out for validation`);
    expect(lines[2]).toMatch(/^Features z-scored while training \(Weight_in_lbs: mean 2,9\d\d, sd [\d.]+\)/);
  });

  it('offers the verdict\'s fix for a diverged run but not for a converged one', () => {
    expect(verdictFix(diverged)).toMatchObject({ path: ['learningRate'], value: diverged.suggestedLearningRate });
    expect(verdictFix(converged)).toBeNull();
  });

  it('writes a problem as line:column severity: message, errors first', () => {
    const problems = sortProblems([
      { line: 5, column: 1, severity: 'warning' as const, message: 'w' },
      { line: 9, column: 2, severity: 'error' as const, message: 'e2' },
      { line: 2, column: 19, severity: 'error' as const, message: 'e1' },
    ]);
    expect(problems.map(problemLine)).toEqual(['2:19 error: e1', '9:2 error: e2', '5:1 warning: w']);
    expect(problemLine(invalid.problems[0]!)).toMatch(/^\d+:\d+ error: .*learningRate/);
  });

  it('writes progress as epoch N of M with the loss', () => {
    expect(progressText(18, 50, 23.41)).toBe('epoch 18 of 50 · loss 23.41');
    expect(progressText(1200, 5000, null)).toBe('epoch 1,200 of 5,000');
  });
});

describe('view state', () => {
  it('restores a saved view and refuses anything malformed', () => {
    const view = { logScale: false, xAxis: 'update', showPrevious: true, excess: true };
    expect(restoreView({ view })).toEqual(view);
    // A view saved before the excess-loss view: off.
    expect(restoreView({ view: { logScale: false, xAxis: 'update', showPrevious: true } })).toEqual({ ...view, excess: false });
    expect(restoreView({ view: { ...view, excess: 'yes' } })).toBeNull();
    expect(restoreView({ view: { ...view, xAxis: 'time' } })).toBeNull();
    expect(restoreView(undefined)).toBeNull();
    expect(restoreView('junk')).toBeNull();
    expect(parseViewState({ logScale: true, xAxis: 'time', showPrevious: true })).toBeNull();
  });

  it('restores the saved file URI the host revives the panel with', () => {
    expect(restoreFileUri({ view: null, fileUri: 'file:///w/training.json' })).toBe('file:///w/training.json');
    expect(restoreFileUri({ view: null })).toBeNull();
    expect(restoreFileUri(null)).toBeNull();
  });

  it('changes one setting and keeps the others', () => {
    expect(changeView({ logScale: true, xAxis: 'epoch', showPrevious: true, excess: false }, { xAxis: 'update' })).toEqual({ logScale: true, xAxis: 'update', showPrevious: true, excess: false });
  });
});

describe('parseHostMessage', () => {
  const good: PanelSnapshot = {
    fileName: 'training.json',
    relativePath: 'training.json',
    fileUri: 'file:///home/user/project/training.json',
    state: 'done',
    message: null,
    runId: 3,
    report: converged,
    chart: { specKey: 'k', lossUnit: 'mpg²', updatesPerEpoch: 1, training: { epochs: [0, 1], loss: [9, 4] }, validation: null, batch: null, verdict: null, diverged: false, optimalLoss: null, previous: [] },
    bestConvergedRate: null,
    runs: [],
  };
  const specs = { key: 'k', linear: { marks: [] }, log: { marks: [] } };

  it('accepts compiled specs, a snapshot and a progress message', () => {
    expect(parseHostMessage({ type: 'chartSpecs', specs })).toEqual({ type: 'chartSpecs', specs });
    expect(parseHostMessage({ type: 'snapshot', snapshot: good })).toEqual({ type: 'snapshot', snapshot: good });
    expect(parseHostMessage({ type: 'snapshot', snapshot: { ...good, chart: null } })).toEqual({ type: 'snapshot', snapshot: { ...good, chart: null } });
    expect(parseHostMessage({ type: 'progress', runId: 3, epoch: 4, epochs: 50, loss: null })).toEqual({ type: 'progress', runId: 3, epoch: 4, epochs: 50, loss: null });
  });

  it('ignores messages the page cannot draw', () => {
    expect(parseHostMessage({ type: 'snapshot', snapshot: { ...good, state: 'exploded' } })).toBeNull();
    expect(parseHostMessage({ type: 'snapshot', snapshot: { ...good, chart: { ...good.chart, training: { epochs: [0], loss: [9, 4] } } } })).toBeNull();
    expect(parseHostMessage({ type: 'chartSpecs', specs: { ...specs, log: 'svg' } })).toBeNull();
    expect(parseHostMessage({ type: 'snapshot', snapshot: { ...good, chart: 'svg' } })).toBeNull();
    expect(parseHostMessage({ type: 'snapshot', snapshot: { ...good, fileUri: undefined } })).toBeNull();
    expect(parseHostMessage({ type: 'progress', runId: 3, epoch: '4', epochs: 50, loss: 1 })).toBeNull();
    expect(parseHostMessage({ type: 'reload' })).toBeNull();
    expect(parseHostMessage(null)).toBeNull();
  });
});

describe('theme', () => {
  const darkModern: Record<string, string> = {
    '--vscode-font-family': 'Segoe UI, sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-yellow': '#cca700',
    '--vscode-charts-red': '#f14c4c',
    '--vscode-charts-purple': '#b180d7',
  };

  it('reads the theme kind from the body classes', () => {
    expect(themeKindFrom(['vscode-light'])).toBe('light');
    expect(themeKindFrom(['vscode-dark'])).toBe('dark');
    expect(themeKindFrom(['vscode-high-contrast'])).toBe('high-contrast');
    expect(themeKindFrom(['vscode-high-contrast', 'vscode-high-contrast-light'])).toBe('high-contrast-light');
  });

  it('colours each series slot with its chart variable: training blue, validation orange, diverged red', () => {
    const config = themeConfig(darkModern, 'dark');
    const colourOf = (series: string) => config.range.category[FIXED_SERIES.indexOf(series as (typeof FIXED_SERIES)[number])];
    expect(colourOf(SERIES.training)).toBe('#3794ff');
    expect(colourOf(SERIES.validation)).toBe('#d18616');
    expect(colourOf(SERIES.batch)).toBe('#9d9d9d');
    expect(colourOf(SERIES.converged)).toBe('#89d185');
    expect(colourOf(SERIES.diverged)).toBe('#f14c4c');
    expect(config.range.category[FIXED_SERIES.length]).toBe('#b180d7');
    expect(config.range.category).toHaveLength(SERIES_COLOUR_VARS.length + MAX_RUNS);
  });

  it('colours axes and legends from the foreground colours and the theme font', () => {
    const config = themeConfig(darkModern, 'dark');
    expect(config.axis.titleColor).toBe('#cccccc');
    expect(config.axis.labelColor).toBe('#9d9d9d');
    expect(config.legend.labelColor).toBe('#cccccc');
    expect(config.font).toBe('Segoe UI, sans-serif');
    expect(config.axis.titleFontSize).toBe(13);
  });

  it('draws grid and axis lines in the contrast border colour in high contrast', () => {
    const config = themeConfig({ ...darkModern, '--vscode-foreground': '#ffffff', '--vscode-contrastBorder': '#6fc3df' }, 'high-contrast');
    expect(config.axis.gridColor).toBe('#6fc3df');
    expect(config.axis.domainColor).toBe('#6fc3df');
    expect(config.axis.labelColor).toBe('#ffffff');
  });

  it('falls back to the page\'s text colour, never a fixed colour, when a variable is missing', () => {
    const config = themeConfig({}, 'light');
    expect(new Set(config.range.category)).toEqual(new Set(['currentColor']));
    expect(config.axis.titleColor).toBe('currentColor');
  });

  it('reads every variable the series colours come from', () => {
    for (const name of [...SERIES_COLOUR_VARS, ...RUN_COLOUR_VARS]) expect(THEME_VARS).toContain(name);
  });
});
