import * as vscode from 'vscode';
import { currentLanguage, displayLocale } from './shared/l10n';
import { randomBytes } from 'node:crypto';
import { DisposableStore } from './dispose';
import { RateLimiter } from './rateLimit';
import { Channel } from './shared/channel';
import { carriedStateJson } from './shared/carriedState';
import { type HostToWebview, type PanelSnapshot, type WebviewToHost, parseWebviewMessage, type PanelSection } from './shared/protocol';
import type { ChartSpecs } from './shared/series';
import type { ModelSpecs, ModelViews } from './shared/modelView';

/** What the panel asks of the session that owns it. */
export interface PanelHost {
  /** The state to draw now. */
  snapshot(): PanelSnapshot;
  /** The compiled specs a snapshot's chart names (`chart.specKey`), or null when they are unknown. */
  chartSpecs(key: string): ChartSpecs | null;
  /** The compiled specs of the model view and landscape (the same for every file). */
  modelSpecs?(): ModelSpecs;
  /** The model view and landscape of the run a snapshot shows, or null when there is no run. */
  modelViews?(runId: number): ModelViews | null;
  /** Handles a validated message from the page. */
  handleMessage(message: WebviewToHost): void;
  /** The panel was closed by the user. */
  panelClosed(): void;
  /** The panel is shown but its page never loaded (see `expectReady`). */
  pageDidNotLoad(): void;
}

export const PANEL_VIEW_TYPE = 'descent.trainingPanel';

/** The folders the page may load from: the built script and the stylesheet, nothing else. */
export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * The display language for a page: its tag and bundle as JSON in a non-executed script element
 * (the page reads it before it says anything; see webview/wire.ts readPageLanguage).
 */
export function pageLanguageScript(): string {
  const json = JSON.stringify(currentLanguage()).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="l10n">${json}</script>`;
}

/**
 * The page's HTML: a strict CSP, scripts only by nonce, no eval. `carriedState` is the state of
 * the page this one replaces (a restored panel that stayed blank): the page starts from it when
 * VS Code has none for it, so its view and the runs' order survive the replacement.
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, carriedState?: unknown): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const src = webview.cspSource;
  const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const carried = carriedStateJson(carriedState);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(displayLocale())}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${src} data:; style-src ${src} 'unsafe-inline'; font-src ${src}; script-src 'nonce-${nonce}';">
<link href="${css}" rel="stylesheet">
<title>${escapeHtml(title)}</title>
</head>
<body><main id="app" aria-live="polite"></main>${pageLanguageScript()}${carried ? `<script type="application/json" id="carried-state">${carried}</script>` : ''}<script nonce="${nonce}" src="${script}"></script></body>
</html>`;
}

/**
 * What a page may send: any message 30 at once and 20 a second on average (a person clicks far
 * less; drawing sends one per run), a `train` 3 at once and one a second. A compromised page's
 * flood is dropped and logged once, instead of starting and cancelling a run per message.
 */
const MESSAGE_BURST = 30;
const MESSAGES_PER_SECOND = 20;
const TRAIN_BURST = 3;
const TRAINS_PER_SECOND = 1;

/** How long a shown page may take to say `ready` before the panel counts as blank. */
const READY_TIMEOUT_MS = 6_000;

