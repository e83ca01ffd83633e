/**
 * Memory while training, as a multiple of the data's numeric size (rows × (d + 1) doubles): the
 * data itself plus what a layout adds. The benchmark reports the measured figure.
 */
export const TRAINING_MEMORY_TARGET = 4;

/** The feature counts with update kernels (kernels/lanes{1,2,4,8}.ts); d pads to the next one. */
export const KERNEL_LANES = [1, 2, 4, 8] as const;

/** How a run lays its rows out: features per row the update loop reads, and whether epochs are prefetched. */
export interface Layout {
  /** d, or the kernel width d is padded to (the lanes beyond d hold zeros). */
  lanes: number;
  /** The epochs' shuffled rows come from a prefetcher (two epoch buffers) instead of this thread. */
  prefetch: boolean;
}

/**
 * Doubles per training row a layout adds to the data: for full batch a padded copy of the features
 * (none when lanes = d); for mini-batch and SGD in this thread, the epoch's rows in order (lanes + 1
 * values) and the shuffled index with its inverse (two 32-bit integers, one double); prefetched, two
 * epochs' rows (the one training, the one being gathered) and the index with its inverse.
 */
export function layoutDoublesPerRow(lanes: number, d: number, shuffled: boolean, prefetch = false): number {
  if (!shuffled) return lanes === d ? 0 : lanes;
  return prefetch ? 2 * (lanes + 1) + 1 : lanes + 2;
}

const fits = (d: number, lanes: number, shuffled: boolean, prefetch: boolean): boolean => d + 1 + layoutDoublesPerRow(lanes, d, shuffled, prefetch) <= TRAINING_MEMORY_TARGET * (d + 1);

/**
 * The layout of a run: the first that keeps memory within TRAINING_MEMORY_TARGET × the data.
 * Full batch: the 8-lane kernel (padded rows) or the general loop (lanes = d). Mini-batch and SGD:
 * prefetched with the narrowest kernel that holds d, else in this thread with it, else the
 * general loops (lanes = d), prefetched if that fits. e.g. SGD with d = 2 runs the 2-lane kernel
 * prefetched (10 doubles a row against the data's 3); d = 5 pads to 8 lanes, whose two epoch
 * buffers would not fit, so it gathers in this thread. Kernels also need a finite step lr·2
 * (padded lanes stay exactly zero only then); the bits are the same on every layout.
 */
export function chooseLayout(d: number, lr: number, shuffled: boolean, canPrefetch: boolean): Layout {
  const kernel = Number.isFinite(lr * 2) ? KERNEL_LANES.find((l) => l >= d) : undefined;
  if (!shuffled) return { lanes: kernel !== undefined && fits(d, 8, false, false) ? 8 : d, prefetch: false };
  const candidates: Layout[] = [];
  if (kernel !== undefined) candidates.push({ lanes: kernel, prefetch: true }, { lanes: kernel, prefetch: false });
  candidates.push({ lanes: d, prefetch: true }, { lanes: d, prefetch: false });
  return candidates.find((c) => (canPrefetch || !c.prefetch) && fits(d, c.lanes, true, c.prefetch)) ?? { lanes: d, prefetch: false };
}
