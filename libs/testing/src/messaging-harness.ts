import { randomUUID } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { defineEvent, defineTopic, EventContract, EventEnvelope } from '@hamkor/contracts';
import { batchHandler, createIdempotentProducer, createKafka, ensureTopics, InboxConsumer, OutboxRelay, OutboxWriter, parseBrokers } from '@hamkor/messaging';
import { dataSourceOptions, runMigrations, sharedTablesMigrations } from '@hamkor/persistence';

/** A throwaway event type on its own topic, so messaging tests never meet the platform's events. */
export function testContract(tag: string) {
  const topic = defineTopic(`test_${tag}`, 'thing', 1, 'test topic');
  return defineEvent({
    topic,
    name: 'happened',
    schemaversion: 1,
    description: 'a test event',
    data: z.object({ thingId: z.string(), n: z.number().int() }),
    subjectOf: (d) => d.thingId,
    example: { thingId: 'a', n: 1 },
  });
}

/**
 * Everything a messaging test needs, real and isolated: its own PostgreSQL schema with the outbox and
 * inbox tables and an `effect` table, its own topic (and DLQ), a Kafka client and producer.
 */
export class MessagingHarness {
  readonly tag = randomUUID().replace(/-/g, '').slice(0, 10);
  readonly schema = `test_${this.tag}`;
  readonly contract: EventContract<ReturnType<typeof testContract>['data']> = testContract(this.tag);
  readonly kafka: Kafka = createKafka({ brokers: parseBrokers(process.env.KAFKA_BROKERS ?? 'localhost:9092'), clientId: `test-${this.tag}` });
  readonly producer: Producer = createIdempotentProducer(this.kafka);
  readonly writer = new OutboxWriter(this.schema);
  ds!: DataSource;
  private readonly closers: Array<() => Promise<unknown>> = [];

  async setup(partitions = 3): Promise<this> {
    this.ds = await new DataSource(
      dataSourceOptions(process.env.DATABASE_URL!, 10, { schema: this.schema, entities: [], migrations: sharedTablesMigrations(this.schema) }),
    ).initialize();
    await runMigrations(this.ds, this.schema);
    await this.ds.query(`CREATE TABLE "${this.schema}".effect (id bigserial PRIMARY KEY, event_id uuid NOT NULL, subject text NOT NULL, n int NOT NULL)`);
    await ensureTopics(this.kafka, { topics: [this.contract.topic.name], defaultPartitions: partitions, partitionsByTopic: {}, replicationFactor: 1, withDlq: true });
    await this.producer.connect();
    return this;
  }

  /** Writes events through the outbox in one transaction. */
  async write(items: Array<{ thingId: string; n: number }>): Promise<void> {
    await this.ds.transaction((tx) => this.writer.publishMany(tx, this.contract, items));
  }

  relay(options: Partial<ConstructorParameters<typeof OutboxRelay>[2]> = {}): OutboxRelay {
    const relay = new OutboxRelay(this.ds, this.producer, { schema: this.schema, batchSize: 200, pollMs: 20, ...options });
    this.closers.push(() => relay.stop());
    return relay;
  }

  /** A consumer whose handler records each applied event in `effect` (optionally failing on demand). */
  consumer(options: { fail?: (n: number) => boolean; group?: string; maxAttempts?: number; batches?: number[] } = {}): InboxConsumer {
    const c = new InboxConsumer(this.kafka, this.ds, this.producer, {
      service: this.schema,
      groupPrefix: options.group ?? `g-${this.tag}`,
      maxAttempts: options.maxAttempts ?? 3,
      retryBaseMs: 10,
    });
    const apply = async (e: EventEnvelope<{ n: number }>, tx: EntityManager) => {
      if (options.fail?.(e.data.n)) throw new Error(`handler refuses n=${e.data.n}`);
      await tx.query(`INSERT INTO "${this.schema}".effect (event_id, subject, n) VALUES ($1, $2, $3)`, [e.id, e.subject, e.data.n]);
    };
    // With `batches`, the handler takes many events at once (as @HandleEvents) and records each call's size there.
    const batches = options.batches;
    const handleMany = async (events: Array<EventEnvelope<{ n: number }>>, tx: EntityManager) => {
      batches!.push(events.length);
      for (const e of events) await apply(e, tx);
    };
    c.register(batches ? batchHandler(this.contract, handleMany) : { contract: this.contract, handle: apply });
    this.closers.push(() => c.stop());
    return c;
  }

  effects(): Promise<Array<{ event_id: string; subject: string; n: number }>> {
    return this.ds.query(`SELECT event_id, subject, n FROM "${this.schema}".effect ORDER BY id`);
  }

  async unpublished(): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM "${this.schema}".outbox WHERE published_at IS NULL`);
    return n;
  }

  /** Reads every message of a topic from the beginning (a fresh group each time). */
  async readTopic(topic: string, expected: number, timeoutMs = 20000) {
    const consumer = this.kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const seen: Array<{ key: string; value: string; headers: Record<string, string>; partition: number }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        seen.push({ key: String(message.key), value: String(message.value), headers, partition });
      },
    });
    await waitFor(() => seen.length >= expected, timeoutMs, `${topic}: ${expected} messages`).catch(() => undefined);
    await consumer.disconnect();
    return seen;
  }

  async close(): Promise<void> {
    for (const close of this.closers.reverse()) await close().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
    await this.ds?.query(`DROP SCHEMA "${this.schema}" CASCADE`).catch(() => undefined);
    await this.ds?.destroy().catch(() => undefined);
  }
}

/** Polls until `check` holds; throws with `what` after the timeout. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
