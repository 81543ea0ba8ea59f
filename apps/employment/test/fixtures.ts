import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import pino from 'pino';
import { rootLogger } from '@hamkor/observability';
import { buildEnvelope, EventContract } from '@hamkor/contracts';
import { createKafka, parseBrokers } from '@hamkor/messaging';
import { Caller, TestPlatform, waitFor } from '@hamkor/testing';

export function kafka(): Kafka {
  return createKafka({ brokers: parseBrokers(process.env.KAFKA_BROKERS ?? 'localhost:9092'), clientId: `employment-test-${randomUUID().slice(0, 8)}` });
}

/** Publishes another service's event exactly as its outbox relay would (the envelope on its topic, keyed by subject). */
export async function publishForeign<C extends EventContract>(k: Kafka, contract: C, data: any): Promise<void> {
  const envelope = buildEnvelope({ type: contract.type, source: `/${contract.topic.service}`, subject: contract.subjectOf(data), schemaversion: contract.schemaversion, data });
  const producer = k.producer();
  await producer.connect();
  await producer.send({ topic: contract.topic.name, messages: [{ key: envelope.subject, value: JSON.stringify(envelope) }] });
  await producer.disconnect();
}

export interface TopicMessage {
  topic: string;
  key: string;
  value: string;
  envelope: { type: string; subject: string; data: any };
}

/** Reads topics from the beginning until `done` holds for what was read (or the timeout). */
export async function readTopics(k: Kafka, topics: string[], done: (seen: TopicMessage[]) => boolean, timeoutMs = 90_000): Promise<TopicMessage[]> {
  const consumer = k.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const seen: TopicMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const value = String(message.value);
      // The topics also carry poison on purpose (test/fuzz checks it reaches the DLQ): skip what is not JSON.
      let envelope: TopicMessage['envelope'];
      try {
        envelope = JSON.parse(value);
      } catch {
        return;
      }
      seen.push({ topic, key: String(message.key), value, envelope });
    },
  });
  await waitFor(() => done(seen), timeoutMs, `messages on ${topics.join(', ')}`).finally(() => consumer.disconnect());
  return seen;
}

/** An HTTP client acting as one caller. */
export async function client(platform: TestPlatform, caller: Caller) {
  const auth = `Bearer ${await platform.token(caller)}`;
  return {
    caller,
    get: (path: string) => platform.http.get(`/employment${path}`).set('Authorization', auth),
    post: (path: string, body?: unknown) => platform.http.post(`/employment${path}`).set('Authorization', auth).send(body as object),
    postCsv: (path: string, csv: string) => platform.http.post(`/employment${path}`).set('Authorization', auth).set('Content-Type', 'text/csv').send(csv),
    put: (path: string, body: unknown) => platform.http.put(`/employment${path}`).set('Authorization', auth).send(body as object),
    patch: (path: string, body: unknown) => platform.http.patch(`/employment${path}`).set('Authorization', auth).send(body as object),
    delete: (path: string) => platform.http.delete(`/employment${path}`).set('Authorization', auth),
  };
}

export function isoDaysFromToday(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function learnerRow(tag: string, i: number, extra: Record<string, unknown> = {}): { schoolRef: string; fullName: string; dateOfBirth: string; [field: string]: any } {
  return {
    schoolRef: `${tag}-${i}`,
    fullName: `Learner ${tag} Number${i}`,
    dateOfBirth: `2001-0${(i % 9) + 1}-1${i % 10}`,
    specialty: 'electrics',
    cohortYear: 2023,
    expectedGraduation: '2026-06-30',
    region: 'UZ-SA',
    ...extra,
  };
}

/**
 * Captures every line the platform's pino logger writes (its one destination stream is shared by all
 * child loggers) instead of printing it, so a test can read the log of the whole run.
 */
export function captureLogs(): { text: () => string; restore: () => void } {
  const stream = (rootLogger() as any)[pino.symbols.streamSym];
  const write = stream.write;
  const chunks: string[] = [];
  stream.write = (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  return { text: () => chunks.join(''), restore: () => (stream.write = write) };
}
