/**
 * Scale-out: one versus two consumer processes of one consumer group on the same load.
 *
 * A throwaway topic with BENCH_PARTITIONS partitions (6) is loaded with BENCH_EVENTS events (30 000,
 * the envelopes, keys and headers the outbox relay sends) before any consumer runs. Then 1, or 2,
 * OS processes (bench/lib/scale-consumer.ts: the platform's InboxConsumer, one INSERT per event in the
 * inbox transaction, the pool and chunking of a running service) are started, connected, and told to
 * join the group at the same moment; the clock runs from that moment to the commit of the last effect
 * row (PostgreSQL's clock on both ends). Each configuration gets a fresh group and empty tables, and
 * the order alternates over BENCH_ROUNDS rounds (2) so a drift in the machine's load hits both.
 *
 * CPU is measured per process from /proc over each drain: the consumer processes, every PostgreSQL
 * backend, the Kafka broker, and the rest of the machine, so that when two consumers do not carry
 * 1.6x the throughput of one it shows whether the machine's cores are what ran out.
 *
 * Results go to bench/results/scale.json. Everything is removed at the end (schema, topic, groups).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { dlqTopicName } from '@hamkor/contracts';
import { parseConfig } from '@hamkor/config';
import { createIdempotentProducer, createKafka, ensureTopics, parseBrokers } from '@hamkor/messaging';
import { setLogLevel } from '@hamkor/observability';
import { dataSourceOptions, ensureDatabase, messagingTablesMigration, runMigrations } from '@hamkor/persistence';
import { TsProcess } from '../libs/testing/src/platform-process';
import { CpuReport, CpuSampler, pidsNamed } from './lib/cpu';
import { benchContract, eventEnvelope } from './lib/event';
import { deleteKafkaResources, Teardown } from './lib/path';
import { figure, fmt, formatTable, writeResults } from './lib/report';
import { round } from './lib/stats';
import { benchBrokers, intEnv } from './lib/run';

const TARGET_RATIO = 1.6;
/** The machine counts as the limit when its cores are this busy during the two-consumer drain. */
const SATURATED = 0.9;

interface RunResult {
  consumers: number;
  round: number;
  events: number;
  /** From the go signal to the last effect row's commit. */
  seconds: number;
  eventsPerSec: number;
  /** From the first effect row to the last: throughput once the group is formed. */
  steadyEventsPerSec: number;
  /** From the go signal to the first effect row: joining the group and the first fetch. */
  firstEffectAfterSeconds: number;
  perConsumer: Record<string, number>;
  duplicateEffects: number;
  /** Cores used on average during the drain; `bench` is this process (polling), `other` the rest of the machine. */
  cpuCores: { consumers: number; postgres: number; kafka: number; bench: number; other: number; machine: number; perConsumer: Record<string, number> };
}

