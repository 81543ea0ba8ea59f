import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

/**
 * Where a load generator sends events. Events are numbered 0, 1, 2, ... so every path can record per-event
 * timestamps in flat arrays indexed by that number.
 */
export interface EventSink {
  /** Emits events first..first+count-1 as one unit (one transaction, or one produce request). */
  emit(first: number, count: number): Promise<void>;
}

export interface ClosedLoopShape {
  total: number;
  /** Events per unit (per transaction / per produce request). */
  unit: number;
  /** Units in flight at once: each worker starts its next unit when the previous one is done. */
  concurrency: number;
}

/** As fast as the sink allows: `concurrency` workers emit units back to back until `total` events are out. */
export async function runClosedLoop(sink: EventSink, shape: ClosedLoopShape): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < shape.total) {
      const first = next;
      const count = Math.min(shape.unit, shape.total - first);
      next += count;
      await sink.emit(first, count);
    }
  };
  await Promise.all(Array.from({ length: shape.concurrency }, worker));
}

export interface OpenLoopShape {
  ratePerSec: number;
  durationMs: number;
  /** How often the generator wakes; whatever fell due since the last wake is emitted as one unit. */
  tickMs: number;
  /** Units in flight at most; beyond that the generator waits, and the shortfall shows as a lower achieved rate. */
  maxInFlight: number;
}

export interface OpenLoopResult {
  events: number;
  elapsedMs: number;
  achievedRate: number;
  units: number;
  /** Wakes at which due events were held back because maxInFlight units were still pending. */
  throttledWakes: number;
}

/**
 * A steady arrival rate that does not slow down when the sink does (open loop): event k is due at
 * k / rate seconds after the start, independent of how long earlier units took. Bounded by `durationMs`.
 */
export async function runOpenLoop(sink: EventSink, shape: OpenLoopShape): Promise<OpenLoopResult> {
  const total = Math.round((shape.ratePerSec * shape.durationMs) / 1000);
  const inFlight = new Set<Promise<void>>();
  const errors: unknown[] = [];
  let emitted = 0;
  let units = 0;
  let throttledWakes = 0;
  const start = performance.now();
  while (emitted < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * shape.ratePerSec) / 1000)) - emitted;
    if (due > 0) {
      if (inFlight.size < shape.maxInFlight) {
        const p: Promise<void> = sink
          .emit(emitted, due)
          .catch((err) => void errors.push(err))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
        emitted += due;
        units++;
      } else {
        throttledWakes++;
      }
    }
    await sleep(shape.tickMs);
  }
  const elapsedMs = performance.now() - start;
  await Promise.all(inFlight);
  if (errors.length) throw errors[0];
  return { events: emitted, elapsedMs, achievedRate: (emitted * 1000) / elapsedMs, units, throttledWakes };
}
