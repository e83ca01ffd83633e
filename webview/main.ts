/**
 * The training panel's page. It renders what the host sends (a full snapshot each time) and sends
 * back what the user asked for; its only state of its own is the view (log scale, x-axis,
 * previous runs), persisted with `setState` together with the file's URI, so a reloaded panel
 * keeps its view and the host can revive it for the same file.
 *
 * Messages it posts: `ready` once on load (with the restored view, or null); `setView` when a
 * chart option changes; `train`, `applyFix`, `openConfig` on their buttons; `drawn`
 * after each chart render (with the number of marks); `error` for any uncaught page error.
 */
import { DEFAULT_VIEW, type PanelSnapshot, type ViewState, type WebviewToHost } from '../src/shared/protocol';
import { createChartRenderer } from './chart';
import { createLayout } from './render';
import { changeView, parseHostMessage, restoreFileUri, restoreView } from './state';
import { readThemeVariables, themeConfig, themeKindFrom } from './theme';

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}${e.stack ? `\n${e.stack}` : ''}` : String(e));

function startPanel(): void {
  const vscode = acquireVsCodeApi();
  const post = (message: WebviewToHost) => vscode.postMessage(message);
  window.addEventListener('error', (e) => post({ type: 'error', message: describeError(e.error ?? e.message) }));
  window.addEventListener('unhandledrejection', (e) => post({ type: 'error', message: describeError(e.reason) }));

  const saved = vscode.getState();
  const restored = restoreView(saved);
  let view: ViewState = restored ?? DEFAULT_VIEW;
  let fileUri = restoreFileUri(saved);
  const save = () => vscode.setState({ view, fileUri });
  let snapshot: PanelSnapshot | null = null;
  let chartShown = false;
  let drawnConfig = '';
  /** What the chart on screen shows: run, view, previous runs and theme. */
  let drawnKey = '';
  const renderer = createChartRenderer();

  const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
  const layout = createLayout(app, {
    changeView(change) {
      const next = changeView(view, change);
      if (JSON.stringify(next) === JSON.stringify(view)) return;
      view = next;
      save();
      post({ type: 'setView', view });
    },
    train: () => post({ type: 'train' }),
    applyFix: () => post({ type: 'applyFix' }),
    openConfig: () => post({ type: 'openConfig' }),
  });

  const drawChart = async (): Promise<void> => {
    const shown = snapshot;
    if (!shown?.chart || !chartShown) {
      renderer.clear(layout.chart);
      drawnConfig = '';
      drawnKey = '';
      return;
    }
    const config = themeConfig(readThemeVariables(), themeKindFrom(document.body.classList));
    drawnConfig = JSON.stringify(config);
    // A snapshot that only changes the state (e.g. "training…") keeps the chart already drawn:
    // redrawing it would cost a full Vega render on every save.
    const key = `${shown.runId}|${JSON.stringify(shown.view)}|${shown.previous.map((p) => `${p.runId}:${p.label}`).join(',')}|${drawnConfig}`;
    if (key === drawnKey && layout.chart.querySelector('svg')) return;
    drawnKey = key;
    try {
      const marks = await renderer.render(layout.chart, shown.chart, config);
      if (marks === null) return;
      layout.chart.closest('figure')?.setAttribute('data-run-id', String(shown.runId));
      post({ type: 'drawn', runId: shown.runId, marks });
    } catch (e) {
      post({ type: 'error', message: `Could not draw the chart: ${describeError(e)}` });
    }
  };

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseHostMessage(event.data);
    if (!message) return;
    switch (message.type) {
      case 'snapshot':
        snapshot = message.snapshot;
        view = snapshot.view;
        fileUri = snapshot.fileUri;
        save();
        chartShown = layout.render(snapshot);
        void drawChart();
        return;
      case 'progress':
        if (snapshot?.state === 'training') layout.progress(message.epoch, message.epochs, message.loss);
        return;
      default: {
        const never: never = message;
        throw new Error(`unknown host message ${JSON.stringify(never)}`);
      }
    }
  });

  // VS Code swaps the body class and the --vscode-* variables on <html> when the theme changes.
  let pending = false;
  const onThemeChange = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (!chartShown || !snapshot?.chart) return;
      const config = JSON.stringify(themeConfig(readThemeVariables(), themeKindFrom(document.body.classList)));
      if (config !== drawnConfig) void drawChart();
    });
  };
  const observer = new MutationObserver(onThemeChange);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

  post({ type: 'ready', view: restored });
}

startPanel();
