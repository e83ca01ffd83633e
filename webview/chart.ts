/**
 * Draws a compiled Vega spec with the Vega runtime in interpreter mode: expressions are parsed to
 * ASTs (`ast: true`) and evaluated by `vega-interpreter`, so the page needs no `unsafe-eval`.
 * One view on screen at a time, and a parsed view kept per spec of the chart (linear and log):
 * a new run or a new view of the same chart only swaps datasets and signals (no parse, no new
 * view), and so does switching back to the other loss axis; another theme or chart structure
 * finalizes them. A render superseded while it runs is dropped (newest wins).
 */
import { type Config, type Spec, View, parse } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { Handler } from 'vega-tooltip';
import type { ChartView } from './chartView';

/** What a chart view puts into a compiled spec: datasets by name, signal values and its description (a loss `ChartView`, a model or landscape frame). */
export interface ChartContent {
  data: object;
  signals: object;
  description: string;
}
import type { ChartThemeConfig } from './theme';

/** The SVG elements that draw data: lines, areas, points, rules and labels of marks, not of axes or legends. */
const DRAWN_MARKS = ['path', 'line', 'text', 'rect'].map((tag) => `g.role-mark > ${tag}`).join(', ');

/** How many data marks an SVG chart drew (hover-only points count: they are drawn, at opacity 0). */
export function countMarks(container: ParentNode): number {
  return container.querySelectorAll(DRAWN_MARKS).length;
}

/** The datasets a compiled spec reads, e.g. `curves`, `batch`, `verdict` (a structure without a verdict has none). */
export function specDatasets(spec: object): Set<string> {
  return new Set(((spec as { data?: { name: string }[] }).data ?? []).map((d) => d.name));
}

/** Puts a chart view's signals, datasets and description into a Vega view of its spec; run it next. */
export function fillView(view: View, datasets: ReadonlySet<string>, chart: ChartContent, filled?: Map<string, unknown>): void {
  for (const [name, value] of Object.entries(chart.signals)) view.signal(name, value);
  for (const [name, values] of Object.entries(chart.data) as [string, unknown[]][]) {
    // A dataset given as the very array the view already holds is left alone (no re-layout of its marks).
    if (!datasets.has(name) || filled?.get(name) === values) continue;
    view.data(name, values);
    filled?.set(name, values);
  }
  view.description(chart.description);
}

const TOOLTIP_ID = 'vg-tooltip-element';

export interface ChartRenderer<C extends ChartContent = ChartView> {
  /**
   * Draws `chart` (datasets, signals, description) with the compiled `spec` into `container`;
   * resolves to the number of marks, or null if a newer render or `clear` superseded it.
   */
  render(container: HTMLElement, spec: object, config: ChartThemeConfig, chart: C): Promise<number | null>;
  /** Sets a signal of the live view, if its spec has one of that name, and redraws (the loss chart's epoch marker). */
  signal?(name: string, value: unknown): Promise<void>;
  /** Removes the chart and finalizes its view. */
  clear(container: HTMLElement): void;
  /**
   * The chart on screen as an image for export: SVG text, or a PNG data URL at twice the screen's
   * size, on `background` (the editor's, so the theme's text stays readable; '' keeps it
   * transparent). null when no chart is shown.
   */
  image?(format: 'svg' | 'png', background: string): Promise<string | null>;
}

interface LiveView {
  view: View;
  spec: object;
  config: string;
  datasets: Set<string>;
  /** The element the view draws into; in the container while the view is shown. */
  element: HTMLElement;
  /** The top-level signals of its spec. */
  signals: Set<string>;
  /** The arrays last put into each dataset. */
  filled: Map<string, unknown>;
}

/**
 * A renderer holding a live Vega view per compiled spec it draws (a chart has two: linear and
 * log), so switching the loss axis back and forth swaps a parsed view in instead of parsing
 * anew. Only the shown view's element is in the container; a view of another spec or theme is
 * finalized.
 */
export function createChartRenderer<C extends ChartContent = ChartView>(): ChartRenderer<C> {
  // One tooltip element for the page's life; its look comes from panel.css (`.custom-theme`).
  const tooltip = new Handler({ id: TOOLTIP_ID, theme: 'custom', offsetX: 12, offsetY: 12 });
  let views: LiveView[] = [];
  let generation = 0;
  const hideTooltip = () => document.getElementById(TOOLTIP_ID)?.classList.remove('visible');
  const dispose = () => {
    for (const live of views) live.view.finalize();
    views = [];
    // A tooltip shown by the old view would otherwise stay on screen over the new one.
    hideTooltip();
  };
  const viewFor = (container: HTMLElement, spec: object, config: ChartThemeConfig): LiveView => {
    const configKey = JSON.stringify(config);
    // Views drawn with another theme go; the two most recently drawn specs stay.
    views = views.filter((v) => {
      if (v.config === configKey) return true;
      v.view.finalize();
      return false;
    });
    let live = views.find((v) => v.spec === spec);
    if (live) {
      views = [...views.filter((v) => v !== live), live];
      if (live.element.parentElement !== container) {
        hideTooltip();
        container.replaceChildren(live.element);
        // It was out of the page, where its container measured 0: fit it to the container again (width "container").
        live.view.width(container.clientWidth);
      }
      return live;
    }
    hideTooltip();
    const element = document.createElement('div');
    container.replaceChildren(element);
    const runtime = parse(spec as Spec, config as unknown as Config, { ast: true });
    const view = new View(runtime, { expr: expressionInterpreter, renderer: 'svg', container: element, hover: true, tooltip: tooltip.call });
    live = { view, spec, config: configKey, datasets: specDatasets(spec), element, signals: new Set(((spec as { signals?: { name: string }[] }).signals ?? []).map((sig) => sig.name)), filled: new Map() };
    views.push(live);
    while (views.length > 2) views.shift()?.view.finalize();
    return live;
  };
  return {
    async render(container, spec, config, chart) {
      const mine = ++generation;
      const { view, datasets, element, filled } = viewFor(container, spec, config);
      fillView(view, datasets, chart, filled);
      await view.runAsync();
      if (mine !== generation) return null;
      return countMarks(element);
    },
    async signal(name, value) {
      // The shown view is the one drawn last.
      const live = views[views.length - 1];
      const view = live?.view;
      if (!view || !(live?.signals.has(name) ?? false)) return;
      view.signal(name, value);
      await view.runAsync();
    },
    async image(format, background) {
      const live = views[views.length - 1];
      if (!live?.element.isConnected) return null;
      const { view } = live;
      const before = view.background();
      if (background) view.background(background);
      try {
        return format === 'svg' ? await view.toSVG() : await view.toImageURL('png', 2);
      } finally {
        if (background) view.background(before);
      }
    },
    clear(container) {
      generation++;
      dispose();
      container.replaceChildren();
    },
  };
}
