/**
 * The page's own state: how it shows the chart (log scale, x-axis, previous runs), which it
 * changes and redraws without the host, and the file it shows. Both are persisted with
 * `setState`, so a hidden and shown again or reloaded panel keeps its view and the host can
 * revive it for the same file. Pure: no DOM.
 */

/** How the panel shows the chart. */
export interface ViewState {
  /** Log scale on the loss axis. */
  logScale: boolean;
  /** What the x-axis counts: epochs, or weight updates. */
  xAxis: 'epoch' | 'update';
  /** Draw the previous runs of this file as faded lines. */
  showPrevious: boolean;
}

export const DEFAULT_VIEW: ViewState = { logScale: true, xAxis: 'epoch', showPrevious: true };

/** A ViewState from saved (untrusted) state, or null. */
export function parseViewState(v: unknown): ViewState | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.logScale !== 'boolean' || typeof o.showPrevious !== 'boolean' || (o.xAxis !== 'epoch' && o.xAxis !== 'update')) return null;
  return { logScale: o.logScale, xAxis: o.xAxis, showPrevious: o.showPrevious };
}

/**
 * What the page persists with setState: its view, and the file it shows, which VS Code hands
 * back to the host to revive the panel after a reload.
 */
export interface PageState {
  view: ViewState;
  fileUri: string | null;
}

/** The saved file URI of a previous page of this panel, or null. */
export function restoreFileUri(saved: unknown): string | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const uri = (saved as { fileUri?: unknown }).fileUri;
  return typeof uri === 'string' && uri.length > 0 ? uri : null;
}

/** The view state saved by a previous page of this panel, or null when there is none or it is not valid. */
export function restoreView(saved: unknown): ViewState | null {
  if (typeof saved !== 'object' || saved === null) return null;
  return parseViewState((saved as { view?: unknown }).view);
}

/** The view with one setting changed, e.g. `changeView(v, { logScale: false })`. */
export function changeView(view: ViewState, change: Partial<ViewState>): ViewState {
  return { ...view, ...change };
}

