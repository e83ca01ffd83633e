/**
 * Compiles the model views' and the lab's Vega-Lite specs without Vega-Lite's default ARIA
 * descriptions: those are English sentences Vega writes itself ("X-axis titled … for a log scale
 * with values from …"), whatever the display language. The guides are hidden from the
 * accessibility tree instead; each chart's own description and its figure's caption, written in
 * the display language, say what it shows. (The loss chart writes its own axis and legend
 * descriptions, src/chart/lossSpec.ts.)
 */
import { compile, type TopLevelSpec } from 'vega-lite';

export function compileSpec(spec: TopLevelSpec): object {
  const config = (spec as { config?: object }).config ?? {};
  return compile({ ...spec, config: { ...config, aria: false } } as TopLevelSpec).spec;
}
