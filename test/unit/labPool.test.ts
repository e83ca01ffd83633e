// The lab's pool (src/labPool.ts) and runner (src/labRunner.ts) with stand-in workers: how many
// runs train at once, in which order, what a cancel stops, and how the runs' answers combine.
import { describe, expect, it } from 'vitest';
import { MAX_LAB_WORKERS, type PoolHandle, labPoolSize, runPool } from '../../src/labPool';
import { comparisonResult, comparisonRuns, startLab } from '../../src/labRunner';
import type { ComparedRun } from '../../src/shared/lab';
import type { LabAnswer, LabJob } from '../../src/shared/labProtocol';
import type { RunRequest } from '../../src/shared/protocol';
import type { WorkOutcome } from '../../src/workerClient';
import { configText } from './helpers';

/** Tasks that end when the test says so; records the order they started and how many ran at once. */
function controlledTasks() {
  const started: number[] = [];
  const cancelled: number[] = [];
  const finishers = new Map<number, (v: string) => void>();
  let live = 0;
  let peak = 0;
  const start = (i: number): PoolHandle<string> => {
    started.push(i);
    live++;
    peak = Math.max(peak, live);
    const outcome = new Promise<string>((resolve) =>
      finishers.set(i, (v) => {
        live--;
        resolve(v);
      }),
    );
    return { outcome, cancel: () => (cancelled.push(i), finishers.get(i)?.('cancelled')) };
  };
  const finish = async (i: number, v = `done ${i}`) => {
    finishers.get(i)?.(v);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { started, cancelled, start, finish, peak: () => peak };
}

describe('the lab pool', () => {
  it('trains the three-rate plan as three threads even on two cores, and never more than the cap', () => {
    expect(labPoolSize(3, 2)).toBe(3);
    expect(labPoolSize(8, 2)).toBe(3);
    expect(labPoolSize(8, 4)).toBe(4);
    expect(labPoolSize(8, 64)).toBe(MAX_LAB_WORKERS);
    expect(labPoolSize(1, 16)).toBe(1);
    expect(labPoolSize(0, 2)).toBe(1);
  });

  it('runs at most `size` tasks at once, starts the next as one ends, and returns outcomes by index', async () => {
    const t = controlledTasks();
    const heard: number[] = [];
    const pool = runPool(5, 2, t.start, (i) => heard.push(i));
    expect(t.started).toEqual([0, 1]);
    await t.finish(1);
    expect(t.started).toEqual([0, 1, 2]);
    await t.finish(0);
    await t.finish(2);
    await t.finish(3);
    await t.finish(4);
    expect(await pool.outcome).toEqual(['done 0', 'done 1', 'done 2', 'done 3', 'done 4']);
    expect(t.peak()).toBe(2);
    expect(heard).toEqual([1, 0, 2, 3, 4]);
  });

  it('cancels the tasks under way and never starts the waiting ones', async () => {
    const t = controlledTasks();
    const pool = runPool(4, 2, t.start);
    await t.finish(0);
    pool.cancel();
    const outcomes = await pool.outcome;
    expect(t.started).toEqual([0, 1, 2]);
    expect(t.cancelled.sort()).toEqual([1, 2]);
    expect(outcomes).toEqual(['done 0', 'cancelled', 'cancelled', undefined]);
  });

  it('settles at once with no tasks', async () => {
    expect(await runPool(0, 3, () => ({ outcome: new Promise<string>(() => undefined), cancel: () => undefined })).outcome).toEqual([]);
  });
});

const request = (text: string): RunRequest => ({ runId: 1, text, baseDir: '/w', allowedRoots: ['/w'], maxUpdates: null });
const run = (lr: number): ComparedRun => ({ role: 'listed', learningRate: lr, batchSize: 318, report: {} as ComparedRun['report'] });
const answered = (a: LabAnswer): WorkOutcome<LabAnswer> => ({ kind: 'done', report: a });

describe('the lab runner', () => {
  it('counts a comparison’s runs from compare.learningRates, else three', () => {
    expect(comparisonRuns('rates', configText({ compare: { learningRates: [0.1, 0.2, 0.3, 0.4, 0.5] } }))).toBe(5);
    expect(comparisonRuns('rates', configText({}))).toBe(3);
    expect(comparisonRuns('batches', configText({ compare: { learningRates: [0.1, 0.2, 0.3, 0.4, 0.5] } }))).toBe(3);
  });

  it('starts every run of a comparison at once in its own worker job, with its index', () => {
    const jobs: LabJob[] = [];
    const workers = { startLab: (_r: RunRequest, job: LabJob) => (jobs.push(job), { outcome: new Promise<WorkOutcome<LabAnswer>>(() => undefined), cancel: () => undefined }) };
    startLab(workers, request(configText({})), 'rates', 2);
    expect(jobs).toEqual([{ kind: 'rate', index: 0 }, { kind: 'rate', index: 1 }, { kind: 'rate', index: 2 }]);
    jobs.length = 0;
    startLab(workers, request(configText({})), 'sweep', 2);
    expect(jobs).toEqual([{ kind: 'sweep' }]);
  });

  it('reports a comparison’s progress as epochs over all its runs, counting runs not heard from yet', () => {
    const reports: { done: number; total: number }[] = [];
    const hooks: ((p: { epoch: number; epochs: number; loss: number | null }) => void)[] = [];
    const workers = { startLab: (_r: RunRequest, _j: LabJob, onProgress?: (p: { epoch: number; epochs: number; loss: number | null }) => void) => (hooks.push(onProgress!), { outcome: new Promise<WorkOutcome<LabAnswer>>(() => undefined), cancel: () => undefined }) };
    startLab(workers, request(configText({})), 'rates', 2, (p) => reports.push({ done: p.done, total: p.total }));
    hooks[0]!({ epoch: 10, epochs: 500, loss: 1 });
    hooks[2]!({ epoch: 4, epochs: 500, loss: 1 });
    expect(reports).toEqual([
      { done: 10, total: 1500 },
      { done: 14, total: 1500 },
    ]);
  });

  it('cancelling a comparison cancels each of its worker jobs and ends it as cancelled', async () => {
    const cancels: number[] = [];
    const workers = {
      startLab: (_r: RunRequest, job: LabJob) => {
        let settle: (o: WorkOutcome<LabAnswer>) => void = () => undefined;
        const outcome = new Promise<WorkOutcome<LabAnswer>>((r) => (settle = r));
        return { outcome, cancel: () => (cancels.push(job.kind === 'sweep' ? -1 : job.index), settle({ kind: 'cancelled' })) };
      },
    };
    const lab = startLab(workers, request(configText({})), 'batches', 2);
    lab.cancel();
    expect(await lab.outcome).toEqual({ kind: 'cancelled' });
    expect(cancels.sort()).toEqual([0, 1, 2]);
  });

  it('keeps the runs in the plan’s order, drops indexes past the plan, and lets one failure or invalid config decide', () => {
    expect(comparisonResult('rates', [answered({ kind: 'run', run: run(0.1), count: 1 }), answered({ kind: 'run', run: null, count: 1 })])).toEqual({ kind: 'comparison', comparison: { kind: 'learning-rates', runs: [run(0.1)] } });
    expect(comparisonResult('batches', [answered({ kind: 'run', run: run(0.1), count: 3 }), { kind: 'crashed', message: 'boom' }, undefined])).toEqual({ kind: 'failed', message: 'boom' });
    expect(comparisonResult('rates', [answered({ kind: 'invalid', problems: [] })])).toEqual({ kind: 'invalid', problems: [] });
    expect(comparisonResult('rates', [answered({ kind: 'run', run: run(0.1), count: 2 }), undefined])).toEqual({ kind: 'cancelled' });
  });
});