/** One panel, bound to one training.json; created beside the editor or revived after a reload. */
export class TrainingPanel implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private disposed = false;
  /** The page on screen has loaded and said `ready`. */
  ready = false;
  /** The predecessor's page state written into this panel's page (JSON; '' when none): for tests. */
  readonly carriedState: string;
  private readyTimer: NodeJS.Timeout | undefined;
  private wasVisible: boolean;
  private readonly messages = new RateLimiter(MESSAGE_BURST, MESSAGES_PER_SECOND);
  private readonly trains = new RateLimiter(TRAIN_BURST, TRAINS_PER_SECOND);
  /** Messages dropped since the last one that passed; the first drop of a flood is logged. */
  private dropped = 0;
  /** The one channel to the page: envelopes checked, the page's messages validated by the protocol. */
  private readonly channel: Channel<HostToWebview, WebviewToHost>;
  /** The chart structures whose compiled specs the page on screen has (a page that says `ready` has none). */
  private readonly pageSpecs = new Set<string>();
  /** The run whose model views the page on screen has (-1: none), and whether it has their specs. */
  private pageModelRun = -1;
  private pageModelSpecs = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly host: PanelHost,
    private readonly log: (message: string) => void,
    /** Fault tests: a page that never loads, as a failing webview host would leave it. */
    blankPage = false,
    /** The state of the page this panel replaces, for its page to start from (see `panelHtml`). */
    carriedState?: unknown,
  ) {
    panel.webview.options = panelOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    this.carriedState = blankPage ? '' : carriedStateJson(carriedState);
    panel.webview.html = blankPage ? '<!DOCTYPE html><html><body></body></html>' : panelHtml(panel.webview, extensionUri, panel.title, carriedState);
    this.wasVisible = panel.visible;
    this.expectReady();
    this.store.add(panel.onDidDispose(() => this.dispose()));
    this.channel = new Channel<HostToWebview, WebviewToHost>(
      (envelope) => {
        if (!this.disposed) void panel.webview.postMessage(envelope);
      },
      parseWebviewMessage,
      { onMessage: (message) => this.receive(message) },
      (raw) => this.log(`Ignored a malformed message from the panel: ${safePreview(raw)}`),
    );
    this.store.add(panel.webview.onDidReceiveMessage((raw: unknown) => this.channel.receive(raw)));
    // A hidden panel's page is discarded; shown again, it loads anew and must say ready again.
    this.store.add(
      panel.onDidChangeViewState(() => {
        if (panel.visible && !this.wasVisible) this.expectReady();
        this.wasVisible = panel.visible;
      }),
    );
  }

  /**
   * The browser host of webviews (VS Code for the Web, code-server) now and then leaves a new
   * panel blank: its page waits forever for a service worker that another webview's start-up
   * replaced. A page that has not said `ready` in time is reported, and the host puts a fresh
   * panel in its place.
   */
  private expectReady(): void {
    this.ready = false;
    clearTimeout(this.readyTimer);
    this.readyTimer = setTimeout(() => {
      if (this.disposed || !this.panel.visible) return;
      this.host.pageDidNotLoad();
    }, READY_TIMEOUT_MS);
  }

  /** A validated message from the page, rate-limited before the host acts on it. */
  private receive(message: WebviewToHost): void {
    if (!this.messages.take() || (message.type === 'train' && !this.trains.take())) {
      if (this.dropped++ === 0) this.log(`The panel sends messages faster than a person could (a "${message.type}" among them); the excess is dropped.`);
      return;
    }
    this.dropped = 0;
    if (message.type === 'ready') {
      this.ready = true;
      clearTimeout(this.readyTimer);
      // A page that (re)loaded starts with no specs.
      this.pageSpecs.clear();
      this.pageModelRun = -1;
      this.pageModelSpecs = false;
    }
    this.host.handleMessage(message);
  }

  /** Sends a message to the page. */
  post(message: HostToWebview): void {
    this.channel.event(message);
  }

  /** Sends the full state, preceded by the chart's compiled specs when the page does not have them yet. */
  refresh(): void {
    const snapshot = this.host.snapshot();
    const key = snapshot.chart?.specKey;
    if (key !== undefined && !this.pageSpecs.has(key)) {
      const specs = this.host.chartSpecs(key);
      if (specs) {
        this.post({ type: 'chartSpecs', specs });
        this.pageSpecs.add(key);
      }
    }
    this.post({ type: 'snapshot', snapshot });
    // After the snapshot, so the verdict and the loss chart never wait for the model views' data.
    this.sendModelViews(snapshot.runId);
    if (this.ready) this.flushSection();
  }

  /** A run's model views (and, the first time, their specs), once per run, right after the snapshot that names the run. */
  private sendModelViews(runId: number): void {
    if (runId === this.pageModelRun) return;
    const views = this.host.modelViews?.(runId);
    const specs = this.host.modelSpecs;
    if (!views || !specs) return;
    if (!this.pageModelSpecs) {
      this.post({ type: 'modelSpecs', specs: specs() });
      this.pageModelSpecs = true;
    }
    this.post({ type: 'modelViews', views });
    this.pageModelRun = runId;
  }

  /** A section the page is to bring into view once it has loaded and drawn the run (see `showSection`). */
  private wantedSection: PanelSection | null = null;

  /**
   * Brings a section below the chart into view: at once when the page is up, else once it has
   * said `ready` and been sent its state (the page itself waits until the section is drawn).
   */
  showSection(section: PanelSection): void {
    this.wantedSection = section;
    if (this.ready) this.flushSection();
  }

  private flushSection(): void {
    if (this.wantedSection === null) return;
    this.post({ type: 'showSection', section: this.wantedSection });
    this.wantedSection = null;
  }

  reveal(preserveFocus = true): void {
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, preserveFocus);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.readyTimer);
    this.channel.close('the panel was closed');  // not translated: a reason for the log
    this.host.panelClosed();
    this.store.dispose();
    this.panel.dispose();
  }
}

function safePreview(raw: unknown): string {
  try {
    return JSON.stringify(raw).slice(0, 200);
  } catch {
    return String(raw).slice(0, 200);
  }
}
