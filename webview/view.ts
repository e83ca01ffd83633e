/**
 * The page's own state: how it shows the chart (log scale, x-axis, other runs, excess loss) and
 * orders the runs table, which it changes and redraws without the host, and the file it shows. Both are persisted with
 * `setState`, so a hidden and shown again or reloaded panel keeps its view and the host can
 * revive it for the same file. Pure: no DOM.
 */
import type { Verdict } from '../src/shared/report';
import type { RunRow } from '../src/shared/runs';

/** How the panel shows the chart. */
export interface ViewState {
  /** Log scale on the loss axis. */
  logScale: boolean;
  /** What the x-axis counts: epochs, or weight updates. */
  xAxis: 'epoch' | 'update';
  /** Draw the file's other runs (the runs table's rows that are not hidden). */
  showPrevious: boolean;
  /** Draw the excess loss L − L* on a log axis (when L* is known), so convergence speed is a slope. */
  excess: boolean;
}

export const DEFAULT_VIEW: ViewState = { logScale: true, xAxis: 'epoch', showPrevious: true, excess: false };

/** A ViewState from saved (untrusted) state, or null. */
export function parseViewState(v: unknown): ViewState | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.logScale !== 'boolean' || typeof o.showPrevious !== 'boolean' || (o.xAxis !== 'epoch' && o.xAxis !== 'update')) return null;
  // A view saved before the excess-loss view existed has no `excess`: off.
  if (o.excess !== undefined && typeof o.excess !== 'boolean') return null;
  return { logScale: o.logScale, xAxis: o.xAxis, showPrevious: o.showPrevious, excess: o.excess === true };
}

/**
 * What the page persists with setState: its view, the runs table's order, and the file it shows,
 * which VS Code hands back to the host to revive the panel after a reload.
 */
export interface PageState {
  view: ViewState;
  fileUri: string | null;
  runsSort?: RunsSort;
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


// ── the runs table's order ───────────────────────────────────────────────────────────────────

/** The runs table's sortable columns. */
export type RunsColumn = 'learningRate' | 'batchSize' | 'epochs' | 'verdict' | 'convergedEpoch' | 'finalLoss' | 'rmse';

export const RUNS_COLUMNS: readonly RunsColumn[] = ['learningRate', 'batchSize', 'epochs', 'verdict', 'convergedEpoch', 'finalLoss', 'rmse'];

/** How the runs table is sorted; null: newest first. Pinned rows come first whatever the order. */
export type RunsSort = { column: RunsColumn; descending: boolean } | null;

/** A RunsSort from saved (untrusted) state; anything else is null (newest first). */
export function parseRunsSort(v: unknown): RunsSort {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  return RUNS_COLUMNS.includes(o.column as RunsColumn) && typeof o.descending === 'boolean' ? { column: o.column as RunsColumn, descending: o.descending } : null;
}

/** The saved runs-table order of a previous page of this panel. */
export function restoreRunsSort(saved: unknown): RunsSort {
  return typeof saved === 'object' && saved !== null ? parseRunsSort((saved as { runsSort?: unknown }).runsSort) : null;
}

/** The next order when a column's header is pressed: ascending, then descending, then newest first. */
export function nextRunsSort(sort: RunsSort, column: RunsColumn): RunsSort {
  if (sort?.column !== column) return { column, descending: false };
  return sort.descending ? null : { column, descending: true };
}

const VERDICT_ORDER: Record<Verdict, number> = { converged: 0, 'too-slow': 1, oscillating: 2, diverged: 3 };

/** A row's value in a column as a number to sort by (full batch sorts above every size); null sorts last. */
function sortValue(row: RunRow, column: RunsColumn): number | null {
  switch (column) {
    case 'batchSize':
      return row.batchSize === 'full' ? Infinity : row.batchSize;
    case 'verdict':
      return row.verdict === null ? null : VERDICT_ORDER[row.verdict];
    default:
      return row[column];
  }
}

/**
 * The rows in table order: pinned rows first, each group in `sort`'s order (missing values last,
 * ties newest first), or newest first without one. e.g. by final loss: the lowest loss on top.
 */
export function sortRunRows(rows: readonly RunRow[], sort: RunsSort): RunRow[] {
  const order = rows.map((row, i) => ({ row, i }));
  order.sort((a, b) => {
    if (a.row.pinned !== b.row.pinned) return a.row.pinned ? -1 : 1;
    if (sort) {
      const va = sortValue(a.row, sort.column);
      const vb = sortValue(b.row, sort.column);
      if (va === null || vb === null) {
        if (va !== vb) return va === null ? 1 : -1;
      } else if (va !== vb) return sort.descending ? vb - va : va - vb;
    }
    return a.i - b.i;
  });
  return order.map((o) => o.row);
}
