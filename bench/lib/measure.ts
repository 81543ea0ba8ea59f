import { performance } from 'node:perf_hooks';
import { waitFor } from '../../libs/testing/src/messaging-harness';
import { ClosedLoopShape, OpenLoopResult, OpenLoopShape, runClosedLoop, runOpenLoop } from './load';
import { BenchPath } from './path';
import { LatencySummary, round, summarize } from './stats';

export interface ThroughputResult {
  events: number;
  /** From the first emit to the last arrival. */
  seconds: number;
  eventsPerSec: number;
  /** How long the source alone took to emit everything (the rest is the pipeline catching up). */
  emitSeconds: number;
}

/** Pushes `shape.total` events through as fast as the source goes; done when the last one has arrived. */
export async function measureThroughput(path: BenchPath, shape: ClosedLoopShape, timeoutMs: number): Promise<ThroughputResult> {
  path.tracker.reset(shape.total);
  const start = performance.now();
  await runClosedLoop(path, shape);
  const emitted = performance.now();
  await waitFor(() => path.tracker.delivered >= shape.total, timeoutMs, `${path.label}: ${shape.total} events delivered`);
  const seconds = (path.tracker.lastDeliveredAt - start) / 1000;
  return { events: shape.total, seconds: round(seconds, 3), eventsPerSec: Math.round(shape.total / seconds), emitSeconds: round((emitted - start) / 1000, 3) };
}

export interface LatencyResult {
  load: Omit<OpenLoopResult, 'elapsedMs'> & { seconds: number };
  latencyMs: LatencySummary;
}

/** A steady open-loop rate for a fixed time; latency of every event, source to arrival. */
export async function measureLatency(path: BenchPath, shape: OpenLoopShape, timeoutMs: number): Promise<LatencyResult> {
  path.tracker.reset(Math.ceil((shape.ratePerSec * shape.durationMs) / 1000) + 1);
  const { elapsedMs, ...load } = await runOpenLoop(path, shape);
  await waitFor(() => path.tracker.delivered >= load.events, timeoutMs, `${path.label}: ${load.events} events delivered`);
  return {
    load: { ...load, achievedRate: Math.round(load.achievedRate), seconds: round(elapsedMs / 1000, 2) },
    latencyMs: summarize(path.tracker.latencies),
  };
}
