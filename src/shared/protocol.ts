/**
 * The one protocol between Descent's three runtimes: the extension host, its training worker and
 * the panel's webview. Grouped by direction; one line of doc per message. Messages from the
 * webview are input from a less trusted place: `parseWebviewMessage` validates them.
 */
import type { LabAnswer, LabJob, LabKind } from './labProtocol';
import { isLabKind } from './labProtocol';
import type { RunReport } from './report';
import { type RunAction, type RunRow, KEPT_RUN_NAME, RUN_ACTIONS } from './runs';
import type { ChartData, ChartSpecs } from './series';
import type { ModelSpecs, ModelViews } from './modelView';

// ── host ↔ webview ───────────────────────────────────────────────────────────────────────────
//
// Every message travels in a `Channel` envelope (`./channel`). The page owns its view (log scale,
// x-axis, other runs shown, excess loss, the runs table's order), keeps it with setState and
// redraws it from data it already has: the host sends a run's chart data once and the compiled
// specs once per chart structure. The runs themselves (pins, hidden ones) are the host's.

/** The panel's state: what the page draws, in full, every time. */
export type PanelState =
  | 'idle' // nothing has run yet
  | 'training' // a run is under way (the last report, if any, is still shown)
  | 'done' // the report is the newest content's
  | 'invalid' // the config or data has errors: `report.problems` says which
  | 'untrusted' // the workspace is not trusted, so Descent does not read data or train
  | 'deleted' // the training.json was deleted or renamed
  | 'crashed'; // the worker died; the next save starts a fresh one

/** The run report without its history (curves go in `PanelSnapshot.chart`; weight snapshots, converted, in the run's `modelViews`). */
export type PanelReport = Omit<RunReport, 'history'>;

/** What of a report the page is sent: everything but the history. */
export function panelReport(report: RunReport): PanelReport {
  const { history: _history, ...rest } = report;
  // A classifier's points (up to 2,000 rows) reach the page in its model views, once per run; the
  // snapshot, sent on every state change, carries none.
  if (rest.classification) rest.classification = { ...rest.classification, points: { x: [], y: [], validation: [], total: rest.classification.points.total } };
  return rest;
}

export interface PanelSnapshot {
  /** Base name, e.g. "training.json", and the workspace-relative path for the title. */
  fileName: string;
  relativePath: string;
  /** The file's URI; the page keeps it in its saved state so the panel can be revived after a reload. */
  fileUri: string;
  state: PanelState;
  /** Why, for states that need it (untrusted, deleted, crashed, a cancelled run). */
  message: string | null;
  /** The run the report belongs to; the page echoes it back in `drawn`. */
  runId: number;
  report: PanelReport | null;
  /** The run's chart as data, every view's (drawn with the specs of `chart.specKey`), or null. */
  chart: ChartData | null;
  /** The learning rates seen to converge in this file's recent runs; the largest one is offered as a fix. */
  bestConvergedRate: number | null;
  /** The runs table: one row per distinct config of the file, newest first, then the newest kept runs (`RunRow.kept`). */
  runs: RunRow[];
  /** How many kept runs the file has under `.descent/runs/` (the table lists the newest `MAX_KEPT_ROWS`); absent when none. */
  keptRuns?: { total: number; folder: string };
}

// ── host → webview ───────────────────────────────────────────────────────────────────────────

/** The sections of the panel a command can bring into view. */
export type PanelSection = 'model' | 'landscape';

export type HostToWebview =
  /** Compiled Vega specs of a chart structure; sent before the first snapshot that needs them, kept by the page. */
  | { type: 'chartSpecs'; specs: ChartSpecs }
  /** The whole state to draw; replaces whatever the page shows. */
  | { type: 'snapshot'; snapshot: PanelSnapshot }
  /** Scroll to a section below the chart and put the keyboard there (Descent: Show Model View / Show Loss Landscape). */
  | { type: 'showSection'; section: PanelSection }
  /** Progress of the run under way. */
  | { type: 'progress'; runId: number; epoch: number; epochs: number; loss: number | null }
  /** Compiled Vega specs of the model view and the loss landscape; sent once to a page, kept by it. */
  | { type: 'modelSpecs'; specs: ModelSpecs }
  /** A run's model view and landscape data (bounded: ≤ 2,000 rows, ≤ 1,000 epochs); sent once per run, after its first snapshot. */
  | { type: 'modelViews'; views: ModelViews };

// ── webview → host ───────────────────────────────────────────────────────────────────────────

export type WebviewToHost =
  /** The page has loaded (with no specs yet) and wants its first snapshot. */
  | { type: 'ready' }
  /** The user asked to train again now. */
  | { type: 'train' }
  /** The user asked to apply the verdict's fix (the same undoable edit as the quick fix). */
  | { type: 'applyFix' }
  /** The user asked to open the training.json in the editor. */
  | { type: 'openConfig' }
  /** The user pinned, unpinned, hid, showed or removed a row of the runs table (`RunRow.id`). */
  | { type: 'runAction'; id: number; action: RunAction }
  /** The user asked for a lab of this file in the Descent Lab panel (compare rates or batch sizes, or the sweep). */
  | { type: 'openLab'; lab: LabKind }
  /** The page drew a run's chart with this many marks (for tests and the save-to-refresh benchmark). */
  | { type: 'drawn'; runId: number; marks: number }
  /** Something failed in the page; the host logs it. */
  | { type: 'error'; message: string }
  /** Save the chart as drawn (webviews cannot download): `data` is the SVG text, or the PNG as a `data:image/png;base64,` URL. The host asks where. */
  | { type: 'exportChart'; format: 'svg' | 'png'; data: string }
  /** Save the last run's history (per-epoch losses and rates) as CSV or JSON; the host asks where. */
  | { type: 'exportHistory'; format: 'csv' | 'json' }
  /** Draw (`show`) or stop drawing a kept run (its file name in `.descent/runs/`) on the loss chart. */
  | { type: 'keptRun'; name: string; show: boolean };

