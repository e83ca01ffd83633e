/**
 * The Descent Lab panel: one per training.json, beside the training panel. It runs a lab of the
 * file (compare learning rates, compare batch sizes, the learning-rate sweep) in the training
 * workers, sends the page the chart's data and its compiled spec, and acts on what the page asks:
 * another lab, cancel, or "use this rate" (one undoable edit of training.json, then a training).
 */
import * as vscode from 'vscode';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseConfig } from './core/config';
import { DisposableStore } from './dispose';
import { runRequest } from './editorEnv';
import { buildLabSpec, comparisonData, labSpecKey, sweepData } from './labChart';
import { type LabHandle, type LabResult, startLab } from './labRunner';
import { pageLanguageScript, panelOptions } from './panel';
import { displayLocale, t } from './shared/l10n';
import { RateLimiter } from './rateLimit';
import { valueEdit } from './codeActions';
import { assertNever } from './shared/assertNever';
import { Channel } from './shared/channel';
import { formatNumber } from './shared/format';
import type { SweepReport } from './shared/lab';
import { type HostToLab, type LabKind, type LabSpec, type LabToHost, type LabView, parseLabMessage } from './shared/labProtocol';
import type { WorkerClient } from './workerClient';

export const LAB_VIEW_TYPE = 'descent.labPanel';

/** The command of each lab, e.g. the training panel's "Compare learning rates" button runs `descent.compareLearningRates`. */
export const LAB_COMMANDS: Record<LabKind, string> = { rates: 'descent.compareLearningRates', batches: 'descent.compareBatchSizes', sweep: 'descent.sweepLearningRates', optimizers: 'descent.compareOptimizers' };

/** The notification's words while a lab of `file` runs, e.g. "Descent Lab: comparing learning rates, training.json". */
function labProgressTitle(kind: LabKind, file: string): string {
  switch (kind) {
    case 'rates':
      return t('Descent Lab: comparing learning rates, {0}', file);
    case 'batches':
      return t('Descent Lab: comparing batch sizes, {0}', file);
    case 'sweep':
      return t('Descent Lab: sweeping learning rates, {0}', file);
    case 'optimizers':
      return t('Descent Lab: comparing optimizers, {0}', file);
    default:
      return assertNever(kind);
  }
}

/** A lab longer than this also shows a cancellable notification (the page always shows its progress). */
const NOTIFY_AFTER_MS = 500;

/** What the lab panels need of the rest of Descent. */
export interface LabOwner {
  readonly workers: WorkerClient;
  readonly output: vscode.LogOutputChannel;
  /** Opens the file's training panel and trains the file now (after "use this rate"). */
  train(uri: vscode.Uri): Promise<void>;
  /** The column of the file's training panel, if it is open: the lab opens in the one beside it. */
  trainingColumn(uri: vscode.Uri): vscode.ViewColumn | undefined;
}

/** The lab panels, one per training.json. */
export class LabPanels implements vscode.Disposable {
  private readonly panels = new Map<string, LabPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly owner: LabOwner,
  ) {}

  /** Opens (or reveals) the file's lab panel and runs `kind` in it; resolves when the lab has ended. */
  open(uri: vscode.Uri, kind: LabKind): Promise<void> {
    const key = uri.toString();
    let panel = this.panels.get(key);
    if (!panel) {
      const created = new LabPanel(uri, this.extensionUri, this.owner, () => this.panels.delete(key));
      this.panels.set(key, created);
      panel = created;
    } else panel.reveal();
    return panel.run(kind);
  }

  /** The file's lab panel, if open (tests). */
  find(uri: vscode.Uri): LabPanel | undefined {
    return this.panels.get(uri.toString());
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}

