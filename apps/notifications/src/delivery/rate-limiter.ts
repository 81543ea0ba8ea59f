interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key (endpoint): `ratePerSec` sustained, the same as burst. `take` answers 0 when
 * the call may go now, otherwise when to try again, so a throttled job is deferred instead of holding
 * a worker slot.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly ratePerSec: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.ratePerSec, at: t };
    b.tokens = Math.min(this.ratePerSec, b.tokens + ((t - b.at) / 1000) * this.ratePerSec);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return t + Math.ceil(((1 - b.tokens) / this.ratePerSec) * 1000);
  }
}
