// The Descent Lab's data, specs and page logic: a worker's lab jobs against the core's own
// comparisons and sweep, the chart data built from them (labels, caps, axes), the compiled specs,
// the messages the lab page may send, and the page's axis and click handling with stand-ins.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'vega';
import { compareBatchSizes, compareLearningRates, sweepLearningRates } from '../../src/core/lab';
import { planRun, runTraining } from '../../src/core/run';
import { LAB_LOSS_CAP, buildLabSpec, comparisonData, sweepData } from '../../src/labChart';
import { answerLab } from '../../src/labWorker';
import type { Envelope } from '../../src/shared/channel';
import type { ComparedRun, Comparison } from '../../src/shared/lab';
import { type HostToLab, type LabToHost, type LabView, parseHostToLab, parseLabMessage } from '../../src/shared/labProtocol';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { createLabPage } from '../../webview/lab/page';
import type { LabActions, LabLayout } from '../../webview/lab/render';
import { comparisonView, labTheme, sweepView, verdictKind } from '../../webview/lab/labView';
import type { LabChartView } from '../../webview/lab/labView';
import { themeConfig } from '../../webview/theme';
import { configText } from './helpers';

const carsText = configText({ epochs: 50, batchSize: 'full', normalize: 'zscore', validationSplit: 0.2, seed: 0, learningRate: 0.1 });
const planned = (text: string) => {
  const { plan, problems } = planRun(text);
  if (!plan) throw new Error(JSON.stringify(problems));
  return { plan, problems };
};
const jobRun = (text: string, job: Parameters<typeof answerLab>[1]): { run: ComparedRun | null; count: number } => {
  const a = answerLab(text, job, {}, () => undefined);
  if (a.kind !== 'run') throw new Error(JSON.stringify(a));
  return a;
};

describe('a worker’s lab jobs', () => {
  it('trains run i of the three-rate plan exactly as compareLearningRates does, and none past the plan', () => {
    const { plan, problems } = planned(carsText);
    const whole = compareLearningRates(plan, problems, carsText);
    for (const [i, expected] of whole.runs.entries()) {
      const { run, count } = jobRun(carsText, { kind: 'rate', index: i });
      expect(count).toBe(3);
      expect(run?.role).toBe(expected.role);
      expect(run?.learningRate).toBe(expected.learningRate);
      expect(run?.report.verdict).toBe(expected.report.verdict);
      expect(run?.report.finalLoss).toBe(expected.report.finalLoss);
      expect(run?.report.history?.trainLoss).toEqual(expected.report.history?.trainLoss);
    }
    expect(jobRun(carsText, { kind: 'rate', index: 3 })).toEqual({ kind: 'run', run: null, count: 3 });
  });

  it('takes the rates of compare.learningRates, and the batch sizes of compareBatchSizes', () => {
    const listed = configText({ epochs: 20, learningRate: 0.1, compare: { learningRates: [0.05, 0.2] } });
    expect(jobRun(listed, { kind: 'rate', index: 1 }).run).toMatchObject({ role: 'listed', learningRate: 0.2 });
    const { plan, problems } = planned(carsText);
    const batches = compareBatchSizes(plan, problems, carsText);
    for (const [i, expected] of batches.runs.entries()) {
      const { run } = jobRun(carsText, { kind: 'batch', index: i });
      expect([run?.role, run?.batchSize, run?.report.totalUpdates, run?.report.finalLoss]).toEqual([expected.role, expected.batchSize, expected.report.totalUpdates, expected.report.finalLoss]);
    }
  });

  it('sweeps as sweepLearningRates does, reporting each rate as progress', () => {
    const progress: number[] = [];
    const a = answerLab(carsText, { kind: 'sweep' }, {}, (done) => progress.push(done));
    expect(a.kind).toBe('sweep');
    if (a.kind !== 'sweep') return;
    expect(a.sweep).toEqual(sweepLearningRates(planned(carsText).plan));
    expect(progress).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });

  it('answers a config that cannot train with its problems, located, and trains nothing over the update limit', () => {
    const bad = answerLab('{ "learningRate": -1 }', { kind: 'sweep' }, {}, () => undefined);
    expect(bad.kind).toBe('invalid');
    if (bad.kind === 'invalid') expect(bad.problems.some((p) => p.path[0] === 'learningRate' && p.line === 1)).toBe(true);
    const big = answerLab(carsText, { kind: 'rate', index: 0 }, { maxUpdates: 10 }, () => undefined);
    expect(big.kind === 'invalid' && big.problems.some((p) => p.code === 'too-many-updates')).toBe(true);
  });

  it('on data with a known bound, the sweep’s best lies below the bound and, written as the lab writes it (4 digits), trains to converged', () => {
    const text = configText({ epochs: 40, batchSize: 'full', normalize: 'zscore', validationSplit: 0, seed: 3, learningRate: 0.001, data: { synthetic: { samples: 500, features: 3, noise: 0.5, seed: 7 } } });
    const a = answerLab(text, { kind: 'sweep' }, {}, () => undefined);
    if (a.kind !== 'sweep') throw new Error(JSON.stringify(a));
    const s = a.sweep;
    const best = s.points[s.best ?? -1];
    expect(s.stableLearningRateBound).not.toBeNull();
    expect(best?.learningRate).toBeLessThan(s.stableLearningRateBound!);
    expect(best?.verdict).toBe('converged');
    const written = Number(best!.learningRate.toPrecision(4));
    const rerun = runTraining(configText({ ...JSON.parse(text), learningRate: written }));
    expect(rerun.verdict).toBe('converged');
  });
});

