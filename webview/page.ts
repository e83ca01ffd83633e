/**
 * The page's logic, with the DOM, the Vega renderer and VS Code's API passed in (so a test can
 * drive it with stand-ins): messages from the host through one `Channel`, the view the page owns,
 * and which chart to draw when.
 *
 * It receives `chartSpecs` (kept by key), `snapshot` (the whole state, with the run's chart data
 * for every view) and `progress`. It sends `ready` once on load; `train`, `applyFix`, `openConfig`
 * on their buttons; `drawn` once a run's chart is first drawn (with the number of marks); `error`
 * for a page error; `runAction` for the runs table's Pin, Hide and Remove, `keptRun` for a kept
 * run's Show; `exportChart` (with the image of the chart on screen) and `exportHistory` for the
 * Export buttons. A view change (log
 * scale, x-axis, other runs, excess loss) or a new order of the runs table is persisted with
 * `setState` and redrawn from the data and specs the page already has: the host hears nothing.
 */
import { Channel } from '../src/shared/channel';
import type { HostToWebview, PanelSection, PanelSnapshot, WebviewToHost } from '../src/shared/protocol';
import type { ChartSpecs } from '../src/shared/series';
import type { ChartContent, ChartRenderer } from './chart';
import { EPOCH_MARKER_SIGNAL } from '../src/shared/modelView';
import { createModelSection } from './modelSection';
import { chartView } from './chartView';
import { createRatePanel } from './ratePanel';
import type { PanelActions, PanelLayout } from './render';
import { parseHostMessage } from './state';
import type { ChartThemeConfig } from './theme';
import { t } from '../src/shared/l10n';
import { DEFAULT_VIEW, type PageState, type RunsSort, type ViewState, changeView, restoreFileUri, restoreRunsSort, restoreView } from './view';

/** Compiled specs kept for this many chart structures (a file's runs rarely have more than two). */
const MAX_KEPT_SPECS = 8;

export interface PageDeps {
  /** VS Code's webview API (or a stand-in). */
  api: { postMessage(message: unknown): void; getState(): unknown; setState(state: PageState): void };
  /** Builds the layout whose controls call `actions`. */
  makeLayout(actions: PanelActions): PanelLayout;
  renderer: ChartRenderer;
  /** Makes a renderer for each of the model section's charts (without it the page draws no model section). */
  makeRenderer?<C extends ChartContent>(): ChartRenderer<C>;
  /** The chart's theme now (read from the page's CSS variables). */
  theme(): ChartThemeConfig;
  /** The editor's background colour, put behind an exported chart ('' or absent: transparent). */
  background?(): string;
}

export interface Page {
  /** Takes one envelope the host posted. */
  receive(raw: unknown): void;
  /** The theme may have changed: redraws the chart if its colours did. */
  themeChanged(): void;
  /** Reports a page error to the host. */
  reportError(message: string): void;
}