/** The largest chart export the host accepts from the page: SVG text, in characters. */
export const MAX_EXPORT_SVG_CHARS = 8 * 1024 * 1024;
/** The largest PNG export, as a data URL, in characters (about 12 MB of PNG). */
export const MAX_EXPORT_PNG_CHARS = 16 * 1024 * 1024;
/** A PNG data URL: the prefix, then base64 that starts with the PNG signature (iVBORw0KGgo = \x89PNG\r\n\x1a\n). */
const PNG_DATA_URL = /^data:image\/png;base64,iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/;
/** SVG text: an optional XML declaration, then one <svg …> element to its end. */
const SVG_TEXT = /^\s*(<\?xml[^>]*\?>\s*)?<svg[\s>][\s\S]*<\/svg>\s*$/;

/** A chart export from the page, or null when it is not an SVG document or a PNG data URL within the limits. */
function parseChartExport(m: Record<string, unknown>): WebviewToHost | null {
  const data = m.data;
  if (typeof data !== 'string') return null;
  if (m.format === 'svg') return data.length <= MAX_EXPORT_SVG_CHARS && SVG_TEXT.test(data) ? { type: 'exportChart', format: 'svg', data } : null;
  if (m.format === 'png') return data.length <= MAX_EXPORT_PNG_CHARS && PNG_DATA_URL.test(data) ? { type: 'exportChart', format: 'png', data } : null;
  return null;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER;

/**
 * Validates a message from the webview against the protocol; anything else is null (the host
 * ignores and logs it). No message can name a path: the host only acts on its own file.
 */
export function parseWebviewMessage(raw: unknown): WebviewToHost | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'train':
    case 'applyFix':
    case 'openConfig':
      return { type: m.type };
    case 'runAction':
      return isCount(m.id) && RUN_ACTIONS.includes(m.action as RunAction) ? { type: 'runAction', id: m.id, action: m.action as RunAction } : null;
    case 'openLab':
      return isLabKind(m.lab) ? { type: 'openLab', lab: m.lab } : null;
    case 'drawn':
      return isCount(m.runId) && isCount(m.marks) ? { type: 'drawn', runId: m.runId, marks: m.marks } : null;
    case 'error':
      return typeof m.message === 'string' ? { type: 'error', message: m.message.slice(0, 2000) } : null;
    case 'exportChart':
      return parseChartExport(m);
    case 'exportHistory':
      return m.format === 'csv' || m.format === 'json' ? { type: 'exportHistory', format: m.format } : null;
    case 'keptRun':
      return typeof m.name === 'string' && KEPT_RUN_NAME.test(m.name) && typeof m.show === 'boolean' ? { type: 'keptRun', name: m.name, show: m.show } : null;
    default:
      return null;
  }
}

// ── host → worker ────────────────────────────────────────────────────────────────────────────

export interface RunRequest {
  runId: number;
  /** The training.json text (the editor's buffer, saved or not). */
  text: string;
  /** Folder of the training.json: CSV paths are relative to it. */
  baseDir: string;
  /** Folders data may be read from (the workspace folder and any the user allowed). */
  allowedRoots: string[];
  /** Refuse runs above this many updates (the host asks the user, then resends with null). */
  maxUpdates: number | null;
}

/** Requests the host sends the worker, each answered by one WorkerToHost reply. */
export type HostToWorker =
  /** Check the config and data without training: semantic diagnostics while editing. Replied with `planned`. */
  | { type: 'plan'; request: RunRequest }
  /** Plan and train. Replied with `result` (or `failed`); `progress` events name the request. */
  | { type: 'train'; request: RunRequest }
  /** A lab's job (the sweep, or one run of a comparison). Replied with `labResult` (or `failed`); `progress` events name the request. */
  | { type: 'lab'; request: RunRequest; job: LabJob };

// ── worker → host ────────────────────────────────────────────────────────────────────────────

export type WorkerToHost =
  /** Reply to `plan`: the plan's problems (with line and column). */
  | { type: 'planned'; report: RunReport }
  /** Event about a `train` request: an epoch finished; sent at most every ~50 ms. */
  | { type: 'progress'; epoch: number; epochs: number; loss: number | null }
  /** Reply to `train`: the run finished (or could not start: `report.trained` is false); `dataStamp` identifies the version of the CSV it read (null: no CSV read). */
  | { type: 'result'; report: RunReport; dataStamp: string | null }
  /** Reply to `lab`. */
  | { type: 'labResult'; answer: LabAnswer }
  /** Reply to either: the run threw, a bug, reported rather than lost. */
  | { type: 'failed'; message: string };

const WORKER_TYPES: readonly string[] = ['planned', 'progress', 'result', 'labResult', 'failed'];
const HOST_TYPES: readonly string[] = ['plan', 'train', 'lab'];
const typed = (v: unknown, types: readonly string[]): boolean => typeof v === 'object' && v !== null && types.includes(String((v as { type?: unknown }).type));

/** A worker message (the worker is Descent's own thread: its messages are checked for shape only). */
export const parseWorkerMessage = (v: unknown): WorkerToHost | null => (typed(v, WORKER_TYPES) ? (v as WorkerToHost) : null);

/** A host request, in the worker. */
export const parseHostRequest = (v: unknown): HostToWorker | null => (typed(v, HOST_TYPES) ? (v as HostToWorker) : null);
