import type { LossBucket } from '../shared/report';

export class LossBuckets {
  private width = 1;
  private filled = 0;
  private inLast = 0;
  private total = 0;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly sum: Float64Array;

  constructor(private readonly capacity = 1024) {
    this.min = new Float64Array(capacity);
    this.max = new Float64Array(capacity);
    this.sum = new Float64Array(capacity);
  }

  /** Records one update's batch loss; NaN counts as +∞ so a blow-up stays on the chart's top. */
  add(loss: number): void {
    const v = loss === loss ? loss : Infinity;
    if (this.inLast === 0 || this.inLast === this.width) {
      if (this.filled === this.capacity) this.mergePairs();
      const k = this.filled++;
      this.min[k] = v;
      this.max[k] = v;
      this.sum[k] = v;
      this.inLast = 1;
    } else {
      const k = this.filled - 1;
      if (v < (this.min[k] as number)) this.min[k] = v;
      if (v > (this.max[k] as number)) this.max[k] = v;
      this.sum[k] = (this.sum[k] as number) + v;
      this.inLast++;
    }
    this.total++;
  }

  /**
   * Records `values[0 … count − 1]` in order; the same buckets as calling `add` on each, but
   * filling a bucket runs as one tight loop instead of a branch per value.
   */
  addMany(values: Float64Array, count: number): void {
    let i = 0;
    while (i < count) {
      if (this.inLast === 0 || this.inLast === this.width) {
        this.add(values[i] as number);
        i++;
        continue;
      }
      const k = this.filled - 1;
      const end = Math.min(count, i + (this.width - this.inLast));
      let lo = this.min[k] as number;
      let hi = this.max[k] as number;
      let sum = this.sum[k] as number;
      for (let j = i; j < end; j++) {
        const raw = values[j] as number;
        const v = raw === raw ? raw : Infinity;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        sum += v;
      }
      this.min[k] = lo;
      this.max[k] = hi;
      this.sum[k] = sum;
      this.inLast += end - i;
      this.total += end - i;
      i = end;
    }
  }

  private mergePairs(): void {
    const half = this.capacity >> 1;
    for (let k = 0; k < half; k++) {
      const a = 2 * k;
      const b = a + 1;
      this.min[k] = Math.min(this.min[a] as number, this.min[b] as number);
      this.max[k] = Math.max(this.max[a] as number, this.max[b] as number);
      this.sum[k] = (this.sum[a] as number) + (this.sum[b] as number);
    }
    this.filled = half;
    this.width *= 2;
    this.inLast = this.width;
  }

  /** How many updates were recorded. */
  get updates(): number {
    return this.total;
  }

  /** The buckets in order; non-finite values become null so the result is valid JSON. */
  toBuckets(): LossBucket[] {
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    const out: LossBucket[] = [];
    for (let k = 0; k < this.filled; k++) {
      const count = k === this.filled - 1 ? this.inLast : this.width;
      out.push({
        update: k * this.width + 1,
        count,
        min: finite(this.min[k] as number),
        max: finite(this.max[k] as number),
        mean: finite((this.sum[k] as number) / count),
      });
    }
    return out;
  }
}

/**
 * Which entries of a series to keep so at most `maxPoints` remain: the first and the last, and in
 * each bucket between them its lowest- and highest-ranked entry, in order, so spikes survive
 * (a mean or a stride would hide SGD's noise and a divergence's jump). Every index when the
 * series already fits. e.g. 100,000 epochs → ≤ 2,000 indices, including the maximum's.
 */
export function extremeIndices(length: number, rank: (i: number) => number, maxPoints: number): number[] {
  if (length <= maxPoints) return Array.from({ length }, (_, i) => i);
  const last = length - 1;
  // Two ends plus two per bucket; at least one bucket, so tiny caps round up to 4 points.
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const width = (last - 1) / buckets;
  const keep = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor(b * width);
    const end = b === buckets - 1 ? last : 1 + Math.floor((b + 1) * width);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      const v = rank(i);
      if (v < rank(lo)) lo = i;
      if (v > rank(hi)) hi = i;
    }
    keep.push(Math.min(lo, hi));
    if (lo !== hi) keep.push(Math.max(lo, hi));
  }
  keep.push(last);
  return keep;
}
