import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lossChartData } from '../../src/chart/lossData';
import { previousRunFromStored } from '../../src/chart/previousRuns';
import { type RunsState, type StoredRun, EMPTY_RUNS, bestConvergedRate, MAX_STORED_POINTS, addRun, applyRunAction, configKey, parseStoredRuns, runLabels, runRows, storedRunFrom } from '../../src/chart/runsStore';
import { runTraining } from '../../src/core/run';
import type { RunReport } from '../../src/shared/report';
import { MAX_PINNED, MAX_RUNS, RUN_COLOURS, type RunRow } from '../../src/shared/runs';
import type { ChartData } from '../../src/shared/series';
import { SERIES } from '../../src/shared/series';
import { MAX_HOVER_POINTS, chartView, cutAtTop, lossDomain, viewDatasets } from '../../webview/chartView';
import { runColours, slotColours, themeConfig } from '../../webview/theme';
import { DEFAULT_VIEW, nextRunsSort, parseRunsSort, sortRunRows } from '../../webview/view';
import { configText } from './helpers';

// Real runs on the cars data, each trained once for the file.
const trained = new Map<string, RunReport>();
const train = (o: Record<string, unknown>): RunReport => {
  const text = configText({ epochs: 20, ...o });
  if (!trained.has(text)) trained.set(text, runTraining(text));
  return trained.get(text) as RunReport;
};
const stored = (o: Record<string, unknown>) => {
  const run = storedRunFrom(train(o));
  if (!run) throw new Error('the run did not train');
  return run;
};
const add = (state: RunsState, ...configs: Record<string, unknown>[]) => configs.reduce((s, c) => addRun(s, stored(c)), state);
const rates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.49, 0.7, 0.9, 1.5];