const ratesComparison = (): Comparison => {
  const { plan, problems } = planned(carsText);
  return compareLearningRates(plan, problems, carsText);
};

describe('the lab’s chart data', () => {
  it('labels each compared rate with why it was chosen and its verdict, in the plan’s order', () => {
    const d = comparisonData('rates', ratesComparison(), 'cars/training.json');
    expect(d.runs.map((r) => r.label)).toEqual([
      'lr 0.01633 · too low (suggestion ÷ 30): too slow',
      expect.stringMatching(/^lr 0\.49 · suggested: converged at epoch \d+$/),
      'lr 1.5 · too high (1.5 × bound): diverged at epoch 1',
    ]);
    expect(d.runs.map((r) => r.verdictTone)).toEqual(['info', 'ok', 'error']);
    expect(d.summary).toMatch(/^3 learning rates on cars\/training\.json: lr 0\.01633 too slow; lr 0\.49 converged at epoch \d+; lr 1\.5 diverged at epoch 1$/);
  });

  it('cuts a diverging curve where it passes the cap and marks the place; the axis spans the others', () => {
    const c = ratesComparison();
    const d = comparisonData('rates', c, 'training.json');
    const start = c.runs[0]!.report.history!.trainLoss[0]!;
    expect(d.yDomain[1]).toBe(LAB_LOSS_CAP * start);
    expect(Math.max(...d.curves.map((p) => p.loss))).toBeLessThanOrEqual(d.yDomain[1]);
    const high = d.runs[2]!.label;
    expect(d.exits).toEqual([expect.objectContaining({ run: high, loss: d.yDomain[1], text: '↑ diverged' })]);
    // The diverging run's loss ran far past the cap; its curve stops at the first epoch beyond it.
    const climbed = c.runs[2]!.report.history!.trainLoss;
    const firstAbove = climbed.findIndex((l) => l === null || l > d.yDomain[1]);
    expect(d.exits[0]!.epoch).toBe(firstAbove);
    expect(d.curves.filter((p) => p.run === high).map((p) => p.epoch)).toEqual(Array.from({ length: firstAbove }, (_, i) => i));
    expect(d.yDomain[0]).toBeLessThan(Math.min(...d.curves.map((p) => p.loss)));
  });

  it('gives every point its x on each axis: epoch, weight updates (epoch × updates per epoch) and examples seen (epoch × N)', () => {
    const { plan, problems } = planned(carsText);
    const d = comparisonData('batches', compareBatchSizes(plan, problems, carsText), 'training.json');
    expect(d.runs.map((r) => [r.batchSize, r.updatesPerEpoch, r.totalUpdates])).toEqual([
      [318, 1, 50],
      [100, 4, 200],
      [1, 318, 15900],
    ]);
    const sgd = d.curves.filter((p) => p.run === d.runs[2]!.label);
    expect(sgd.at(-1)).toMatchObject({ epoch: 50, update: 15900, examples: 15900 });
    const full = d.curves.filter((p) => p.run === d.runs[0]!.label);
    expect(full.at(-1)).toMatchObject({ epoch: 50, update: 50, examples: 15900 });
    // SGD's and the mini-batch's noise as bands, full batch none; all within the axis.
    expect(new Set(d.bands.map((b) => b.run))).toEqual(new Set([d.runs[1]!.label, d.runs[2]!.label]));
    for (const b of d.bands) expect(b.min >= d.yDomain[0] && b.max <= d.yDomain[1] && b.min <= b.max).toBe(true);
    // No band reaches past the examples the run saw (318 × 50), though 100 × 200 updates would.
    expect(Math.max(...d.bands.map((b) => b.examples))).toBeLessThanOrEqual(15900);
    for (const axis of ['epoch', 'update', 'examples'] as const) {
      const v = comparisonView(d, axis);
      expect((v.data.curves as { x: number }[]).every((p, i) => p.x === d.curves[i]![axis])).toBe(true);
      expect(v.signals.xTitle).toBe({ epoch: 'epoch', update: 'weight updates', examples: 'examples seen' }[axis]);
    }
  });

  it('puts a diverged sweep rate on the top of the axis, marks the best, and draws the bound and the suggestion as rules', () => {
    const s = sweepLearningRates(planned(carsText).plan);
    const d = sweepData(s, 0.1);
    expect(d.points).toHaveLength(24);
    expect(d.points.filter((p) => p.best).map((p) => p.index)).toEqual([s.best]);
    const diverged = d.points.filter((p) => p.diverged);
    expect(diverged.length).toBeGreaterThan(0);
    for (const p of diverged) expect(p.y).toBeGreaterThan(Math.max(...d.points.filter((q) => !q.diverged).map((q) => q.y)));
    expect(d.rules).toEqual([
      { learningRate: s.stableLearningRateBound, text: 'bound 1', row: 0 },
      { learningRate: 0.49, text: 'suggested 0.49', row: 1 },
    ]);
    expect(d.summary).toMatch(/^best rate 0\.3981 \(converged at epoch \d+, final loss [\d.]+\); stable bound 1, suggested 0\.49$/);
    expect(d.explanation[0]).toMatch(/^The stable bound, 1, is 1\/λmax \(full batch\)/);
    const v = sweepView(d);
    expect((v.data.points as { verdictKind: string }[]).map((p) => p.verdictKind)).toEqual(d.points.map((p) => verdictKind(p)));
    expect(verdictKind({ diverged: false, converged: false })).toBe('not converged');
    expect(d.points.filter((p) => verdictKind(p) === 'converged').length).toBeGreaterThan(0);
  });

  it('groups the sweep’s points by their verdicts in every display language (the summary is words, the group is the code)', async () => {
    const { setLanguage } = await import('../../src/shared/l10n');
    const fs = await import('node:fs');
    const english = sweepData(sweepLearningRates(planned(carsText).plan), null).points.map(verdictKind);
    setLanguage({ locale: 'ja', bundle: JSON.parse(fs.readFileSync('l10n/bundle.l10n.ja.json', 'utf8')) });
    try {
      const japanese = sweepData(sweepLearningRates(planned(carsText).plan), null);
      expect(japanese.points.some((p) => /収束/.test(p.verdict))).toBe(true);
      expect(japanese.points.map(verdictKind)).toEqual(english);
      expect(english).toContain('converged');
    } finally {
      setLanguage({ locale: 'en' });
    }
  });

  it('compiles specs that read the datasets the page fills, and that Vega parses in interpreter mode', () => {
    for (const kind of ['rates', 'sweep'] as const) {
      const { spec } = buildLabSpec(kind, '(mpg)²');
      const names = new Set(((spec as { data: { name: string }[] }).data ?? []).map((d) => d.name));
      const wanted = kind === 'sweep' ? ['points', 'rules'] : ['curves', 'bands', 'exits'];
      for (const n of wanted) expect(names.has(n)).toBe(true);
      expect(() => parse(spec as never, themeConfig({}, 'dark') as never, { ast: true })).not.toThrow();
    }
  });

  it('colours a comparison’s runs with the chart colours (never the batch band’s grey) and the sweep by verdict', () => {
    const config = themeConfig({ '--vscode-charts-blue': 'B', '--vscode-charts-orange': 'O', '--vscode-descriptionForeground': 'G', '--vscode-charts-green': 'GR', '--vscode-charts-yellow': 'Y', '--vscode-charts-red': 'R', '--vscode-charts-purple': 'P', '--vscode-foreground': 'F' }, 'dark');
    expect(labTheme(config, 'rates').range.category.slice(0, 3)).toEqual(['B', 'O', 'GR']);
    expect(labTheme(config, 'rates').range.category).not.toContain('G');
    expect(labTheme(config, 'sweep').range.category).toEqual(['GR', 'Y', 'R']);
  });
});

