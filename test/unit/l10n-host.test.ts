// The extension host's surfaces in Japanese, with the real bundle: the charts' fixed texts (titles,
// axis titles, tooltip titles, legend labels, descriptions), the chart data's words (run labels,
// rules, notes), and the status bar, CodeLens and quick fix. Each text is checked to read as
// Japanese (no English prose: `englishProse`) and to differ from its English, found by building
// the same surface in English first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compareBatchSizes, compareLearningRates, sweepLearningRates } from '../../src/core/lab';
import { planRun, runTraining } from '../../src/core/run';
import { classifierViewData } from '../../src/chart/classifierData';
import { landscapeData } from '../../src/chart/landscapeData';
import { lossChartData } from '../../src/chart/lossData';
import { buildLossSpecs, chartStructure, lossChartSpec, type ChartStructure } from '../../src/chart/lossSpec';
import { accuracySpec, boundarySpec, buildModelSpecs, featureSpec, landscapeSpec, predictedSpec, sigmoidSpec } from '../../src/chart/modelSpec';
import { modelViewsOf } from '../../src/chart/modelViews';
import { previousRunFrom } from '../../src/chart/previousRuns';
import { EMPTY_RUNS, addRun, runLabels, storedRunFrom } from '../../src/chart/runsStore';
import { seriesLabels } from '../../src/shared/seriesLabels';
import { buildLabSpec, comparisonData, labChartSpec, sweepData } from '../../src/labChart';
import { setLanguage } from '../../src/shared/l10n';
import { FIXED_SERIES } from '../../src/shared/series';
import type { RunReport } from '../../src/shared/report';
import { fillView, specDatasets } from '../../webview/chart';
import { chartView } from '../../webview/chartView';
import { DEFAULT_VIEW } from '../../webview/view';
import { configText } from './helpers';
import { englishProse } from './japanese';

// ── a `vscode` just large enough for the status bar, the CodeLens and the quick fixes ────────────
vi.mock('vscode', () => {
  class Range {
    constructor(
      readonly start: unknown,
      readonly end: unknown,
    ) {}
  }
  class CodeLens {
    constructor(
      readonly range: Range,
      readonly command: { title: string; tooltip?: string },
    ) {}
  }
  class CodeAction {
    edit: unknown;
    disabled: unknown;
    diagnostics: unknown;
    isPreferred = false;
    constructor(readonly title: string) {}
  }
  class WorkspaceEdit {
    readonly edits: unknown[] = [];
    replace(...args: unknown[]) {
      this.edits.push(args);
    }
  }
  class ThemeColor {
    constructor(readonly id: string) {}
  }
  const item = { name: '', text: '', tooltip: '', command: undefined as unknown, backgroundColor: undefined as unknown, show() {}, hide() {}, dispose() {} };
  // A stand-in file named relative to the repo (the code under test only passes it on).
  const uri = { scheme: 'file', fsPath: 'examples/cars/training.json', toString: () => 'file:examples/cars/training.json' };
  return {
    Range,
    CodeLens,
    CodeAction,
    WorkspaceEdit,
    ThemeColor,
    CodeActionKind: { QuickFix: 'quickfix' },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2 },
    EndOfLine: { LF: 1, CRLF: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    Position: class {},
    Uri: { joinPath: () => uri },
    ViewColumn: { One: 1, Beside: -2 },
    window: {
      activeTextEditor: { document: { uri } },
      createStatusBarItem: () => item,
      onDidChangeActiveTextEditor: () => ({ dispose() {} }),
    },
    __item: item,
    __uri: uri,
  };
});

const root = path.resolve(__dirname, '..', '..');
const japanese = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.ja.json'), 'utf8')) as Record<string, string>;
const inJapanese = () => setLanguage({ locale: 'ja', bundle: japanese });
const inEnglish = () => setLanguage({ locale: 'en' });

/** Builds a surface in English, then in Japanese (the suite then stays in Japanese). */
function both<T>(build: () => T): { en: T; ja: T } {
  inEnglish();
  const en = build();
  inJapanese();
  return { en, ja: build() };
}

