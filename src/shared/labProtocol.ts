/**
 * The learning lab's messages: what the host asks a training worker for a lab (one sweep, or one
 * run of a comparison), and what the Descent Lab panel and its page say to each other. Beside the
 * training panel's protocol (protocol.ts); messages from the page are validated by
 * `parseLabMessage`.
 */
import type { ComparedRun, SweepReport } from './lab';
import type { LocatedProblem } from './report';

/** The labs: compare learning rates, compare batch sizes, the learning-rate sweep, compare optimizers. */
export type LabKind = 'rates' | 'batches' | 'sweep' | 'optimizers';
export const LAB_KINDS: readonly LabKind[] = ['rates', 'batches', 'sweep', 'optimizers'];

// ── host → worker ────────────────────────────────────────────────────────────────────────────

/**
 * One worker's share of a lab: the whole sweep, or run `index` of a comparison. Each worker plans
 * the config itself and works out the same list of rates (or batch sizes), so the runs of a
 * comparison need no planning round before they start in parallel.
 */
export type LabJob = { kind: 'sweep' } | { kind: 'rate'; index: number } | { kind: 'batch'; index: number } | { kind: 'optimizer'; index: number };

/** A worker's answer to a lab job. */
export type LabAnswer =
  /** The sweep, every rate judged. */
  | { kind: 'sweep'; sweep: SweepReport }
  /** Run `index` of the comparison (null: the plan has fewer runs than `index + 1`), and how many runs the plan has. */
  | { kind: 'run'; run: ComparedRun | null; count: number }
  /** The config or data cannot be trained (or exceeds the update limit): the problems say why. */
  | { kind: 'invalid'; problems: LocatedProblem[] };

// ── host → lab page ──────────────────────────────────────────────────────────────────────────

/** A lab's state as the page shows it. */
export type LabState = 'running' | 'done' | 'invalid' | 'cancelled' | 'failed';

/** One line of the comparison's table (and the legend's label of its curve). */
export interface LabRunRow {
  /** The curve's label, e.g. "lr 1.5 · too high (1.5 × bound): diverged at epoch 1". */
  label: string;
  learningRate: number;
  batchSize: number;
  /** e.g. "too high (1.5 × bound)". */
  role: string;
  /** The optimizer, e.g. "momentum 0.9" (an optimizer comparison; null in the others). */
  optimizer: string | null;
  /** e.g. "diverged at epoch 1". */
  verdict: string;
  verdictTone: 'ok' | 'info' | 'warn' | 'error' | 'neutral';
  updatesPerEpoch: number;
  totalUpdates: number;
  finalLoss: number | null;
}

/** One point of a compared run's loss curve: the loss after `epoch`, with the x of every axis choice. */
export interface LabCurvePoint {
  run: string;
  epoch: number;
  update: number;
  examples: number;
  loss: number;
}

/** A bucket of per-update batch losses (SGD's noise), with the x of every axis choice. */
export interface LabBandPoint {
  run: string;
  epoch: number;
  update: number;
  examples: number;
  min: number;
  max: number;
}

/** Where a diverging curve leaves the top of the chart: "↑ diverged". */
export interface LabExitMark {
  run: string;
  epoch: number;
  update: number;
  examples: number;
  loss: number;
  text: string;
}

/** A comparison's chart and table. */
export interface ComparisonData {
  kind: 'rates' | 'batches' | 'optimizers';
  runs: LabRunRow[];
  curves: LabCurvePoint[];
  bands: LabBandPoint[];
  exits: LabExitMark[];
  /** The loss axis (log): from below the lowest loss to the cap above which a diverging curve leaves the chart. */
  yDomain: [number, number];
  lossUnit: string;
  /** One sentence for screen readers and the page's heading. */
  summary: string;
  /** Lines under the table: how the runs' rates were chosen (an optimizer comparison); empty otherwise. */
  notes: string[];
}

