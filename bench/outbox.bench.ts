/**
 * Outbox → relay → Kafka → inbox, against the real broker and PostgreSQL, next to a raw kafkajs
 * baseline measured in the same run:
 *
 *   1. throughput: a fixed number of events as fast as the source goes, first emit to last arrival;
 *   2. latency: a steady open-loop rate for a fixed time, per-event source → arrival.
 *
 * Platform: events written by concurrent writers, each committing transactions of publishMany;
 * the relay and consumer run with the platform's configuration (OUTBOX_*, CONSUMER_*, KAFKA_PARTITIONS,
 * DATABASE_POOL_SIZE), and the consumer's handler inserts one row per event. Latency is commit → the
 * consumer's commit. Raw: the same envelopes produced by the same idempotent producer in batches,
 * read by a plain consumer group; latency is produce call → fetch.
 *
 * Every schema, topic and consumer group is throwaway and removed at the end. Knobs (env):
 * BENCH_EVENTS, BENCH_WRITERS, BENCH_TX_EVENTS, BENCH_RAW_BATCH, BENCH_RATE, BENCH_LATENCY_SECONDS,
 * plus the platform's own variables above. Results go to bench/results/outbox.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '@hamkor/config';
import { createKafka, parseBrokers } from '@hamkor/messaging';
import { setLogLevel } from '@hamkor/observability';
import { ensureDatabase } from '@hamkor/persistence';
import { eventEnvelope, benchContract } from './lib/event';
import { ClosedLoopShape, OpenLoopShape } from './lib/load';
import { LatencyResult, measureLatency, measureThroughput, ThroughputResult } from './lib/measure';
import { BenchPath } from './lib/path';
import { PlatformPath } from './lib/platform-path';
import { RawKafkaPath } from './lib/raw-path';
import { fmt, formatTable } from './lib/report';
import { round } from './lib/stats';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureKafka } = require('../scripts/kafka.js') as { ensureKafka: () => Promise<{ brokers: string }> };

const TARGETS = { platformEventsPerSec: 10_000, throughputRatio: 0.4, p99Ms: 100 };

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return v;
}

async function main(): Promise<void> {
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_bench';
  // A local broker is started when none runs (fresh machine); an explicit KAFKA_BROKERS is used as it is.
  const brokers = process.env.KAFKA_BROKERS ?? (await ensureKafka()).brokers;
  await ensureDatabase(databaseUrl);
  const config = parseConfig({ ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers });
  const kafka = createKafka({ brokers: parseBrokers(brokers), clientId: 'hamkor-bench' });

  const events = intEnv('BENCH_EVENTS', 100_000);
  const writers: ClosedLoopShape = { total: events, unit: intEnv('BENCH_TX_EVENTS', 50), concurrency: intEnv('BENCH_WRITERS', 4) };
  // The raw producer sends what the relay would: batches of OUTBOX_BATCH_SIZE, one request at a time.
  const rawSender: ClosedLoopShape = { total: events, unit: intEnv('BENCH_RAW_BATCH', config.OUTBOX_BATCH_SIZE), concurrency: 1 };
  const steady: OpenLoopShape = {
    ratePerSec: intEnv('BENCH_RATE', 1000),
    durationMs: intEnv('BENCH_LATENCY_SECONDS', 15) * 1000,
    // Wakes about every millisecond and emits what fell due as one unit: mostly single-event
    // transactions (platform) or single-message produce requests (raw), as independent requests would.
    tickMs: 1,
    maxInFlight: 100,
  };
  const warmup: ClosedLoopShape = { total: 2000, unit: 50, concurrency: 2 };
  const timeoutMs = 180_000;
  const tag = () => randomUUID().replace(/-/g, '').slice(0, 10);

  /** Opens both paths fresh (own schema/topics/groups), warms them up, runs `fn` on each, closes them. */
  async function side<T>(what: string, fn: (p: BenchPath) => Promise<T>): Promise<{ platform: T; raw: T }> {
    const opened: BenchPath[] = [];
    try {
      const platform = await PlatformPath.open({ kafka, databaseUrl, config, tag: tag() });
      opened.push(platform);
      const raw = await RawKafkaPath.open({ kafka, partitions: config.KAFKA_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR, tag: tag() });
      opened.push(raw);
      const results = [] as T[];
      for (const p of [platform, raw]) {
        // Warm-up also waits out the consumer group join, connection set-up and JIT.
        await measureThroughput(p, warmup, 60_000);
        console.log(`${what}: ${p.label} ...`);
        results.push(await fn(p));
      }
      return { platform: results[0], raw: results[1] };
    } finally {
      for (const p of opened.reverse()) await p.close();
    }
  }

  const payloadBytes = Buffer.byteLength(JSON.stringify(eventEnvelope(benchContract('bench_x0000000000'), 12345)));
  console.log(
    `outbox bench: ${fmt(events)} events of ~${payloadBytes} B; platform: ${writers.concurrency} writers × ${writers.unit} events/tx, ` +
      `relay batch ${config.OUTBOX_BATCH_SIZE} poll ${config.OUTBOX_POLL_MS} ms, ${config.KAFKA_PARTITIONS} partitions, pool ${config.DATABASE_POOL_SIZE}; ` +
      `raw: batches of ${rawSender.unit}; latency at ${steady.ratePerSec}/s for ${steady.durationMs / 1000} s`,
  );

  const throughput = await side('throughput', (p) => measureThroughput(p, p instanceof PlatformPath ? writers : rawSender, timeoutMs));
  const latency = await side('latency', (p) => measureLatency(p, steady, timeoutMs));

  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadavg: os.loadavg().map((l) => round(l)) },
    workload: {
      events,
      payloadBytes,
      platformWriters: writers.concurrency,
      platformEventsPerTransaction: writers.unit,
      rawBatch: rawSender.unit,
      relayBatchSize: config.OUTBOX_BATCH_SIZE,
      relayPollMs: config.OUTBOX_POLL_MS,
      partitions: config.KAFKA_PARTITIONS,
      poolSize: config.DATABASE_POOL_SIZE,
      handler: 'one INSERT per event, in the inbox transaction',
      latencyRatePerSec: steady.ratePerSec,
      latencySeconds: steady.durationMs / 1000,
    },
    throughput: { ...throughput, ratio: round(throughput.platform.eventsPerSec / throughput.raw.eventsPerSec, 3) },
    latency: {
      ...latency,
      ratio: {
        p50: round(latency.platform.latencyMs.p50 / latency.raw.latencyMs.p50),
        p99: round(latency.platform.latencyMs.p99 / latency.raw.latencyMs.p99),
      },
    },
    targets: targetsMet(throughput, latency),
  };

  report(result);
  const out = path.join(__dirname, 'results', 'outbox.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

function targetsMet(t: { platform: ThroughputResult; raw: ThroughputResult }, l: { platform: LatencyResult; raw: LatencyResult }) {
  return {
    platformEventsPerSec: { target: TARGETS.platformEventsPerSec, met: t.platform.eventsPerSec >= TARGETS.platformEventsPerSec },
    throughputRatio: { target: TARGETS.throughputRatio, met: t.platform.eventsPerSec / t.raw.eventsPerSec >= TARGETS.throughputRatio },
    p99Ms: { target: TARGETS.p99Ms, met: l.platform.latencyMs.p99 <= TARGETS.p99Ms },
  };
}

function report(r: {
  throughput: { platform: ThroughputResult; raw: ThroughputResult; ratio: number };
  latency: { platform: LatencyResult; raw: LatencyResult; ratio: { p50: number; p99: number } };
  targets: ReturnType<typeof targetsMet>;
}): void {
  const { throughput: t, latency: l } = r;
  const rate = `@ ${fmt(l.platform.load.achievedRate)} / ${fmt(l.raw.load.achievedRate)} ev/s`;
  console.log(
    `\n${formatTable(
      ['', 'platform', 'raw kafkajs', 'platform/raw'],
      [
        ['throughput (events/s)', fmt(t.platform.eventsPerSec), fmt(t.raw.eventsPerSec), fmt(t.ratio, 2)],
        ['  elapsed (s), of which emitting', `${fmt(t.platform.seconds, 2)}, ${fmt(t.platform.emitSeconds, 2)}`, `${fmt(t.raw.seconds, 2)}, ${fmt(t.raw.emitSeconds, 2)}`, ''],
        [`latency p50 (ms) ${rate}`, fmt(l.platform.latencyMs.p50, 1), fmt(l.raw.latencyMs.p50, 1), fmt(l.ratio.p50, 1)],
        ['latency p99 (ms)', fmt(l.platform.latencyMs.p99, 1), fmt(l.raw.latencyMs.p99, 1), fmt(l.ratio.p99, 1)],
        ['latency max (ms)', fmt(l.platform.latencyMs.max, 1), fmt(l.raw.latencyMs.max, 1), ''],
      ],
    )}`,
  );
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(
    `\ntargets: ≥${fmt(TARGETS.platformEventsPerSec)} events/s ${mark(r.targets.platformEventsPerSec.met)}; ` +
      `≥${TARGETS.throughputRatio * 100}% of raw ${mark(r.targets.throughputRatio.met)}; ` +
      `p99 ≤ ${TARGETS.p99Ms} ms ${mark(r.targets.p99Ms.met)}`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
