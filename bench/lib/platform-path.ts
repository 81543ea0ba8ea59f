import { performance } from 'node:perf_hooks';
import { Kafka } from 'kafkajs';
import { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { dlqTopicName } from '@hamkor/contracts';
import { HamkorConfig } from '@hamkor/config';
import { createIdempotentProducer, ensureTopics, InboxConsumer, OutboxRelay, OutboxWriter } from '@hamkor/messaging';
import { dataSourceOptions, messagingTablesMigration, runMigrations } from '@hamkor/persistence';
import { BenchContract, benchContract, eventData } from './event';
import { BenchPath, deleteKafkaResources, Teardown } from './path';
import { DeliveryTracker } from './tracker';

export interface PlatformPathOptions {
  kafka: Kafka;
  databaseUrl: string;
  /** Pool size, partitions, relay batch/poll and retry settings come from here, as in a running platform. */
  config: HamkorConfig;
  /** Lowercase letters and digits; names the schema, topic and consumer group. */
  tag: string;
  /**
   * What the handler does besides the inbox row InboxConsumer always writes: nothing, or one INSERT
   * of its own per event (a typical small effect, and one more database round trip per event).
   */
  handler: PlatformHandler;
}

export type PlatformHandler = 'inbox-only' | 'insert';

/**
 * The platform path: OutboxWriter.publishMany in a transaction → OutboxRelay → Kafka → InboxConsumer
 * (and the handler chosen in the options). The source time of an
 * event is its transaction's commit; its arrival is the commit of the consumer transaction that
 * applied it.
 */
export class PlatformPath implements BenchPath {
  readonly label: string;
  readonly schema: string;
  readonly contract: BenchContract;
  readonly tracker = new DeliveryTracker();
  private readonly writer: OutboxWriter;
  private readonly teardown = new Teardown();
  private writeDs!: DataSource;
  /** Events each open consumer transaction has applied, reported when (and if) it commits. */
  private readonly applied = new WeakMap<QueryRunner, number[]>();

  private constructor(private readonly o: PlatformPathOptions) {
    this.label = `platform (${o.handler})`;
    this.schema = `bench_${o.tag}`;
    this.contract = benchContract(this.schema);
    this.writer = new OutboxWriter(this.schema);
  }

  static async open(o: PlatformPathOptions): Promise<PlatformPath> {
    const path = new PlatformPath(o);
    try {
      await path.setup();
    } catch (err) {
      await path.close();
      throw err;
    }
    return path;
  }

  async emit(first: number, count: number): Promise<void> {
    const items = Array.from({ length: count }, (_, i) => eventData(first + i));
    await this.writeDs.transaction((tx) => this.writer.publishMany(tx, this.contract, items));
    this.tracker.started(first, count);
  }

  close(): Promise<void> {
    return this.teardown.run();
  }

  private async setup(): Promise<void> {
    const { config, databaseUrl, kafka, tag } = this.o;
    const schema = this.schema;
    const topic = this.contract.topic.name;

    // Writers and the relay share the producing service's pool; the consumer gets a pool of its own,
    // as a consuming service would have.
    this.writeDs = new DataSource(
      dataSourceOptions(databaseUrl, config.DATABASE_POOL_SIZE, { schema, entities: [], migrations: [messagingTablesMigration(schema)] }),
    );
    await this.writeDs.initialize();
    this.teardown.add(() => this.writeDs.destroy());
    this.teardown.add(() => this.writeDs.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    await runMigrations(this.writeDs, schema);
    await this.writeDs.query(`CREATE TABLE "${schema}".effect (id bigserial PRIMARY KEY, event_id uuid NOT NULL, subject text NOT NULL, n int NOT NULL)`);

    const readDs = new DataSource(dataSourceOptions(databaseUrl, config.DATABASE_POOL_SIZE, { schema, entities: [], migrations: [] }));
    await readDs.initialize();
    this.teardown.add(() => readDs.destroy());
    readDs.subscribers.push(this.commitClock());

    const groupPrefix = `bench-${tag}`;
    this.teardown.add(() => deleteKafkaResources(kafka, [topic, dlqTopicName(topic)], [`${groupPrefix}.${schema}`]));
    await ensureTopics(kafka, {
      topics: [topic],
      defaultPartitions: config.KAFKA_PARTITIONS,
      partitionsByTopic: config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      withDlq: true,
    });

    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    this.teardown.add(() => producer.disconnect());

    const relay = new OutboxRelay(this.writeDs, producer, { schema, batchSize: config.OUTBOX_BATCH_SIZE, pollMs: config.OUTBOX_POLL_MS });
    relay.start();
    this.teardown.add(() => relay.stop());

    const consumer = new InboxConsumer(kafka, readDs, producer, {
      service: schema,
      groupPrefix,
      maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
      retryBaseMs: config.CONSUMER_RETRY_BASE_MS,
    });
    consumer.register({
      contract: this.contract,
      handle: async (event, tx) => {
        if (this.o.handler === 'insert') {
          await tx.query(`INSERT INTO "${schema}".effect (event_id, subject, n) VALUES ($1, $2, $3)`, [event.id, event.subject, event.data.n]);
        }
        const runner = tx.queryRunner!;
        const list = this.applied.get(runner) ?? [];
        list.push(event.data.n);
        this.applied.set(runner, list);
      },
    });
    await consumer.start();
    this.teardown.add(() => consumer.stop());
  }

  /**
   * The consumer commits inside InboxConsumer, out of the handler's reach; a TypeORM subscriber on
   * its DataSource sees that commit, so arrival is the moment the effect and inbox rows are durable.
   */
  private commitClock(): EntitySubscriberInterface {
    return {
      afterTransactionCommit: ({ queryRunner }) => {
        const ns = this.applied.get(queryRunner);
        if (!ns) return;
        this.applied.delete(queryRunner);
        this.tracker.arrived(ns, performance.now());
      },
      afterTransactionRollback: ({ queryRunner }) => {
        this.applied.delete(queryRunner);
      },
    };
  }
}
