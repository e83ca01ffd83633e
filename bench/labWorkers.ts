/**
 * The Descent Lab's figures, through the same code the commands run (labRunner.ts with the real
 * training workers of dist/worker.js, then the chart data and the compiled spec the panel is sent):
 *   - a sweep of 24 rates on the cars example, from the command's call to the page's message
 *     (the worker's first start, then warm);
 *   - three learning rates compared in parallel workers against one training of the same config
 *     (synthetic data big enough that the runs dominate), on this machine's cores.
 * Prints what it measured; asserts no time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildLabSpec, comparisonData, labSpecKey, sweepData } from '../src/labChart';
import { type LabResult, startLab } from '../src/labRunner';
import type { LabKind, LabSpec } from '../src/shared/labProtocol';
import type { RunRequest } from '../src/shared/protocol';
import { WorkerClient } from '../src/workerClient';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2 : NaN;
};

const request = (text: string, baseDir: string, runId: number): RunRequest => ({ runId, text, baseDir, allowedRoots: [baseDir], maxUpdates: null });

/** What the panel does with a lab's result before posting it: the chart data, the spec (compiled once), the message serialized. */
function toMessage(kind: LabKind, result: LabResult, specs: Map<string, LabSpec>): number {
  const data = result.kind === 'sweep' ? sweepData(result.sweep, null) : result.kind === 'comparison' ? comparisonData(kind === 'batches' ? 'batches' : 'rates', result.comparison, 'training.json') : null;
  if (!data) throw new Error(`the lab did not finish: ${JSON.stringify(result).slice(0, 300)}`);
  const key = labSpecKey(kind, data.lossUnit);
  const spec = specs.get(key) ?? buildLabSpec(kind, data.lossUnit);
  specs.set(key, spec);
  return JSON.stringify({ type: 'view', view: { data, spec } }).length;
}

async function timeLab(workers: WorkerClient, kind: LabKind, text: string, baseDir: string, specs: Map<string, LabSpec>, runId: number): Promise<{ ms: number; result: LabResult; bytes: number }> {
  const t0 = performance.now();
  const result = await startLab(workers, request(text, baseDir, runId), kind, os.availableParallelism()).outcome;
  const bytes = toMessage(kind, result, specs);
  return { ms: performance.now() - t0, result, bytes };
}

async function timeTrain(workers: WorkerClient, text: string, baseDir: string, runId: number): Promise<number> {
  const t0 = performance.now();
  const o = await workers.start('train', request(text, baseDir, runId)).outcome;
  if (o.kind !== 'done' || !o.report.trained) throw new Error(`the single run did not train: ${JSON.stringify(o).slice(0, 300)}`);
  return performance.now() - t0;
}

export async function main(args: string[]): Promise<number> {
  const repo = process.cwd();
  const workers = new WorkerClient(path.join(repo, 'dist', 'worker.js'));
  const specs = new Map<string, LabSpec>();
  const lines: string[] = [];
  try {
    const carsDir = path.join(repo, 'examples', 'cars');
    const cars = fs.readFileSync(path.join(carsDir, 'training.json'), 'utf8');
    const first = await timeLab(workers, 'sweep', cars, carsDir, specs, 1);
    const warm: number[] = [];
    for (let i = 0; i < 20; i++) warm.push((await timeLab(workers, 'sweep', cars, carsDir, specs, 2 + i)).ms);
    const s = first.result.kind === 'sweep' ? first.result.sweep : null;
    const best = s && s.best !== null ? s.points[s.best] : undefined;
    lines.push(`Sweep of ${s?.points.length ?? '?'} rates on cars, command call → the panel's message (worker, chart data, spec, serialized ${(first.bytes / 1024).toFixed(0)} KiB):`);
    lines.push(`  first ${first.ms.toFixed(1)} ms (a worker started, the spec compiled), then median ${median(warm).toFixed(1)} ms, max ${Math.max(...warm).toFixed(1)} ms over ${warm.length}  (target ≤ 150 ms)`);
    lines.push(`  best ${best?.learningRate.toPrecision(4)} (${best?.verdict}), bound ${s?.stableLearningRateBound}, suggested ${s?.suggestedLearningRate}`);

    const rows = Number(args.find((a) => a.startsWith('--rows='))?.slice(7) ?? 1_000_000);
    const epochs = Number(args.find((a) => a.startsWith('--epochs='))?.slice(9) ?? 100);
    const batchArg = args.find((a) => a.startsWith('--batch='))?.slice(8) ?? 'full';
    const batchSize = batchArg === 'full' ? 'full' : Number(batchArg);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-bench-lab-'));
    const big = JSON.stringify({ learningRate: 0.1, batchSize, epochs, data: { synthetic: { samples: rows, features: 8, noise: 0.5, seed: 1 } } });
    const loadBefore = os.loadavg()[0] ?? NaN;
    const singles: number[] = [];
    const triples: number[] = [];
    const sequential: number[] = [];
    // Alternate, so both see the same machine; the first of each warms the workers up.
    for (let i = 0; i < 4; i++) {
      singles.push(await timeTrain(workers, big, tmp, 100 + i));
      const t = await timeLab(workers, 'rates', big, tmp, specs, 200 + i);
      if (t.result.kind !== 'comparison' || t.result.comparison.runs.length !== 3) throw new Error('the comparison did not train three runs');
      triples.push(t.ms);
      // The same three runs one after another (as `descent compare` trains them), for scale.
      const t0 = performance.now();
      for (let index = 0; index < 3; index++) await workers.startLab(request(big, tmp, 300 + i), { kind: 'rate', index }).outcome;
      sequential.push(performance.now() - t0);
    }
    const one = median(singles.slice(1));
    const three = median(triples.slice(1));
    // Parallel threads only pay off on idle cores: the load average says how busy the machine was.
    const load = os.loadavg()[0] ?? NaN;
    lines.push(`Three learning rates compared in parallel workers, synthetic ${rows.toLocaleString('en-US')} rows × 8 features, ${batchSize === 'full' ? 'full batch' : `batches of ${batchSize}`}, ${epochs} epochs, on ${os.availableParallelism()} cores (load average before ${loadBefore.toFixed(2)}, after ${load.toFixed(2)}):`);
    lines.push(`  one training ${one.toFixed(0)} ms (median of ${singles.length - 1}: ${singles.slice(1).map((v) => v.toFixed(0)).join(', ')}), three rates ${three.toFixed(0)} ms (${triples.slice(1).map((v) => v.toFixed(0)).join(', ')}): ${(three / one).toFixed(2)}× one run  (target ≤ 1.5×)`);
    const inRow = median(sequential.slice(1));
    lines.push(`  the same three one after another in one thread: ${inRow.toFixed(0)} ms, ${(inRow / one).toFixed(2)}× one run`);
    fs.rmSync(tmp, { recursive: true, force: true });
  } finally {
    workers.dispose();
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
