/**
 * The chart's colours from the VS Code theme. VS Code sets its colours as CSS variables on the
 * page (`--vscode-foreground`, `--vscode-charts-blue`, …) and a body class per theme kind; the
 * Vega config is built from those values so the SVG follows the theme. `themeConfig` is pure;
 * only `readThemeVariables` touches the DOM.
 */
import { MAX_RUNS, RUN_COLOURS, runStyle } from '../src/shared/runs';
import { RUN_COLOUR_VARS, SERIES, SERIES_COLOUR_VARS, FIXED_SERIES } from '../src/shared/series';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** The CSS variables the chart reads. */
export const THEME_VARS: readonly string[] = [
  '--vscode-font-family',
  '--vscode-font-size',
  '--vscode-foreground',
  '--vscode-descriptionForeground',
  '--vscode-editor-background',
  '--vscode-contrastBorder',
  ...new Set([...SERIES_COLOUR_VARS, ...RUN_COLOUR_VARS]),
];

/** The theme kind from the body's classes, e.g. ["vscode-dark"] → "dark". */
export function themeKindFrom(classes: Iterable<string>): ThemeKind {
  const set = new Set(classes);
  if (set.has('vscode-high-contrast-light')) return 'high-contrast-light';
  if (set.has('vscode-high-contrast')) return 'high-contrast';
  if (set.has('vscode-light')) return 'light';
  return 'dark';
}

/** The subset of Vega's config this page sets (Vega's own typings are not needed to build it). */
export interface ChartThemeConfig {
  font: string;
  axis: Record<string, string | number>;
  legend: Record<string, string | number>;
  title: Record<string, string | number>;
  text: Record<string, string | number>;
  mark: Record<string, string | number>;
  range: { category: string[] };
}

/** The colour a fixed series takes, from the theme's values (`currentColor` when unset). */
const seriesColour = (vars: Readonly<Record<string, string | undefined>>, series: string): string => vars[SERIES_COLOUR_VARS[FIXED_SERIES.indexOf(series as never)] ?? '']?.trim() || 'currentColor';

/**
 * The other runs' `RUN_COLOURS` colours for a theme: the first candidates of `RUN_COLOUR_VARS`
 * whose values differ from each other and from the training, validation and diverged colours
 * (compared as written, case-insensitive). A theme that leaves too few distinct candidates
 * repeats the ones it has; it never borrows a reserved colour unless no candidate is free.
 * e.g. Dark Modern → purple, cyan, magenta, green, the foreground, yellow.
 */
export function runColours(vars: Readonly<Record<string, string | undefined>>): string[] {
  const norm = (c: string) => c.replace(/\s+/g, '').toLowerCase();
  const reserved = new Set([SERIES.training, SERIES.validation, SERIES.diverged].map((s) => norm(seriesColour(vars, s))));
  const picked: string[] = [];
  const seen = new Set<string>();
  for (const name of RUN_COLOUR_VARS) {
    const value = vars[name]?.trim();
    if (!value || reserved.has(norm(value)) || seen.has(norm(value))) continue;
    seen.add(norm(value));
    picked.push(value);
    if (picked.length === RUN_COLOURS) break;
  }
  if (picked.length === 0) picked.push(vars['--vscode-foreground']?.trim() || 'currentColor');
  return Array.from({ length: RUN_COLOURS }, (_, k) => picked[k % picked.length] as string);
}

/** The colour and dash of each run slot, e.g. slot 7 → `{ colour: "#11a8cd", dashed: true }` (the runs table's swatches). */
export function slotColours(vars: Readonly<Record<string, string | undefined>>): { colour: string; dashed: boolean }[] {
  const colours = runColours(vars);
  return Array.from({ length: MAX_RUNS }, (_, slot) => {
    const style = runStyle(slot);
    return { colour: colours[style.colour] as string, dashed: style.dashed };
  });
}

/**
 * The Vega config for a theme, from the values of `THEME_VARS` (missing ones fall back to
 * `currentColor`, the page's text colour, so nothing is ever hard-coded): axis, grid, label and
 * legend colours from the foreground colours, and `range.category` with one colour per slot of
 * the chart's fixed series domain followed by one per run slot (`slotColours`).
 * e.g. `themeConfig({ "--vscode-charts-blue": "#3794ff", … }, "dark").range.category[0] === "#3794ff"`.
 */
export function themeConfig(vars: Readonly<Record<string, string | undefined>>, kind: ThemeKind): ChartThemeConfig {
  const read = (name: string, fallback = 'currentColor'): string => {
    const v = vars[name]?.trim();
    return v ? v : fallback;
  };
  const foreground = read('--vscode-foreground');
  const muted = read('--vscode-descriptionForeground', foreground);
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const font = read('--vscode-font-family', 'sans-serif');
  const fontSize = Number.parseFloat(read('--vscode-font-size', '13')) || 13;
  const label = Math.max(11, fontSize - 1);
  const category = [...SERIES_COLOUR_VARS.map((v) => read(v)), ...slotColours(vars).map((s) => s.colour)];
  return {
    font,
    axis: {
      labelColor: highContrast ? foreground : muted,
      titleColor: foreground,
      domainColor: highContrast ? read('--vscode-contrastBorder', foreground) : muted,
      tickColor: highContrast ? foreground : muted,
      gridColor: highContrast ? read('--vscode-contrastBorder', foreground) : foreground,
      gridOpacity: highContrast ? 0.35 : 0.12,
      labelFont: font,
      titleFont: font,
      labelFontSize: label,
      titleFontSize: fontSize,
      titleFontWeight: 'normal',
    },
    legend: {
      labelColor: foreground,
      titleColor: foreground,
      labelFont: font,
      titleFont: font,
      labelFontSize: label,
      symbolStrokeWidth: 2,
      symbolSize: 120,
    },
    title: { color: foreground, font },
    // Any text or mark that gets no colour from the series scale still follows the theme.
    text: { fill: foreground, font },
    mark: { color: foreground },
    range: { category },
  };
}

/** The current values of `THEME_VARS` on the page (VS Code sets them on `<html>`). */
export function readThemeVariables(root: Element = document.documentElement): Record<string, string> {
  const style = getComputedStyle(root);
  return Object.fromEntries(THEME_VARS.map((name) => [name, style.getPropertyValue(name).trim()]));
}
