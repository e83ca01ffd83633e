import type { BatchKind, UpdateCount, UpdateTable } from '../shared/report';

/** The mini-batch size shown when the config is not itself a mini-batch: the seed's 100. */
export const EXAMPLE_MINI_BATCH = 100;

/** The kind of descent a batch size means for N examples: 1 → SGD, ≥ N or "full" → full batch. */
export function batchKind(batchSize: number | 'full', n: number): BatchKind {
  if (batchSize === 'full' || batchSize >= n) return 'full';
  return batchSize === 1 ? 'sgd' : 'miniBatch';
}

/** Rows per update for a batch size: "full" or anything ≥ N becomes N. */
export function resolveBatchSize(batchSize: number | 'full', n: number): number {
  return batchSize === 'full' ? n : Math.min(batchSize, n);
}

function count(batchSize: number, n: number, epochs: number): UpdateCount {
  const perEpoch = Math.ceil(n / batchSize);
  return { batchSize, perEpoch, total: perEpoch * epochs };
}

/** The update-count table for N training examples and the configured batch size. */
export function countUpdates(n: number, epochs: number, batchSize: number | 'full'): UpdateTable {
  const current = batchKind(batchSize, n);
  const mini =
    current === 'miniBatch' ? (batchSize as number) : Math.max(2, Math.min(EXAMPLE_MINI_BATCH, Math.max(2, n - 1)));
  return {
    full: count(Math.max(1, n), n, epochs),
    sgd: count(1, n, epochs),
    miniBatch: count(mini, n, epochs),
    current,
  };
}