describe('the lab page’s messages', () => {
  it('accepts every message of the lab protocol and the training panel’s openLab', () => {
    expect(parseLabMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseLabMessage({ type: 'cancel' })).toEqual({ type: 'cancel' });
    expect(parseLabMessage({ type: 'run', kind: 'sweep' })).toEqual({ type: 'run', kind: 'sweep' });
    expect(parseLabMessage({ type: 'useRate', labId: 2, index: 20 })).toEqual({ type: 'useRate', labId: 2, index: 20 });
    expect(parseLabMessage({ type: 'drawn', labId: 2, marks: 31 })).toEqual({ type: 'drawn', labId: 2, marks: 31 });
    expect(parseWebviewMessage({ type: 'openLab', lab: 'batches' })).toEqual({ type: 'openLab', lab: 'batches' });
  });

  it('refuses a rate by value, a path, an unknown lab and bad numbers', () => {
    expect(parseLabMessage({ type: 'useRate', labId: 2, rate: 1e9 })).toBeNull();
    expect(parseLabMessage({ type: 'useRate', labId: 2, index: -1 })).toBeNull();
    expect(parseLabMessage({ type: 'useRate', labId: 2, index: 1.5 })).toBeNull();
    expect(parseLabMessage({ type: 'run', kind: 'landscape' })).toBeNull();
    expect(parseLabMessage({ type: 'openFile', path: '/etc/passwd' })).toBeNull();
    expect(parseWebviewMessage({ type: 'openLab', lab: '../x' })).toBeNull();
    expect(parseLabMessage({ type: 'run', kind: 'rates', path: '/x' })).toEqual({ type: 'run', kind: 'rates' });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const m = parseLabMessage(v);
        expect(m === null || typeof m.type === 'string').toBe(true);
        const h = parseHostToLab(v);
        expect(h === null || typeof h.type === 'string').toBe(true);
      }),
    );
  });
});

