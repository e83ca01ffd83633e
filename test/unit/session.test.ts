import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileSession, type Progress, type RunOutcome, type SessionEnv } from '../../src/session/fileSession';
import { SAVE_DEBOUNCE_MS, EDIT_DEBOUNCE_MS } from '../../src/session/env';
import { failedReport } from '../../src/core/run';
import type { RunReport } from '../../src/shared/report';

/** A run the fake worker started; the test decides how it ends. */
interface FakeRun {
  kind: 'plan' | 'train';
  text: string;
  runId: number;
  force: boolean;
  cancelled: boolean;
  end(outcome: RunOutcome): void;
  progress?: (p: Progress) => void;
}

const trained = (text: string, extra: Partial<RunReport> = {}): RunReport => ({ ...failedReport(text, []), trained: true, verdict: 'converged', ...extra });

/** A file, an editor and a worker, all fake: the session's world in a test. */
function world() {
  const w = {
    disk: '{"learningRate": 0.1}' as string | null,
    buffer: null as string | null,
    trusted: true,
    trainOnSave: true,
    refused: null as string | null,
    readDelay: 0,
    runs: [] as FakeRun[],
    published: 0,
    checksPublished: [] as string[],
    asked: [] as string[],
    watched: [] as string[],
    /** The version of the data file on disk (what `dataStamp` reports), or null: unreadable. */
    dataStamp: null as string | null,
    ids: 0,
    /** Runs the session reported finished (what descent.keepRuns keeps), by run id. */
    finished: [] as number[],
  };
  const env: SessionEnv = {
    name: 'training.json',
    nextRunId: () => ++w.ids,
    trusted: () => w.trusted,
    trainOnSave: () => w.trainOnSave,
    readText: async () => {
      const text = w.buffer ?? w.disk;
      const refused = w.refused;
      if (w.readDelay) await new Promise((r) => setTimeout(r, w.readDelay));
      return refused !== null ? { refused } : text;
    },
    openText: () => w.buffer,
    start: (kind, text, runId, force, onProgress) => {
      let resolve!: (o: RunOutcome) => void;
      const outcome = new Promise<RunOutcome>((r) => (resolve = r));
      const run: FakeRun = { kind, text, runId, force, cancelled: false, end: (o) => resolve(o), progress: onProgress };
      w.runs.push(run);
      return {
        runId,
        outcome,
        cancel: () => {
          run.cancelled = true;
          resolve({ kind: 'cancelled' });
        },
      };
    },
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    publish: () => void w.published++,
    publishCheck: (text) => void w.checksPublished.push(text),
    progress: () => undefined,
    showProgress: () => undefined,
    askToTrainAnyway: (why) => void w.asked.push(why),
    watchData: (text) => void w.watched.push(text),
    dataStamp: () => w.dataStamp,
    log: () => undefined,
    runFinished: (run) => void w.finished.push(run.runId),
  };
  return { w, s: new FileSession(env) };
}