/** Texts meant to read as words: at least one run of two or more letters (not "x", "y", "b (Miles_per_Gallon)"). */
const hasWords = (s: string) => /[A-Za-z]{2,}/.test(s.replace(/\([^)]*_[^)]*\)/g, '').replace(/\b[A-Z][a-z]*_\w+/g, ''));

/** The keys of a Vega-Lite spec that hold text a reader sees. */
const TEXT_KEYS = new Set(['title', 'description']);

/** Every [path, English, Japanese] text of two specs built alike: titles, descriptions and the text params' values. */
function specTexts(en: unknown, ja: unknown, at = ''): [string, string, string][] {
  const out: [string, string, string][] = [];
  if (Array.isArray(en) && Array.isArray(ja)) en.forEach((e, i) => out.push(...specTexts(e, ja[i], `${at}[${i}]`)));
  else if (en && ja && typeof en === 'object' && typeof ja === 'object') {
    const e = en as Record<string, unknown>;
    const j = ja as Record<string, unknown>;
    // A param's value is a default text the page replaces (xTitle, positiveName): still shown before it does.
    if (typeof e.name === 'string' && typeof e.value === 'string' && typeof j.value === 'string') out.push([`${at}.${e.name}`, e.value, j.value]);
    for (const key of Object.keys(e)) {
      if (TEXT_KEYS.has(key) && typeof e[key] === 'string' && typeof j[key] === 'string') out.push([`${at}.${key}`, e[key], j[key] as string]);
      else out.push(...specTexts(e[key], j[key], `${at}.${key}`));
    }
  }
  return out;
}

