import * as vscode from 'vscode';
import * as path from 'node:path';
import { lossChartData } from './chart/lossData';
import { buildLossSpecs, chartStructure } from './chart/lossSpec';
import { type PreviousRun, describeConfigChange, previousRunFrom } from './chart/previousRuns';
import { verdictSummary } from './shared/wording';
import { MAX_CONFIG_BYTES, parseConfig } from './core/config';
import { type FixAdvice, fixEdit } from './codeActions';
import { openDocument } from './files';
import { isDescentProblem, toDiagnostics } from './diagnostics';
import { VERDICT_CODES } from './shared/problems';
import { DisposableStore } from './dispose';
import { PANEL_VIEW_TYPE, TrainingPanel, panelOptions } from './panel';
import { type PanelSnapshot, type PanelState, type WebviewToHost, panelReport } from './shared/protocol';
import type { ChartData, ChartSpecs } from './shared/series';
import type { RunReport } from './shared/report';
import { FileSession, type RunHandle, type SessionEnv, type Trigger } from './session/fileSession';
import { readSettings } from './settings';
import type { WorkerClient } from './workerClient';
import { assertNever } from './shared/assertNever';

export type { Trigger };

/** How many times a blank panel is replaced by a fresh one before Descent gives up. */
const MAX_PANEL_REPLACEMENTS = 3;