/** Lets timers and settled promises run. */
const tick = async (ms = SAVE_DEBOUNCE_MS + 1) => {
  await vi.advanceTimersByTimeAsync(ms);
};
const trains = (w: ReturnType<typeof world>['w']) => w.runs.filter((r) => r.kind === 'train');

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a file session', () => {
  it('trains a burst of saves once, on the last content', async () => {
    const { w, s } = world();
    for (const lr of [0.1, 0.2, 0.3, 0.4, 0.5]) {
      w.disk = `{"learningRate": ${lr}}`;
      s.schedule('save');
    }
    await tick();
    expect(trains(w).map((r) => r.text)).toEqual(['{"learningRate": 0.5}']);
  });

  it('lets the newest run win: a save during a run cancels it, and the older result is never shown', async () => {
    const { w, s } = world();
    s.schedule('save');
    await tick();
    const [first] = trains(w);
    w.disk = '{"learningRate": 0.2}';
    s.schedule('save');
    await tick();
    expect(first!.cancelled).toBe(true);
    first!.end({ kind: 'done', report: trained(first!.text) });
    const second = trains(w)[1]!;
    second.end({ kind: 'done', report: trained(second.text) });
    await tick();
    expect(s.last?.runId).toBe(second.runId);
    expect(s.lastText).toBe('{"learningRate": 0.2}');
    expect(s.state).toBe('done');
  });

  it('gives the file to the later request even when its read finishes first', async () => {
    const { w, s } = world();
    w.readDelay = 50;
    const slow = s.runNow('command');
    w.readDelay = 0;
    w.disk = '{"learningRate": 0.3}';
    const fast = s.runNow('command');
    await tick(1);
    expect(trains(w).map((r) => r.text)).toEqual(['{"learningRate": 0.3}']);
    await tick(60);
    expect(trains(w)).toHaveLength(1);
    trains(w)[0]!.end({ kind: 'done', report: trained('x') });
    await Promise.all([slow, fast]);
    expect(s.pending).toBe(0);
  });

  it('ignores an outside change that repeats the text in flight or trained, and keeps a save a save', async () => {
    const { w, s } = world();
    s.schedule('save');
    s.schedule('external'); // the watcher sees the editor's own save
    await tick();
    expect(trains(w)).toHaveLength(1);
    s.schedule('external');
    await tick();
    expect(trains(w)).toHaveLength(1);
    trains(w)[0]!.end({ kind: 'done', report: trained(w.disk!) });
    await tick();
    expect(s.last?.trigger).toBe('save');
    s.schedule('external');
    await tick();
    expect(trains(w)).toHaveLength(1);
  });

  it('stops on deletion: the run in flight is cancelled and dropped, a late check publishes nothing', async () => {
    const { w, s } = world();
    w.buffer = w.disk;
    s.scheduleCheck();
    await tick(EDIT_DEBOUNCE_MS + 1);
    s.schedule('save');
    await tick();
    const run = trains(w)[0]!;
    const check = w.runs.find((r) => r.kind === 'plan')!;
    expect(check.cancelled).toBe(true); // the save dropped the check
    s.scheduleCheck();
    await tick(EDIT_DEBOUNCE_MS + 1);
    const late = w.runs.filter((r) => r.kind === 'plan')[1]!;
    s.deleted();
    expect(run.cancelled).toBe(true);
    expect(s.state).toBe('deleted');
    late.end({ kind: 'done', report: failedReport(w.buffer!, []) });
    run.end({ kind: 'done', report: trained(run.text) });
    await tick();
    expect(w.checksPublished).toEqual([]);
    expect(s.state).toBe('deleted');
    expect(s.last).toBeNull();
  });

  it('resumes when the file comes back: trains it (trainOnSave) or shows what it had', async () => {
    const { w, s } = world();
    s.schedule('save');
    await tick();
    trains(w)[0]!.end({ kind: 'done', report: trained(w.disk!) });
    await tick();
    s.deleted();
    s.schedule('external'); // same text as before, but it has come back
    await tick();
    expect(trains(w)).toHaveLength(2);
    trains(w)[1]!.end({ kind: 'done', report: trained(w.disk!) });
    await tick();
    expect(s.state).toBe('done');
    s.deleted();
    s.restored();
    expect(s.state).toBe('done');
    expect(s.message).toBeNull();
  });

  it('says deleted when the file is gone at read time, and why when it cannot be read', async () => {
    const { w, s } = world();
    w.disk = null;
    await s.runNow('command');
    expect(s.state).toBe('deleted');
    const other = world();
    other.w.refused = 'training.json cannot be read: permission denied';
    await other.s.runNow('command');
    expect(other.s.state).toBe('invalid');
    expect(other.s.message).toMatch(/permission denied/);
  });

  it('asks before a run above the update limit, and retries it when the settings change', async () => {
    const { w, s } = world();
    s.schedule('save');
    await tick();
    const limited = { ...failedReport(w.disk!, []), problems: [{ path: ['epochs'], code: 'too-many-updates' as const, severity: 'warning' as const, message: 'too many', line: 1, column: 1 }] };
    trains(w)[0]!.end({ kind: 'done', report: limited });
    await tick();
    expect(w.asked).toEqual(['too many']);
    expect(s.stoppedByLimit).toBe(true);
    expect(s.message).toMatch(/^Not trained/);
    s.settingsChanged();
    await tick();
    expect(trains(w)).toHaveLength(2);
    expect(trains(w)[1]!.force).toBe(false);
    const forced = s.runNow('command', true);
    await tick();
    expect(trains(w)[2]!.force).toBe(true);
    trains(w)[1]!.end({ kind: 'cancelled' });
    trains(w)[2]!.end({ kind: 'done', report: trained(w.disk!) });
    await forced;
    expect(s.state).toBe('done');
  });

  it('waits for trust, and trains once it is granted', async () => {
    const { w, s } = world();
    w.trusted = false;
    s.schedule('save');
    await tick();
    expect(s.state).toBe('untrusted');
    expect(trains(w)).toHaveLength(0);
    w.trusted = true;
    s.trustGranted();
    await tick();
    expect(trains(w)).toHaveLength(1);
  });

  it('reports a crash, and the next save trains again', async () => {
    const { w, s } = world();
    s.schedule('save');
    await tick();
    trains(w)[0]!.end({ kind: 'crashed', message: 'The training worker crashed: boom\nstack' });
    await tick();
    expect(s.state).toBe('crashed');
    expect(s.message).toBe('The training worker crashed: boom Save the file to train again with a fresh worker.');
    s.schedule('save');
    await tick();
    trains(w)[1]!.end({ kind: 'done', report: trained(w.disk!) });
    await tick();
    expect(s.state).toBe('done');
  });

  it('reports each run that trained as finished, once, and neither a cancelled, crashed nor invalid one', async () => {
    const { w, s } = world();
    s.schedule('save');
    await tick();
    trains(w)[0]!.end({ kind: 'done', report: trained(w.disk!) });
    await tick();
    expect(w.finished).toEqual([trains(w)[0]!.runId]);
    s.schedule('save');
    await tick();
    trains(w)[1]!.end({ kind: 'crashed', message: 'boom' });
    await tick();
    w.disk = '{"learningRate": 0.3}';
    s.schedule('save');
    await tick();
    trains(w)[2]!.end({ kind: 'done', report: failedReport(w.disk, []) });
    await tick();
    w.disk = '{"learningRate": 0.4}';
    s.schedule('save');
    await tick();
    w.disk = '{"learningRate": 0.5}';
    s.schedule('save');
    await tick();
    expect(trains(w)[3]!.cancelled).toBe(true);
    trains(w)[4]!.end({ kind: 'done', report: trained(w.disk) });
    await tick();
    expect(w.finished).toEqual([trains(w)[0]!.runId, trains(w)[4]!.runId]);
  });

  it('re-trains when the data file changes, or marks the result stale with trainOnSave off', async () => {
    const { w, s } = world();
    s.schedule('save');
    await tick();
    trains(w)[0]!.end({ kind: 'done', report: trained(w.disk!) });
    await tick();
    s.dataChanged('/data/data.csv');
    await tick();
    expect(trains(w)[1]?.text).toBe(w.disk);
    trains(w)[1]!.end({ kind: 'done', report: trained(w.disk!) });
    await tick();
    expect(s.last?.trigger).toBe('data');
    w.trainOnSave = false;
    s.dataChanged('/data/data.csv');
    expect(s.stale).toBe(true);
    expect(s.message).toBe('data.csv changed after this run; train again (or save training.json) to see its effect.');
  });

  it('ignores a data event for the version the last run already read, with trainOnSave on or off', async () => {
    const { w, s } = world();
    // A watcher can deliver an event after the run it caused has read the new file: the run's
    // stamp is the file's, so nothing changed for it.
    w.dataStamp = 'v2';
    s.schedule('save');
    await tick();
    trains(w)[0]!.end({ kind: 'done', report: trained(w.disk!), dataStamp: 'v2' });
    await tick();
    for (const onSave of [true, false]) {
      w.trainOnSave = onSave;
      s.dataChanged('/data/data.csv');
      await tick();
      expect(trains(w)).toHaveLength(1);
      expect(s.stale).toBe(false);
    }
    // A newer version is a change: stale with trainOnSave off, a run with it on.
    w.dataStamp = 'v3';
    s.dataChanged('/data/data.csv');
    expect(s.stale).toBe(true);
    w.trainOnSave = true;
    s.dataChanged('/data/data.csv');
    await tick();
    expect(trains(w)).toHaveLength(2);
    // A file that cannot be stamped (deleted, unreadable) is a change too.
    trains(w)[1]!.end({ kind: 'done', report: trained(w.disk!), dataStamp: 'v3' });
    await tick();
    w.dataStamp = null;
    s.dataChanged('/data/data.csv');
    await tick();
    expect(trains(w)).toHaveLength(3);
  });

  it('cancels an older check when a newer one starts, and publishes only a check of the current buffer', async () => {
    const { w, s } = world();
    w.buffer = '{"learningRate": 1}';
    s.scheduleCheck();
    await tick(EDIT_DEBOUNCE_MS + 1);
    w.buffer = '{"learningRate": 2}';
    s.scheduleCheck();
    await tick(EDIT_DEBOUNCE_MS + 1);
    const [older, newer] = w.runs;
    expect(older!.cancelled).toBe(true);
    w.buffer = '{"learningRate": 3}'; // typed again before the check ended
    newer!.end({ kind: 'done', report: failedReport('{"learningRate": 2}', []) });
    await tick(1);
    expect(w.checksPublished).toEqual([]);
  });

  it('resolves whenIdle once every scheduled run has settled', async () => {
    const { w, s } = world();
    s.schedule('save');
    let idle = false;
    void s.whenIdle().then(() => (idle = true));
    await tick();
    expect(idle).toBe(false);
    trains(w)[0]!.end({ kind: 'done', report: trained(w.disk!) });
    await tick();
    expect(idle).toBe(true);
    expect(s.timersPending).toBe(false);
  });
});

