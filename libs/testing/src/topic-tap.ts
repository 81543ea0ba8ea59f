import { randomUUID } from 'node:crypto';
import { Consumer, Kafka } from 'kafkajs';
import { TOPICS } from '@hamkor/contracts';
import { createKafka, parseBrokers } from '@hamkor/messaging';
import { waitFor } from './messaging-harness';

export interface TappedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  /** The message value as it is on the wire. */
  value: string;
  headers: Record<string, string>;
  /** The parsed CloudEvents-style envelope, when the value is one. */
  envelope?: { id: string; type: string; subject: string; time: string; data: any; [k: string]: unknown };
}

type Offsets = Map<string, Map<number, bigint>>;

/**
 * Reads what is written to Kafka topics from the moment it is opened: the end offset of every partition
 * is noted first, and the reader seeks there, so it sees exactly the messages produced since (by this
 * test and, on a shared broker, by anyone else), never the topics' history. `drain()` waits until every
 * partition has been read up to its end as of that call, so a check over `messages` then covers
 * everything produced before it.
 */
export class TopicTap {
  readonly messages: TappedMessage[] = [];
  private readonly seen = new Set<string>();
  private readonly position = new Map<string, bigint>();
  private consumer?: Consumer;
  private start: Offsets = new Map();

  private constructor(
    private readonly kafka: Kafka,
    readonly topics: string[],
  ) {}

  /** Every topic of the platform's event catalogue (not the DLQs), or the given ones. */
  static async open(topics: string[] = TOPICS.map((t) => t.name), brokers = process.env.KAFKA_BROKERS ?? 'localhost:9092'): Promise<TopicTap> {
    const kafka = createKafka({ brokers: parseBrokers(brokers), clientId: `topic-tap-${randomUUID().slice(0, 8)}` });
    const tap = new TopicTap(kafka, [...topics].sort());
    await tap.begin();
    return tap;
  }

  private async begin(): Promise<void> {
    this.start = await this.endOffsets();
    this.consumer = this.kafka.consumer({ groupId: `topic-tap-${randomUUID()}`, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: false });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const from = this.start.get(topic)?.get(partition) ?? 0n;
        if (BigInt(message.offset) < from) return;
        const id = `${topic}/${partition}/${message.offset}`;
        this.position.set(`${topic}/${partition}`, BigInt(message.offset) + 1n);
        if (this.seen.has(id)) return;
        this.seen.add(id);
        const value = message.value?.toString('utf8') ?? '';
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        let envelope: TappedMessage['envelope'];
        try {
          const parsed = JSON.parse(value);
          if (parsed && typeof parsed === 'object' && typeof parsed.type === 'string') envelope = parsed;
        } catch {
          /* not an envelope: kept raw */
        }
        this.messages.push({ topic, partition, offset: message.offset, key: message.key?.toString('utf8') ?? '', value, headers, envelope });
      },
    });
    // Explicit seeks: a fresh group would otherwise start at "latest" as of its first fetch, which is later than `start`.
    for (const [topic, partitions] of this.start) for (const [partition, offset] of partitions) this.consumer.seek({ topic, partition, offset: offset.toString() });
  }

  private async endOffsets(): Promise<Offsets> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const out: Offsets = new Map();
      for (const topic of this.topics) {
        const offsets = await admin.fetchTopicOffsets(topic);
        out.set(topic, new Map(offsets.map((o) => [o.partition, BigInt(o.high)])));
      }
      return out;
    } finally {
      await admin.disconnect();
    }
  }

  /** Waits until every partition has been read up to its end offset as of now. */
  async drain(timeoutMs = 30_000): Promise<void> {
    const ends = await this.endOffsets();
    await waitFor(
      () => {
        for (const [topic, partitions] of ends) {
          for (const [partition, end] of partitions) {
            const from = this.start.get(topic)?.get(partition) ?? 0n;
            if (end > from && (this.position.get(`${topic}/${partition}`) ?? from) < end) return false;
          }
        }
        return true;
      },
      timeoutMs,
      `the topic tap to read ${this.topics.length} topics to their end`,
    );
  }

  /** Envelopes of one event type, optionally only those whose data matches. */
  events(type: string, match: (data: any, subject: string) => boolean = () => true): Array<NonNullable<TappedMessage['envelope']>> {
    return this.messages.filter((m) => m.envelope?.type === type && match(m.envelope.data, m.envelope.subject)).map((m) => m.envelope!);
  }

  /** Waits for an event of this type whose data matches, and returns its envelope. */
  async waitFor(type: string, match: (data: any, subject: string) => boolean = () => true, timeoutMs = 20_000): Promise<NonNullable<TappedMessage['envelope']>> {
    await waitFor(() => this.events(type, match).length > 0, timeoutMs, `a ${type} event on Kafka`);
    return this.events(type, match)[0];
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }
}

/**
 * Makes new consumer groups start at the current end of the topics instead of their beginning (their
 * subscriptions ask for `fromBeginning`, which on a broker shared by many runs means replaying every
 * earlier run's events first). For a test whose services only need the events it causes itself; call it
 * before the services start (a group with live members cannot be moved). Each group is joined once by a
 * stand-in member that commits the end offsets and leaves (kafkajs' admin.setOffsets takes seconds per topic).
 */
export async function startConsumerGroupsAtEnd(groupIds: string[], topics: string[] = TOPICS.map((t) => t.name), brokers = process.env.KAFKA_BROKERS ?? 'localhost:9092'): Promise<void> {
  const kafka = createKafka({ brokers: parseBrokers(brokers), clientId: `group-mover-${randomUUID().slice(0, 8)}` });
  const admin = kafka.admin();
  await admin.connect();
  const ends: Array<{ topic: string; partition: number; offset: string }> = [];
  try {
    // Topics that do not exist yet have no history to skip; the platform creates them.
    const existing = new Set(await admin.listTopics());
    topics = topics.filter((t) => existing.has(t));
    for (const topic of topics) for (const o of await fetchOffsetsOnceLed(admin, topic)) ends.push({ topic, partition: o.partition, offset: o.high });
  } finally {
    await admin.disconnect();
  }
  if (topics.length === 0) return;
  await Promise.all(
    groupIds.map(async (groupId) => {
      const member = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
      const joined = new Promise<void>((resolve) => member.on(member.events.GROUP_JOIN, () => resolve()));
      await member.connect();
      try {
        await member.subscribe({ topics, fromBeginning: false });
        await member.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
        await joined;
        await member.commitOffsets(ends);
      } finally {
        await member.disconnect();
      }
    }),
  );
}

/**
 * A topic created a moment ago may not be served yet ("This server does not host this topic-partition",
 * "not the leader"): ask again for up to 10 s.
 */
async function fetchOffsetsOnceLed(admin: ReturnType<Kafka['admin']>, topic: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (err) {
      // kafkajs wraps these ("does not host this topic-partition", "not the leader") in a
      // NonRetriableError once its own retries are spent; they clear within seconds of creation.
      if (attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