/** Every legend of a Vega-Lite spec with a `labelExpr`, and the English names it is drawn for. */
function legendsOf(spec: unknown): { labelExpr: string; values: string[] }[] {
  const out: { labelExpr: string; values: string[] }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const legend = o.legend as Record<string, unknown> | undefined;
      if (legend && typeof legend.labelExpr === 'string') {
        const fromLegend = Array.isArray(legend.values) ? legend.values : [];
        const domain = (o.scale as { domain?: unknown } | undefined)?.domain;
        const fromScale = Array.isArray(domain) ? domain : [];
        const values = [...fromLegend, ...fromScale].filter((v): v is string => typeof v === 'string' && !/^[·\u2063]/.test(v));
        out.push({ labelExpr: legend.labelExpr, values: [...new Set(values)] });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(spec);
  return out;
}

/** What a legend's `labelExpr` draws for `label`, run through Vega's own expression interpreter (as the page runs it). */
async function legendLabel(labelExpr: string, label: string): Promise<string> {
  const spec = {
    signals: [
      { name: 'positiveName', value: 'Adelie' },
      { name: 'negativeName', value: 'Chinstrap' },
      { name: 'shownLabel', value: label },
      // Outside a legend there is no datum: the label is a signal of its own.
      { name: 'out', update: labelExpr.replace(/datum\.label/g, 'shownLabel') },
    ],
  } as unknown as vega.Spec;
  const view = new vega.View(vega.parse(spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
  await view.runAsync();
  const out: unknown = view.signal('out');
  if (typeof out !== 'string') throw new Error(`${labelExpr} gave ${String(out)} for ${label}`);
  return out;
}

/** Asserts each text reads as Japanese and is not its English; returns how many were checked. */
function expectJapanese(texts: readonly [string, string, string][]): number {
  const worded = texts.filter(([, en]) => hasWords(en));
  const prose = worded.filter(([, , ja]) => englishProse(ja).length > 0).map(([where, , ja]) => `${where}: ${ja} → ${englishProse(ja).join(' | ')}`);
  const untranslated = worded.filter(([, en, ja]) => en === ja).map(([where, en]) => `${where}: ${en}`);
  expect(prose).toEqual([]);
  expect(untranslated).toEqual([]);
  return worded.length;
}

const train = (o: Record<string, unknown>): RunReport => runTraining(configText(o), { geometry: true });
const carsText = configText({ epochs: 50, batchSize: 'full', normalize: 'zscore', validationSplit: 0.2, seed: 0, learningRate: 0.1 });
const planned = () => {
  const { plan, problems } = planRun(carsText);
  if (!plan) throw new Error(JSON.stringify(problems));
  return { plan, problems };
};
const penguins = (features: string[], model: Record<string, unknown> = { positive: 'Adelie', negative: 'Chinstrap' }) =>
  runTraining(configText({ model: { logistic: model }, data: { dataset: 'penguins', features, label: 'Species' }, learningRate: 1, epochs: 30, validationSplit: 0.2, normalize: 'zscore', seed: 0 }), { geometry: true });

afterAll(inEnglish);

describe('the charts’ fixed texts in Japanese', () => {
  const every: ChartStructure = { lossUnit: '(Miles_per_Gallon)²', validation: true, batch: true, verdict: true, previous: true, reference: true };

  it('titles every tooltip field, the description and the defaults of the loss chart in Japanese, on both axes types', () => {
    for (const log of [false, true]) {
      const { en, ja } = both(() => lossChartSpec(every, log));
      // Tooltip titles (verdict, best reachable, run, leaves the chart, series, epoch, update, loss) and the description.
      expect(expectJapanese(specTexts(en, ja))).toBeGreaterThanOrEqual(9);
    }
  });

  it('writes the loss chart’s legend entries in Japanese, and the hover tooltip’s series too, drawn by Vega', async () => {
    const fullBatch = train({ learningRate: 0.05, validationSplit: 0.2 });
    const sgd = train({ learningRate: 0.01, batchSize: 1, epochs: 3 });
    inJapanese();
    const previous = [previousRunFrom(sgd, 1, null)];
    const data = lossChartData(fullBatch, previous);
    const shown = chartView(data, { ...DEFAULT_VIEW });
    const spec = buildLossSpecs(chartStructure(data))[shown.spec] as vega.Spec;
    const chart = new vega.View(vega.parse(spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
    fillView(chart, specDatasets(spec), shown);
    await chart.runAsync();
    const items = sceneItems(chart);
    const legend = items.filter((i) => i.role === 'legend-label').map((i) => String(i.item.text));
    expect(legend.length).toBeGreaterThanOrEqual(3);
    expect(legend).toContain('学習損失');
    expect(legend).toContain('検証損失');
    expect(legend).toContain('到達可能な最小損失 (L*)');
    // Other runs have the runs table for a legend; their curves carry their Japanese labels.
    expect(data.previous.map((p) => p.label)).toEqual(['実行 1']);
    expect(legend.flatMap(englishProse)).toEqual([]);
    // What a screen reader hears of the drawn chart: its axes and legend, in Japanese (a guide's
    // description given as an expression used to come out as "[object Object]").
    const heard = [...(await chart.toSVG()).matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(heard.some((h) => /^X 軸/.test(h))).toBe(true);
    expect(heard.filter((h) => /object Object/.test(h) || englishProse(h).length > 0)).toEqual([]);
    const tips = items.filter((i) => i.role === 'mark' && i.marktype === 'symbol' && i.item.tooltip).map((i) => i.item.tooltip as Record<string, string>);
    expect(tips.length).toBeGreaterThan(0);
    for (const tip of tips) {
      expect(Object.keys(tip)).toEqual(['系列', 'エポック', '更新', '損失 (Miles_per_Gallon)²']);
      expect(englishProse(tip['系列'] ?? 'missing value')).toEqual([]);
      expect(['学習損失', '検証損失']).toContain(tip['系列']);
    }
  });

  it('labels every fixed series of the loss chart’s legend in Japanese', async () => {
    const { ja } = both(() => lossChartSpec(every, true));
    const [legend] = legendsOf(ja);
    expect(legend).toBeDefined();
    for (const name of FIXED_SERIES) {
      const label = await legendLabel(legend!.labelExpr, name);
      expect(label).toBe(seriesLabels()[name]);
      expect(label).not.toBe(name);
      expect(englishProse(label)).toEqual([]);
    }
  });

  const modelSpecs = { featureSpec, predictedSpec, landscapeSpec, boundarySpec, sigmoidSpec, accuracySpec };
  for (const [name, build] of Object.entries(modelSpecs)) {
    it(`titles and labels the ${name.replace('Spec', '')} view in Japanese: tooltips, description, class defaults and every legend entry`, async () => {
      const { en, ja } = both(build);
      expect(expectJapanese(specTexts(en, ja))).toBeGreaterThanOrEqual(1);
      const legends = legendsOf(ja);
      expect(legends.length).toBeGreaterThan(0);
      for (const legend of legends) {
        expect(legend.values.length).toBeGreaterThan(0);
        for (const value of legend.values) {
          const label = await legendLabel(legend.labelExpr, value);
          // The classes are the run's own names (Adelie, Chinstrap); every other entry is a series name.
          if (value !== '1' && value !== '0') expect(label, value).toBe(seriesLabels()[value]);
          else expect(label).toBe(value === '1' ? 'Adelie (1)' : 'Chinstrap (0)');
          expect(englishProse(label), `${value} → ${label}`).toEqual([]);
        }
      }
    });
  }

  for (const kind of ['rates', 'batches', 'optimizers', 'sweep'] as const) {
    it(`titles the lab’s ${kind} chart in Japanese: axes, tooltips, description, defaults and its legend`, async () => {
      const { en, ja } = both(() => labChartSpec(kind, '(mpg)²'));
      // The comparison: y axis, run, epoch, weight updates, examples seen, loss, description, xTitle; the sweep: both axes and five tooltip titles.
      expect(expectJapanese(specTexts(en, ja))).toBeGreaterThanOrEqual(7);
      expect(legendsOf(ja).length).toBeGreaterThan(0);
      for (const legend of legendsOf(ja)) {
        for (const value of legend.values) {
          const label = await legendLabel(legend.labelExpr, value);
          expect(label, value).toBe(seriesLabels()[value]);
          expect(englishProse(label)).toEqual([]);
        }
      }
    });
  }

  it('compiles the Japanese specs to Vega specs that parse and run headless', async () => {
    inJapanese();
    const specs: object[] = [...Object.values(buildModelSpecs()), ...(['rates', 'sweep'] as const).map((k) => buildLabSpec(k, '(mpg)²').spec)];
    for (const spec of specs) {
      const view = new vega.View(vega.parse(spec as vega.Spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
      await view.runAsync();
      expect(JSON.stringify(spec)).toMatch(/[\u3040-\u30ff]/);
    }
  });

  it('has a Japanese name for every series it translates, in the same bundle the host loads', () => {
    inJapanese();
    const labels = seriesLabels();
    expect(Object.keys(labels).length).toBe(28);
    expect(Object.values(labels).flatMap(englishProse)).toEqual([]);
  });
});

describe('the charts’ data in Japanese', () => {
  const fullBatch = train({ learningRate: 0.05 });

  it('labels runs by their settings’ Japanese names, and a run with nothing changed as 実行 n', () => {
    const runs = [train({ learningRate: 0.05, epochs: 20 }), train({ learningRate: 0.05, batchSize: 1, epochs: 3 })];
    const { en, ja } = both(() => {
      let state = EMPTY_RUNS;
      for (const r of runs) state = addRun(state, storedRunFrom(r)!);
      return [...runLabels(state.runs), previousRunFrom(fullBatch, 3, null).label];
    });
    expect(en).toEqual(['batch 1, epochs 3', 'batch full, epochs 20', 'run 3']);
    expect(ja).toEqual(['バッチ 1, エポック 3', 'バッチ full, エポック 20', '実行 3']);
    expect(ja.flatMap(englishProse)).toEqual([]);
  });

  it('writes the lab’s sweep rules and the comparison’s exit marks in Japanese', () => {
    const { plan, problems } = planned();
    const sweep = sweepLearningRates(plan);
    const rates = compareLearningRates(plan, problems, carsText);
    const { en, ja } = both(() => {
      const s = sweepData(sweep, 0.1);
      const c = comparisonData('rates', rates, 'training.json');
      return [...s.rules.map((r) => r.text), ...c.exits.map((e) => e.text)];
    });
    expect(en.some((t) => t.startsWith('bound '))).toBe(true);
    expect(en).toContain('↑ diverged');
    expect(expectJapanese(en.map((e, i) => [`text ${i}`, e, ja[i] as string]))).toBe(en.length);
  });

  it('gives the batch comparison’s chart a Japanese loss axis with the unit', () => {
    const { plan, problems } = planned();
    const batches = comparisonData('batches', compareBatchSizes(plan, problems, carsText), 'training.json');
    inJapanese();
    const spec = labChartSpec('batches', batches.lossUnit) as unknown as { layer: { encoding: { y: { title: string } } }[] };
    expect(spec.layer[1]?.encoding.y.title).toBe(`学習損失、${batches.lossUnit}`);
  });

  it('states the landscape’s axes and what it shows in Japanese, for one feature and for several', () => {
    const one = train({ learningRate: 0.98 });
    const two = train({ learningRate: 0.3, data: { dataset: 'cars', features: ['Weight_in_lbs', 'Horsepower'], label: 'Miles_per_Gallon' } });
    for (const report of [one, two]) {
      const { en, ja } = both(() => landscapeData(report)!);
      const texts: [string, string, string][] = [
        ['xTitle', en.xTitle, ja.xTitle],
        ['yTitle', en.yTitle, ja.yTitle],
        ['note', en.note, ja.note],
      ];
      expectJapanese(texts);
    }
  });

  it('says in Japanese why a view is missing, and what a classifier drawing of two of four features holds fixed', () => {
    const four = penguins(['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)']);
    const alone = penguins(['Flipper Length (mm)'], { positive: 'Gentoo' });
    const { en, ja } = both(() => [modelViewsOf(four, 1).reason ?? '', classifierViewData(four)?.projection ?? '', classifierViewData(alone)?.negative ?? '']);
    expect(en[1]).toMatch(/^This model has 4 features/);
    expect(en[2]).toBe('not Gentoo');
    expectJapanese(en.map((e, i) => [`text ${i}`, e, ja[i] as string]));
    expect(ja[2]).toBe('Gentoo 以外');
  });
});

describe('the editor’s surfaces in Japanese', () => {
  beforeAll(inJapanese);

  it('names the CodeLens commands in Japanese', async () => {
    const { TrainCodeLens } = await import('../../src/codeLens');
    const manager = { onDidChange: () => ({ dispose() {} }), summary: () => '収束（エポック 22）' };
    const lenses = new TrainCodeLens(manager as never).provideCodeLenses({ uri: {} } as never);
    const texts = lenses.flatMap((l) => [l.command?.title ?? '', l.command?.tooltip ?? '']);
    expect(texts).toEqual(['$(play) モデルを学習', 'この training.json で学習し、損失曲線を表示します', '前回の実行: 収束（エポック 22）', 'トレーニング パネルを表示']);
    expect(texts.flatMap(englishProse)).toEqual([]);
  });

  it('shows the status bar’s tooltip and command in Japanese, with and without a summary', async () => {
    const vscode = (await import('vscode')) as unknown as { __item: { text: string; tooltip: string; command: { title: string } } };
    const { StatusBar } = await import('../../src/statusBar');
    const changed: (() => void)[] = [];
    let summary: string | null = 'ワークスペースの信頼が必要です';
    const manager = { onDidChange: (f: () => void) => (changed.push(f), { dispose() {} }), summary: () => summary, state: () => 'untrusted', api: () => ({ lastReport: () => null }) };
    const bar = new StatusBar(manager as never);
    const item = vscode.__item;
    expect(item.tooltip).toBe('Descent: ワークスペースの信頼が必要です。クリックするとトレーニング パネルを表示します。');
    expect([item.text, item.tooltip, item.command.title].flatMap(englishProse)).toEqual([]);
    summary = null;
    changed.forEach((f) => f());
    expect(item.tooltip).toBe('Descent: このファイルで学習します（クリックするとトレーニング パネルを開きます）。');
    expect(englishProse(item.tooltip)).toEqual([]);
    bar.dispose();
  });

  it('titles the quick fix of the best converged rate in Japanese, and says in Japanese why an edit is refused', async () => {
    const { VerdictActions } = await import('../../src/codeActions');
    const text = '{ "learningRate": 1.5 ';
    const document = { uri: {}, eol: 1, getText: () => text, positionAt: (o: number) => o };
    const diagnostic = { source: 'Descent', code: 'diverged' };
    const actions = new VerdictActions(() => ({ fix: null, bestConverged: 0.49 })).provideCodeActions(document as never, {} as never, { diagnostics: [diagnostic] } as never);
    expect(actions.map((a) => a.title)).toEqual(['learningRate を 0.49 にする（最近の実行で収束した最大の学習率）']);
    const reason = (actions[0]?.disabled as { reason: string } | undefined)?.reason ?? '';
    expect(reason).toMatch(/^training\.json の 1 行 \d+ 列目が有効な JSON ではありません/);
    // The parse error's own words in parentheses are the config parser's, not this surface's.
    expect([actions[0]?.title ?? '', reason.replace(/（[^）]*）/, '')].flatMap(englishProse)).toEqual([]);
  });
});

type SceneNode = { marktype?: string; role?: string; items?: unknown[] };

/** Every drawn item with its mark's type and role (legend labels, data symbols…). */
function sceneItems(chart: vega.View): { marktype: string; role: string; item: Record<string, unknown> }[] {
  const out: { marktype: string; role: string; item: Record<string, unknown> }[] = [];
  const walk = (node: SceneNode) => {
    for (const item of node.items ?? []) {
      out.push({ marktype: node.marktype ?? '', role: node.role ?? '', item: item as Record<string, unknown> });
      const children = (item as { items?: unknown[] }).items;
      if (children) for (const child of children) walk(child as SceneNode);
    }
  };
  walk((chart.scenegraph() as unknown as { root: SceneNode }).root);
  return out;
}

describe('the screen reader hears no English Vega wrote itself', () => {
  beforeAll(inJapanese);
  afterAll(inEnglish);

  it('the model views’ and the lab’s axes and legends are left out of the accessibility tree (Vega-Lite’s default descriptions are English sentences); each chart keeps its own description', () => {
    const guides: [string, unknown, unknown][] = [];
    const walk = (o: unknown, where: string): void => {
      if (Array.isArray(o)) o.forEach((x) => walk(x, where));
      else if (o !== null && typeof o === 'object') {
        for (const k of ['axes', 'legends']) {
          const list = (o as Record<string, unknown>)[k];
          type Guide = { aria?: unknown; description?: unknown; encode?: Record<string, { update?: { description?: unknown } }> };
          if (Array.isArray(list)) for (const g of list as Guide[]) guides.push([`${where} ${k}`, g.aria, g.description ?? g.encode?.axis?.update?.description ?? g.encode?.legend?.update?.description]);
        }
        Object.values(o).forEach((v) => walk(v, where));
      }
    };
    const specs: [string, object][] = [
      ...Object.entries(buildModelSpecs()).map(([k, v]) => [`model ${k}`, v] as [string, object]),
      ['lab sweep', buildLabSpec('sweep', '(mpg)²').spec],
      ['lab comparison', buildLabSpec('rates', '(mpg)²').spec],
    ];
    for (const [where, spec] of specs) walk(spec, where);
    expect(guides.length).toBeGreaterThan(10);
    // Hidden, or given words of Descent's own (the lab's axes: "X 軸: …").
    expect(guides.filter(([, aria, description]) => aria !== false && !(aria === true && description !== undefined)).map(([where]) => where)).toEqual([]);
    const said = guides.flatMap(([, , description]) => (typeof description === 'string' ? [description] : []));
    expect(said.length).toBeGreaterThan(0);
    expect(said.flatMap((d) => englishProse(d))).toEqual([]);
  });
});

describe('a classifier’s loss unit in Japanese', () => {
  beforeAll(inJapanese);
  afterAll(inEnglish);

  it('writes "nats" as ナット wherever a chart or the panel names the unit (a formula unit stays as it is)', async () => {
    const { lossTitle } = await import('../../src/chart/lossSpec');
    const { lossUnitLabel } = await import('../../src/shared/wording');
    expect(lossTitle('nats')).toMatch(/ナット/);
    expect(lossUnitLabel('(Miles_per_Gallon)²')).toBe('(Miles_per_Gallon)²');
    const titles = JSON.stringify(buildLabSpec('sweep', 'nats').spec) + JSON.stringify(buildLabSpec('rates', 'nats').spec);
    expect(titles).toMatch(/ナット/);
    expect(titles).not.toMatch(/損失[^"]*nats/);
  });
});
