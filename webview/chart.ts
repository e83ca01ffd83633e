/**
 * Draws the host's compiled Vega spec with the Vega runtime in interpreter mode: expressions are
 * parsed to ASTs (`ast: true`) and evaluated by `vega-interpreter`, so the page needs no
 * `unsafe-eval`. One view at a time: the previous one is finalized before the next is made, and
 * a render superseded while it runs is dropped (newest wins).
 */
import { type Config, type Spec, View, parse } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { Handler } from 'vega-tooltip';
import type { ChartThemeConfig } from './theme';

/** The SVG elements that draw data: lines, areas, points, rules and labels of marks, not of axes or legends. */
const DRAWN_MARKS = ['path', 'line', 'text', 'rect'].map((tag) => `g.role-mark > ${tag}`).join(', ');

/** How many data marks an SVG chart drew (hover-only points count: they are drawn, at opacity 0). */
export function countMarks(container: ParentNode): number {
  return container.querySelectorAll(DRAWN_MARKS).length;
}

const TOOLTIP_ID = 'vg-tooltip-element';

export interface ChartRenderer {
  /** Draws `spec` into `container`; resolves to the number of marks, or null if a newer render or `clear` superseded it. */
  render(container: HTMLElement, spec: object, config: ChartThemeConfig): Promise<number | null>;
  /** Removes the chart and finalizes its view. */
  clear(container: HTMLElement): void;
}

/** A renderer holding at most one live Vega view. */
export function createChartRenderer(): ChartRenderer {
  // One tooltip element for the page's life; its look comes from panel.css (`.custom-theme`).
  const tooltip = new Handler({ id: TOOLTIP_ID, theme: 'custom', offsetX: 12, offsetY: 12 });
  let view: View | null = null;
  let generation = 0;
  const dispose = () => {
    view?.finalize();
    view = null;
    // A tooltip shown by the old view would otherwise stay on screen over the new one.
    document.getElementById(TOOLTIP_ID)?.classList.remove('visible');
  };
  return {
    async render(container, spec, config) {
      const mine = ++generation;
      dispose();
      container.replaceChildren();
      const runtime = parse(spec as Spec, config as unknown as Config, { ast: true });
      const next = new View(runtime, { expr: expressionInterpreter, renderer: 'svg', container, hover: true, tooltip: tooltip.call });
      view = next;
      await next.runAsync();
      if (mine !== generation) return null;
      return countMarks(container);
    },
    clear(container) {
      generation++;
      dispose();
      container.replaceChildren();
    },
  };
}
