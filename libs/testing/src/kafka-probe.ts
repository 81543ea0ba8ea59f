import { startConsumerGroupsAtEnd } from './topic-tap';
import { randomUUID } from 'node:crypto';
import { IHeaders, Kafka } from 'kafkajs';
import { buildEnvelope, EventContract } from '@hamkor/contracts';
import { InboxConsumer } from '@hamkor/messaging';
import { waitFor } from './messaging-harness';
import { TestPlatform } from './test-platform';

/**
 * Raw access to the platform's real topics for tests that put hostile messages on them and read what
 * came out on the other side (the DLQ), starting from where the topic ended before the test, so a
 * topic's long history is never re-read.
 */

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export type TopicOffsets = Map<string, Array<{ partition: number; offset: string }>>;

export async function endOffsets(kafka: Kafka, topics: string[]): Promise<TopicOffsets> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const out: TopicOffsets = new Map();
    for (const topic of topics) out.set(topic, (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.offset })));
    return out;
  } finally {
    await admin.disconnect();
  }
}

/** Reads the topics from the given offsets until `done` holds for what was read, or the timeout passes. */
export async function readFrom(kafka: Kafka, from: TopicOffsets, done: (seen: ReadMessage[]) => boolean, timeoutMs = 30_000): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: `probe-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const seen: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...from.keys()], fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        seen.push({ topic, partition, offset: message.offset, key: String(message.key ?? ''), value: String(message.value ?? ''), headers });
      },
    });
    for (const [topic, partitions] of from) for (const p of partitions) consumer.seek({ topic, partition: p.partition, offset: p.offset });
    await waitFor(() => done(seen), timeoutMs, `messages on ${[...from.keys()].length} topics`).catch(() => undefined);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

/** The event types each running consumer group handles, by service and topic. */
export function consumedTypes(consumers: Map<string, InboxConsumer>): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const [service, consumer] of consumers) {
    // The registered handlers are the consumer's own business; tests read them to know what it applies.
    const handlers = (consumer as unknown as { handlers: Map<string, Array<{ contract: EventContract }>> }).handlers;
    const byTopic = new Map<string, string[]>();
    for (const [type, list] of handlers) {
      const topic = list[0].contract.topic.name;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), type]);
    }
    out.set(service, byTopic);
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The contract's example with every uuid replaced by a fresh one (the same fresh one for equal uuids). */
export function freshExample<T>(contract: EventContract): T {
  const map = new Map<string, string>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string' && UUID.test(v)) {
      if (!map.has(v)) map.set(v, randomUUID());
      return map.get(v);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(contract.example) as T;
}

/** A message exactly as a service's outbox relay would put it on its topic. */
export function envelopeMessage(contract: EventContract, data: unknown, opts: { key?: string; schemaversion?: number; headers?: IHeaders } = {}) {
  const envelope = buildEnvelope({ type: contract.type, source: `/${contract.topic.service}`, subject: opts.key ?? contract.subjectOf(data as never), schemaversion: opts.schemaversion ?? contract.schemaversion, data });
  return { envelope, message: { key: envelope.subject, value: JSON.stringify(envelope), headers: opts.headers } };
}

/**
 * Before `platform.start()`: commits the current end of every catalogue topic for the platform's
 * consumer groups, so its consumers begin where the topics end today instead of re-reading the
 * broker's whole history (hundreds of thousands of events from earlier runs and benchmarks), like a
 * deployment that is already caught up. Everything the test then produces is consumed as usual.
 * One short-lived member per group joins, commits the end offsets and leaves.
 */
export async function startConsumersAtTheEnd(_kafka: Kafka, platform: TestPlatform, services: readonly string[]): Promise<void> {
  await startConsumerGroupsAtEnd(services.map((service) => `${platform.groupPrefix}.${service}`));
}