describe('a disposed file session', () => {
  it('publishes nothing more, starts nothing, and releases whenIdle', async () => {
    const { w, s } = world();
    s.schedule('save');
    await tick();
    w.buffer = w.disk;
    s.schedule('save'); // a second save waits in its debounce
    let idle = false;
    void s.whenIdle().then(() => (idle = true));
    const published = w.published;
    const started = w.runs.length;
    s.dispose();
    await tick(EDIT_DEBOUNCE_MS + 1);
    trains(w)[0]!.end({ kind: 'done', report: trained(w.disk!) });
    await tick(EDIT_DEBOUNCE_MS + 1);
    s.schedule('save');
    s.scheduleCheck();
    await tick(EDIT_DEBOUNCE_MS + 1);
    expect(w.published).toBe(published);
    expect(w.runs.length).toBe(started);
    expect(idle).toBe(true);
  });
});

describe('a save', () => {
  it('trains once, as it starts, on the text being saved; its end only confirms it', async () => {
    const { w, s } = world();
    w.buffer = '{"learningRate": 0.2}';
    s.saveStarting(w.buffer);
    await tick();
    expect(trains(w).map((r) => r.text)).toEqual(['{"learningRate": 0.2}']);
    s.saved(w.buffer);
    await tick();
    expect(trains(w)).toHaveLength(1);
    trains(w)[0]!.end({ kind: 'done', report: trained(w.buffer) });
    await tick();
    expect(s.last?.trigger).toBe('save');
  });

  it('trains the text as saved, not what was typed right after the save started', async () => {
    const { w, s } = world();
    w.buffer = '{"learningRate": 0.2}';
    s.saveStarting(w.buffer);
    w.buffer = '{"learningRate": 0.2, "epochs": 9'; // typing, unsaved
    await tick();
    expect(trains(w).map((r) => r.text)).toEqual(['{"learningRate": 0.2}']);
  });

  it('trains again when the saved text is not what the save started with (a format-on-save changed it)', async () => {
    const { w, s } = world();
    s.saveStarting('{"learningRate":0.2}');
    await tick();
    w.buffer = '{\n  "learningRate": 0.2\n}';
    s.saved(w.buffer);
    await tick();
    expect(trains(w).map((r) => r.text)).toEqual(['{"learningRate":0.2}', '{\n  "learningRate": 0.2\n}']);
  });

  it('still re-trains a save that no start announced', async () => {
    const { w, s } = world();
    s.saved(w.disk!);
    await tick();
    expect(trains(w)).toHaveLength(1);
  });
});
