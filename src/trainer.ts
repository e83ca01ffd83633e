import * as vscode from 'vscode';
import * as path from 'node:path';
import { lossChartData } from './chart/lossData';
import { buildLossSpecs, chartStructure } from './chart/lossSpec';
import { type PreviousRun, describeConfigChange, previousRunFrom } from './chart/previousRuns';
import { verdictSummary } from './shared/wording';
import { MAX_CONFIG_BYTES, parseConfig } from './core/config';
import { ProblemCode } from './shared/problems';

import { type FixAdvice, fixEdit } from './codeActions';
import { openDocument } from './files';
import { isDescentProblem, toDiagnostics, VERDICT_CODES } from './diagnostics';
import { DisposableStore } from './dispose';
import { PANEL_VIEW_TYPE, TrainingPanel, panelOptions } from './panel';
import { type PanelSnapshot, type PanelState, type WebviewToHost, panelReport } from './shared/protocol';
import type { ChartData, ChartSpecs } from './shared/series';
import { readSettings } from './settings';
import type { Progress, RunHandle, WorkerClient } from './workerClient';
import type { RunReport } from './shared/report';

/**
 * Saves closer together than this are one run. Short, because every save waits for it; a longer
 * burst is still handled by newest-wins: each run cancels the one before.
 */
const SAVE_DEBOUNCE_MS = 10;
/** Typing pauses this long before the semantic checks rerun. */
const EDIT_DEBOUNCE_MS = 300;
/** How many earlier runs of a file stay on the chart. */
const MAX_PREVIOUS_RUNS = 5;
/** Runs longer than this show "training…" in the panel and the status bar. */
const ANNOUNCE_TRAINING_AFTER_MS = 100;
/** Runs longer than this get a cancellable progress notification. */
const PROGRESS_AFTER_MS = 500;

/** What started a run; 'data' is a change to the data file the last run read. */
export type Trigger = 'command' | 'save' | 'external' | 'panel' | 'data';

/** How many times a blank panel is replaced by a fresh one before Descent gives up. */
const MAX_PANEL_REPLACEMENTS = 3;

/** Every file's runs, newest first, with the run id they had. */
interface PastRun {
  runId: number;
  report: RunReport;
  /** What started it. */
  trigger: Trigger;
}

/** One training.json: its runs, its panel, its diagnostics' inputs. */
class Session {
  /** The newest request to train; a request that finds a newer one after reading the file drops out. */
  requested = 0;
  /** The run that owns the file's state; a run that finds another owner when it ends is dropped. */
  generation = 0;
  handle: RunHandle | null = null;
  /** The semantic check under way, if any. */
  check: RunHandle | null = null;
  /** Text of the run in flight, to drop external-change events that repeat it. */
  inFlightText: string | null = null;
  last: PastRun | null = null;
  lastText: string | null = null;
  previous: PastRun[] = [];
  state: PanelState = 'idle';
  message: string | null = null;
  panel: TrainingPanel | null = null;
  progress: Progress | null = null;
  /** Semantic problems of the latest plan (the text being edited). */
  planned: RunReport['problems'] = [];
  saveTimer: NodeJS.Timeout | undefined;
  scheduledTrigger: Trigger | null = null;
  editTimer: NodeJS.Timeout | undefined;
  pending = 0;
  /** The last request stopped at descent.maxUpdates: a larger limit trains it. */
  stoppedByLimit = false;
  /** Runs the page reported as drawn, newest last. */
  drawn: { runId: number; marks: number; at: number }[] = [];
  /** The chart of the last run with these previous runs, built once for every snapshot of it. */
  chartData: { key: string; data: ChartData } | null = null;
  /** Compiled chart specs by structure key: a structure is compiled once, not per run or view. */
  chartSpecs = new Map<string, ChartSpecs>();
  /** The data file the file's runs and checks read, and the watcher on it. */
  dataFile: string | null = null;
  dataWatcher: vscode.Disposable | null = null;
  /** The data file changed after the last run and it was not re-trained (trainOnSave off). */
  stale = false;

