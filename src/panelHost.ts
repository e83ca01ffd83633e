/**
 * The panels of training.json files: opening, reviving after a reload, replacing a blank page,
 * what a panel is sent (a snapshot, the chart's data once per run, its compiled specs once per
 * structure) and what its page may ask (validated in panel.ts, acted on here).
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { lossChartData } from './chart/lossData';
import { buildLossSpecs, chartStructure } from './chart/lossSpec';
import { type PreviousRun, previousRunFromStored } from './chart/previousRuns';
import { bestConvergedRate, runLabels, runRows } from './chart/runsStore';
import { RunsKeeper } from './runsKeeper';
import { MAX_PREVIOUS_DRAWN } from './shared/series';
import type { Session } from './fileEntry';
import { PANEL_VIEW_TYPE, TrainingPanel, panelOptions } from './panel';
import { LAB_COMMANDS } from './labPanel';
import { assertNever } from './shared/assertNever';
import { type PanelSection, type PanelSnapshot, type WebviewToHost, panelReport } from './shared/protocol';
import type { ChartData, ChartSpecs } from './shared/series';
import type { ModelSpecs, ModelViews } from './shared/modelView';
import { buildModelSpecs } from './chart/modelSpec';
import { modelViewsOf } from './chart/modelViews';
import type { Trigger } from './session/fileSession';
import { exportChart, exportHistory } from './runExports';
import { KeptRuns } from './keptRuns';
import { type KeptListed, keptRunView } from './chart/keptRows';
import type { RunRow } from './shared/runs';
import { t } from './shared/l10n';

/** How many times a blank panel is replaced by a fresh one before Descent gives up. */
const MAX_PANEL_REPLACEMENTS = 3;

/** What the panels ask of the manager that owns the files. */
export interface PanelOwner {
  session(uri: vscode.Uri): Session;
  schedule(uri: vscode.Uri, trigger: Trigger): void;
  applyFix(uri: vscode.Uri): Promise<boolean>;
}

