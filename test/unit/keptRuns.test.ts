import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEPT_RUN_ID_BASE, type KeptListed, keptRunView, keptUpdatesPerEpoch } from '../../src/chart/keptRows';
import { lossChartData } from '../../src/chart/lossData';
import { EMPTY_RUNS, type RunsState, addRun, applyRunAction, configKey, storedRunFrom } from '../../src/chart/runsStore';
import { runTraining } from '../../src/core/run';
import { buildRunFile } from '../../src/core/runFile';
import { KeptRuns } from '../../src/keptRuns';
import { hashData, keepRun } from '../../src/runFiles';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { MAX_KEPT_ROWS, MAX_RUNS } from '../../src/shared/runs';
import { MAX_PREVIOUS_DRAWN } from '../../src/shared/series';
import { keptDataText } from '../../webview/runsTable';
import { configText } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-kept-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const report = (o: Record<string, unknown>) => runTraining(configText({ epochs: 20, ...o }));
const keptFile = (o: Record<string, unknown>, minute = 0) => buildRunFile(report(o), { descentVersion: '9.9.9', createdAt: new Date(Date.UTC(2026, 10, 30, 9, minute)), dataHash: null });
const listed = (o: Record<string, unknown>, shown = false, minute = 0): KeptListed => ({ name: `k${minute}.json`, run: keptFile(o, minute), data: 'same', shown });
const own = (...rates: number[]): RunsState => rates.reduce((s, lr) => addRun(s, storedRunFrom(report({ learningRate: lr }))!), EMPTY_RUNS);

describe('kept runs in the runs table', () => {
  it('lists kept runs after the file\'s rows, hidden on the chart until shown, tagged with their file, time and data state', () => {
    const state = own(0.1);
    const { rows, previous } = keptRunView(state, state.runs[0]!.key, [listed({ learningRate: 0.5 }, false, 2), listed({ learningRate: 0.1 }, false, 1)]);
    expect(rows.map((r) => [r.learningRate, r.hidden, r.kept?.name])).toEqual([
      [0.5, true, 'k2.json'],
      [0.1, true, 'k1.json'],
    ]);
    expect(rows[0]!.kept!.createdAt).toBe('2026-11-30T09:02:00.000Z');
    expect(previous).toEqual([]);
  });

  it('draws a shown kept run in a slot no drawn run of the file holds, under a label naming it kept', () => {
    const state = own(0.1, 0.2, 0.3);
    const current = state.runs[0]!.key;
    const { rows, previous } = keptRunView(state, current, [listed({ learningRate: 0.05 }, true, 3)]);
    const drawnSlots = state.runs.filter((r) => r.key !== current).map((r) => r.slot);
    expect(previous).toHaveLength(1);
    expect(drawnSlots).not.toContain(previous[0]!.slot);
    expect(rows[0]!.slot).toBe(previous[0]!.slot);
    expect(rows[0]!.hidden).toBe(false);
    expect(previous[0]!.label).toMatch(/^kept 2026-11-30 09:03 UTC · lr 0\.05/);
    expect(previous[0]!.runId).toBeGreaterThanOrEqual(KEPT_RUN_ID_BASE);
    // The chart keeps that slot and label: the table's swatch is the curve's colour.
    const chart = lossChartData(report({ learningRate: 0.3 }), previous);
    expect(chart.previous.map((p) => p.slot)).toEqual([previous[0]!.slot]);
  });

  it('draws no more than the chart has room for: kept runs past MAX_PREVIOUS_DRAWN other runs stay hidden', () => {
    const rates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45];
    const state = own(...rates);
    expect(state.runs.length).toBe(MAX_RUNS);
    const current = state.runs[0]!.key;
    const { rows, previous } = keptRunView(state, current, [listed({ learningRate: 0.07 }, true, 4)]);
    expect(previous).toEqual([]);
    expect(rows[0]!.hidden).toBe(true);
    // Hiding one of the file's runs makes room.
    const hidden = applyRunAction(state, state.runs[1]!.id, 'hide', current);
    const after = keptRunView(hidden, current, [listed({ learningRate: 0.07 }, true, 4)]);
    expect(after.previous).toHaveLength(1);
    expect(hidden.runs.filter((r) => r.key !== current && !r.hidden).length + after.previous.length).toBe(MAX_PREVIOUS_DRAWN);
  });

  it('shows a kept classifier\'s accuracy and no RMSE; a kept linear run its RMSE', () => {
    const penguins = buildRunFile(runTraining(fs.readFileSync('examples/penguins/training.json', 'utf8')), { descentVersion: 'test', createdAt: new Date(0), dataHash: null });
    const { rows } = keptRunView(EMPTY_RUNS, null, [{ name: 'p.json', run: penguins, data: 'same', shown: false }, listed({ learningRate: 0.1 })]);
    expect(rows[0]).toMatchObject({ accuracy: penguins.accuracy?.train, rmse: null });
    expect(rows[1]!.accuracy).toBeNull();
    expect(rows[1]!.rmse).toBeCloseTo(Math.sqrt(rows[1]!.finalLoss!), 12);
  });

  it('lists at most MAX_KEPT_ROWS kept runs', () => {
    const many = Array.from({ length: MAX_KEPT_ROWS + 3 }, (_, i) => listed({ learningRate: 0.01 * (i + 1) }, false, i));
    expect(keptRunView(EMPTY_RUNS, null, many).rows).toHaveLength(MAX_KEPT_ROWS);
  });

  it('places a kept mini-batch run on the updates axis by its own updates per epoch', () => {
    const run = keptFile({ learningRate: 0.01, batchSize: 32 });
    expect(keptUpdatesPerEpoch(run)).toBe(Math.ceil(run.data.trainingRows / 32));
    expect(keptUpdatesPerEpoch(keptFile({ learningRate: 0.1 }))).toBe(1);
  });

  it('words each data state, and says nothing when the data is the same', () => {
    expect(keptDataText('changed')).toBe('data changed since this run');
    expect(keptDataText('unreadable')).toMatch(/unknown/);
    expect(keptDataText('no-hash')).toMatch(/no hash/);
    expect(keptDataText('same')).toBeNull();
  });

  it('accepts a Show from the page only for a kept run file name', () => {
    expect(parseWebviewMessage({ type: 'keptRun', name: '2026-11-30T09-12-03-441Z-run12.json', show: true })).toEqual({ type: 'keptRun', name: '2026-11-30T09-12-03-441Z-run12.json', show: true });
    expect(parseWebviewMessage({ type: 'keptRun', name: '../training.json', show: true })).toBeNull();
    expect(parseWebviewMessage({ type: 'keptRun', name: 'a/b.json', show: true })).toBeNull();
    expect(parseWebviewMessage({ type: 'keptRun', name: 'x.json', show: 'yes' })).toBeNull();
  });
});

