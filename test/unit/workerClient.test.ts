import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { WorkerClient } from '../../src/workerClient';
import type { RunRequest } from '../../src/shared/protocol';

const repo = path.resolve(__dirname, '..', '..');
const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'descent-worker-')), 'worker.js');
const clients: WorkerClient[] = [];
const client = () => {
  const c = new WorkerClient(script);
  clients.push(c);
  return c;
};
let nextId = 1;
const request = (config: object): RunRequest => ({ runId: nextId++, text: JSON.stringify(config), baseDir: repo, allowedRoots: [repo], maxUpdates: null });
/** A run that takes seconds: a million synthetic rows in mini-batches. */
const LONG = { data: { synthetic: { samples: 1_000_000, features: 8 } }, batchSize: 100, epochs: 100, learningRate: 0.01 };

beforeAll(() => {
  buildSync({ entryPoints: [path.join(repo, 'src/worker.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: script, mainFields: ['module', 'main'], logLevel: 'error' });
});
afterEach(() => clients.splice(0).forEach((c) => c.dispose()));

describe('the worker client', () => {
  it('trains in a worker and keeps one warm for the next run', async () => {
    const c = client();
    const first = await c.start('train', request({ epochs: 5 })).outcome;
    expect(first.kind === 'done' && first.report.verdict).toBeTruthy();
    expect(c.liveWorkers).toBe(1);
    const second = await c.start('train', request({ epochs: 5, learningRate: 1.5 })).outcome;
    expect(second.kind === 'done' && second.report.verdict).toBe('diverged');
    expect(c.liveWorkers).toBe(1);
  });

  it('reports progress while training', async () => {
    const c = client();
    const seen: number[] = [];
    const handle = c.start('train', request({ ...LONG, epochs: 3 }), (p) => seen.push(p.epoch));
    await handle.outcome;
    expect(seen.length).toBeGreaterThan(0);
  });

  it('frees the worker within 100 ms of a cancel', async () => {
    const c = client();
    const handle = c.start('train', request(LONG), () => undefined);
    await new Promise((r) => setTimeout(r, 500));
    const cancelledAt = performance.now();
    handle.cancel();
    expect(await handle.outcome).toEqual({ kind: 'cancelled' });
    await c.allStopped();
    expect(performance.now() - cancelledAt).toBeLessThan(100);
    expect(c.liveWorkers).toBe(0);
  });

  it('reports a crashed worker and starts a fresh one for the next run', async () => {
    const c = client();
    const handle = c.start('train', request(LONG));
    await new Promise((r) => setTimeout(r, 300));
    c.simulateCrash();
    const outcome = await handle.outcome;
    expect(outcome.kind).toBe('crashed');
    const next = await c.start('train', request({ epochs: 3 })).outcome;
    expect(next.kind).toBe('done');
  });

  it('leaves no thread behind after dispose', async () => {
    const c = client();
    void c.start('train', request(LONG)).outcome;
    await c.start('plan', request({})).outcome;
    c.dispose();
    await c.allStopped();
    expect(c.liveWorkers).toBe(0);
  });

  it('runs a comparison’s lab jobs in parallel threads, one each, and a cancel ends every one of them', async () => {
    const c = client();
    const rates = [0, 1, 2].map((index) => c.startLab(request({ epochs: 5 }), { kind: 'rate', index }));
    expect(c.liveWorkers).toBe(3);
    const answers = await Promise.all(rates.map((h) => h.outcome));
    expect(answers.map((a) => (a.kind === 'done' && a.report.kind === 'run' ? a.report.run?.role : a.kind))).toEqual(['too-low', 'suggested', 'too-high']);
    // Finished, they leave one warm worker.
    expect(c.liveWorkers).toBe(1);
    const long = [0, 1].map((index) => c.startLab(request(LONG), { kind: 'batch', index }));
    long.forEach((h) => h.cancel());
    expect((await Promise.all(long.map((h) => h.outcome))).map((o) => o.kind)).toEqual(['cancelled', 'cancelled']);
    expect(c.liveWorkers).toBe(0);
  });
});
