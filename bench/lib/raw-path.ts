import { performance } from 'node:perf_hooks';
import { Kafka, Producer } from 'kafkajs';
import { createIdempotentProducer, ensureTopics } from '@hamkor/messaging';
import { BenchContract, benchContract, eventEnvelope } from './event';
import { BenchPath, deleteKafkaResources, Teardown } from './path';
import { DeliveryTracker } from './tracker';

export interface RawPathOptions {
  kafka: Kafka;
  partitions: number;
  replicationFactor: number;
  tag: string;
}

const N_HEADER = 'bench-n';

/**
 * The baseline: the same envelopes, keys and headers as the relay sends, produced straight to Kafka and
 * read by a plain consumer group (eachBatch, default auto-commit), with no database on either side.
 * The source time of an event is the produce call; its arrival is the fetch that returned it.
 */
export class RawKafkaPath implements BenchPath {
  readonly label = 'raw kafkajs';
  readonly contract: BenchContract;
  readonly tracker = new DeliveryTracker();
  private readonly teardown = new Teardown();
  private readonly producer: Producer;

  private constructor(private readonly o: RawPathOptions) {
    this.contract = benchContract(`bench_raw_${o.tag}`);
    // The relay's producer settings (idempotent, acks=all, one request in flight), so the ratio measures
    // the outbox and inbox, not a weaker delivery guarantee on the baseline.
    this.producer = createIdempotentProducer(o.kafka);
  }

  static async open(o: RawPathOptions): Promise<RawKafkaPath> {
    const path = new RawKafkaPath(o);
    try {
      await path.setup();
    } catch (err) {
      await path.close();
      throw err;
    }
    return path;
  }

  async emit(first: number, count: number): Promise<void> {
    const messages = Array.from({ length: count }, (_, i) => {
      const e = eventEnvelope(this.contract, first + i);
      return {
        key: e.subject,
        value: JSON.stringify(e),
        headers: { 'ce-id': e.id, 'ce-type': e.type, 'content-type': 'application/cloudevents+json', [N_HEADER]: String(first + i) },
      };
    });
    this.tracker.started(first, count);
    await this.producer.send({ topic: this.contract.topic.name, acks: -1, messages });
  }

  close(): Promise<void> {
    return this.teardown.run();
  }

  private async setup(): Promise<void> {
    const { kafka, tag } = this.o;
    const topic = this.contract.topic.name;
    const groupId = `bench-raw-${tag}`;
    this.teardown.add(() => deleteKafkaResources(kafka, [topic], [groupId]));
    await ensureTopics(kafka, {
      topics: [topic],
      defaultPartitions: this.o.partitions,
      partitionsByTopic: {},
      replicationFactor: this.o.replicationFactor,
      withDlq: false,
    });

    await this.producer.connect();
    this.teardown.add(() => this.producer.disconnect());

    // Same fetch wait as InboxConsumer, so an idle fetch costs both paths the same.
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    await consumer.connect();
    this.teardown.add(() => consumer.disconnect());
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const at = performance.now();
        this.tracker.arrived(
          batch.messages.map((m) => Number(m.headers?.[N_HEADER]?.toString())),
          at,
        );
      },
    });
  }
}
