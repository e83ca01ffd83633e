import * as vscode from 'vscode';
import * as path from 'node:path';
import { verdictSummary } from './shared/wording';
import { type FixAdvice, fixEdit } from './codeActions';
import { openDocument } from './files';
import { isDescentProblem, toDiagnostics } from './diagnostics';
import { VERDICT_CODES } from './shared/problems';
import { DisposableStore } from './dispose';
import { PANEL_VIEW_TYPE, panelOptions } from './panel';
import { Session } from './fileEntry';
import { PanelHost } from './panelHost';
import type { PanelSection, PanelState } from './shared/protocol';
import type { RunReport } from './shared/report';
import type { Trigger } from './session/fileSession';
import { type EnvOwner, editorEnvironment } from './editorEnv';
import type { WorkerClient } from './workerClient';
import { assertNever } from './shared/assertNever';
import { keepFinishedRun } from './runExports';
import { t } from './shared/l10n';

export type { Trigger };

/** What tests and tools can ask of a running Descent (returned from `activate`). */
export interface DescentApi {
  /** Resolves once no run is scheduled or in flight for the file. */
  whenIdle(uri: vscode.Uri): Promise<void>;
  lastReport(uri: vscode.Uri): RunReport | null;
  panelState(uri: vscode.Uri): { state: PanelState; runId: number; trigger: Trigger | null; open: boolean; visible: boolean; ready: boolean; drawnRunIds: number[]; previousLabels: string[]; stale: boolean; message: string | null; carriedState: string } | null;
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
  private readonly panels: PanelHost;
  private readonly envOwner: EnvOwner;

  /** Fires when a file's run state changes (status bar, CodeLens). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly workers: WorkerClient,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly output: vscode.LogOutputChannel,
    /** Where each file's runs table is kept across window reloads (the extension's workspace state). */
    workspaceState: vscode.Memento | null = null,
  ) {
    this.panels = new PanelHost(extensionUri, output, { session: (uri) => this.session(uri), schedule: (uri, trigger) => this.schedule(uri, trigger), applyFix: (uri) => this.applyFix(uri) }, workspaceState);
    this.envOwner = {
      workers,
      output,
      nextRunId: () => ++this.runCounter,
      publish: (s) => this.publish(s),
      publishDiagnostics: (s, text) => this.publishDiagnostics(s, text),
      runNow: (uri, trigger, force) => this.runNow(uri, trigger, force),
      // A kept run joins the runs table once its file is written (after the run's own refresh).
      runFinished: (s, run) => void keepFinishedRun(s.uri, run, output).then((file) => {
        if (file) s.panel?.refresh();
      }),
    };
  }

  session(uri: vscode.Uri): Session {
    const key = uri.toString();
    let s = this.sessions.get(key);
    if (!s) {
      const self: { s?: Session } = {};
      s = new Session(uri, editorEnvironment(uri, () => self.s as Session, this.envOwner));
      self.s = s;
      this.sessions.set(key, s);
    }
    return s;
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

  /** The file whose panel has focus, if one has. */
  focusedPanelFile(): vscode.Uri | undefined {
    for (const s of this.sessions.values()) if (s.panel?.panel.active) return s.uri;
    return undefined;
  }

  /** Opens (or reveals) the file's panel beside the editor. */
  showPanel(uri: vscode.Uri, preserveFocus = true, section?: PanelSection): void {
    this.panels.show(this.session(uri), preserveFocus, section);
  }

  /** Rebinds a panel VS Code restored after a reload to its file; false (and the panel closed) when refused. */
  revivePanel(panel: vscode.WebviewPanel, state: unknown): boolean {
    return this.panels.revive(panel, state);
  }

  /** Applies the last run's verdict fix (a rate, the epochs, or z-scoring) with one undoable edit. */
  async applyFix(uri: vscode.Uri): Promise<boolean> {
    const fix = this.advice(uri).fix;
    if (fix === null) return false;
    const document = await vscode.workspace.openTextDocument(uri);
    // The fix was worked out for the text that ran: on text edited since, it may no longer point the right way.
    if (document.getText() !== this.find(uri)?.lastText) {
      void vscode.window.showWarningMessage(t("Descent: {0} changed since the run this fix is for; save it to train it, then apply the new run's fix.", path.basename(uri.fsPath)));
      return false;
    }
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
    const best = this.panels.bestConverged(s);
    const lr = report?.config?.learningRate;
    // The best earlier rate helps only if it moves the rate the way the verdict asks.
    const wanted = lr === undefined || best === null || !verdict ? null : report?.analysis?.cause === 'rate-too-small' ? (best > lr ? best : null) : report?.analysis?.cause === 'rate-too-large' && best < lr ? best : null;
    return { fix: verdict?.fix ?? null, bestConverged: wanted };
  }

  // ── status ─────────────────────────────────────────────────────────────────────────────────

  /** One line for the status bar and CodeLens, e.g. "converged in 22 epochs". */
  summary(uri: vscode.Uri): string | null {
    const s = this.find(uri);
    if (!s) return null;
    const r = s.last?.report;
    switch (s.state) {
      case 'training':
        return s.progress ? t('training… epoch {0}/{1}', s.progress.epoch, s.progress.epochs) : t('training…');
      case 'idle':
        return s.message ?? null;
      case 'invalid':
        return t('invalid config');
      case 'untrusted':
        return t('needs workspace trust');
      case 'deleted':
        return t('file deleted');
      case 'crashed':
        return t('worker crashed');
      case 'done':
        if (s.stale) return t('data changed since the last run');
        if (!r?.verdict) return s.message ?? t('cancelled');
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
        return { state: s.state, runId: s.last?.runId ?? 0, trigger: s.last?.trigger ?? null, open: s.panel !== null, visible: s.panel?.panel.visible ?? false, ready: s.panel?.ready ?? false, drawnRunIds: s.drawn.map((d) => d.runId), previousLabels: this.panels.previousRuns(s).map((p) => p.label), stale: s.stale, message: s.message, carriedState: s.panel?.carriedState ?? '' };
      },
      revive: (state) => {
        const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Descent', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, panelOptions(this.extensionUri));
        return this.revivePanel(panel, state);
      },
      liveWorkers: () => this.workers.liveWorkers,
      simulateWorkerCrash: () => this.workers.simulateCrash(),
      simulateBlankPage: () => {
        this.panels.blankNextPage = true;
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

