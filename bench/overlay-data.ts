/**
 * The data of the overlay benchmark (bench/overlay.mjs): the cars example's panel with eight
 * runs on its chart, the current one and seven others from the runs table (one diverged, so one
 * is cut at the top and marked), as the host sends it: compiled specs and a snapshot.
 */
import { lossChartData } from '../src/chart/lossData';
import { buildLossSpecs, chartStructure } from '../src/chart/lossSpec';
import { previousRunFromStored } from '../src/chart/previousRuns';
import { EMPTY_RUNS, addRun, configKey, runLabels, runRows, storedRunFrom } from '../src/chart/runsStore';
import { runTraining } from '../src/core/run';
import { type PanelSnapshot, panelReport } from '../src/shared/protocol';
import { MAX_RUNS } from '../src/shared/runs';
import type { ChartSpecs } from '../src/shared/series';

/** The rates of the seven other runs: too slow, converging, oscillating and diverged. */
const OTHER_RATES = [0.01, 0.02, 0.05, 0.3, 0.49, 0.9, 1.5];

/** One scenario: its name, the compiled specs and the snapshot the page draws. */
export interface OverlayCase {
  name: string;
  runs: number;
  points: number;
  specs: ChartSpecs;
  snapshot: PanelSnapshot;
}

function overlayCase(name: string, base: Record<string, unknown>, rate: number): OverlayCase {
  const text = (lr: number) => JSON.stringify({ ...base, learningRate: lr, data: { dataset: 'cars', features: ['Weight_in_lbs'], label: 'Miles_per_Gallon' }, normalize: 'zscore', validationSplit: 0.2, seed: 0 });
  let state = EMPTY_RUNS;
  for (const lr of OTHER_RATES) {
    const run = storedRunFrom(runTraining(text(lr)));
    if (run) state = addRun(state, run);
  }
  const report = runTraining(text(rate));
  const current = storedRunFrom(report);
  if (!current || !report.config) throw new Error('the current run did not train');
  state = addRun(state, current);
  const key = configKey(report.config);
  const labels = runLabels(state.runs);
  const others = state.runs.map((r, i) => ({ r, label: labels[i] as string })).filter(({ r }) => r.key !== key).map(({ r, label }) => previousRunFromStored(r, label));
  const chart = lossChartData(report, others);
  const specs = buildLossSpecs(chartStructure(chart));
  const points = chart.training.loss.length + (chart.validation?.loss.length ?? 0) + chart.previous.reduce((s, p) => s + p.loss.length, 0) + (chart.batch?.update.length ?? 0);
  const snapshot: PanelSnapshot = {
    fileName: 'training.json',
    relativePath: 'cars/training.json',
    fileUri: 'file:///bench/cars/training.json',
    state: 'done',
    message: null,
    runId: 1,
    report: panelReport(report),
    chart,
    bestConvergedRate: null,
    runs: runRows(state, key),
  };
  return { name, runs: 1 + chart.previous.length, points, specs, snapshot };
}

/** The benchmark's scenarios: the shipped example (50 epochs, full batch) and a longer mini-batch run with its batch band. */
export function overlayCases(): OverlayCase[] {
  if (OTHER_RATES.length + 1 !== MAX_RUNS) throw new Error('the benchmark draws as many runs as the panel keeps');
  return [overlayCase('cars, full batch, 50 epochs', { batchSize: 'full', epochs: 50 }, 0.1), overlayCase('cars, batches of 32, 2,000 epochs', { batchSize: 32, epochs: 2000 }, 0.1)];
}