describe('kept runs read from disk', () => {
  const csvRun = (dir: string) => {
    const csv = path.join(dir, 'd.csv');
    fs.writeFileSync(csv, 'a,y\n1,2\n2,4\n3,7\n4,8\n');
    const text = configText({ epochs: 5, learningRate: 0.1, data: { csv: 'd.csv', label: 'y' } });
    const r = runTraining(text, { reader: { readText: () => fs.readFileSync(csv, 'utf8') } });
    const trainingJson = path.join(dir, 'training.json');
    fs.writeFileSync(trainingJson, text);
    keepRun(trainingJson, r, 1, '9.9.9', hashData(r.config!, dir), 50, new Date('2026-11-30T09:00:00Z'));
    return { csv, trainingJson, key: configKey(r.config!) };
  };
  const settle = (kept: KeptRuns, file: string, want: string) =>
    new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 5000;
      const poll = () => {
        const state = kept.list(file).runs[0]?.data;
        if (state === want) resolve();
        else if (Date.now() > deadline) reject(new Error(`data state ${state}, wanted ${want}`));
        else setTimeout(poll, 10);
      };
      poll();
    });

  it('marks a kept run "changed" only after its CSV\'s bytes change, and says so once the check ends', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'csv-'));
    const { csv, trainingJson } = csvRun(dir);
    const notified: string[] = [];
    const kept = new KeptRuns((f) => notified.push(f), () => undefined);
    expect(kept.list(trainingJson).runs[0]!.data).toBe('checking');
    await settle(kept, trainingJson, 'same');
    expect(notified).toEqual([trainingJson]);
    // Rewritten with the same bytes: a new stamp, the same hash.
    fs.writeFileSync(csv, 'a,y\n1,2\n2,4\n3,7\n4,8\n');
    fs.utimesSync(csv, new Date(), new Date(Date.now() + 5000));
    kept.list(trainingJson);
    await settle(kept, trainingJson, 'same');
    fs.appendFileSync(csv, '5,11\n');
    kept.list(trainingJson);
    await settle(kept, trainingJson, 'changed');
    fs.rmSync(csv);
    kept.list(trainingJson);
    await settle(kept, trainingJson, 'unreadable');
  });

  it('lists the newest valid files, skips an invalid one, counts every file, and remembers which are shown', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'list-'));
    const { trainingJson } = csvRun(dir);
    fs.writeFileSync(path.join(dir, '.descent', 'runs', '2026-11-30T10-00-00-000Z-run9.json'), '{"format":"descent-run","version":1}');
    const kept = new KeptRuns(() => undefined, () => undefined);
    const list = kept.list(trainingJson);
    expect(list.total).toBe(2);
    expect(list.runs.map((r) => r.name)).toEqual(['2026-11-30T09-00-00-000Z-run1.json']);
    expect(list.runs[0]!.shown).toBe(false);
    expect(kept.setShown(trainingJson, list.runs[0]!.name, true)).toBe(true);
    expect(kept.setShown(trainingJson, list.runs[0]!.name, true)).toBe(false);
    expect(kept.list(trainingJson).runs[0]!.shown).toBe(true);
  });
});
