import { performance } from 'node:perf_hooks';

/**
 * Per-event timestamps of one measurement: when each numbered event left the source (commit, or
 * produce call) and when it arrived (consumer commit, or fetch). Counts each event once, whatever
 * redeliveries happen.
 */
export class DeliveryTracker {
  private startedAt = new Float64Array(0);
  private seen = new Uint8Array(0);
  delivered = 0;
  lastDeliveredAt = 0;
  latencies: number[] = [];

  reset(capacity: number): void {
    this.startedAt = new Float64Array(capacity).fill(NaN);
    this.seen = new Uint8Array(capacity);
    this.delivered = 0;
    this.lastDeliveredAt = 0;
    this.latencies = [];
  }

  started(first: number, count: number, at = performance.now()): void {
    this.startedAt.fill(at, first, first + count);
  }

  arrived(ns: Iterable<number>, at = performance.now()): void {
    for (const n of ns) {
      if (!(n >= 0 && n < this.seen.length) || this.seen[n]) continue;
      this.seen[n] = 1;
      this.delivered++;
      // NaN only if the consumer beat the source's own bookkeeping (never seen so far); not a sample then.
      const latency = at - this.startedAt[n];
      if (!Number.isNaN(latency)) this.latencies.push(latency);
    }
    this.lastDeliveredAt = at;
  }
}
