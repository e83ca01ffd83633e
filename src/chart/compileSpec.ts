/**
 * Compiles the model views' and the lab's Vega-Lite specs without Vega-Lite's default ARIA
 * descriptions: those are English sentences Vega writes itself ("X-axis titled … for a log scale
 * with values from …"), whatever the display language. An axis or legend is heard only with words
 * of Descent's own, in the display language (`description`, e.g. the lab's "X 軸: …"); the others
 * are hidden from the accessibility tree, and each chart's own description and its figure's
 * caption say what it shows. (The loss chart writes all its guides' descriptions, lossSpec.ts.)
 */
import { compile, type TopLevelSpec } from 'vega-lite';

export function compileSpec(spec: TopLevelSpec): object {
  const config = (spec as { config?: object }).config ?? {};
  const compiled = compile({ ...spec, config: { ...config, aria: false } } as TopLevelSpec).spec;
  // `config.aria: false` hides every guide, even one given words: those are heard again.
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      for (const key of ['axes', 'legends']) {
        const guides = (node as Record<string, unknown>)[key];
        if (!Array.isArray(guides)) continue;
        for (const g of guides as { aria?: boolean; description?: unknown; encode?: Record<string, { update?: Record<string, unknown> }> }[]) {
          if (g.description === undefined) continue;
          g.aria = true;
          // Vega reads a guide's `description` as text only: one that is an expression (a signal)
          // would be read out as "[object Object]". It goes to the guide group's encoding instead.
          if (typeof g.description === 'object' && g.description !== null) {
            const part = key === 'axes' ? 'axis' : 'legend';
            g.encode = { ...g.encode, [part]: { ...g.encode?.[part], update: { ...g.encode?.[part]?.update, description: g.description } } };
            delete g.description;
          }
        }
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(compiled);
  return compiled;
}
