/**
 * The runs table's rows as the host sends them to the page: one row per distinct config of a
 * training.json, labelled by the values that differ between rows (e.g. "lr 0.1, batch 1"), with
 * what the page needs to sort, pin and hide them and to show each row's colour on the chart.
 */
import type { Verdict } from './report';

/** What the user can do to a row; each is one message to the host, which keeps the runs. */
export type RunAction = 'pin' | 'unpin' | 'hide' | 'show' | 'remove';

export const RUN_ACTIONS: readonly RunAction[] = ['pin', 'unpin', 'hide', 'show', 'remove'];

/** At most this many runs (distinct configs) a file keeps; pinned ones are never pushed out. */
export const MAX_RUNS = 8;

/** At most this many runs can be pinned, so a new config always finds a place. */
export const MAX_PINNED = MAX_RUNS - 1;

/**
 * One row of the runs table, e.g. `{ id: 3, label: "lr 0.1, batch 1", learningRate: 0.1,
 * batchSize: 1, epochs: 50, verdict: "converged", convergedEpoch: 4, finalLoss: 18.8, rmse: 4.34,
 * labelName: "Miles_per_Gallon", … }`.
 */
export interface RunRow {
  /** Stable for the run's life in the file's list (the page's buttons and the host's actions name it). */
  id: number;
  /** The values that tell this row from the others, e.g. "lr 0.1, batch 1". */
  label: string;
  /** The row of the config the panel shows now (drawn as the training loss). */
  current: boolean;
  pinned: boolean;
  hidden: boolean;
  /** The run's colour slot on the chart (see `runStyle`); the current run takes the training colour. */
  slot: number;
  learningRate: number;
  batchSize: number | 'full';
  epochs: number;
  verdict: Verdict | null;
  /** The epoch from which the loss stays settled (converged runs only). */
  convergedEpoch: number | null;
  /** The last epoch's mean squared error, in the label's units squared; null when it overflowed. */
  finalLoss: number | null;
  /** √(final loss): the root-mean-square error in the label's own units. */
  rmse: number | null;
  /** A classifier's final training accuracy (0 … 1), else null (linear regression shows its RMSE). */
  accuracy: number | null;
  /** The label the model predicts, e.g. "Miles_per_Gallon" (RMSE's unit). */
  labelName: string;
  /** Set on a kept run's row (a file under `.descent/runs/`): which file, when it ran, whether its data changed since. */
  kept?: KeptRunInfo;
}

/**
 * Whether a kept run's data is still what it trained on: `same` and `changed` compare the hash it
 * recorded with the data hashed now; `unreadable` the data cannot be read now; `no-hash` the run
 * recorded none; `checking` the hash is being computed.
 */
export type KeptDataState = 'same' | 'changed' | 'unreadable' | 'no-hash' | 'checking';

/** A kept run's facts for its row, e.g. `{ name: "2026-11-30T09-12-03-441Z-run12.json", createdAt: "2026-11-30T09:12:03.441Z", data: "changed" }`. */
export interface KeptRunInfo {
  /** The file's name in `.descent/runs/` (how the page names it to the host). */
  name: string;
  /** When the run ended, ISO 8601 UTC. */
  createdAt: string;
  data: KeptDataState;
}

/** A kept run's time as its row and legend show it, e.g. "2026-11-30 09:12 UTC". */
export function keptTime(createdAt: string): string {
  const t = new Date(createdAt);
  return Number.isNaN(t.getTime()) ? createdAt.slice(0, 40) : `${t.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The newest kept runs the runs table lists (hidden on the chart until shown). */
export const MAX_KEPT_ROWS = 8;

/** A kept run file's name as written by `descent.keepRuns`, e.g. `2026-11-30T09-12-03-441Z-run12.json` (what the page may name). */
export const KEPT_RUN_NAME = /^[0-9A-Za-z][0-9A-Za-z._-]{0,150}\.json$/;

/** How many colours the runs cycle through; slots past it repeat a colour with a dashed line. */
export const RUN_COLOURS = 6;

/** A slot's colour index and line style: slot 7 → colour 1, dashed. */
export function runStyle(slot: number): { colour: number; dashed: boolean } {
  return { colour: slot % RUN_COLOURS, dashed: slot >= RUN_COLOURS };
}