/** One rate of the sweep as the chart draws it; `y` is the final loss, or the top of the axis for a diverged rate. */
export interface SweepChartPoint {
  index: number;
  learningRate: number;
  y: number;
  diverged: boolean;
  /** The run's verdict was converged (the legend group; `verdict` is its summary in the display language). */
  converged: boolean;
  best: boolean;
  verdict: string;
  finalLoss: number | null;
  epochsRun: number;
}

/** A vertical rule on the sweep's rate axis: the stable bound or the suggestion. */
export interface SweepRule {
  learningRate: number;
  text: string;
  /** The label's row above the plot (0 the lowest), so two labels near each other do not overlap. */
  row: number;
}

export interface SweepData {
  kind: 'sweep';
  points: SweepChartPoint[];
  rules: SweepRule[];
  best: number | null;
  yDomain: [number, number];
  lossUnit: string;
  /** The summary line ("best rate 0.3981 (converged at epoch 3 …); stable bound 1, suggested 0.49"). */
  summary: string;
  /** What the bound and the suggestion are, in words. */
  explanation: string[];
  /** The rate the file has now, to mark in the list. */
  currentRate: number | null;
}

export type LabData = ComparisonData | SweepData;

/** The compiled Vega spec of a lab chart, kept by the page under `key`. */
export interface LabSpec {
  key: string;
  spec: object;
}

/** Everything the lab page draws. */
export interface LabView {
  fileName: string;
  kind: LabKind;
  state: LabState;
  /** Why, for invalid, failed and cancelled. */
  message: string | null;
  data: LabData | null;
  spec: LabSpec | null;
  /** Counts the labs this panel ran; the page echoes it in `drawn`. */
  labId: number;
}

export type HostToLab =
  /** The whole state to draw. */
  | { type: 'view'; view: LabView }
  /** Progress of the lab under way, e.g. `{ done: 7, total: 24, text: "7 of 24 rates" }`. */
  | { type: 'progress'; labId: number; done: number; total: number; text: string };

// ── lab page → host ──────────────────────────────────────────────────────────────────────────

export type LabToHost =
  /** The page loaded and wants the state. */
  | { type: 'ready' }
  /** Run a lab (again, or another of the three). */
  | { type: 'run'; kind: LabKind }
  /** Stop the lab under way. */
  | { type: 'cancel' }
  /** Write the sweep's rate number `index` into training.json (one undoable edit) and train. */
  | { type: 'useRate'; labId: number; index: number }
  /** The page drew lab `labId`'s chart with this many marks. */
  | { type: 'drawn'; labId: number; marks: number }
  /** Something failed in the page. */
  | { type: 'error'; message: string };

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER;
export const isLabKind = (v: unknown): v is LabKind => typeof v === 'string' && (LAB_KINDS as readonly string[]).includes(v);

/**
 * Validates a message from the lab page; anything else is null. The page names a sweep point by
 * its index, never a rate: the host writes only a rate its own sweep trained.
 */
export function parseLabMessage(raw: unknown): LabToHost | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'cancel':
      return { type: m.type };
    case 'run':
      return isLabKind(m.kind) ? { type: 'run', kind: m.kind } : null;
    case 'useRate':
      return isCount(m.labId) && isCount(m.index) ? { type: 'useRate', labId: m.labId, index: m.index } : null;
    case 'drawn':
      return isCount(m.labId) && isCount(m.marks) ? { type: 'drawn', labId: m.labId, marks: m.marks } : null;
    case 'error':
      return typeof m.message === 'string' ? { type: 'error', message: m.message.slice(0, 2000) } : null;
    default:
      return null;
  }
}

/** A host message, in the page (the host is trusted; the shape is checked so a bug fails loudly, not oddly). */
export function parseHostToLab(raw: unknown): HostToLab | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  if (m.type === 'view') return typeof m.view === 'object' && m.view !== null && isLabKind((m.view as Record<string, unknown>).kind) ? (m as unknown as HostToLab) : null;
  if (m.type === 'progress') return isCount(m.labId) && isCount(m.done) && isCount(m.total) && typeof m.text === 'string' ? (m as unknown as HostToLab) : null;
  return null;
}
