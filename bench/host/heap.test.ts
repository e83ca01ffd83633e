import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { descent, fixture, waitFor } from '../../test/integration/util';

/** A full collection, so heap figures compare live objects, not garbage. */
function collect(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

const RUNS = Number(process.env.DESCENT_BENCH_RUNS ?? 200);
const ROWS = Number(process.env.DESCENT_BENCH_ROWS ?? 1_000_000);
const figures: Record<string, unknown> = {};
const write = () => process.env.DESCENT_BENCH_OUT && fs.writeFileSync(process.env.DESCENT_BENCH_OUT, JSON.stringify(figures, null, 2));

// Not a test of behaviour: the figures for `npm run bench:editor`, measured in the real host.
suite('Editor benchmark', () => {
  test(`heap growth over ${RUNS} re-trainings of the cars example with the panel open`, async function () {
    this.timeout(600_000);
    const api = await descent();
    const uri = fixture('training.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const train = async () => {
      await vscode.commands.executeCommand('descent.train', uri);
      await api.whenIdle(uri);
    };
    for (let i = 0; i < 10; i++) await train();
    await waitFor('the panel to draw', () => {
      const s = api.panelState(uri);
      return s?.drawnRunIds.includes(s.runId);
    });
    collect();
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    for (let i = 0; i < RUNS; i++) await train();
    const ms = (Date.now() - started) / RUNS;
    await new Promise((r) => setTimeout(r, 1000));
    collect();
    const after = process.memoryUsage().heapUsed;
    figures.heap = { runs: RUNS, beforeMB: before / 2 ** 20, afterMB: after / 2 ** 20, growthMB: (after - before) / 2 ** 20, msPerRun: ms };
    write();
  });

  test(`event-loop delay of the extension host while ${ROWS.toLocaleString('en-US')} rows train`, async function () {
    this.timeout(600_000);
    const api = await descent();
    const uri = fixture('bench-large/training.json');
    const config = { learningRate: 0.01, batchSize: 100, epochs: 5, data: { synthetic: { samples: ROWS, features: 8, noise: 0.5, seed: 1 } } };
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(config, null, 2)));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const started = Date.now();
    await vscode.commands.executeCommand('descent.train', uri);
    await api.whenIdle(uri);
    histogram.disable();
    const ms = (ns: number) => ns / 1e6;
    figures.eventLoop = { rows: ROWS, runMs: Date.now() - started, verdict: api.lastReport(uri)?.verdict, p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max), samples: histogram.count };
    write();
  });
});