/** One training.json: its session (the run logic, src/session), its panel and its data watcher. */
class Session extends FileSession {
  panel: TrainingPanel | null = null;
  /** Runs the page reported as drawn, newest last. */
  drawn: { runId: number; marks: number; at: number }[] = [];
  /** The chart of the last run with these previous runs, built once for every snapshot of it. */
  chartData: { key: string; data: ChartData } | null = null;
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

/** What tests and tools can ask of a running Descent (returned from `activate`). */
export interface DescentApi {
  /** Resolves once no run is scheduled or in flight for the file. */
  whenIdle(uri: vscode.Uri): Promise<void>;
  lastReport(uri: vscode.Uri): RunReport | null;
  panelState(uri: vscode.Uri): { state: PanelState; runId: number; trigger: Trigger | null; open: boolean; visible: boolean; ready: boolean; drawnRunIds: number[]; previousLabels: string[]; stale: boolean; message: string | null } | null;
  /** Binds a panel to the file a restored page's state names, as after a reload; false when refused (fault tests). */
  revive(state: unknown): boolean;
  liveWorkers(): number;
  pendingTimers(): number;
  /** Checks of edited text scheduled or running, over all files. */
  pendingChecks(): number;
  /** Kills the training threads under way as a crash would (fault tests). */
  simulateWorkerCrash(): void;
  /** Makes the next panel's page blank, as a webview host that fails to load it would (fault tests). */
  simulateBlankPage(): void;
}

/**
 * The VS Code side of every file's session: it turns editor events into session events and the
 * sessions' results into diagnostics, the status bar, the CodeLens and the panel. When a file
 * trains and what happens to it is decided in src/session/fileSession.ts.
 */
export class TrainingManager implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new vscode.EventEmitter<vscode.Uri>());
  private runCounter = 0;
  /** Fault tests: the next panel gets a page that never loads. */
  private blankNextPage = false;

  /** Fires when a file's run state changes (status bar, CodeLens). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly workers: WorkerClient,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  private session(uri: vscode.Uri): Session {
    const key = uri.toString();
    let s = this.sessions.get(key);
    if (!s) {
      const self: { s?: Session } = {};
      s = new Session(uri, this.environment(uri, () => self.s as Session));
      self.s = s;
      this.sessions.set(key, s);
    }
    return s;
  }

  /** The world as a session sees it: the editor, the file system, the worker, the clock. */
  private environment(uri: vscode.Uri, session: () => Session): SessionEnv {
    return {
      name: path.basename(uri.fsPath),
      nextRunId: () => ++this.runCounter,
      trusted: () => vscode.workspace.isTrusted,
      trainOnSave: () => readSettings(uri).trainOnSave,
      readText: () => this.readText(uri),
      openText: () => openDocument(uri)?.getText() ?? null,
      start: (kind, text, runId, force, onProgress) => this.workers.start(kind, this.request(uri, text, runId, force), onProgress),
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
      publish: () => this.publish(session()),
      publishCheck: (text) => this.publishDiagnostics(session(), text),
      progress: (runId, p) => session().panel?.post({ type: 'progress', runId, ...p }),
      showProgress: (handle) => this.showProgress(session(), handle),
      askToTrainAnyway: (why) => void this.askToTrainAnyway(uri, why),
      watchData: (text) => this.watchData(session(), text),
      log: (level, message) => this.output[level](message),
    };
  }

  find(uri: vscode.Uri): Session | undefined {
    return this.sessions.get(uri.toString());
  }

  /** Trains now (a command or the panel's button), counted for `whenIdle`. */
  runNow(uri: vscode.Uri, trigger: Trigger, force = false): Promise<void> {
    return this.session(uri).runNow(trigger, force);
  }

  /** Coalesces saves and external changes: the last one in a burst trains. */
  schedule(uri: vscode.Uri, trigger: Trigger): void {
    this.session(uri).schedule(trigger);
  }

  /** A save of `document` has started: train the text being saved now. */
  saveStarting(document: vscode.TextDocument): void {
    this.session(document.uri).saveStarting(document.getText());
  }

  /** A save of `document` ended: train it unless the save's start already did. */
  saved(document: vscode.TextDocument): void {
    this.session(document.uri).saved(document.getText());
  }

  /** Checks the edited text (config and data, no training) once typing pauses. */
  scheduleCheck(document: vscode.TextDocument): void {
    this.session(document.uri).scheduleCheck();
  }

  private request(uri: vscode.Uri, text: string, runId: number, force: boolean) {
    const settings = readSettings(uri);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const baseDir = path.dirname(uri.fsPath);
    return {
      runId,
      text,
      baseDir,
      allowedRoots: [folder?.uri.fsPath ?? baseDir, ...settings.allowedDataFolders],
      maxUpdates: force ? null : settings.maxUpdates,
    };
  }

  /**
   * The text to train: the editor's buffer when the file is open, else the file on disk; null when
   * it is gone; a refusal when it is not a regular file (a read of a named pipe never ends), too
   * large, or cannot be read (a permission error says so, rather than "deleted").
   */
  private async readText(uri: vscode.Uri): Promise<string | null | { refused: string }> {
    const open = openDocument(uri);
    if (open) return open.getText();
    const name = path.basename(uri.fsPath);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if ((stat.type & vscode.FileType.File) === 0) return { refused: `${name} is not a regular file (a named pipe, a device or a socket); Descent reads only regular files.` };
      if (stat.size > MAX_CONFIG_BYTES) return { refused: `${name} is ${(stat.size / 1e6).toFixed(1)} MB; Descent reads configs up to ${MAX_CONFIG_BYTES / 1e6} MB.` };
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code !== 'FileNotFound' && e.code !== 'FileIsADirectory') return { refused: `${name} cannot be read: ${e.message}` };
      return null;
    }
  }

  private async askToTrainAnyway(uri: vscode.Uri, why: string): Promise<void> {
    const choice = await vscode.window.showWarningMessage(`${why} This may take a long time.`, 'Train Anyway', 'Open Settings');
    if (choice === 'Train Anyway') await this.runNow(uri, 'command', true);
    else if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'descent.maxUpdates');
  }

  private showProgress(s: Session, handle: RunHandle): void {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Descent: training ${s.name}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => handle.cancel());
        let reported = 0;
        const tick = setInterval(() => {
          if (!s.progress || s.handle !== handle) return;
          const pct = (100 * s.progress.epoch) / s.progress.epochs;
          progress.report({ increment: pct - reported, message: `epoch ${s.progress.epoch} of ${s.progress.epochs}` });
          reported = pct;
        }, 100);
        try {
          await handle.outcome;
        } finally {
          clearInterval(tick);
        }
      },
    );
  }

  /**
   * Watches the data file `text` reads (a CSV; the built-in and synthetic data cannot change), so a
   * change to it is seen: an edited data.csv must not leave the old verdict and squiggles in place.
   */
  private watchData(s: Session, text: string): void {
    const file = dataFileOf(s.uri, text);
    if (file === s.dataFile) return;
    s.dataWatcher?.dispose();
    s.dataWatcher = null;
    s.dataFile = file;
    if (file === null) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
    const changed = () => s.dataFile === file && s.dataChanged(file);
    s.dataWatcher = vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
  }

  /** True for a file Descent has trained or is training: only those refresh on changes from outside. */
  isTracked(uri: vscode.Uri): boolean {
    return this.find(uri)?.tracked ?? false;
  }

  /** The deleted file is back, but it is not to be trained (trainOnSave is off): show what it had. */
  restored(uri: vscode.Uri): void {
    this.find(uri)?.restored();
  }

  /** The editor closed the file: problems of unsaved text go; those of the run of the file on disk stay. */
  documentClosed(uri: vscode.Uri): void {
    this.find(uri)?.documentClosed();
  }

  /** Descent's settings changed: files that were refused for them (limit, data folders) are tried again. */
  settingsChanged(): void {
    for (const s of this.sessions.values()) s.settingsChanged();
  }

  /** The files with a session inside any of `folders` (or equal to one of them). */
  trackedUnder(folders: readonly vscode.Uri[]): vscode.Uri[] {
    const roots = folders.filter((f) => f.scheme === 'file').map((f) => f.fsPath);
    return [...this.sessions.values()]
      .filter((s) => s.state !== 'deleted' && roots.some((r) => s.uri.fsPath === r || s.uri.fsPath.startsWith(r + path.sep)))
      .map((s) => s.uri);
  }

  /** True while a run of the file is scheduled or under way. */
  isBusy(uri: vscode.Uri): boolean {
    const s = this.find(uri);
    return !!s && (s.pending > 0 || s.handle !== null);
  }

  /** True for a file Descent saw deleted and has not trained since. */
  isDeleted(uri: vscode.Uri): boolean {
    return this.find(uri)?.state === 'deleted';
  }

  /** Trust was granted: files that were waiting for it train now. */
  trustGranted(): void {
    for (const s of this.sessions.values()) s.trustGranted();
  }

  /** The file is gone: stop refreshing, clear its diagnostics, tell the panel. */
  markDeleted(uri: vscode.Uri): void {
    this.diagnostics.delete(uri);
    this.find(uri)?.deleted();
  }

  /** Refreshes everything that shows a session: diagnostics, panel, status bar and CodeLens. */
  private publish(s: Session): void {
    const document = openDocument(s.uri);
    if (s.state === 'deleted') this.diagnostics.delete(s.uri);
    else if (document) this.publishDiagnostics(s, document.getText());
    // A closed file shows the problems of its last run, which trained the file on disk.
    else if (s.lastText !== null) this.publishDiagnostics(s, s.lastText);
    else this.diagnostics.delete(s.uri);
    s.panel?.refresh();
    this.changed.fire(s.uri);
  }

  /**
   * Diagnostics for the file: the semantic problems of the newest check or run, and the verdict
   * on the learning rate while the text is still the text that ran.
   */
  private publishDiagnostics(s: Session, text: string): void {
    const runIsCurrent = s.last !== null && s.lastText === text;
    const fromRun = runIsCurrent ? (s.last?.report.problems ?? []) : [];
    const semantic = runIsCurrent ? fromRun.filter((p) => !VERDICT_CODES.has(p.code)) : s.planned;
    const verdicts = fromRun.filter((p) => VERDICT_CODES.has(p.code));
    this.diagnostics.set(s.uri, toDiagnostics(text, [...semantic.filter(isDescentProblem), ...verdicts]));
  }

  // ── panel ──────────────────────────────────────────────────────────────────────────────────

  /** Opens (or reveals) the file's panel beside the editor. */
  showPanel(uri: vscode.Uri, preserveFocus = true): void {
    const s = this.session(uri);
    if (s.panel) {
      s.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, this.panelTitle(s), { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, panelOptions(this.extensionUri));
    this.attachPanel(s, panel);
  }

  /** Rebinds a panel VS Code restored after a reload to its file; false (and the panel closed) when refused. */
  revivePanel(panel: vscode.WebviewPanel, state: unknown): boolean {
    const uriText = typeof state === 'object' && state !== null ? (state as Record<string, unknown>).fileUri : undefined;
    // The saved state comes from the page: accept only a training.json on disk in an open workspace folder.
    const uri = typeof uriText === 'string' ? parseUri(uriText) : null;
    const s = uri && uri.scheme === 'file' && path.basename(uri.fsPath) === 'training.json' && vscode.workspace.getWorkspaceFolder(uri) ? this.session(uri) : null;
    if (!uri || !s || s.panel) {
      if (typeof uriText === 'string') this.output.warn(`A restored panel named ${uriText.slice(0, 200)}, which is no training.json in an open workspace folder; it was closed.`);
      panel.dispose();
      return false;
    }
    this.attachPanel(s, panel);
    this.schedule(uri, 'command');
    return true;
  }

  private panelTitle(s: Session): string {
    const rel = vscode.workspace.asRelativePath(s.uri, false);
    return rel === s.name ? `Descent: ${s.name}` : `Descent: ${rel}`;
  }

  private attachPanel(s: Session, panel: vscode.WebviewPanel, replacements = 0): void {
    panel.title = this.panelTitle(s);
    const attached = new TrainingPanel(
      panel,
      this.extensionUri,
      {
        snapshot: () => this.snapshot(s),
        chartSpecs: (key) => this.chartSpecs(s, key),
        handleMessage: (m) => this.handlePanelMessage(s, m),
        panelClosed: () => {
          if (s.panel !== attached) return;
          s.panel = null;
        },
        pageDidNotLoad: () => {
          if (s.panel !== attached || replacements >= MAX_PANEL_REPLACEMENTS) {
            this.output.warn(`The panel of ${s.name} stays blank: its page did not load. Close it and run Descent: Show Training Panel.`);
            return;
          }
          this.output.warn(`The panel of ${s.name} stayed blank (its page did not load); opening a fresh one in its place.`);
          const column = panel.viewColumn ?? vscode.ViewColumn.Beside;
          attached.dispose();
          const fresh = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, this.panelTitle(s), { viewColumn: column, preserveFocus: true }, panelOptions(this.extensionUri));
          this.attachPanel(s, fresh, replacements + 1);
        },
      },
      (msg) => this.output.warn(msg),
      this.blankNextPage,
    );
    this.blankNextPage = false;
    s.panel = attached;
  }

  private handlePanelMessage(s: Session, m: WebviewToHost): void {
    switch (m.type) {
      case 'ready':
        s.panel?.refresh();
        break;
      case 'train':
        this.schedule(s.uri, 'panel');
        break;
      case 'applyFix':
        void this.applyFix(s.uri);
        break;
      case 'openConfig':
        void vscode.window.showTextDocument(s.uri, { viewColumn: vscode.ViewColumn.One });
        break;
      case 'drawn':
        s.drawn = [...s.drawn.slice(-49), { runId: m.runId, marks: m.marks, at: Date.now() }];
        break;
      case 'error':
        this.output.error(`Panel error: ${m.message}`);
        break;
      default: {
        const never: never = m;
        this.output.warn(`Unhandled panel message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Applies the last run's verdict fix (a rate, the epochs, or z-scoring) with one undoable edit. */
  async applyFix(uri: vscode.Uri): Promise<boolean> {
    const fix = this.advice(uri).fix;
    if (fix === null) return false;
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = fixEdit(document, fix);
    if (edit instanceof vscode.WorkspaceEdit) return vscode.workspace.applyEdit(edit);
    void vscode.window.showWarningMessage(`Descent: ${edit.refused}`);
    return false;
  }

  /** The quick fixes for a file. */
  advice(uri: vscode.Uri): FixAdvice {
    const s = this.find(uri);
    const report = s?.last?.report;
    const verdict = report?.problems.find((p) => VERDICT_CODES.has(p.code));
    const best = this.bestConverged(s);
    const lr = report?.config?.learningRate;
    // The best earlier rate helps only if it moves the rate the way the verdict asks.
    const wanted = lr === undefined || best === null || !verdict ? null : report?.analysis?.cause === 'rate-too-small' ? (best > lr ? best : null) : report?.analysis?.cause === 'rate-too-large' && best < lr ? best : null;
    return { fix: verdict?.fix ?? null, bestConverged: wanted };
  }

  /**
   * The largest learning rate that converged in earlier runs whose config differed from the
   * current one only in the learning rate (another batch size or normalization says nothing).
   */
  private bestConverged(s: Session | undefined): number | null {
    const current = s?.last?.report.config;
    if (!s || !current) return null;
    const rates = s.previous
      .map((r) => r.report)
      .filter((r) => r.verdict === 'converged' && r.config !== null && r.config.learningRate !== current.learningRate)
      .filter((r) => JSON.stringify({ ...r.config, learningRate: 0 }) === JSON.stringify({ ...current, learningRate: 0 }))
      .map((r) => r.config?.learningRate ?? 0);
    return rates.length ? Math.max(...rates) : null;
  }

  /** The file's earlier runs for the chart, each labelled by how the current config differs from it: "learningRate 0.01 → 0.5". */
  private previousRuns(s: Session): PreviousRun[] {
    const current = s.last?.report.config ?? null;
    return s.previous
      .filter((r) => r.report.trained && r.report.history && r.report.config && r.report.updates)
      .map((r) => {
        const run = previousRunFrom(r.report, r.runId, null);
        const change = current && r.report.config ? describeConfigChange(r.report.config, current) : null;
        return change ? { ...run, label: change } : run;
      });
  }

  /** The last run's chart as data (every view's), built once per run and set of previous runs. */
  private chartData(s: Session): ChartData | null {
    const report = s.last?.report;
    if (!report?.trained || !report.history) return null;
    const previous = this.previousRuns(s);
    const key = JSON.stringify([s.last?.runId, previous.map((p) => [p.runId, p.label])]);
    if (s.chartData?.key !== key) s.chartData = { key, data: lossChartData(report, previous) };
    return s.chartData.data;
  }

  /** The compiled specs of a chart structure: compiled on first use, then kept for the file. */
  private chartSpecs(s: Session, key: string): ChartSpecs | null {
    const cached = s.chartSpecs.get(key);
    if (cached) return cached;
    const data = this.chartData(s);
    if (data?.specKey !== key) return null;
    const started = performance.now();
    const specs = buildLossSpecs(chartStructure(data));
    // A file's runs have one or two structures; a few more are kept in case it alternates.
    if (s.chartSpecs.size >= 4) s.chartSpecs.delete(s.chartSpecs.keys().next().value as string);
    s.chartSpecs.set(key, specs);
    this.output.info(`compiled the chart specs of ${s.name} for ${key} in ${(performance.now() - started).toFixed(0)} ms`);
    return specs;
  }

  private snapshot(s: Session): PanelSnapshot {
    const report = s.last?.report ?? null;
    return {
      fileName: s.name,
      relativePath: vscode.workspace.asRelativePath(s.uri, false),
      fileUri: s.uri.toString(),
      state: s.state,
      message: s.message,
      runId: s.last?.runId ?? 0,
      // The page is sent no history: the chart carries the curves it draws, and weight snapshots it never reads stay here.
      report: report ? panelReport(report) : null,
      chart: this.chartData(s),
      bestConvergedRate: this.bestConverged(s),
    };
  }

  // ── status ─────────────────────────────────────────────────────────────────────────────────

  /** One line for the status bar and CodeLens, e.g. "converged in 22 epochs". */
  summary(uri: vscode.Uri): string | null {
    const s = this.find(uri);
    if (!s) return null;
    const r = s.last?.report;
    switch (s.state) {
      case 'training':
        return s.progress ? `training… epoch ${s.progress.epoch}/${s.progress.epochs}` : 'training…';
      case 'idle':
        return s.message ?? null;
      case 'invalid':
        return 'invalid config';
      case 'untrusted':
        return 'needs workspace trust';
      case 'deleted':
        return 'file deleted';
      case 'crashed':
        return 'worker crashed';
      case 'done':
        if (s.stale) return 'data changed since the last run';
        if (!r?.verdict) return s.message ?? 'cancelled';
        return verdictSummary(r.verdict, r.verdictEpoch);
      default:
        return assertNever(s.state);
    }
  }

  state(uri: vscode.Uri): PanelState | null {
    return this.find(uri)?.state ?? null;
  }

  // ── for tests and tools ────────────────────────────────────────────────────────────────────

  api(): DescentApi {
    return {
      whenIdle: (uri) => this.find(uri)?.whenIdle() ?? Promise.resolve(),
      lastReport: (uri) => this.find(uri)?.last?.report ?? null,
      panelState: (uri) => {
        const s = this.find(uri);
        if (!s) return null;
        return { state: s.state, runId: s.last?.runId ?? 0, trigger: s.last?.trigger ?? null, open: s.panel !== null, visible: s.panel?.panel.visible ?? false, ready: s.panel?.ready ?? false, drawnRunIds: s.drawn.map((d) => d.runId), previousLabels: this.previousRuns(s).map((p) => p.label), stale: s.stale, message: s.message };
      },
      revive: (state) => {
        const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Descent', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, panelOptions(this.extensionUri));
        return this.revivePanel(panel, state);
      },
      liveWorkers: () => this.workers.liveWorkers,
      simulateWorkerCrash: () => this.workers.simulateCrash(),
      simulateBlankPage: () => {
        this.blankNextPage = true;
      },
      pendingTimers: () => [...this.sessions.values()].filter((s) => s.timersPending).length,
      pendingChecks: () => [...this.sessions.values()].filter((s) => s.checksPending).length,
    };
  }

  dispose(): void {
    for (const s of this.sessions.values()) {
      s.dispose();
      s.dataWatcher?.dispose();
      s.panel?.dispose();
    }
    this.sessions.clear();
    this.store.dispose();
  }
}

function parseUri(text: string): vscode.Uri | null {
  try {
    return vscode.Uri.parse(text, true);
  } catch {
    return null;
  }
}

/** The absolute path of the CSV a training.json's text reads, or null (no CSV, or the text does not parse). */
function dataFileOf(uri: vscode.Uri, text: string): string | null {
  const config = parseConfig(text).config;
  return config?.data.kind === 'csv' ? path.resolve(path.dirname(uri.fsPath), config.data.csv) : null;
}