/** Starts the page: builds its layout and says `ready` to the host. */
export function createPage({ api, makeLayout, renderer, makeRenderer, theme, background }: PageDeps): Page {
  const channel = new Channel<WebviewToHost, HostToWebview>((envelope) => api.postMessage(envelope), parseHostMessage, { onMessage: (m) => receive(m) });
  const post = (message: WebviewToHost) => channel.event(message);
  const saved = api.getState();
  let view: ViewState = restoreView(saved) ?? DEFAULT_VIEW;
  let fileUri = restoreFileUri(saved);
  let runsSort: RunsSort = restoreRunsSort(saved);
  const save = () => api.setState({ view, fileUri, runsSort });
  const specs = new Map<string, ChartSpecs>();
  let snapshot: PanelSnapshot | null = null;
  let chartShown = false;
  let drawnConfig = '';
  /** What the chart on screen shows: run, structure, view and theme. */
  let drawnKey = '';
  /** The last run this page told the host it drew. */
  let reportedRun = -1;
  let draws = 0;

  const layout = makeLayout({
    changeView(change) {
      const next = changeView(view, change);
      if (JSON.stringify(next) === JSON.stringify(view)) return;
      view = next;
      save();
      // The controls follow (log scale is implied by the excess-loss view).
      if (snapshot) layout.render(snapshot, view, runsSort);
      void drawChart();
    },
    train: () => post({ type: 'train' }),
    applyFix: () => post({ type: 'applyFix' }),
    openConfig: () => post({ type: 'openConfig' }),
    runAction: (id, action) => post({ type: 'runAction', id, action }),
    sortRuns(sort) {
      runsSort = sort;
      save();
      if (snapshot) layout.render(snapshot, view, runsSort);
    },
    openLab: (lab) => post({ type: 'openLab', lab }),
    keptRun: (name, show) => post({ type: 'keptRun', name, show }),
    exportChart(format) {
      // The image is the chart on screen, in its view (log scale, axis, runs shown) and theme.
      void (renderer.image?.(format, background?.() ?? '') ?? Promise.resolve(null)).then(
        (data) => {
          if (data) post({ type: 'exportChart', format, data });
          else post({ type: 'error', message: t('No chart to export as {0}.', format.toUpperCase()) });
        },
        (e: unknown) => post({ type: 'error', message: t('Could not export the chart as {0}: {1}', format.toUpperCase(), e instanceof Error ? e.message : String(e)) }),
      );
    },
    exportHistory: (format) => post({ type: 'exportHistory', format }),
  });

  // The model section below the chart: its scrubber moves the loss chart's epoch marker.
  let markedEpoch: number | null = null;
  const placeMarker = async (): Promise<void> => {
    const perEpoch = snapshot?.chart?.updatesPerEpoch ?? 1;
    const x = markedEpoch === null ? null : view.xAxis === 'update' ? markedEpoch * perEpoch : markedEpoch;
    await renderer.signal?.(EPOCH_MARKER_SIGNAL, x);
    layout.chart.dataset.markerEpoch = markedEpoch === null ? '' : String(markedEpoch);
  };
  const modelSection =
    makeRenderer && layout.model
      ? createModelSection(layout.model, {
          makeRenderer,
          theme,
          onEpoch(epoch) {
            markedEpoch = epoch;
            void placeMarker();
          },
          onDrawn: () => revealSection(),
          reportError: (message) => post({ type: 'error', message }),
        })
      : null;

  // Under the loss chart: the schedule's rate per epoch, on the same x axis.
  const ratePanel = layout.rate && makeRenderer ? createRatePanel(layout.rate, makeRenderer<ChartContent>()) : null;

  // A section a command asked for (Show Model View, Show Loss Landscape), brought into view and
  // focus once it is shown (a new panel gets its run's views after its first snapshot).
  let wantedSection: PanelSection | null = null;
  const revealSection = (): void => {
    // Only once the section's views are drawn for the run shown: their heights decide where it is.
    if (wantedSection === null || !snapshot || layout.model?.dataset.runId !== String(snapshot.runId)) return;
    if (layout.showSection?.(wantedSection)) wantedSection = null;
  };

  const drawChart = async (): Promise<void> => {
    const shown = snapshot;
    const data = shown?.chart;
    const compiled = data ? specs.get(data.specKey) : undefined;
    if (!shown || !data || !compiled || !chartShown) {
      renderer.clear(layout.chart);
      void ratePanel?.show(null, view, [0, 1], theme());
      drawnConfig = '';
      drawnKey = '';
      return;
    }
    const config = theme();
    drawnConfig = JSON.stringify(config);
    // A snapshot that only changes the state (e.g. "training…") keeps the chart already drawn:
    // redrawing it would cost a Vega render on every save.
    // The other runs drawn count too: hiding one (same run, same structure) redraws.
    const others = data.previous.map((r) => `${r.runId}:${r.slot}:${r.label}`).join(',');
    const key = `${shown.runId}|${data.specKey}|${others}|${JSON.stringify(view)}|${drawnConfig}`;
    if (key === drawnKey) return;
    drawnKey = key;
    const chart = chartView(data, view);
    layout.describeChart(chart.description);
    try {
      const marks = await renderer.render(layout.chart, compiled[chart.spec], config, chart);
      if (marks === null) return;
      await ratePanel?.show(data, view, chart.signals.xDomain, config);
      layout.chartDrawn(shown.runId, ++draws);
      if (shown.runId !== reportedRun) post({ type: 'drawn', runId: shown.runId, marks });
      reportedRun = shown.runId;
      // A redrawn chart (a new view, a new spec) puts the marker back where the scrubber is: after the
      // chart is reported drawn, so a new run's curve does not wait for it.
      if (markedEpoch !== null) await placeMarker();
    } catch (e) {
      drawnKey = '';
      post({ type: 'error', message: t('Could not draw the chart: {0}', e instanceof Error ? `${e.name}: ${e.message}` : String(e)) });
    }
  };

  function receive(message: HostToWebview): void {
    switch (message.type) {
      case 'chartSpecs':
        specs.delete(message.specs.key);
        specs.set(message.specs.key, message.specs);
        for (const key of specs.keys()) if (specs.size > MAX_KEPT_SPECS) specs.delete(key);
        return;
      case 'snapshot':
        snapshot = message.snapshot;
        fileUri = snapshot.fileUri;
        save();
        chartShown = layout.render(snapshot, view, runsSort);
        // The model section draws after the loss chart, so a new run's curve is never kept waiting for it.
        void drawChart().then(() => modelSection?.show(message.snapshot));
        return;
      case 'progress':
        if (snapshot?.state === 'training') layout.progress(message.epoch, message.epochs, message.loss);
        return;
      case 'modelSpecs':
        modelSection?.setSpecs(message.specs);
        return;
      case 'modelViews':
        modelSection?.setViews(message.views);
        if (snapshot) modelSection?.show(snapshot);
        return;
      case 'showSection':
        wantedSection = message.section;
        revealSection();
        return;
      default: {
        const never: never = message;
        throw new Error(`unknown host message ${JSON.stringify(never)}`);
      }
    }
  }

  post({ type: 'ready' });
  return {
    receive: (raw) => channel.receive(raw),
    themeChanged() {
      // The runs table's swatches follow the theme too.
      if (snapshot) layout.render(snapshot, view, runsSort);
      if (chartShown && snapshot?.chart && JSON.stringify(theme()) !== drawnConfig) void drawChart();
      modelSection?.themeChanged();
    },
    reportError: (message) => post({ type: 'error', message }),
  };
}