function openLabPage(saved: unknown = undefined) {
  const sent: LabToHost[] = [];
  const draws: LabChartView[] = [];
  const selected: number[] = [];
  let actions: LabActions | null = null;
  let click: (d: Record<string, unknown>) => void = () => undefined;
  let state: unknown = saved;
  const layout: LabLayout = { chart: {} as HTMLElement, render: (v) => v.state === 'done', progress: () => undefined, describeChart: () => undefined, chartDrawn: () => undefined, select: (i) => selected.push(i) };
  const page = createLabPage({
    api: { postMessage: (e) => sent.push((e as Envelope<LabToHost>).body), getState: () => state, setState: (s) => void (state = s) },
    makeLayout: (a) => ((actions = a), layout),
    makeRenderer: (onClick) => ((click = onClick), { render: async (_c, _s, _t, chart) => (draws.push(chart), 7), clear: () => undefined }),
    theme: () => themeConfig({}, 'dark'),
  });
  const fromHost = (body: HostToLab) => page.receive({ kind: 'event', body });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { sent, draws, selected, fromHost, settle, actions: () => actions!, click: (d: Record<string, unknown>) => click(d), state: () => state };
}

describe('the lab page', () => {
  const batches = (() => {
    const { plan, problems } = planned(carsText);
    return comparisonData('batches', compareBatchSizes(plan, problems, carsText), 'training.json');
  })();
  const view = (over: Partial<LabView>): LabView => ({ fileName: 'training.json', kind: 'batches', state: 'done', message: null, data: batches, spec: buildLabSpec('batches', batches.lossUnit), labId: 4, ...over });

  it('redraws an axis change from the data it has, keeps the choice, and tells the host nothing', async () => {
    const p = openLabPage();
    p.fromHost({ type: 'view', view: view({}) });
    await p.settle();
    expect(p.sent).toEqual([{ type: 'ready' }, { type: 'drawn', labId: 4, marks: 7 }]);
    p.actions().changeAxis('examples');
    await p.settle();
    expect(p.draws.map((d) => d.signals.xTitle)).toEqual(['epoch', 'examples seen']);
    expect(p.state()).toEqual({ axis: 'examples' });
    expect(p.sent).toHaveLength(2);
    // A reloaded page starts on the saved axis.
    const again = openLabPage(p.state());
    again.fromHost({ type: 'view', view: view({}) });
    await again.settle();
    expect(again.draws[0]!.signals.xTitle).toBe('examples seen');
  });

  it('draws a lab run again with the spec object it already has, so the renderer keeps its Vega view', async () => {
    const specs: object[] = [];
    const sent: LabToHost[] = [];
    const layout: LabLayout = { chart: {} as HTMLElement, render: () => true, progress: () => undefined, describeChart: () => undefined, chartDrawn: () => undefined, select: () => undefined };
    const page = createLabPage({
      api: { postMessage: (e) => sent.push((e as Envelope<LabToHost>).body), getState: () => undefined, setState: () => undefined },
      makeLayout: () => layout,
      makeRenderer: () => ({ render: async (_c, spec) => (specs.push(spec), 7), clear: () => undefined }),
      theme: () => themeConfig({}, 'dark'),
    });
    // Each message arrives deserialized: an equal spec, a new object.
    const copy = (v: LabView): LabView => JSON.parse(JSON.stringify(v)) as LabView;
    page.receive({ kind: 'event', body: { type: 'view', view: copy(view({ labId: 1 })) } });
    await new Promise((r) => setTimeout(r, 0));
    page.receive({ kind: 'event', body: { type: 'view', view: copy(view({ labId: 2 })) } });
    await new Promise((r) => setTimeout(r, 0));
    expect(specs).toHaveLength(2);
    expect(specs[1]).toBe(specs[0]);
    expect(sent.filter((m) => m.type === 'drawn')).toEqual([{ type: 'drawn', labId: 1, marks: 7 }, { type: 'drawn', labId: 2, marks: 7 }]);
  });

  it('turns a click on a sweep point into "use this rate" for that lab, and ignores clicks on other charts', async () => {
    const s = sweepData(sweepLearningRates(planned(carsText).plan), 0.1);
    const p = openLabPage();
    p.fromHost({ type: 'view', view: view({ kind: 'sweep', data: s, spec: buildLabSpec('sweep', s.lossUnit), labId: 9 }) });
    await p.settle();
    p.click({ index: 18, learningRate: 0.25 });
    expect(p.selected).toEqual([18]);
    expect(p.sent.at(-1)).toEqual({ type: 'useRate', labId: 9, index: 18 });
    p.actions().useRate(99);
    expect(p.sent.at(-1)).toEqual({ type: 'useRate', labId: 9, index: 18 });
    const q = openLabPage();
    q.fromHost({ type: 'view', view: view({}) });
    await q.settle();
    q.click({ index: 1 });
    expect(q.sent.some((m) => m.type === 'useRate')).toBe(false);
  });
});
