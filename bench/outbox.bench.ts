/**
 * Outbox → relay → Kafka → inbox, against the real broker and PostgreSQL, next to a raw kafkajs
 * baseline measured in the same run:
 *
 *   1. throughput: a fixed number of events as fast as the source goes, first emit to last arrival;
 *   2. latency: a steady open-loop rate for a fixed time, per-event source → arrival.
 *
 * Platform: concurrent writers each committing transactions of OutboxWriter.publishMany; the relay and
 * consumer run with the platform's configuration (OUTBOX_*, CONSUMER_*, KAFKA_PARTITIONS,
 * DATABASE_POOL_SIZE). It is measured twice: with a handler that writes nothing beyond the inbox row
 * (the platform's own cost; the targets are judged on it) and with one that INSERTs a row per event.
 * Latency is writer commit → consumer commit. Raw: the same envelopes, produced by a producer with the
 * relay's settings in batches and read by a plain consumer group; latency is produce call → fetch.
 *
 * Every schema, topic and consumer group is throwaway and removed at the end. Knobs (env):
 * BENCH_EVENTS, BENCH_WRITERS, BENCH_TX_EVENTS, BENCH_RAW_BATCH, BENCH_RATE, BENCH_LATENCY_SECONDS,
 * plus the platform's own variables above. Results go to bench/results/outbox.json.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '@hamkor/config';
import { createKafka, parseBrokers } from '@hamkor/messaging';
import { setLogLevel } from '@hamkor/observability';
import { ensureDatabase } from '@hamkor/persistence';
import { CpuReport, CpuSampler, pidsNamed } from './lib/cpu';
import { benchContract, eventEnvelope } from './lib/event';
import { ClosedLoopShape, OpenLoopShape } from './lib/load';
import { LatencyResult, measureLatency, measureThroughput, ThroughputResult } from './lib/measure';
import { BenchPath } from './lib/path';
import { PlatformHandler, PlatformPath } from './lib/platform-path';
import { RawKafkaPath } from './lib/raw-path';
import { figure, fmt, formatTable, writeResults } from './lib/report';
import { round } from './lib/stats';
import { benchBrokers, intEnv } from './lib/run';

const TARGETS = { platformEventsPerSec: 10_000, throughputRatio: 0.4, p99Ms: 100 };

async function main(): Promise<void> {
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_bench';
  // A local broker is started when none runs (fresh machine); an explicit KAFKA_BROKERS is used as it is.
  const brokers = await benchBrokers();
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
    // Every 5 ms what fell due (about 5 events) goes out as one unit: one transaction, or one produce
    // request. Single-event units would queue the raw producer's one-request-in-flight behind itself
    // and make the baseline look worse than it is.
    tickMs: 5,
    maxInFlight: 100,
  };
  const warmup: ClosedLoopShape = { total: 2000, unit: 50, concurrency: 2 };
  const timeoutMs = 180_000;
  const tag = () => randomUUID().replace(/-/g, '').slice(0, 10);

  // Each measurement gets fresh paths (own schema, topics and group), so none inherits another's
  // backlog, table bloat or consumer lag; only the path being measured is open.
  const platform = (handler: PlatformHandler) => () => PlatformPath.open({ kafka, databaseUrl, config, tag: tag(), handler });
  const raw = () => RawKafkaPath.open({ kafka, partitions: config.KAFKA_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR, tag: tag() });
  // Where the CPU went during each measurement (cores, of os.cpus().length): this process (writers,
  // relay, consumer, kafkajs), PostgreSQL, the broker's JVM, and everything else. On a shared 2-core
  // machine `other` moves these figures more than most tuning does, so it goes into the results.
  const cpuGroups = { node: () => [process.pid], postgres: () => pidsNamed('postgres'), kafka: () => pidsNamed('java') };
  async function measure<T>(open: () => Promise<BenchPath>, run: (p: BenchPath) => Promise<T>): Promise<T & { cpu: CpuReport }> {
    const p = await open();
    try {
      // Also waits out the consumer group join, connection set-up and JIT.
      await measureThroughput(p, warmup, 60_000);
      const sampler = new CpuSampler(cpuGroups);
      sampler.start();
      const result = await run(p);
      const cpu = sampler.stop();
      const cores = Object.entries({ ...cpu.groups, other: cpu.otherCores }).map(([k, v]) => `${k} ${fmt(v, 2)}`);
      console.log(`  ${p.label}: done; cores used: ${cores.join(', ')} (of ${cpu.cpus})`);
      return { ...result, cpu };
    } finally {
      await p.close();
    }
  }

  const payloadBytes = Buffer.byteLength(JSON.stringify(eventEnvelope(benchContract('bench_x0000000000'), 12345)));
  console.log(
    `outbox bench: ${fmt(events)} events of ~${payloadBytes} B; platform: ${writers.concurrency} writers × ${writers.unit} events/tx, ` +
      `relay batch ${config.OUTBOX_BATCH_SIZE} poll ${config.OUTBOX_POLL_MS} ms, ${config.KAFKA_PARTITIONS} partitions, pool ${config.DATABASE_POOL_SIZE}; ` +
      `raw: batches of ${rawSender.unit}; latency at ${steady.ratePerSec}/s for ${steady.durationMs / 1000} s`,
  );

  const handlers: PlatformHandler[] = ['inbox-only', 'insert'];
  const throughput = { raw: {} as ThroughputResult, platform: {} as Record<PlatformHandler, ThroughputResult> };
  const latency = { raw: {} as LatencyResult, platform: {} as Record<PlatformHandler, LatencyResult> };
  console.log('throughput');
  throughput.raw = await measure(raw, (p) => measureThroughput(p, rawSender, timeoutMs));
  for (const h of handlers) throughput.platform[h] = await measure(platform(h), (p) => measureThroughput(p, writers, timeoutMs));
  console.log('latency');
  latency.raw = await measure(raw, (p) => measureLatency(p, steady, timeoutMs));
  for (const h of handlers) latency.platform[h] = await measure(platform(h), (p) => measureLatency(p, steady, timeoutMs));

  const perHandler = <T>(f: (h: PlatformHandler) => T) => Object.fromEntries(handlers.map((h) => [h, f(h)])) as Record<PlatformHandler, T>;
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
      latencyRatePerSec: steady.ratePerSec,
      latencySeconds: steady.durationMs / 1000,
      latencyTickMs: steady.tickMs,
    },
    throughput: {
      ...throughput,
      ratio: perHandler((h) => round(throughput.platform[h].eventsPerSec / throughput.raw.eventsPerSec, 3)),
    },
    latency: {
      ...latency,
      ratio: perHandler((h) => ({
        p50: round(latency.platform[h].latencyMs.p50 / latency.raw.latencyMs.p50),
        p99: round(latency.platform[h].latencyMs.p99 / latency.raw.latencyMs.p99),
      })),
    },
    // Judged on the inbox-only handler: the platform's own cost, not a handler's.
    targets: targetsMet(throughput.platform['inbox-only'], throughput.raw, latency.platform['inbox-only']),
  };

  report(result);
  const rawLabel = 'raw kafkajs produce → consume';
  const figures = handlers.flatMap((h) => {
    const judged = h === 'inbox-only';
    const [t, l] = [throughput.platform[h].eventsPerSec, latency.platform[h].latencyMs];
    return [
      figure(`outbox → inbox throughput (${h})`, 'events/s', t, { baseline: throughput.raw.eventsPerSec, baselineLabel: rawLabel, target: judged ? { min: TARGETS.platformEventsPerSec } : undefined }),
      ...(judged ? [figure(`outbox → inbox throughput vs raw (${h})`, 'events/s', t, { baseline: throughput.raw.eventsPerSec, baselineLabel: rawLabel, target: { min: TARGETS.throughputRatio, on: 'ratio' } })] : []),
      figure(`commit → consume p50 at ${steady.ratePerSec}/s (${h})`, 'ms', l.p50, { baseline: latency.raw.latencyMs.p50, baselineLabel: rawLabel }),
      figure(`commit → consume p99 at ${steady.ratePerSec}/s (${h})`, 'ms', l.p99, { baseline: latency.raw.latencyMs.p99, baselineLabel: rawLabel, target: judged ? { max: TARGETS.p99Ms } : undefined }),
    ];
  });
  const out = writeResults('outbox', result, figures);
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

function targetsMet(platform: ThroughputResult, raw: ThroughputResult, platformLatency: LatencyResult) {
  return {
    platformEventsPerSec: { target: TARGETS.platformEventsPerSec, met: platform.eventsPerSec >= TARGETS.platformEventsPerSec },
    throughputRatio: { target: TARGETS.throughputRatio, met: platform.eventsPerSec / raw.eventsPerSec >= TARGETS.throughputRatio },
    p99Ms: { target: TARGETS.p99Ms, met: platformLatency.latencyMs.p99 <= TARGETS.p99Ms },
  };
}

function report(r: {
  throughput: { raw: ThroughputResult; platform: Record<PlatformHandler, ThroughputResult>; ratio: Record<PlatformHandler, number> };
  latency: { raw: LatencyResult; platform: Record<PlatformHandler, LatencyResult>; ratio: Record<PlatformHandler, { p50: number; p99: number }> };
  targets: ReturnType<typeof targetsMet>;
}): void {
  const { throughput: t, latency: l } = r;
  const handlers = Object.keys(t.platform) as PlatformHandler[];
  const rows: string[][] = [];
  for (const h of handlers) {
    const [p, raw] = [t.platform[h], t.raw];
    rows.push([`throughput, events/s (handler: ${h})`, fmt(p.eventsPerSec), fmt(raw.eventsPerSec), fmt(t.ratio[h], 2)]);
    rows.push(['  elapsed s (source done at)', `${fmt(p.seconds, 2)} (${fmt(p.emitSeconds, 2)})`, `${fmt(raw.seconds, 2)} (${fmt(raw.emitSeconds, 2)})`, '']);
  }
  for (const h of handlers) {
    const [p, raw] = [l.platform[h], l.raw];
    rows.push([`latency p50 ms (handler: ${h})`, fmt(p.latencyMs.p50, 1), fmt(raw.latencyMs.p50, 1), fmt(l.ratio[h].p50, 1)]);
    rows.push([`latency p99 ms (handler: ${h})`, fmt(p.latencyMs.p99, 1), fmt(raw.latencyMs.p99, 1), fmt(l.ratio[h].p99, 1)]);
    rows.push(['  max ms; achieved events/s', `${fmt(p.latencyMs.max, 1)}; ${fmt(p.load.achievedRate)}`, `${fmt(raw.latencyMs.max, 1)}; ${fmt(raw.load.achievedRate)}`, '']);
  }
  console.log(`\n${formatTable(['', 'platform', 'raw kafkajs', 'platform/raw'], rows)}`);
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(
    `\ntargets (handler: inbox-only): ≥${fmt(TARGETS.platformEventsPerSec)} events/s ${mark(r.targets.platformEventsPerSec.met)}; ` +
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
