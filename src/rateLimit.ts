/**
 * A token bucket: up to `burst` events at once, then `perSecond` on average; the rest are refused.
 * The clock is passed in so the rule can be tested without waiting.
 * e.g. `new RateLimiter(3, 1)` lets 3 clicks through at once, then one a second.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** True when an event may pass now (and counts it). */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
