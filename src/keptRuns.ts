/**
 * What the training panel shows of a training.json's kept runs (`.descent/runs/`, written with
 * `descent.keepRuns`, or by `descent train --save-run` into that folder): the newest files read
 * and validated (each read again only when it changes), whether each one's data changed since
 * (the hash it recorded against the data hashed now, off the event loop, again only when the
 * data's stamp changes), and which ones the user asked to draw. No `vscode`: the panel host
 * calls it on every snapshot and is told (`changed`) when a data check finished.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KeptListed } from './chart/keptRows';
import type { RunFile } from './core/runFile';
import { parseRunFile } from './core/runFile';
import { dataStamp } from './dataAccess';
import { dataChangedSince, keptRunsFolder, listKeptRuns } from './runFiles';
import { type KeptDataState, MAX_KEPT_ROWS } from './shared/runs';
import { t } from './shared/l10n';

/** A kept run file as last read: its stamp (size and time), and the run or null when invalid. */
interface ReadFile {
  stamp: string;
  run: RunFile | null;
}

/** A data check: for which state of the data (its stamp), and its result. */
interface DataCheck {
  key: string;
  state: KeptDataState;
}

export class KeptRuns {
  private readonly files = new Map<string, ReadFile>();
  private readonly checks = new Map<string, DataCheck>();
  /** The kept runs drawn on each training.json's chart, by file name (for the window's life). */
  private readonly shown = new Map<string, Set<string>>();

  constructor(
    /** A data check of one of `trainingJson`'s kept runs finished: its panel should be refreshed. */
    private readonly changed: (trainingJson: string) => void,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * The training.json's kept runs for the table: how many files there are, and the newest
   * `MAX_KEPT_ROWS` valid ones (newest first) with their data state (checks start here).
   */
  list(trainingJson: string): { total: number; folder: string; runs: KeptListed[] } {
    const files = listKeptRuns(trainingJson);
    const shown = this.shown.get(trainingJson);
    const runs: KeptListed[] = [];
    for (const file of files.slice().reverse()) {
      if (runs.length >= MAX_KEPT_ROWS) break;
      const run = this.read(file);
      if (!run) continue;
      const name = path.basename(file);
      runs.push({ name, run, data: this.dataState(trainingJson, file, run), shown: shown?.has(name) ?? false });
    }
    return { total: files.length, folder: keptRunsFolder(trainingJson), runs };
  }

  /** Draws or stops drawing a kept run; true when that changed something. */
  setShown(trainingJson: string, name: string, show: boolean): boolean {
    const set = this.shown.get(trainingJson) ?? new Set<string>();
    if (set.has(name) === show) return false;
    if (show) set.add(name);
    else set.delete(name);
    this.shown.set(trainingJson, set);
    return true;
  }

  /** The file's run, read again only when its stamp changed; null for a file that is not a valid run file. */
  private read(file: string): RunFile | null {
    const stamp = dataStamp(file);
    if (stamp === null) return null;
    const known = this.files.get(file);
    if (known?.stamp === stamp) return known.run;
    let run: RunFile | null = null;
    try {
      const parsed = parseRunFile(fs.readFileSync(file, 'utf8'), file);
      if ('run' in parsed) run = parsed.run;
      else this.log(t('Kept run {0} is not listed: {1}', file, parsed.errors.join('; ')));
    } catch (e) {
      this.log(t('Kept run {0} cannot be read: {1}', file, (e as Error).message));
    }
    this.files.set(file, { stamp, run });
    return run;
  }

  /**
   * Whether the run's data changed since, as known now. A CSV is checked again when its stamp
   * changes (the embedded dataset and the generator's parameters cannot change under a run);
   * until a check ends the row says `checking`.
   */
  private dataState(trainingJson: string, file: string, run: RunFile): KeptDataState {
    if (!run.data.hash) return 'no-hash';
    const spec = run.config.data;
    const key = spec.kind === 'csv' ? `csv:${dataStamp(path.resolve(path.dirname(path.resolve(trainingJson)), spec.csv)) ?? 'unreadable'}` : spec.kind;
    const known = this.checks.get(file);
    if (known?.key === key) return known.state;
    this.checks.set(file, { key, state: 'checking' });
    void dataChangedSince(run, trainingJson).then(
      (changed) => this.settle(trainingJson, file, key, changed === null ? 'unreadable' : changed ? 'changed' : 'same'),
      () => this.settle(trainingJson, file, key, 'unreadable'),
    );
    return 'checking';
  }

  private settle(trainingJson: string, file: string, key: string, state: KeptDataState): void {
    if (this.checks.get(file)?.key !== key) return;
    this.checks.set(file, { key, state });
    this.changed(trainingJson);
  }
}