describe('the runs store', () => {
  it('describes the loss chart for a screen reader in the display language, legend and axes included', async () => {
    const { setLanguage } = await import('../../src/shared/l10n');
    const { englishProse } = await import('./japanese');
    const fs = await import('node:fs');
    setLanguage({ locale: 'ja', bundle: JSON.parse(fs.readFileSync('l10n/bundle.l10n.ja.json', 'utf8')) });
    try {
      const shown = chartView(lossChartData(runTraining(configText({ epochs: 20, learningRate: 0.1, validationSplit: 0.2 })), []), DEFAULT_VIEW);
      const said = [shown.signals.legendDescription, shown.signals.xDescription, shown.signals.yDescription, shown.description].map(String);
      expect(said.flatMap((s) => englishProse(s))).toEqual([]);
      expect(String(shown.signals.legendDescription)).toMatch(/学習損失/);
    } finally {
      setLanguage({ locale: 'en' });
    }
  });

  it('stores settings in no language: runs stored under English and under Japanese are told apart and matched alike, and labelled in the language shown', async () => {
    const { setLanguage } = await import('../../src/shared/l10n');
    const fs = await import('node:fs');
    const ja = { locale: 'ja', bundle: JSON.parse(fs.readFileSync('l10n/bundle.l10n.ja.json', 'utf8')) };
    const optimizer = { momentum: 0.5 };
    const english = add(EMPTY_RUNS, { learningRate: 0.05, optimizer });
    const englishLabels = runLabels(add(english, { learningRate: 0.1, optimizer }).runs).reverse();
    setLanguage(ja);
    try {
      // The second run is stored while Japanese is the display language (a restart in between).
      const mixed = addRun(english, stored({ learningRate: 0.1, optimizer }));
      const labels = runLabels(mixed.runs);
      // Only the rate differs, whichever language each run was stored in.
      expect(labels.every((l) => /^lr 0\.(1|05)$/.test(l))).toBe(true);
      expect(bestConvergedRate(mixed, configKey(train({ learningRate: 0.1, optimizer }).config!))).toBe(0.05);
      // A setting that differs is worded in the display language.
      const worded = runLabels(add(EMPTY_RUNS, { learningRate: 0.1, optimizer }, { learningRate: 0.1 }).runs);
      expect(worded.join(' ')).toMatch(/オプティマイザ モーメンタム 0\.5/);
    } finally {
      setLanguage({ locale: 'en' });
    }
    expect(englishLabels).toEqual(['lr 0.05', 'lr 0.1']);
  });

  it('keeps one row per config: training the same config again replaces its row and keeps its id', () => {
    let state = add(EMPTY_RUNS, { learningRate: 0.1 }, { learningRate: 0.5 });
    const id = state.runs.find((r) => r.learningRate === 0.1)!.id;
    state = add(state, { learningRate: 0.1 }, { learningRate: 0.1 }, { learningRate: 0.1 });
    expect(state.runs.map((r) => r.learningRate)).toEqual([0.1, 0.5]);
    expect(state.runs[0]!.id).toBe(id);
  });

  it('ignores the lab\'s compare settings, which training does not read', () => {
    const a = train({ learningRate: 0.1 }).config!;
    expect(configKey({ ...a, compare: { learningRates: [0.1, 1] } })).toBe(configKey(a));
    expect(configKey({ ...a, seed: 4 })).not.toBe(configKey(a));
  });

  it('labels rows by the values that differ between them: "lr 0.1, batch 1"', () => {
    const state = add(EMPTY_RUNS, { learningRate: 0.1, batchSize: 1 }, { learningRate: 0.05, batchSize: 'full' }, { learningRate: 0.1, batchSize: 'full' });
    expect(runLabels(state.runs)).toEqual(['lr 0.1, batch full', 'lr 0.05, batch full', 'lr 0.1, batch 1']);
    expect(runLabels(add(EMPTY_RUNS, { learningRate: 0.3 }).runs)).toEqual(['lr 0.3']);
    expect(runLabels(add(EMPTY_RUNS, { learningRate: 0.3, seed: 1 }, { learningRate: 0.3, seed: 2 }).runs)).toEqual(['seed 2', 'seed 1']);
  });

  it('pushes out the oldest unpinned row past the limit, never a pinned one', () => {
    let state = add(EMPTY_RUNS, { learningRate: rates[0] });
    state = applyRunAction(state, state.runs[0]!.id, 'pin', null);
    state = add(state, ...rates.slice(1).map((learningRate) => ({ learningRate })));
    expect(state.runs).toHaveLength(MAX_RUNS);
    // The newest seven, then the pinned oldest.
    expect(state.runs.map((r) => r.learningRate)).toEqual([...rates.slice(-(MAX_RUNS - 1)).reverse(), rates[0]]);
    expect(new Set(state.runs.map((r) => r.slot)).size).toBe(MAX_RUNS);
  });

  it('refuses a pin past the limit, and hiding or removing the current config\'s row', () => {
    let state = add(EMPTY_RUNS, ...rates.slice(0, MAX_RUNS).map((learningRate) => ({ learningRate })));
    for (const r of state.runs) state = applyRunAction(state, r.id, 'pin', null);
    expect(state.runs.filter((r) => r.pinned)).toHaveLength(MAX_PINNED);
    const current = state.runs[0]!;
    expect(applyRunAction(state, current.id, 'hide', current.key)).toBe(state);
    expect(applyRunAction(state, current.id, 'remove', current.key)).toBe(state);
    const other = state.runs[1]!;
    expect(applyRunAction(state, other.id, 'hide', current.key).runs[1]!.hidden).toBe(true);
    expect(applyRunAction(state, other.id, 'remove', current.key).runs.map((r) => r.id)).not.toContain(other.id);
    expect(applyRunAction(state, 999, 'pin', null)).toBe(state);
    // A new config still finds a place: the one unpinned row goes.
    const next = add(state, { learningRate: 0.123 });
    expect(next.runs).toHaveLength(MAX_RUNS);
    expect(next.runs[0]!.learningRate).toBe(0.123);
  });

  it('shows a hidden row again when its config is trained again', () => {
    let state = add(EMPTY_RUNS, { learningRate: 0.1 }, { learningRate: 0.2 });
    state = applyRunAction(state, state.runs[1]!.id, 'hide', state.runs[0]!.key);
    expect(state.runs[1]!.hidden).toBe(true);
    state = add(state, { learningRate: 0.1 });
    expect(state.runs[0]!.hidden).toBe(false);
  });

  it('gives a classifier\'s row its training accuracy and no RMSE (a log loss has no root in the label\'s units), kept across a reload', () => {
    const text = JSON.stringify({ model: { logistic: { positive: 'Adelie', negative: 'Chinstrap' } }, data: { dataset: 'penguins', features: ['Flipper Length (mm)', 'Body Mass (g)'], label: 'Species' }, learningRate: 2.5, epochs: 30 });
    const report = runTraining(text);
    const state = addRun(EMPTY_RUNS, storedRunFrom(report)!);
    const [row] = runRows(state, state.runs[0]!.key);
    expect(report.accuracy?.train).toBeGreaterThan(0.5);
    expect(row).toMatchObject({ rmse: null, accuracy: report.accuracy?.train });
    const [back] = runRows(parseStoredRuns(JSON.parse(JSON.stringify(state))), state.runs[0]!.key);
    expect(back).toMatchObject({ rmse: null, accuracy: report.accuracy?.train });
    // A linear run keeps its RMSE and has no accuracy.
    const [linear] = runRows(add(EMPTY_RUNS, { learningRate: 0.49 }), null);
    expect(linear).toMatchObject({ accuracy: null });
    expect(linear!.rmse).not.toBeNull();
  });

  it('names the largest rate that converged in the table for the same config otherwise ("converged here before")', () => {
    const state = add(EMPTY_RUNS, { learningRate: 0.3 }, { learningRate: 0.49 }, { learningRate: 1.5 }, { learningRate: 0.5, batchSize: 32 }, { learningRate: 0.01 });
    const current = state.runs[0]!.key;
    // 0.3 and 0.49 converged at full batch; 1.5 diverged; 0.5 trained with batches of 32, another config.
    expect(bestConvergedRate(state, current)).toBe(0.49);
    expect(bestConvergedRate(add(EMPTY_RUNS, { learningRate: 0.01 }), null)).toBeNull();
    expect(bestConvergedRate(add(EMPTY_RUNS, { learningRate: 1.5 }, { learningRate: 0.01 }), configKey(train({ learningRate: 0.01 }).config!))).toBeNull();
  });

  it('gives each row its verdict, the epoch it converged at, the final loss and RMSE = √(final loss) in the label\'s units', () => {
    const state = add(EMPTY_RUNS, { learningRate: 0.49 }, { learningRate: 1.5 }, { learningRate: 0.01 });
    const rows = runRows(state, state.runs[2]!.key);
    const [slow, diverged, converged] = rows as [RunRow, RunRow, RunRow];
    const report = train({ learningRate: 0.49 });
    expect(converged).toMatchObject({ verdict: 'converged', convergedEpoch: report.verdictEpoch, finalLoss: report.finalLoss, labelName: 'Miles_per_Gallon', current: true });
    // The loss is the mean squared error (1/N) Σ (ŷ − y)², no ½: its root is the RMSE.
    const residuals = report.finalLoss!;
    expect(converged.rmse).toBeCloseTo(Math.sqrt(residuals), 12);
    expect(slow.verdict).toBe('too-slow');
    expect(slow.convergedEpoch).toBeNull();
    expect(diverged.verdict).toBe('diverged');
    expect(diverged.current).toBe(false);
  });

  it('stores at most MAX_STORED_POINTS losses a run, keeping the extremes', () => {
    const long = train({ learningRate: 0.001, epochs: 3000 });
    const run = storedRunFrom(long)!;
    expect(run.trainLoss.length).toBeLessThanOrEqual(MAX_STORED_POINTS);
    expect(run.trainLoss[0]).toBe(long.history!.trainLoss[0]);
    expect(run.lossEpochs.at(-1)).toBe(3000);
    expect(JSON.stringify(add(EMPTY_RUNS, ...rates.slice(0, MAX_RUNS).map((learningRate) => ({ learningRate, epochs: 3000 })))).length).toBeLessThan(200_000);
  });
});

