// Both pages in Japanese: the training panel and the Descent Lab, built by their real layouts
// (webview/render.ts, lab/render.ts) in a stand-in DOM and fed the host's messages for
// representative runs: a converged cars run with other and kept runs, a diverged run, batch runs,
// a run with Adam, logistic runs, a broken training.json, and every state of the panel; then each
// lab. Every text node and every aria-label, title and placeholder must read as Japanese (no run
// of English prose), and must not be the English page.
//
// What the host writes (a verdict's reason, the wording table's verdicts, a lab's summary) is the
// host's to translate and its own tests' to check: strings of English prose the host sends are
// swapped for a Japanese stand-in, so what is checked here is what the pages themselves write.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../src/shared/l10n';
import { englishProse } from './japanese';

vi.mock('@vscode-elements/elements/dist/vscode-button/index.js', () => ({}));
vi.mock('@vscode-elements/elements/dist/vscode-checkbox/index.js', () => ({}));
vi.mock('@vscode-elements/elements/dist/vscode-progress-bar/index.js', () => ({}));
vi.mock('@vscode-elements/elements/dist/vscode-radio/index.js', () => ({}));
vi.mock('@vscode-elements/elements/dist/vscode-radio-group/index.js', () => ({}));
// The page calls the wording table for the badge, the verdict heading and the runs table's verdicts: host words too.
vi.mock('../../src/shared/wording', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/shared/wording')>();
  const { hostWords } = await import('./hostWords');
  return {
    ...real,
    verdictSummary: (...args: Parameters<typeof real.verdictSummary>) => hostWords(real.verdictSummary(...args)),
    verdictHeadline: (...args: Parameters<typeof real.verdictHeadline>) => hostWords(real.verdictHeadline(...args)),
  };
});

import { analyzeRows } from '../../src/core/curvature';
import { compareBatchSizes, compareLearningRates, compareOptimizers, sweepLearningRates } from '../../src/core/lab';
import { planRun, runTraining } from '../../src/core/run';
import { lossChartData } from '../../src/chart/lossData';
import { buildLossSpecs, chartStructure } from '../../src/chart/lossSpec';
import { buildModelSpecs } from '../../src/chart/modelSpec';
import { modelViewsOf } from '../../src/chart/modelViews';
import { previousRunFrom } from '../../src/chart/previousRuns';
import { buildLabSpec, comparisonData, sweepData } from '../../src/labChart';
import type { LabView } from '../../src/shared/labProtocol';
import { type PanelSnapshot, panelReport } from '../../src/shared/protocol';
import type { RunReport } from '../../src/shared/report';
import type { RunRow } from '../../src/shared/runs';
import { MAX_PREVIOUS_DRAWN } from '../../src/shared/series';
import { createLabPage } from '../../webview/lab/page';
import { createLabLayout } from '../../webview/lab/render';
import { createPage } from '../../webview/page';
import { createLayout } from '../../webview/render';
import { themeConfig } from '../../webview/theme';
import { type FakeElement, installFakeDom, pageText } from './fakeDom';
import { hostWords } from './hostWords';
import { configText } from './helpers';

const root = path.resolve(__dirname, '..', '..');
const JA = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.ja.json'), 'utf8')) as Record<string, string>;

afterAll(() => setLanguage({ locale: 'en' }));

/** Every string of a message the host sends, with English prose swapped for the stand-in (see the top). */
function fromHost<T>(value: T): T {
  if (typeof value === 'string') return hostWords(value) as T;
  if (Array.isArray(value)) return value.map((v) => fromHost(v)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromHost(v)])) as T;
  return value;
}

const settle = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const stubRenderer = { render: async () => 1, clear: () => undefined, signal: async () => undefined };

const train = (o: Record<string, unknown>): RunReport => runTraining(configText({ epochs: 40, seed: 0, ...o }), { geometry: true });
const penguins = (features: string[], o: Record<string, unknown> = {}): RunReport =>
  train({ model: { logistic: { positive: 'Adelie', negative: 'Chinstrap' } }, data: { dataset: 'penguins', features, label: 'Species' }, learningRate: 2.5, epochs: 30, validationSplit: 0.2, normalize: 'zscore', ...o });

const row = (id: number, report: RunReport, over: Partial<RunRow> = {}): RunRow => ({
  id,
  label: `lr ${report.config?.learningRate ?? 0}`,
  current: false,
  pinned: false,
  hidden: false,
  slot: id % 6,
  learningRate: report.config?.learningRate ?? 0,
  batchSize: report.config?.batchSize === 'full' || report.config?.batchSize === undefined ? 'full' : report.config.batchSize,
  epochs: report.epochsRun,
  verdict: report.verdict,
  convergedEpoch: report.verdict === 'converged' ? report.verdictEpoch : null,
  finalLoss: report.finalLoss,
  rmse: report.finalLoss === null ? null : Math.sqrt(report.finalLoss),
  accuracy: report.accuracy?.train ?? null,
  labelName: report.data?.label ?? 'y',
  ...over,
});