export class PanelHost {
  /** Fault tests: the next panel gets a page that never loads. */
  blankNextPage = false;
  /** The model view's and landscape's compiled specs: the same for every file, compiled on first use. */
  private modelSpecs: ModelSpecs | null = null;
  /** Each file's runs table, kept in the workspace state. */
  private readonly runsKeeper: RunsKeeper;
  /** Each file's kept runs (`.descent/runs/`), listed in its runs table and drawn when asked. */
  private readonly keptRuns: KeptRuns;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly owner: PanelOwner,
    workspaceState: vscode.Memento | null = null,
  ) {
    this.runsKeeper = new RunsKeeper(workspaceState, (msg) => this.output.warn(msg));
    this.keptRuns = new KeptRuns((file) => this.owner.session(vscode.Uri.file(file)).panel?.refresh(), (msg) => this.output.warn(msg));
  }

  /** Opens (or reveals) the file's panel beside the editor; with `section`, brings that section into view and focus. */
  show(s: Session, preserveFocus = true, section?: PanelSection): void {
    if (s.panel) s.panel.reveal(section ? false : true);
    else {
      const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, this.panelTitle(s), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: section ? false : preserveFocus }, panelOptions(this.extensionUri));
      this.attachPanel(s, panel);
    }
    if (section) s.panel?.showSection(section);
  }

  /** Rebinds a panel VS Code restored after a reload to its file; false (and the panel closed) when refused. */
  revive(panel: vscode.WebviewPanel, state: unknown): boolean {
    const uriText = typeof state === 'object' && state !== null ? (state as Record<string, unknown>).fileUri : undefined;
    // The saved state comes from the page: accept only a training.json on disk in an open workspace folder.
    const uri = typeof uriText === 'string' ? parseUri(uriText) : null;
    const s = uri && uri.scheme === 'file' && path.basename(uri.fsPath) === 'training.json' && vscode.workspace.getWorkspaceFolder(uri) ? this.owner.session(uri) : null;
    if (!uri || !s || s.panel) {
      if (typeof uriText === 'string') this.output.warn(t('A restored panel named {0}, which is no training.json in an open workspace folder; it was closed.', uriText.slice(0, 200)));
      panel.dispose();
      return false;
    }
    // The restored page's state goes with the session's panel: a replacement of a blank page starts from it.
    this.attachPanel(s, panel, 0, state);
    this.owner.schedule(uri, 'command');
    return true;
  }

  private panelTitle(s: Session): string {
    const rel = vscode.workspace.asRelativePath(s.uri, false);
    return rel === s.name ? `Descent: ${s.name}` : `Descent: ${rel}`;
  }

  private attachPanel(s: Session, panel: vscode.WebviewPanel, replacements = 0, pageState?: unknown): void {
    panel.title = this.panelTitle(s);
    const attached = new TrainingPanel(
      panel,
      this.extensionUri,
      {
        snapshot: () => this.snapshot(s),
        chartSpecs: (key) => this.chartSpecs(s, key),
        modelSpecs: () => (this.modelSpecs ??= buildModelSpecs()),
        modelViews: (runId) => this.modelViews(s, runId),
        handleMessage: (m) => this.handlePanelMessage(s, m),
        panelClosed: () => {
          if (s.panel !== attached) return;
          s.panel = null;
        },
        pageDidNotLoad: () => {
          if (s.panel !== attached || replacements >= MAX_PANEL_REPLACEMENTS) {
            this.output.warn(t('The panel of {0} stays blank: its page did not load. Close it and run Descent: Show Training Panel.', s.name));
            return;
          }
          this.output.warn(t('The panel of {0} stayed blank (its page did not load); opening a fresh one in its place.', s.name));
          const column = panel.viewColumn ?? vscode.ViewColumn.Beside;
          attached.dispose();
          const fresh = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, this.panelTitle(s), { viewColumn: column, preserveFocus: true }, panelOptions(this.extensionUri));
          this.attachPanel(s, fresh, replacements + 1, pageState);
        },
      },
      (msg) => this.output.warn(msg),
      this.blankNextPage,
      pageState,
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
        this.owner.schedule(s.uri, 'panel');
        break;
      case 'applyFix':
        void this.owner.applyFix(s.uri);
        break;
      case 'openConfig':
        void vscode.window.showTextDocument(s.uri, { viewColumn: vscode.ViewColumn.One });
        break;
      case 'runAction':
        if (this.runsKeeper.act(s, m.id, m.action)) s.panel?.refresh();
        break;
      case 'openLab':
        void vscode.commands.executeCommand(LAB_COMMANDS[m.lab], s.uri);
        break;
      case 'drawn':
        s.drawn = [...s.drawn.slice(-49), { runId: m.runId, marks: m.marks, at: Date.now() }];
        break;
      case 'error':
        this.output.error(`Panel error: ${m.message}`);
        break;
      case 'exportChart':
        void exportChart(s.uri, m.format, m.data).catch((e: Error) => this.output.error(t('Chart export failed: {0}', e.message)));
        break;
      case 'exportHistory':
        void exportHistory(s.uri, s.last?.report, m.format).catch((e: Error) => this.output.error(t('History export failed: {0}', e.message)));
        break;
      case 'keptRun':
        if (s.uri.scheme === 'file' && this.keptRuns.setShown(s.uri.fsPath, m.name, m.show)) s.panel?.refresh();
        break;
      default:
        assertNever(m);
    }
  }

  /**
   * The largest learning rate that converged in earlier runs whose config differed from the
   * current one only in the learning rate (another batch size or normalization says nothing).
   */
  bestConverged(s: Session | undefined): number | null {
    if (!s?.last?.report.config) return null;
    return bestConvergedRate(this.runsKeeper.runs(s), this.runsKeeper.currentKey(s));
  }

  /**
   * The file's other runs the chart draws beside the current one: the runs table's rows that are
   * neither the current config's nor hidden, newest first, under their table labels ("lr 0.1, batch 1").
   */
  previousRuns(s: Session): PreviousRun[] {
    const state = this.runsKeeper.runs(s);
    const current = this.runsKeeper.currentKey(s);
    const labels = runLabels(state.runs);
    return state.runs
      .map((run, i) => ({ run, label: labels[i] as string }))
      .filter(({ run }) => run.key !== current && !run.hidden)
      .slice(0, MAX_PREVIOUS_DRAWN)
      .map(({ run, label }) => previousRunFromStored(run, label))
      .concat(this.keptView(s).view.previous);
  }

  /** The file's kept runs as rows and drawn curves (none in an untrusted workspace, where Descent reads no data). */
  private keptView(s: Session): { view: { rows: RunRow[]; previous: PreviousRun[] }; total: number; folder: string } {
    if (s.uri.scheme !== 'file' || !vscode.workspace.isTrusted) return { view: { rows: [], previous: [] }, total: 0, folder: '' };
    const listed: { total: number; folder: string; runs: KeptListed[] } = this.keptRuns.list(s.uri.fsPath);
    return { view: keptRunView(this.runsKeeper.runs(s), this.runsKeeper.currentKey(s), listed.runs), total: listed.total, folder: listed.folder };
  }

  /** The last run's chart as data (every view's), built once per run and set of other runs drawn. */
  private chartData(s: Session): ChartData | null {
    const report = s.last?.report;
    if (!report?.trained || !report.history) return null;
    const previous = this.previousRuns(s);
    const key = JSON.stringify([s.last?.runId, previous.map((p) => [p.runId, p.label, p.slot, p.trainLoss.length])]);
    if (s.chartData?.key !== key) s.chartData = { key, data: lossChartData(report, previous) };
    return s.chartData.data;
  }

  /** The last run's model view and landscape, built once per run (null when the snapshot shows no run of that id). */
  private modelViews(s: Session, runId: number): ModelViews | null {
    const last = s.last;
    if (!last || last.runId !== runId || !last.report.trained) return null;
    if (s.modelViews?.runId !== runId) s.modelViews = modelViewsOf(last.report, runId);
    return s.modelViews;
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
    const kept = this.keptView(s);
    return {
      fileName: s.name,
      relativePath: vscode.workspace.asRelativePath(s.uri, false),
      fileUri: s.uri.toString(),
      state: s.state,
      message: s.message,
      runId: s.last?.runId ?? 0,
      // The page is sent no history: the chart carries the curves it draws, the run's model views its weight snapshots (once per run).
      report: report ? panelReport(report) : null,
      chart: this.chartData(s),
      bestConvergedRate: this.bestConverged(s),
      runs: [...runRows(this.runsKeeper.runs(s), this.runsKeeper.currentKey(s)), ...kept.view.rows],
      ...(kept.total > 0 ? { keptRuns: { total: kept.total, folder: vscode.workspace.asRelativePath(kept.folder, false) } } : {}),
    };
  }
}

function parseUri(text: string): vscode.Uri | null {
  try {
    return vscode.Uri.parse(text, true);
  } catch {
    return null;
  }
}