async function main(): Promise<void> {
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_bench';
  const brokers = await benchBrokers();
  await ensureDatabase(databaseUrl);
  const config = parseConfig({ ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers });
  const kafka = createKafka({ brokers: parseBrokers(brokers), clientId: 'hamkor-bench-scale' });
  const events = intEnv('BENCH_EVENTS', 30_000);
  const partitions = intEnv('BENCH_PARTITIONS', 6);
  const rounds = intEnv('BENCH_ROUNDS', 2);
  const tag = randomUUID().replace(/-/g, '').slice(0, 10);
  const schema = `bench_scale_${tag}`;
  const contract = benchContract(schema);
  const topic = contract.topic.name;
  const groups: string[] = [];
  const teardown = new Teardown();
  const kafkaPid = brokerPid();

  try {
    const ds = new DataSource(dataSourceOptions(databaseUrl, 2, { schema, entities: [], migrations: [messagingTablesMigration(schema)] }));
    await ds.initialize();
    teardown.add(() => ds.destroy());
    teardown.add(() => ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    await runMigrations(ds, schema);
    await ds.query(`CREATE TABLE "${schema}".effect (event_id uuid NOT NULL, n int NOT NULL, worker text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`);

    teardown.add(() => deleteKafkaResources(kafka, [topic, dlqTopicName(topic)], groups));
    await ensureTopics(kafka, { topics: [topic], defaultPartitions: partitions, partitionsByTopic: {}, replicationFactor: config.KAFKA_REPLICATION_FACTOR, withDlq: true });
    const loadSeconds = await preload(events);
    process.stdout.write(`loaded ${fmt(events)} events on ${topic} (${partitions} partitions) in ${loadSeconds} s\n`);

    const runs: RunResult[] = [];
    for (let r = 1; r <= rounds; r++) {
      for (const k of r % 2 === 1 ? [1, 2] : [2, 1]) {
        const result = await drain(k, r);
        runs.push(result);
        process.stdout.write(
          `round ${r}, ${k} consumer${k > 1 ? 's' : ''}: ${fmt(result.eventsPerSec)} events/s (${result.seconds} s), machine ${fmt(result.cpuCores.machine, 2)} of ${os.cpus().length} cores busy\n`,
        );
      }
    }

    const one = median(runs.filter((r) => r.consumers === 1).map((r) => r.eventsPerSec));
    const two = median(runs.filter((r) => r.consumers === 2).map((r) => r.eventsPerSec));
    const ratio = round(two / one, 2);
    const limit = verdict(runs, ratio);
    printReport(runs, one, two, ratio, limit);

    const out = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg().map((v) => round(v, 2)) },
      workload: {
        events,
        partitions,
        rounds,
        loadedInSeconds: loadSeconds,
        handler: 'one INSERT per event, in the inbox transaction',
        consumer: 'InboxConsumer: 3 partitions at once per process, chunks of 500 per transaction, pool of DATABASE_POOL_SIZE',
        poolSize: config.DATABASE_POOL_SIZE,
      },
      runs,
      summary: { oneConsumerEventsPerSec: one, twoConsumersEventsPerSec: two, ratio, target: TARGET_RATIO, met: ratio >= TARGET_RATIO, limit },
    };
    const file = writeResults('scale', out, [
      figure('two consumer processes vs one', 'events/s', two, { baseline: one, baselineLabel: 'one consumer process', target: { min: TARGET_RATIO, on: 'ratio' } }),
    ]);
    process.stdout.write(`\nwritten to ${path.relative(process.cwd(), file)}\n`);
  } finally {
    TsProcess.killAll();
    await teardown.run();
  }

  async function preload(total: number): Promise<number> {
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const started = performance.now();
    try {
      for (let first = 0; first < total; first += 1000) {
        const messages = Array.from({ length: Math.min(1000, total - first) }, (_, i) => {
          const e = eventEnvelope(contract, first + i);
          return { key: e.subject, value: JSON.stringify(e), headers: { 'ce-id': e.id, 'ce-type': e.type, 'content-type': 'application/cloudevents+json' } };
        });
        await producer.send({ topic, acks: -1, messages });
      }
    } finally {
      await producer.disconnect();
    }
    return round((performance.now() - started) / 1000, 2);
  }

  async function drain(k: number, r: number): Promise<RunResult> {
    const ds = new DataSource(dataSourceOptions(databaseUrl, 2, { schema, entities: [], migrations: [] }));
    await ds.initialize();
    const groupPrefix = `bench-scale-${tag}-${r}-${k}`;
    groups.push(`${groupPrefix}.${schema}`);
    const workers: TsProcess[] = [];
    try {
      await ds.query(`TRUNCATE "${schema}".effect, "${schema}".inbox`);
      for (let i = 1; i <= k; i++) {
        workers.push(
          new TsProcess(`consumer-${i}`, 'bench/lib/scale-consumer.ts', {
            DATABASE_URL: databaseUrl,
            KAFKA_BROKERS: brokers,
            DATABASE_POOL_SIZE: String(config.DATABASE_POOL_SIZE),
            BENCH_SCHEMA: schema,
            BENCH_GROUP_PREFIX: groupPrefix,
            BENCH_WORKER: `consumer-${i}`,
            LOG_LEVEL: 'warn',
          }),
        );
      }
      await Promise.all(workers.map((w) => w.waitForLine(/^ready$/, 60_000)));

      const sampler = new CpuSampler({
        consumers: () => workers.map((w) => w.pid),
        postgres: () => pidsNamed('postgres'),
        kafka: () => (kafkaPid ? [kafkaPid] : pidsNamed('java')),
        bench: () => [process.pid],
        ...Object.fromEntries(workers.map((w) => [w.name, () => [w.pid]])),
      });
      const [{ t0 }] = await ds.query(`SELECT clock_timestamp() AS t0`);
      sampler.start();
      for (const w of workers) w.send('go');
      // Polled at a modest rate: the count is work for PostgreSQL too, on the same cores.
      const until = Date.now() + 300_000;
      while ((await ds.query(`SELECT count(*)::int AS n FROM "${schema}".effect`))[0].n < events) {
        for (const w of workers) if (!w.running) throw new Error(`${w.name} exited\n${w.output()}`);
        if (Date.now() > until) throw new Error(`${k} consumer(s) did not drain ${events} events in 300 s`);
        await sleep(250);
      }
      const cpu = sampler.stop();
      const [s] = await ds.query(
        `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_n,
                extract(epoch FROM max(at) - $1::timestamptz)::float8 AS total,
                extract(epoch FROM max(at) - min(at))::float8 AS active,
                extract(epoch FROM min(at) - $1::timestamptz)::float8 AS first
           FROM "${schema}".effect`,
        [t0],
      );
      const split: Array<{ worker: string; n: number }> = await ds.query(`SELECT worker, count(*)::int AS n FROM "${schema}".effect GROUP BY worker ORDER BY worker`);
      return {
        consumers: k,
        round: r,
        events,
        seconds: round(s.total, 3),
        eventsPerSec: Math.round(events / s.total),
        steadyEventsPerSec: Math.round(events / s.active),
        firstEffectAfterSeconds: round(s.first, 3),
        perConsumer: Object.fromEntries(split.map((x) => [x.worker, x.n])),
        duplicateEffects: s.n - s.distinct_n,
        cpuCores: cores(cpu, workers.map((w) => w.name)),
      };
    } finally {
      await Promise.all(workers.map((w) => w.stop(15_000)));
      await ds.destroy();
    }
  }
}