/** The training panel's text after the host sent `snapshot` (and the run's model views), with the epochs playing. */
async function panelText(snapshot: PanelSnapshot, report: RunReport | null, progress = false): Promise<string[]> {
  const doc = installFakeDom();
  const app = doc.createElement('main');
  doc.body.append(app);
  const page = createPage({
    api: { postMessage: () => undefined, getState: () => undefined, setState: () => undefined },
    makeLayout: (actions) => createLayout(app as unknown as HTMLElement, actions),
    renderer: stubRenderer,
    makeRenderer: () => stubRenderer,
    theme: () => themeConfig({}, 'dark'),
  });
  const send = (body: unknown) => page.receive({ kind: 'event', body });
  if (snapshot.chart) send({ type: 'chartSpecs', specs: buildLossSpecs(chartStructure(snapshot.chart)) });
  send({ type: 'modelSpecs', specs: buildModelSpecs() });
  if (report?.history) send({ type: 'modelViews', views: fromHost(modelViewsOf(report, snapshot.runId)) });
  send({ type: 'snapshot', snapshot: fromHost(snapshot) });
  if (progress) send({ type: 'progress', runId: snapshot.runId, epoch: 12, epochs: 50, loss: 23.4 });
  // The model views draw a while after the loss chart (modelSection.ts NEW_RUN_DELAY_MS).
  await settle(250);
  const text = pageText(doc.documentElement);
  const play = doc.getElementById('model-play');
  if (play && !play.parentNode?.parentNode?.hidden) {
    play.dispatch('click');
    text.push(...pageText(play));
    play.dispatch('click');
  }
  return [...text, doc.title];
}

/** Every panel a learner meets, as text. */
async function panels(): Promise<Record<string, string[]>> {
  const converged = train({ learningRate: 0.05, validationSplit: 0.2 });
  const slower = train({ learningRate: 0.01, validationSplit: 0.2 });
  const diverged = train({ learningRate: 1.5 });
  const miniBatch = train({ learningRate: 0.002, batchSize: 32 });
  const sgd = train({ learningRate: 0.001, batchSize: 1, epochs: 5 });
  const adam = train({ learningRate: 0.2, optimizer: { adam: {} }, learningRateSchedule: { step: { every: 10, factor: 0.5 } } });
  const momentum = train({ learningRate: 0.05, optimizer: { momentum: 0.9 } });
  const twoFeatures = train({ learningRate: 0.3, normalize: 'none', data: { dataset: 'cars', features: ['Weight_in_lbs', 'Horsepower'], label: 'Miles_per_Gallon' } });
  const logistic = penguins(['Flipper Length (mm)', 'Body Mass (g)']);
  const sigmoid = penguins(['Flipper Length (mm)']);
  const invalid = runTraining('{ "learningRate": -1, "epochs": 0 }');

  const snapshot = (report: RunReport | null, over: Partial<PanelSnapshot> = {}): PanelSnapshot => ({
    fileName: 'training.json',
    relativePath: 'cars/training.json',
    fileUri: 'file:///w/cars/training.json',
    state: 'done',
    message: null,
    runId: 3,
    report: report ? panelReport(report) : null,
    chart: report?.trained ? lossChartData(report, [previousRunFrom(slower, 1, null)]) : null,
    bestConvergedRate: null,
    runs: [],
    ...over,
  });
  const kept = (id: number, report: RunReport, data: NonNullable<RunRow['kept']>['data'], hidden = true): RunRow =>
    row(id, report, { hidden, kept: { name: `2026-11-30T09-12-0${id}-000Z-run${id}.json`, createdAt: `2026-11-30T09:12:0${id}.000Z`, data } });
  const manyRuns = [
    row(1, converged, { current: true }),
    row(2, diverged, { pinned: true, hidden: true }),
    row(3, slower),
    row(4, logistic, { label: 'lr 2.5, Species' }),
    kept(5, converged, 'changed'),
    kept(6, slower, 'unreadable'),
    kept(7, diverged, 'no-hash'),
    kept(8, converged, 'checking'),
    kept(9, slower, 'same', false),
  ];
  const fullChart = Array.from({ length: MAX_PREVIOUS_DRAWN + 1 }, (_, i) => row(10 + i, slower, { current: i === 0, label: `lr 0.0${i + 1}` }));

  return {
    'a converged cars run with other and kept runs': await panelText(snapshot(converged, { runs: manyRuns, bestConvergedRate: 0.3, keptRuns: { total: 12, folder: '.descent/runs' } }), converged),
    'a chart with no room for a kept run': await panelText(snapshot(slower, { runs: [...fullChart, kept(30, converged, 'same')], keptRuns: { total: 1, folder: '.descent/runs' } }), slower),
    'a diverged run': await panelText(snapshot(diverged, { runs: [row(1, diverged, { current: true })] }), diverged),
    'a mini-batch run': await panelText(snapshot(miniBatch), miniBatch),
    'an SGD run': await panelText(snapshot(sgd), sgd),
    'a run with Adam and a schedule': await panelText(snapshot(adam), adam),
    'a run with momentum': await panelText(snapshot(momentum), momentum),
    'two features, not z-scored': await panelText(snapshot(twoFeatures), twoFeatures),
    'a logistic run': await panelText(snapshot(logistic, { runs: [row(1, logistic, { current: true })] }), logistic),
    'a logistic run on one feature': await panelText(snapshot(sigmoid), sigmoid),
    'a broken training.json': await panelText(snapshot(invalid, { state: 'invalid', chart: null }), null),
    'a cancelled run': await panelText(snapshot({ ...slower, verdict: null, stoppedEarly: 'cancelled' } as RunReport), null),
    'a run under way': await panelText(snapshot(null, { state: 'training' }), null, true),
    'a panel not run yet': await panelText(snapshot(null, { state: 'idle' }), null),
    'an untrusted workspace': await panelText(snapshot(null, { state: 'untrusted' }), null),
    'a deleted file': await panelText(snapshot(null, { state: 'deleted' }), null),
    'a stopped worker': await panelText(snapshot(null, { state: 'crashed' }), null),
  };
}