describe('the runs read back from the workspace state', () => {
  const state = add(EMPTY_RUNS, { learningRate: 0.1 }, { learningRate: 0.5 }, { learningRate: 1.5 });

  it('round-trips through JSON', () => {
    expect(parseStoredRuns(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it('gives the empty state for anything that is not a runs state', () => {
    for (const junk of [undefined, null, 'runs', 42, [], { version: 2, nextId: 1, runs: [] }, { version: 1, nextId: -1, runs: [] }, { version: 1, nextId: 1, runs: {} }]) expect(parseStoredRuns(junk)).toEqual(EMPTY_RUNS);
  });

  it('drops malformed rows and keeps the rest', () => {
    const bad: Partial<Record<keyof StoredRun, unknown>>[] = [
      { learningRate: -1 },
      { learningRate: Number.NaN },
      { key: 'not a hash' },
      { batchSize: 0 },
      { verdict: 'great' },
      { trainLoss: [1, 2] },
      { trainLoss: Array(MAX_STORED_POINTS + 1).fill(1), lossEpochs: Array(MAX_STORED_POINTS + 1).fill(1) },
      { slot: MAX_RUNS },
      { labelName: 'x'.repeat(1000) },
      { settings: [['lr', 5]] },
      { pinned: 'yes' },
      { finalLoss: Infinity },
    ];
    for (const change of bad) {
      const raw = JSON.parse(JSON.stringify(state)) as { runs: Record<string, unknown>[] };
      Object.assign(raw.runs[1]!, change);
      const read = parseStoredRuns(raw);
      expect(read.runs.map((r) => r.id), JSON.stringify(change).slice(0, 80)).toEqual([state.runs[0]!.id, state.runs[2]!.id]);
    }
  });

  it('drops duplicate configs, ids and slots, rows past the limit, and undoes pins past the limit', () => {
    const many = add(EMPTY_RUNS, ...rates.slice(0, MAX_RUNS).map((learningRate) => ({ learningRate })));
    const copy = (r: StoredRun, change: Partial<StoredRun>) => ({ ...r, ...change });
    const raw = { ...many, nextId: 1000, runs: [...many.runs.map((r) => ({ ...r, pinned: true })), copy(many.runs[0]!, { id: 500, slot: 7 }), copy(many.runs[0]!, { id: 501, key: 'a'.repeat(64) })] };
    const read = parseStoredRuns(raw);
    expect(read.runs).toHaveLength(MAX_RUNS);
    expect(read.runs.filter((r) => r.pinned)).toHaveLength(MAX_PINNED);
    expect(new Set(read.runs.map((r) => r.key)).size).toBe(MAX_RUNS);
  });
});

describe('the runs table\'s order', () => {
  const row = (id: number, change: Partial<RunRow>): RunRow => ({ id, label: `r${id}`, current: false, pinned: false, hidden: false, slot: id, learningRate: 0.1, batchSize: 'full', epochs: 50, verdict: 'converged', convergedEpoch: 3, finalLoss: 20, rmse: Math.sqrt(20), accuracy: null, labelName: 'y', ...change });
  const rows = [row(1, { learningRate: 0.3, finalLoss: null, rmse: null, verdict: 'diverged', convergedEpoch: null }), row(2, { learningRate: 0.01, pinned: true, finalLoss: 40 }), row(3, { learningRate: 0.1, batchSize: 1, finalLoss: 19 })];

  it('puts pinned rows first, then sorts by the column, missing values last', () => {
    expect(sortRunRows(rows, null).map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortRunRows(rows, { column: 'learningRate', descending: false }).map((r) => r.id)).toEqual([2, 3, 1]);
    expect(sortRunRows(rows, { column: 'learningRate', descending: true }).map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortRunRows(rows, { column: 'finalLoss', descending: false }).map((r) => r.id)).toEqual([2, 3, 1]);
    expect(sortRunRows(rows, { column: 'finalLoss', descending: true }).map((r) => r.id)).toEqual([2, 3, 1]);
    expect(sortRunRows(rows, { column: 'batchSize', descending: false }).map((r) => r.id)).toEqual([2, 3, 1]);
    expect(sortRunRows(rows, { column: 'verdict', descending: true }).map((r) => r.id)).toEqual([2, 1, 3]);
  });

  it('cycles a header: ascending, descending, newest first; and reads back only a valid order', () => {
    const a = nextRunsSort(null, 'rmse');
    expect(a).toEqual({ column: 'rmse', descending: false });
    expect(nextRunsSort(a, 'rmse')).toEqual({ column: 'rmse', descending: true });
    expect(nextRunsSort(nextRunsSort(a, 'rmse'), 'rmse')).toBeNull();
    expect(nextRunsSort(a, 'epochs')).toEqual({ column: 'epochs', descending: false });
    expect(parseRunsSort({ column: 'rmse', descending: true })).toEqual({ column: 'rmse', descending: true });
    expect(parseRunsSort({ column: 'name', descending: true })).toBeNull();
    expect(parseRunsSort({ column: 'rmse' })).toBeNull();
  });
});

// ── the overlay's loss axis ──────────────────────────────────────────────────────────────────

const positive = fc.double({ min: 1e-3, max: 1e4, noNaN: true });
const curveArb = fc.record({
  values: fc.array(positive, { minLength: 1, maxLength: 30 }),
  diverged: fc.boolean(),
  blowUp: fc.double({ min: 1, max: 1e30, noNaN: true }),
});

type RandomCurve = { values: number[]; diverged: boolean; blowUp: number };

/** A chart's data with a current run and up to seven others; a diverged run grows by up to 1e30 after its start. */
function chartDataOf(others: RandomCurve[], cur: RandomCurve): ChartData {
  const losses = (c: RandomCurve) => (c.diverged ? c.values.map((v, i) => (i === 0 ? v : v * c.blowUp ** (i / c.values.length))) : c.values);
  const curve = (c: RandomCurve) => ({ epochs: c.values.map((_, i) => i), loss: losses(c) });
  return {
    specKey: 'k',
    lossUnit: 'y²',
    updatesPerEpoch: 1,
    training: curve(cur),
    validation: null,
    batch: null,
    verdict: null,
    diverged: cur.diverged,
    optimalLoss: 1e-4,
    previous: others.map((o, i) => ({ ...curve(o), runId: i + 1, label: `run ${i + 1}`, slot: i, updatesPerEpoch: 1, diverged: o.diverged, optimalLoss: 1e-4 })),
  };
}

describe('the overlay\'s loss axis', () => {
  it('keeps every point of every shown run that did not diverge inside the axis; diverged runs stay under its top (property)', () => {
    fc.assert(
      fc.property(curveArb, fc.array(curveArb, { maxLength: MAX_RUNS - 1 }), fc.boolean(), fc.boolean(), (cur, others, logScale, excess) => {
        const data = chartDataOf(others, cur);
        const shown = viewDatasets(data, { ...DEFAULT_VIEW, logScale, excess });
        const [lo, hi] = shown.domain!;
        const anyKept = [cur, ...others].some((c) => !c.diverged);
        const runs = [{ id: 0, c: cur }, ...others.map((c, i) => ({ id: i + 1, c }))];
        for (const { id, c } of runs) {
          const points = shown.curves.filter((p) => p.run === id);
          if (!c.diverged || !anyKept) {
            for (const p of points) {
              expect(p.loss).toBeGreaterThanOrEqual(logScale || excess ? lo : 0);
              expect(p.loss).toBeLessThanOrEqual(hi);
            }
            expect(points).toHaveLength(c.values.filter((v) => !excess || v - 1e-4 > 0).length);
          } else {
            for (const p of points) expect(p.loss).toBeLessThanOrEqual(hi);
          }
        }
        // Every exit marks a diverged run at the axis's top.
        for (const e of shown.exits) {
          expect(e.loss).toBe(hi);
          expect(runs.find((r) => r.id === e.run)?.c.diverged).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is not stretched by a run that diverges to 1e30, nor clipped by a slow one', () => {
    const domain = lossDomain(
      [
        { values: [600, 100, 20, 19], capped: false },
        { values: [600, 500, 450, 400], capped: false },
        { values: [600, 5e3, 1e12, 1e30], capped: true },
      ],
      [],
      true,
    )!;
    expect(domain[0]).toBeLessThanOrEqual(19);
    expect(domain[1]).toBeGreaterThanOrEqual(600);
    expect(domain[1]).toBeLessThan(1e3);
  });

  it('keeps the x-axis on the whole current run when it diverged and is cut near its start', () => {
    const data = lossChartData(train({ learningRate: 1.5 }), [previousRunFromStored({ ...stored({ learningRate: 0.1 }), id: 2, pinned: false, hidden: false, slot: 0 }, 'lr 0.1')]);
    const shown = chartView(data, DEFAULT_VIEW);
    expect(shown.signals.xDomain).toEqual([0, 20]);
    expect(shown.data.exits.map((e) => e.series)).toEqual([SERIES.training]);
    expect(shown.signals.yDomain[1]).toBeLessThan(1e4);
  });

  it('cuts a capped curve where it crosses the top, interpolated on the axis\'s scale', () => {
    const p = (x: number, loss: number) => ({ series: 's', run: 1, epoch: x, update: x, x, loss, value: loss, dashed: false });
    const { kept, exit } = cutAtTop([p(0, 10), p(1, 100), p(2, 10_000)], 1000, true);
    // 1000 is halfway from 100 to 10,000 in log space.
    expect(kept.map((k) => k.loss)).toEqual([10, 100, 1000]);
    expect(kept[2]!.x).toBeCloseTo(1.5, 12);
    expect(exit!.x).toBeCloseTo(1.5, 12);
    expect([exit!.epoch, exit!.value]).toEqual([2, 10_000]);
    const linear = cutAtTop([p(0, 10), p(1, 100), p(2, 10_000)], 1000, false);
    expect(linear.exit!.x).toBeCloseTo(1 + 900 / 9900, 12);
    expect(cutAtTop([p(0, 10), p(1, 20)], 1000, false).exit).toBeNull();
  });

  it('draws the excess loss L − L* of each run on a log axis, with L* named', () => {
    const report = train({ learningRate: 0.1 });
    const other = storedRunFrom(train({ learningRate: 0.02 }))!;
    const data = lossChartData(report, [previousRunFromStored({ ...other, id: 9, pinned: false, hidden: false, slot: 0 }, 'lr 0.02')]);
    const shown = viewDatasets(data, { ...DEFAULT_VIEW, logScale: false, excess: true });
    const lStar = report.optimalLoss!;
    const training = shown.curves.filter((c) => c.series === SERIES.training);
    expect(training[0]!.loss).toBeCloseTo(report.history!.trainLoss[0]! - lStar, 9);
    expect(training.every((c) => c.loss > 0 && Math.abs(c.value - c.loss - lStar) < 1e-9 * c.value)).toBe(true);
    expect(shown.curves.some((c) => c.series === 'lr 0.02')).toBe(true);
    // The loss view draws L* as a reference line instead.
    const plain = viewDatasets(data, { ...DEFAULT_VIEW });
    expect(plain.reference).toEqual([expect.objectContaining({ series: SERIES.optimum, loss: lStar })]);
    expect(shown.reference).toEqual([]);
  });
});

// ── the runs' colours ────────────────────────────────────────────────────────────────────────

/** The default themes' values of the variables the chart reads (as VS Code 1.100 sets them). */
const THEMES: Record<string, Record<string, string>> = {
  'Dark Modern': { '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185', '--vscode-charts-yellow': '#cca700', '--vscode-charts-red': '#f14c4c', '--vscode-charts-purple': '#b180d7', '--vscode-terminal-ansiCyan': '#11a8cd', '--vscode-terminal-ansiMagenta': '#bc3fbc', '--vscode-terminal-ansiBrightMagenta': '#d670d6', '--vscode-terminal-ansiBrightCyan': '#29b8db', '--vscode-terminal-ansiBrightGreen': '#23d18b' },
  'Light Modern': { '--vscode-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#717171', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#388a34', '--vscode-charts-yellow': '#bf8803', '--vscode-charts-red': '#e51400', '--vscode-charts-purple': '#652d90', '--vscode-terminal-ansiCyan': '#0598bc', '--vscode-terminal-ansiMagenta': '#bc05bc', '--vscode-terminal-ansiBrightMagenta': '#bc05bc', '--vscode-terminal-ansiBrightCyan': '#0598bc', '--vscode-terminal-ansiBrightGreen': '#14ce14' },
};

describe('the runs\' colours', () => {
  const reserved = (vars: Record<string, string>) => new Set(['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-red'].map((v) => vars[v]?.toLowerCase()));

  for (const [name, vars] of Object.entries(THEMES)) {
    it(`in ${name}: six distinct colours, none the training, validation or diverged colour`, () => {
      const colours = runColours(vars);
      expect(colours).toHaveLength(RUN_COLOURS);
      expect(new Set(colours.map((c) => c.toLowerCase())).size).toBe(RUN_COLOURS);
      for (const c of colours) expect(reserved(vars).has(c.toLowerCase())).toBe(false);
      // The chart's category range gives every run slot one of them; slots past six are dashed.
      const category = themeConfig(vars, 'dark').range.category;
      const slots = slotColours(vars);
      expect(category.slice(-MAX_RUNS)).toEqual(slots.map((s) => s.colour));
      expect(slots.map((s) => s.dashed)).toEqual(Array.from({ length: MAX_RUNS }, (_, k) => k >= RUN_COLOURS));
    });
  }

  it('never picks a reserved colour while a candidate is free, whatever the theme (property)', () => {
    const colour = fc.constantFrom('#111111', '#222222', '#333333', '#444444', '#555555', '#3794FF', '#3794ff');
    const names = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-red', '--vscode-charts-purple', '--vscode-terminal-ansiCyan', '--vscode-terminal-ansiMagenta', '--vscode-charts-green', '--vscode-foreground', '--vscode-charts-yellow'];
    fc.assert(
      fc.property(fc.tuple(...names.map(() => colour)), (values) => {
        const vars = Object.fromEntries(names.map((n, i) => [n, values[i] as string]));
        const blocked = reserved(vars);
        const free = names.slice(3).some((n) => !blocked.has(vars[n]!.toLowerCase()));
        const colours = runColours(vars);
        if (free) for (const c of colours) expect(blocked.has(c.toLowerCase())).toBe(false);
        // As many distinct colours as the theme has free candidates, up to six.
        const distinctFree = new Set(names.slice(3).map((n) => vars[n]!.toLowerCase()).filter((c) => !blocked.has(c)));
        expect(new Set(colours.map((c) => c.toLowerCase())).size).toBe(Math.min(RUN_COLOURS, Math.max(1, distinctFree.size)));
      }),
    );
  });
});

describe('the points the pointer picks', () => {
  it('thins the current run\'s curves to a few hundred points each, the first and last kept', () => {
    const report = train({ learningRate: 0.001, epochs: 3000, validationSplit: 0.2 });
    const shown = viewDatasets(lossChartData(report, []), DEFAULT_VIEW);
    for (const series of [SERIES.training, SERIES.validation]) {
      const all = shown.curves.filter((p) => p.series === series);
      const hover = shown.hover.filter((p) => p.series === series);
      expect(all.length).toBeGreaterThan(MAX_HOVER_POINTS);
      expect(hover.length).toBeLessThanOrEqual(MAX_HOVER_POINTS);
      expect([hover[0], hover.at(-1)]).toEqual([all[0], all.at(-1)]);
    }
  });
});
