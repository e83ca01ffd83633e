import type * as vscode from 'vscode';
import * as path from 'node:path';
import type { TrainingPanel } from './panel';
import type { ChartData, ChartSpecs } from './shared/series';
import type { ModelViews } from './shared/modelView';
import { FileSession, type SessionEnv } from './session/fileSession';

/** One training.json: its session (the run logic, src/session), its panel and its data watcher. */
export class Session extends FileSession {
  panel: TrainingPanel | null = null;
  /** Runs the page reported as drawn, newest last. */
  drawn: { runId: number; marks: number; at: number }[] = [];
  /** The chart of the last run with these previous runs, built once for every snapshot of it. */
  chartData: { key: string; data: ChartData } | null = null;
  /** The model view and landscape of the last run, built once per run. */
  modelViews: ModelViews | null = null;
  /** Compiled chart specs by structure key: a structure is compiled once, not per run or view. */
  chartSpecs = new Map<string, ChartSpecs>();
  /** The data file the file's runs and checks read, and the watcher on it. */
  dataFile: string | null = null;
  dataWatcher: vscode.Disposable | null = null;

  constructor(
    readonly uri: vscode.Uri,
    env: SessionEnv,
  ) {
    super(env);
  }

  get name(): string {
    return path.basename(this.uri.fsPath);
  }
}