/** The lab page's text after the host sent `view` (and, while it runs, a progress line). */
async function labText(view: LabView): Promise<string[]> {
  const doc = installFakeDom();
  const app = doc.createElement('main');
  doc.body.append(app);
  const page = createLabPage({
    api: { postMessage: () => undefined, getState: () => undefined, setState: () => undefined },
    makeLayout: (actions) => createLabLayout(app as unknown as HTMLElement, actions),
    makeRenderer: () => stubRenderer,
    theme: () => themeConfig({}, 'dark'),
  });
  page.receive({ kind: 'event', body: { type: 'view', view: { ...fromHost(view), spec: view.spec } } });
  if (view.state === 'running') page.receive({ kind: 'event', body: { type: 'progress', labId: view.labId, done: 2, total: 3, text: hostWords('2 of 3 runs') } });
  await settle();
  // The lab's chart caption is the page's description of the chart, set before the (stand-in) renderer draws.
  return [...pageText(doc.documentElement as FakeElement), doc.title];
}

/** Every lab, as text. */
async function labs(): Promise<Record<string, string[]>> {
  const text = configText({ epochs: 50, batchSize: 'full', normalize: 'zscore', validationSplit: 0.2, seed: 0, learningRate: 0.1 });
  const { plan, problems } = planRun(text);
  if (!plan) throw new Error(JSON.stringify(problems));
  const rates = comparisonData('rates', compareLearningRates(plan, problems, text), 'training.json');
  const batches = comparisonData('batches', compareBatchSizes(plan, problems, text), 'training.json');
  const optimizers = comparisonData('optimizers', compareOptimizers(plan, problems, text, analyzeRows(plan.prepared.train, plan.config.model.kind)), 'training.json');
  const sweep = sweepData(sweepLearningRates(plan), 0.1);
  const view = (over: Partial<LabView>): LabView => ({ fileName: 'training.json', kind: 'rates', state: 'done', message: null, data: null, spec: null, labId: 1, ...over });
  return {
    'comparing learning rates': await labText(view({ kind: 'rates', data: rates, spec: buildLabSpec('rates', rates.lossUnit) })),
    'comparing batch sizes': await labText(view({ kind: 'batches', data: batches, spec: buildLabSpec('batches', batches.lossUnit) })),
    'comparing optimizers': await labText(view({ kind: 'optimizers', data: optimizers, spec: buildLabSpec('optimizers', optimizers.lossUnit) })),
    'the learning-rate sweep': await labText(view({ kind: 'sweep', data: sweep, spec: buildLabSpec('sweep', sweep.lossUnit) })),
    'a sweep under way': await labText(view({ kind: 'sweep', state: 'running' })),
  };
}

async function bothPages(): Promise<Record<string, string[]>> {
  return { ...(await panels()), ...(await labs()) };
}

describe('the pages in Japanese', () => {
  it('say everything in Japanese: no English prose in any text, aria-label, title or placeholder of the panel or the lab', async () => {
    setLanguage({ locale: 'en' });
    const english = await bothPages();
    setLanguage({ locale: 'ja', bundle: JA });
    const japanese = await bothPages();
    setLanguage({ locale: 'en' });

    expect(Object.keys(japanese)).toEqual(Object.keys(english));
    const leaks: Record<string, string[]> = {};
    for (const [scenario, lines] of Object.entries(japanese)) {
      // The English page is English (the check can see English), and the Japanese one is not it.
      const en = english[scenario] ?? [];
      expect(englishProse(en.join('\n')).length, scenario).toBeGreaterThan(0);
      expect(lines.join('\n'), scenario).not.toBe(en.join('\n'));
      const prose = lines.filter((line) => englishProse(line).length > 0);
      if (prose.length) leaks[scenario] = prose;
    }
    expect(leaks).toEqual({});
  }, 120_000);
});
