/**
 * Draws a lab chart: the compiled Vega spec in interpreter mode (no `unsafe-eval`), like the
 * training panel's renderer (`../chart.ts`), with one addition: a click on a mark reports its
 * datum, so a click on a sweep point can choose that rate. One live view, kept while the spec and
 * the theme stay the same (an axis change only swaps datasets and signals); newest render wins.
 */
import { type Config, type Spec, View, parse } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { Handler } from 'vega-tooltip';
import { countMarks, specDatasets } from '../chart';
import type { ChartThemeConfig } from '../theme';
import type { LabChartView } from './labView';

export interface LabChartRenderer {
  /** Draws `chart` with `spec` into `container`; resolves to the number of marks, or null when superseded. */
  render(container: HTMLElement, spec: object, config: ChartThemeConfig, chart: LabChartView): Promise<number | null>;
  clear(container: HTMLElement): void;
}

/** A renderer; `onClick` hears the datum of a clicked mark. */
export function createLabChartRenderer(onClick: (datum: Record<string, unknown>) => void): LabChartRenderer {
  const tooltip = new Handler({ id: 'vg-tooltip-element', theme: 'custom', offsetX: 12, offsetY: 12 });
  let live: { view: View; spec: object; config: string; datasets: Set<string> } | null = null;
  let generation = 0;
  const dispose = () => {
    live?.view.finalize();
    live = null;
    document.getElementById('vg-tooltip-element')?.classList.remove('visible');
  };
  return {
    async render(container, spec, config, chart) {
      const mine = ++generation;
      const key = JSON.stringify(config);
      if (!live || live.spec !== spec || live.config !== key) {
        dispose();
        container.replaceChildren();
        const view = new View(parse(spec as Spec, config as unknown as Config, { ast: true }), { expr: expressionInterpreter, renderer: 'svg', container, hover: true, tooltip: tooltip.call });
        view.addEventListener('click', (_event, item) => {
          const datum = (item as { datum?: unknown } | null | undefined)?.datum;
          if (datum && typeof datum === 'object') onClick(datum as Record<string, unknown>);
        });
        live = { view, spec, config: key, datasets: specDatasets(spec) };
      }
      const { view, datasets } = live;
      for (const [name, value] of Object.entries(chart.signals)) view.signal(name, value);
      for (const [name, values] of Object.entries(chart.data)) if (datasets.has(name)) view.data(name, values);
      view.description(chart.description);
      await view.runAsync();
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