  constructor(readonly uri: vscode.Uri) {}

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
 * Decides when files train and where results go: newest run wins (an older run for the same
 * file is cancelled and never shown), saves are coalesced, results reach the diagnostics, the
 * status bar, the CodeLens and the panel.
 */
export class TrainingManager implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new vscode.EventEmitter<vscode.Uri>());
  private readonly idle = this.store.add(new vscode.EventEmitter<string>());
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
      s = new Session(uri);
      this.sessions.set(key, s);
    }
    return s;
  }

  find(uri: vscode.Uri): Session | undefined {
    return this.sessions.get(uri.toString());
  }

  /** Trains now (a command or the panel's button), counted for `whenIdle`. */
  runNow(uri: vscode.Uri, trigger: Trigger, force = false): Promise<void> {
    const s = this.session(uri);
    s.pending++;
    return this.train(uri, trigger, force).finally(() => this.settle(s));
  }

  /** Coalesces saves and external changes: the last one in a burst trains. */
  schedule(uri: vscode.Uri, trigger: Trigger): void {
    const s = this.session(uri);
    // The run reports the same problems a check would: drop the check rather than compete with the run.
    this.dropCheck(s);
    if (s.saveTimer) clearTimeout(s.saveTimer);
    else s.pending++;
    // The watcher also reports the editor's own save: it must not turn a save into an "external" change.
    s.scheduledTrigger = s.saveTimer && trigger === 'external' ? (s.scheduledTrigger ?? trigger) : trigger;
    s.saveTimer = setTimeout(() => {
      s.saveTimer = undefined;
      const scheduled = s.scheduledTrigger ?? trigger;
      s.scheduledTrigger = null;
      void this.train(uri, scheduled).finally(() => this.settle(s));
    }, SAVE_DEBOUNCE_MS);
  }

  private settle(s: Session): void {
    s.pending = Math.max(0, s.pending - 1);
    if (s.pending === 0) this.idle.fire(s.uri.toString());
  }

  /** Checks the edited text (config and data, no training) and refreshes the semantic diagnostics. */
  scheduleCheck(document: vscode.TextDocument): void {
    const s = this.session(document.uri);
    if (s.editTimer) clearTimeout(s.editTimer);
    s.editTimer = setTimeout(() => {
      s.editTimer = undefined;
      void this.check(document);
    }, EDIT_DEBOUNCE_MS);
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    if (!vscode.workspace.isTrusted || document.isClosed) return;
    const s = this.session(document.uri);
    const text = document.getText();
    // Newest wins here too: a check of older text is cancelled, not left parsing in a thread.
    s.check?.cancel();
    const handle = this.workers.start('plan', this.request(s, text, ++this.runCounter, false));
    s.check = handle;
    const outcome = await handle.outcome;
    if (s.check === handle) s.check = null;
    this.output.debug(`check ${s.name} #${handle.runId}: ${outcome.kind}${outcome.kind === 'done' ? `, ${outcome.report.problems.length} problem(s)` : ''}`);
    if (outcome.kind !== 'done' || document.isClosed || document.getText() !== text) return;
    s.planned = outcome.report.problems;
    // A check that was already running when the file was deleted must not bring its squiggles back.
    if (s.state !== 'deleted') {
      this.watchData(s, text);
      this.publishDiagnostics(s, text);
    }
  }

  private request(s: Session, text: string, runId: number, force: boolean) {
    const settings = readSettings(s.uri);
    const folder = vscode.workspace.getWorkspaceFolder(s.uri);
    const baseDir = path.dirname(s.uri.fsPath);
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
   * it is gone, a refusal when it is not a regular file (a read of a named pipe never ends) or too large.
   */
  private async readText(uri: vscode.Uri): Promise<string | null | { refused: string }> {
    const open = openDocument(uri);
    if (open) return open.getText();
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if ((stat.type & vscode.FileType.File) === 0) return { refused: `${path.basename(uri.fsPath)} is not a regular file (a named pipe, a device or a socket); Descent reads only regular files.` };
      if (stat.size > MAX_CONFIG_BYTES) return { refused: `${path.basename(uri.fsPath)} is ${(stat.size / 1e6).toFixed(1)} MB; Descent reads configs up to ${MAX_CONFIG_BYTES / 1e6} MB.` };
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return null;
    }
  }

  /** Trains the file's current content (the editor's buffer when open). */
  private async train(uri: vscode.Uri, trigger: Trigger, force = false): Promise<void> {
    const s = this.session(uri);
    if (!vscode.workspace.isTrusted) {
      s.state = 'untrusted';
      s.message = 'This workspace is not trusted, so Descent does not read data or train. Trust the workspace (Manage Workspace Trust) to train.';
      this.publish(s);
      return;
    }
    // The request's place in line is taken now, before reading: a request that came later wins
    // even if its read finishes first.
    const request = ++s.requested;
    const text = await this.readText(uri);
    if (s.requested !== request) return;
    if (text === null) {
      this.markDeleted(uri);
      return;
    }
    if (typeof text !== 'string') {
      s.state = 'invalid';
      s.message = text.refused;
      this.publish(s);
      return;
    }
    // An external change that brings back the text already trained (or training) changes nothing,
    // unless the file was deleted in between: then it has come back, and the panel must say so.
    // It drops out before taking the file from the run in flight, which would otherwise be lost.
    if (trigger === 'external' && s.state !== 'deleted' && (text === s.inFlightText || (s.handle === null && text === s.lastText))) return;
    const runId = ++this.runCounter;
    s.generation = runId;
    s.stoppedByLimit = false;
    s.handle?.cancel();
    s.state = 'training';
    s.message = null;
    s.progress = null;
    s.inFlightText = text;
    // Most runs finish in a few milliseconds: announcing "training…" only for the longer ones
    // spares the panel a redraw (and a flicker) on the path from save to the new chart.
    const announce = setTimeout(() => s.generation === runId && s.state === 'training' && this.publish(s), ANNOUNCE_TRAINING_AFTER_MS);

    const handle = this.workers.start('train', this.request(s, text, runId, force), (p) => {
      if (s.generation !== runId) return;
      s.progress = p;
      s.panel?.post({ type: 'progress', runId, ...p });
    });
    s.handle = handle;
    const timer = setTimeout(() => this.showProgress(s, handle), PROGRESS_AFTER_MS);
    this.output.info(`train ${vscode.workspace.asRelativePath(uri)} #${runId} (${trigger})`);
    const outcome = await handle.outcome;
    clearTimeout(timer);
    clearTimeout(announce);
    this.output.info(`train #${runId}: ${outcome.kind}${outcome.kind === 'done' ? ` ${outcome.report.verdict ?? 'not trained'}` : ''}${s.generation !== runId ? ' (superseded)' : ''}`);
    if (s.generation !== runId) return; // superseded: a newer run owns the file now
    s.handle = null;
    s.inFlightText = null;
    s.progress = null;

    switch (outcome.kind) {
      case 'cancelled':
        s.state = s.last ? 'done' : 'idle';
        s.message = 'Training was cancelled.';
        this.recheck(uri);
        break;
      case 'crashed':
        s.state = 'crashed';
        s.message = `${outcome.message.split('\n')[0]} Save the file to train again with a fresh worker.`;
        this.output.error(`Training ${uri.fsPath} failed: ${outcome.message}`);
        this.recheck(uri);
        break;
      case 'done': {
        const report = outcome.report;
        const tooMany = report.problems.find((p) => p.code === ProblemCode.TooManyUpdates);
        if (!report.trained && tooMany && !report.problems.some((p) => p.severity === 'error')) {
          s.state = s.last ? 'done' : 'idle';
          s.message = `Not trained: ${tooMany.message}`;
          s.stoppedByLimit = true;
          // The text was planned, not trained: its problems (the limit on epochs) are the check's.
          s.planned = report.problems;
          this.publish(s);
          void this.askToTrainAnyway(uri, tooMany.message);
          return;
        }
        // The run it replaces joins the history if it trained (an invalid one has no curve to show).
        if (s.last?.report.trained) s.previous = [s.last, ...s.previous].slice(0, MAX_PREVIOUS_RUNS);
        s.last = { runId, report, trigger };
        s.lastText = text;
        s.stale = false;
        this.watchData(s, text);
        s.state = report.trained ? 'done' : 'invalid';
        s.message = report.trained ? null : 'training.json has problems; fix them and save to train.';
        break;
      }
      default: {
        const never: never = outcome;
        throw new Error(`unknown outcome ${JSON.stringify(never)}`);
      }
    }
    this.publish(s);
  }

  private async askToTrainAnyway(uri: vscode.Uri, why: string): Promise<void> {
    const choice = await vscode.window.showWarningMessage(`${why} This may take a long time.`, 'Train Anyway', 'Open Settings');
    if (choice === 'Train Anyway') await this.runNow(uri, 'command', true);
    else if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'descent.maxUpdates');
  }

  private showProgress(s: Session, handle: RunHandle): void {
    if (s.generation !== handle.runId) return;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Descent: training ${s.name}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => handle.cancel());
        let reported = 0;
        const tick = setInterval(() => {
          if (!s.progress || s.generation !== handle.runId) return;
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
   * change to it is seen: only training.json itself was watched, and an edited data.csv left the old
   * verdict and squiggles in place.
   */
  private watchData(s: Session, text: string): void {
    const file = dataFileOf(s.uri, text);
    if (file === s.dataFile) return;
    s.dataWatcher?.dispose();
    s.dataWatcher = null;
    s.dataFile = file;
    if (file === null) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
    const changed = () => this.dataChanged(s, file);
    s.dataWatcher = vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
  }

  /** The data file changed: re-train a trained file (trainOnSave), else say its result is stale; recheck the buffer either way. */
  private dataChanged(s: Session, file: string): void {
    if (s.dataFile !== file || s.state === 'deleted' || s.state === 'untrusted') return;
    this.output.info(`data of ${s.name} changed: ${file}`);
    // A run refused for its data (a text cell, a missing column) trains again too: the fix may be this change.
    if (s.last && readSettings(s.uri).trainOnSave) {
      this.schedule(s.uri, 'data');
      return;
    }
    if (s.last?.report.trained && !s.stale) {
      s.stale = true;
      s.message = `${path.basename(file)} changed after this run; train again (or save ${s.name}) to see its effect.`;
      this.publish(s);
    }
    this.recheck(s.uri);
  }

  /** True for a file Descent has trained or is training: only those refresh on changes from outside. */
  isTracked(uri: vscode.Uri): boolean {
    const s = this.find(uri);
    return !!s && (s.last !== null || s.handle !== null || s.state === 'deleted');
  }

  /** The deleted file is back, but it is not to be trained (trainOnSave is off): show what it had. */
  restored(uri: vscode.Uri): void {
    const s = this.find(uri);
    if (!s || s.state !== 'deleted') return;
    s.state = s.last ? 'done' : 'idle';
    s.message = null;
    this.publish(s);
    this.recheck(uri);
  }

  /** Checks the open buffer again, if the file is open (its problems may be stale). */
  private recheck(uri: vscode.Uri): void {
    const document = openDocument(uri);
    if (document) this.scheduleCheck(document);
  }

  /** Cancels the file's check, scheduled or running. */
  private dropCheck(s: Session): void {
    clearTimeout(s.editTimer);
    s.editTimer = undefined;
    s.check?.cancel();
  }

  /** The editor closed the file: problems of unsaved text go; those of the run of the file on disk stay. */
  documentClosed(uri: vscode.Uri): void {
    const s = this.find(uri);
    if (!s) return;
    this.dropCheck(s);
    s.planned = [];
    this.publish(s);
  }

  /** Descent's settings changed: files that were refused for them (limit, data folders) are tried again. */
  settingsChanged(): void {
    for (const s of this.sessions.values()) {
      if (s.state === 'deleted' || s.state === 'untrusted') continue;
      if ((s.stoppedByLimit || s.state === 'invalid') && readSettings(s.uri).trainOnSave) this.schedule(s.uri, 'command');
      else this.recheck(s.uri);
    }
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
    for (const s of this.sessions.values()) if (s.state === 'untrusted') this.schedule(s.uri, 'command');
  }

  /** The file is gone: stop refreshing, clear its diagnostics, tell the panel. */
  markDeleted(uri: vscode.Uri): void {
    const s = this.find(uri);
    this.diagnostics.delete(uri);
    if (!s) return;
    s.requested++;
    s.generation = ++this.runCounter;
    s.handle?.cancel();
    s.handle = null;
    s.state = 'deleted';
    s.stale = false;
    s.message = `${s.name} was deleted or renamed; this panel no longer refreshes.`;
    this.publish(s);
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
      default: {
        const never: never = s.state;
        return String(never);
      }
    }
  }

  state(uri: vscode.Uri): PanelState | null {
    return this.find(uri)?.state ?? null;
  }

  // ── for tests and tools ────────────────────────────────────────────────────────────────────

  api(): DescentApi {
    return {
      whenIdle: (uri) => {
        const s = this.find(uri);
        if (!s || (s.pending === 0 && s.handle === null)) return Promise.resolve();
        return new Promise((resolve) => {
          const sub = this.idle.event((key) => {
            if (key === uri.toString() && s.pending === 0) {
              sub.dispose();
              resolve();
            }
          });
        });
      },
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
      pendingTimers: () => [...this.sessions.values()].filter((s) => s.saveTimer || s.editTimer).length,
      pendingChecks: () => [...this.sessions.values()].filter((s) => s.editTimer || s.check).length,
    };
  }

  dispose(): void {
    for (const s of this.sessions.values()) {
      clearTimeout(s.saveTimer);
      clearTimeout(s.editTimer);
      s.handle?.cancel();
      s.check?.cancel();
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