export class LabPanel implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly panel: vscode.WebviewPanel;
  private readonly channel: Channel<HostToLab, LabToHost>;
  private readonly messages = new RateLimiter(30, 20);
  private readonly runs = new RateLimiter(3, 1);
  private readonly specs = new Map<string, LabSpec>();
  private view: LabView;
  private running: LabHandle | null = null;
  private sweep: SweepReport | null = null;
  private labId = 0;
  private disposed = false;
  /** When the current lab was asked for, and when its chart was drawn (ms; the log and the benchmark read it). */
  private askedAt = 0;
  lastDrawn: { labId: number; marks: number; msFromAsk: number } | null = null;
  /** Where the current lab's time went: until the workers answered, and the host's chart data, spec and post. */
  private phases = { workersMs: NaN, hostMs: NaN };

  constructor(
    readonly uri: vscode.Uri,
    extensionUri: vscode.Uri,
    private readonly owner: LabOwner,
    private readonly closed: () => void,
  ) {
    const name = path.basename(uri.fsPath);
    this.view = { fileName: vscode.workspace.asRelativePath(uri, false), kind: 'rates', state: 'running', message: null, data: null, spec: null, labId: 0 };
    // Beside the training panel when it is open (so "use this rate" shows the new run without hiding the lab), else beside the editor.
    const training = owner.trainingColumn(uri);
    const column = training !== undefined ? ((training + 1) as vscode.ViewColumn) : vscode.ViewColumn.Beside;
    this.panel = vscode.window.createWebviewPanel(LAB_VIEW_TYPE, `Descent Lab: ${name}`, { viewColumn: column, preserveFocus: true }, panelOptions(extensionUri));
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    this.panel.webview.html = labHtml(this.panel.webview, extensionUri, `Descent Lab: ${name}`);
    this.channel = new Channel<HostToLab, LabToHost>(
      (envelope) => {
        if (!this.disposed) void this.panel.webview.postMessage(envelope);
      },
      parseLabMessage,
      { onMessage: (m) => this.receive(m) },
      () => this.owner.output.warn('Ignored a malformed message from the panel of the Descent Lab.'),
    );
    this.store.add(this.panel.webview.onDidReceiveMessage((raw: unknown) => this.channel.receive(raw)));
    this.store.add(this.panel.onDidDispose(() => this.dispose()));
  }

  reveal(): void {
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
  }

  /** Runs a lab of the file's current text (the editor's buffer when open), replacing any under way. */
  async run(kind: LabKind): Promise<void> {
    this.running?.cancel();
    this.askedAt = performance.now();
    const labId = ++this.labId;
    this.sweep = null;
    this.show({ kind, state: 'running', message: null, data: null, spec: null, labId });
    if (!vscode.workspace.isTrusted) {
      this.show({ state: 'invalid', message: t('This workspace is not trusted, so Descent reads no data and trains nothing. Trust the workspace to run the lab.') });
      return;
    }
    let text: string;
    try {
      text = (await vscode.workspace.openTextDocument(this.uri)).getText();
    } catch (e) {
      this.show({ state: 'failed', message: t('{0} cannot be read: {1}', path.basename(this.uri.fsPath), e instanceof Error ? e.message : String(e)) });
      return;
    }
    if (labId !== this.labId || this.disposed) return;
    const request = runRequest(this.uri, text, labId, false);
    const handle = startLab(this.owner.workers, request, kind, os.availableParallelism(), (p) => {
      if (labId === this.labId) this.channel.event({ type: 'progress', labId, done: p.done, total: p.total, text: p.text });
    });
    this.running = handle;
    const notify = setTimeout(() => {
      if (this.running !== handle) return;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: labProgressTitle(kind, path.basename(this.uri.fsPath)), cancellable: true }, async (_p, token) => {
        token.onCancellationRequested(() => handle.cancel());
        await handle.outcome;
      });
    }, NOTIFY_AFTER_MS);
    const result = await handle.outcome;
    clearTimeout(notify);
    if (this.running === handle) this.running = null;
    if (labId !== this.labId || this.disposed) return;
    const answered = performance.now();
    this.finish(kind, result, parseConfig(text).config?.learningRate ?? null);
    this.phases = { workersMs: answered - this.askedAt, hostMs: performance.now() - answered };
  }

  private finish(kind: LabKind, result: LabResult, currentRate: number | null): void {
    switch (result.kind) {
      case 'sweep': {
        this.sweep = result.sweep;
        this.show({ state: 'done', data: sweepData(result.sweep, currentRate), spec: this.spec(kind, result.sweep.lossUnit) });
        break;
      }
      case 'comparison': {
        const data = comparisonData(kind === 'sweep' ? 'rates' : kind, result.comparison, this.view.fileName);
        this.show({ state: 'done', data, spec: this.spec(kind, data.lossUnit) });
        break;
      }
      case 'invalid': {
        const errors = result.problems.filter((p) => p.severity === 'error' || p.code === 'too-many-updates');
        const lines = (errors.length ? errors : result.problems).slice(0, 5).map((p) => t('line {0}: {1}', p.line, p.message));
        this.show({ state: 'invalid', message: t('{0} cannot be trained: {1}', path.basename(this.uri.fsPath), lines.join(' ') || t('it has problems (see the Problems panel).')) });
        break;
      }
      case 'cancelled':
        this.show({ state: 'cancelled', message: t('Cancelled.') });
        break;
      case 'failed':
        this.owner.output.error(t('Lab failed: {0}', result.message));
        this.show({ state: 'failed', message: result.message.split('\n')[0] ?? result.message });
        break;
      default:
        assertNever(result);
    }
  }

  /** The compiled spec of a lab chart, compiled on first use and kept. */
  private spec(kind: LabKind, lossUnit: string): LabSpec {
    const key = labSpecKey(kind, lossUnit);
    let spec = this.specs.get(key);
    if (!spec) {
      spec = buildLabSpec(kind, lossUnit);
      this.specs.set(key, spec);
    }
    return spec;
  }

  private show(change: Partial<LabView>): void {
    this.view = { ...this.view, ...change };
    this.panel.title = `Descent Lab: ${path.basename(this.uri.fsPath)}`;
    this.channel.event({ type: 'view', view: this.view });
  }

  private receive(m: LabToHost): void {
    if (!this.messages.take() || ((m.type === 'run' || m.type === 'useRate') && !this.runs.take())) return;
    switch (m.type) {
      case 'ready':
        this.channel.event({ type: 'view', view: this.view });
        break;
      case 'run':
        void this.run(m.kind);
        break;
      case 'cancel':
        this.running?.cancel();
        break;
      case 'useRate':
        void this.useRate(m.labId, m.index);
        break;
      case 'drawn': {
        if (m.labId !== this.labId || this.lastDrawn?.labId === m.labId) break;
        const ms = performance.now() - this.askedAt;
        this.lastDrawn = { labId: m.labId, marks: m.marks, msFromAsk: ms };
        const { workersMs, hostMs } = this.phases;
        this.owner.output.info(`lab ${this.view.kind} of ${this.view.fileName}: drawn ${ms.toFixed(0)} ms after it was asked for (${m.marks} marks; workers ${workersMs.toFixed(0)} ms, host ${hostMs.toFixed(0)} ms, the page ${(ms - workersMs - hostMs).toFixed(0)} ms)`);
        break;
      }
      case 'error':
        this.owner.output.error(`Panel error (Descent Lab): ${m.message}`);
        break;
      default:
        assertNever(m);
    }
  }

  /**
   * Writes the sweep's rate `index` (shown with four significant digits, and written so) into
   * training.json as one undoable edit, then trains the file in its training panel.
   */
  async useRate(labId: number, index: number): Promise<boolean> {
    const point = labId === this.labId ? this.sweep?.points[index] : undefined;
    if (!point) return false;
    const rate = Number(point.learningRate.toPrecision(4));
    const document = await vscode.workspace.openTextDocument(this.uri);
    const edit = valueEdit(document, 'learningRate', rate);
    if (!(edit instanceof vscode.WorkspaceEdit)) {
      void vscode.window.showWarningMessage(`Descent: ${edit.refused}`);
      return false;
    }
    if (!(await vscode.workspace.applyEdit(edit))) return false;
    this.show({ message: t('learningRate is now {0} in {1} (one edit: Undo in the editor reverts it). Training it in the training panel…', formatNumber(rate), this.view.fileName) });
    await this.owner.train(this.uri);
    return true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.running?.cancel();
    this.channel.close('the lab panel was closed');  // not translated: a reason for the log
    this.closed();
    this.store.dispose();
    this.panel.dispose();
  }
}

/** The lab page's HTML: the training panel's CSP (scripts by nonce only, no eval), the lab's own script. */
function labHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'lab.js'));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const labCss = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'lab.css'));
  const src = webview.cspSource;
  const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(displayLocale())}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${src} data:; style-src ${src} 'unsafe-inline'; font-src ${src}; script-src 'nonce-${nonce}';">
<link href="${css}" rel="stylesheet">
<link href="${labCss}" rel="stylesheet">
<title>${escapeHtml(title)}</title>
</head>
<body><main id="app" aria-live="polite"></main>${pageLanguageScript()}<script nonce="${nonce}" src="${script}"></script></body>
</html>`;
}
