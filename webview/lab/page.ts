/**
 * The lab page's logic, with the DOM, the renderer and VS Code's API passed in (a test can drive
 * it with stand-ins): the host's views through one `Channel`, the x-axis choice the page owns
 * (kept with setState; switching it redraws from the data the page has, the host hears nothing),
 * and the user's asks (another lab, cancel, use a sweep's rate).
 */
import { Channel } from '../../src/shared/channel';
import { type HostToLab, type LabToHost, type LabView, parseHostToLab } from '../../src/shared/labProtocol';
import type { ChartThemeConfig } from '../theme';
import type { LabChartRenderer } from './labChart';
import { type LabAxis, LAB_AXES, comparisonView, labTheme, sweepView } from './labView';
import type { LabActions, LabLayout } from './render';
import { t } from '../../src/shared/l10n';

export interface LabPageDeps {
  api: { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };
  makeLayout(actions: LabActions): LabLayout;
  /** `onClick` is the page's: a click on a sweep point uses its rate. */
  makeRenderer(onClick: (datum: Record<string, unknown>) => void): LabChartRenderer;
  theme(): ChartThemeConfig;
}

export interface LabPage {
  receive(raw: unknown): void;
  themeChanged(): void;
  reportError(message: string): void;
}

/** The x axis a saved state names, or epochs. */
export function restoreAxis(saved: unknown): LabAxis {
  const axis = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>).axis : undefined;
  return LAB_AXES.find((a) => a === axis) ?? 'epoch';
}

export function createLabPage({ api, makeLayout, makeRenderer, theme }: LabPageDeps): LabPage {
  const channel = new Channel<LabToHost, HostToLab>((envelope) => api.postMessage(envelope), parseHostToLab, { onMessage: (m) => receive(m) });
  const post = (m: LabToHost) => channel.event(m);
  let axis = restoreAxis(api.getState());
  let view: LabView | null = null;
  let shown = false;
  let drawnKey = '';
  let draws = 0;
  let reported = -1;
  /** Specs by key: a lab run again arrives with an equal spec, and the same object lets the renderer keep its Vega view (no parse). */
  const specs = new Map<string, object>();

  const useRate = (index: number) => {
    if (view?.data?.kind === 'sweep' && view.data.points[index]) post({ type: 'useRate', labId: view.labId, index });
  };
  const layout = makeLayout({
    run: (kind) => post({ type: 'run', kind }),
    cancel: () => post({ type: 'cancel' }),
    changeAxis(next) {
      if (next === axis) return;
      axis = next;
      api.setState({ axis });
      if (view) layout.render(view, axis);
      void draw();
    },
    useRate,
  });
  const renderer = makeRenderer((datum) => {
    if (typeof datum.index !== 'number' || view?.data?.kind !== 'sweep') return;
    layout.select(datum.index);
    useRate(datum.index);
  });

  const draw = async (): Promise<void> => {
    const v = view;
    if (!v || !shown || !v.data || !v.spec) {
      // The figure is hidden; its Vega view is kept, so a lab run again only swaps its data.
      drawnKey = '';
      return;
    }
    const config = labTheme(theme(), v.kind);
    const key = `${v.labId}|${v.spec.key}|${axis}|${JSON.stringify(config)}`;
    if (key === drawnKey) return;
    drawnKey = key;
    const chart = v.data.kind === 'sweep' ? sweepView(v.data) : comparisonView(v.data, axis);
    layout.describeChart(chart.description);
    try {
      if (!specs.has(v.spec.key)) specs.set(v.spec.key, v.spec.spec);
      const marks = await renderer.render(layout.chart, specs.get(v.spec.key) ?? v.spec.spec, config, chart);
      if (marks === null) return;
      layout.chartDrawn(v.labId, ++draws);
      if (v.labId !== reported) post({ type: 'drawn', labId: v.labId, marks });
      reported = v.labId;
    } catch (e) {
      drawnKey = '';
      post({ type: 'error', message: t('Could not draw the lab chart: {0}', e instanceof Error ? `${e.name}: ${e.message}` : String(e)) });
    }
  };

  function receive(m: HostToLab): void {
    switch (m.type) {
      case 'view':
        view = m.view;
        shown = layout.render(view, axis);
        void draw();
        return;
      case 'progress':
        if (view?.state === 'running' && m.labId === view.labId) layout.progress(m.done, m.total, m.text);
        return;
      default: {
        const never: never = m;
        throw new Error(`unknown host message ${JSON.stringify(never)}`);
      }
    }
  }

  post({ type: 'ready' });
  return {
    receive: (raw) => channel.receive(raw),
    themeChanged: () => void draw(),
    reportError: (message) => post({ type: 'error', message }),
  };
}