function cores(cpu: CpuReport, names: string[]): RunResult['cpuCores'] {
  const g = cpu.groups;
  return {
    consumers: round(g.consumers, 2),
    postgres: round(g.postgres, 2),
    kafka: round(g.kafka, 2),
    // Per-consumer lines are part of `consumers`; everything else on the machine is "other".
    bench: round(g.bench, 2),
    other: round(Math.max(0, cpu.machineCores - g.consumers - g.postgres - g.kafka - g.bench), 2),
    machine: round(cpu.machineCores, 2),
    perConsumer: Object.fromEntries(names.map((n) => [n, round(g[n], 2)])),
  };
}

function brokerPid(): number | undefined {
  const file = path.resolve(__dirname, '..', '.cache', 'kafka', 'kafka.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return existsSync(`/proc/${pid}`) ? pid : undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
}

/** Why the ratio is what it is, from the CPU figures of the two-consumer runs. */
function verdict(runs: RunResult[], ratio: number): string {
  const twos = runs.filter((r) => r.consumers === 2);
  const ones = runs.filter((r) => r.consumers === 1);
  const avg = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length), 2);
  const cpus = os.cpus().length;
  const machine2 = avg(twos.map((r) => r.cpuCores.machine));
  const machine1 = avg(ones.map((r) => r.cpuCores.machine));
  const parts = (rs: RunResult[]) =>
    `consumers ${avg(rs.map((r) => r.cpuCores.consumers))}, postgres ${avg(rs.map((r) => r.cpuCores.postgres))}, kafka ${avg(rs.map((r) => r.cpuCores.kafka))}, other processes ${avg(rs.map((r) => r.cpuCores.other))}`;
  // CPU cost of the pipeline per 1000 events (core-seconds), and the ceilings it implies on this machine:
  // the whole machine given to consumers, PostgreSQL and Kafka; and one consumer process on one core.
  const cost = (rs: RunResult[], pick: (r: RunResult) => number) => avg(rs.map((r) => (pick(r) / r.eventsPerSec) * 1000));
  const pipelineCost = cost([...ones, ...twos], (r) => r.cpuCores.consumers + r.cpuCores.postgres + r.cpuCores.kafka);
  const consumerCost = cost(ones, (r) => r.cpuCores.consumers);
  const machineCeiling = Math.round((cpus / pipelineCost) * 1000);
  const oneProcessCeiling = Math.min(machineCeiling, Math.round((1 / consumerCost) * 1000));
  const ceilings =
    ` Cost per 1000 events: ${pipelineCost} core-seconds in all (one consumer process's share ${consumerCost}), so this machine given over entirely ` +
    `to the pipeline tops out near ${fmt(machineCeiling)} events/s, and one consumer process alone near ${fmt(oneProcessCeiling)} events/s: ` +
    `at most ${round(machineCeiling / oneProcessCeiling, 2)}x from a second process here, whatever else runs.`;
  const head = ratio >= TARGET_RATIO ? `target met (${ratio}x >= ${TARGET_RATIO}x)` : `target not met (${ratio}x < ${TARGET_RATIO}x)`;
  const where =
    machine2 >= SATURATED * cpus
      ? `the machine is the limit: with two consumers ${machine2} of ${cpus} cores were busy (${parts(twos)}); with one, ${machine1} (${parts(ones)}). ` +
        'A second consumer can only add throughput with cores left to run it and the database work it causes.'
      : `the machine had spare CPU with two consumers (${machine2} of ${cpus} cores busy: ${parts(twos)}); with one, ${machine1} (${parts(ones)}).`;
  return `${head}; ${where}${ceilings}`;
}

function printReport(runs: RunResult[], one: number, two: number, ratio: number, limit: string): void {
  const rows = runs.map((r) => [
    `${r.consumers} consumer${r.consumers > 1 ? 's' : ''} (round ${r.round})`,
    fmt(r.eventsPerSec),
    fmt(r.steadyEventsPerSec),
    fmt(r.firstEffectAfterSeconds, 2),
    Object.values(r.perConsumer).map((n) => fmt(n)).join(' / '),
    String(r.duplicateEffects),
    `${fmt(r.cpuCores.consumers, 2)} (${Object.values(r.cpuCores.perConsumer).map((c) => fmt(c, 2)).join('+')})`,
    fmt(r.cpuCores.postgres, 2),
    fmt(r.cpuCores.kafka, 2),
    fmt(r.cpuCores.bench, 2),
    fmt(r.cpuCores.other, 2),
    fmt(r.cpuCores.machine, 2),
  ]);
  process.stdout.write(
    `\n${formatTable(['run', 'events/s', 'steady/s', 'join s', 'split', 'dups', 'cpu consumers', 'postgres', 'kafka', 'bench', 'other', 'machine'], rows)}\n`,
  );
  process.stdout.write(`\none consumer: ${fmt(one)} events/s   two consumers: ${fmt(two)} events/s   ratio: ${ratio}x (target ${TARGET_RATIO}x)\n${limit}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
