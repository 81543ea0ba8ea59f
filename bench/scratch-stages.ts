// Stage isolation: writers alone, relay alone on a backlog, consumer alone on a published topic.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIdempotentProducer, createKafka, ensureTopics, InboxConsumer, OutboxRelay, OutboxWriter, parseBrokers } from '@hamkor/messaging';
import { setLogLevel } from '@hamkor/observability';
import { dataSourceOptions, messagingTablesMigration, runMigrations } from '@hamkor/persistence';
import { benchContract, eventData } from './lib/event';
import { runClosedLoop } from './lib/load';
import { waitFor } from '../libs/testing/src/messaging-harness';

const N = Number(process.env.N ?? 50000);
const url = 'postgres://postgres@127.0.0.1:5432/hamkor_bench';
async function main() {
  setLogLevel('error');
  const tag = randomUUID().replace(/-/g, '').slice(0, 8);
  const schema = `bench_${tag}`;
  const contract = benchContract(schema);
  const kafka = createKafka({ brokers: parseBrokers('localhost:9092'), clientId: 'scratch' });
  const ds = await new DataSource(dataSourceOptions(url, 10, { schema, entities: [], migrations: [messagingTablesMigration(schema)] })).initialize();
  const rds = await new DataSource(dataSourceOptions(url, 10, { schema, entities: [], migrations: [] })).initialize();
  await runMigrations(ds, schema);
  await ds.query(`CREATE TABLE "${schema}".effect (id bigserial PRIMARY KEY, event_id uuid NOT NULL, subject text NOT NULL, n int NOT NULL)`);
  await ensureTopics(kafka, { topics: [contract.topic.name], defaultPartitions: Number(process.env.PARTS ?? 3), partitionsByTopic: {}, replicationFactor: 1, withDlq: true });
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const writer = new OutboxWriter(schema);
  try {
    let t = performance.now();
    await runClosedLoop({ emit: async (first, count) => { await ds.transaction((tx) => writer.publishMany(tx, contract, Array.from({ length: count }, (_, i) => eventData(first + i)))); } },
      { total: N, unit: Number(process.env.TX ?? 50), concurrency: Number(process.env.W ?? 4) });
    console.log('writers', Math.round(N / ((performance.now() - t) / 1000)), 'ev/s');
    const relay = new OutboxRelay(ds, producer, { schema, batchSize: Number(process.env.BATCH ?? 500), pollMs: 50 });
    t = performance.now();
    relay.start();
    await waitFor(async () => (await ds.query(`SELECT count(*)::int n FROM "${schema}".outbox WHERE published_at IS NULL`))[0].n === 0, 120000);
    console.log('relay', Math.round(N / ((performance.now() - t) / 1000)), 'ev/s');
    await relay.stop();
    let done = 0;
    const consumer = new InboxConsumer(kafka, rds, producer, { service: schema, groupPrefix: `g${tag}`, maxAttempts: 3, retryBaseMs: 10,
      chunkSize: process.env.CHUNK ? Number(process.env.CHUNK) : undefined, partitionsConcurrently: process.env.PC ? Number(process.env.PC) : undefined });
    consumer.register({ contract, handle: async (e, tx) => {
      if (!process.env.NOEFFECT) await tx.query(`INSERT INTO "${schema}".effect (event_id, subject, n) VALUES ($1, $2, $3)`, [e.id, e.subject, e.data.n]);
      done++;
    } });
    t = performance.now();
    await consumer.start();
    await waitFor(() => done >= N, 120000);
    console.log('consumer (incl. group join)', Math.round(N / ((performance.now() - t) / 1000)), 'ev/s');
    await consumer.stop();
  } finally {
    await producer.disconnect();
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    const admin = kafka.admin(); await admin.connect(); await admin.deleteTopics({ topics: [contract.topic.name, contract.topic.name + '.dlq'] }); await admin.disconnect();
    await ds.destroy(); await rds.destroy();
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
