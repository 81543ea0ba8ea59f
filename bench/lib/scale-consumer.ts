/**
 * One consumer process of bench:scale (run by it, not by hand): the platform's InboxConsumer in the
 * group `<BENCH_GROUP_PREFIX>.<BENCH_SCHEMA>`, whose handler inserts one `effect` row per event (tagged
 * with BENCH_WORKER) in the inbox transaction, as a replica of a consuming service would.
 *
 * Protocol on stdio: prints `ready` once connected to PostgreSQL and Kafka; joins the group and starts
 * consuming on a `go` line; SIGTERM leaves the group and exits.
 */
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { createIdempotentProducer, createKafka, InboxConsumer, parseBrokers } from '@hamkor/messaging';
import { setLogLevel } from '@hamkor/observability';
import { dataSourceOptions } from '@hamkor/persistence';
import { benchContract } from './event';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

async function main(): Promise<void> {
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const schema = env('BENCH_SCHEMA');
  const worker = env('BENCH_WORKER');
  const ds = await new DataSource(
    dataSourceOptions(env('DATABASE_URL'), Number(process.env.DATABASE_POOL_SIZE ?? 10), { schema, entities: [], migrations: [] }),
  ).initialize();
  const kafka = createKafka({ brokers: parseBrokers(env('KAFKA_BROKERS')), clientId: worker });
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const consumer = new InboxConsumer(kafka, ds, producer, {
    service: schema,
    groupPrefix: env('BENCH_GROUP_PREFIX'),
    maxAttempts: 5,
    retryBaseMs: 200,
    // Consumers started together: the first to join holds every partition until it hears of the
    // rebalance at its next heartbeat, so a short interval keeps that head start small.
    heartbeatIntervalMs: 500,
    sessionTimeoutMs: 10_000,
  });
  consumer.register({
    contract: benchContract(schema),
    handle: async (event, tx) => {
      await tx.query(`INSERT INTO "${schema}".effect (event_id, n, worker) VALUES ($1, $2, $3)`, [event.id, event.data.n, worker]);
    },
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await consumer.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await ds.destroy().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  createInterface({ input: process.stdin })
    .on('line', (line) => {
      if (line.trim() === 'go') void consumer.start().then(() => console.log('started'));
    })
    // The bench went away without stopping us: leave the group rather than linger.
    .on('close', () => void stop());
  console.log('ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
