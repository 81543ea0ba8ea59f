import { Kafka, logLevel, Producer, ProducerBatch, ProducerRecord } from 'kafkajs';
import { logger } from '@hamkor/observability';
import { producerResets } from '../messaging.metrics';
import { kafkajsLevel } from './kafka-log';

// kafkajs prints a partitioner notice on every producer; the default partitioner (murmur2, Java-compatible) is what we want.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
}

export function parseBrokers(csv: string): string[] {
  return csv.split(',').map((b) => b.trim()).filter(Boolean);
}

/**
 * The one place a kafkajs client is made. kafkajs is unmaintained since 2023, so nothing outside
 * libs/messaging imports it directly.
 */
export function createKafka(settings: KafkaSettings): Kafka {
  const log = logger('kafkajs');
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, namespace, log: entry }) => {
      // kafkajs puts the reason of a failed response in `error` ("Response OffsetCommit" alone says nothing).
      const { broker, error } = entry as { broker?: string; error?: string };
      log[kafkajsLevel(level, entry)]({ namespace, broker, error }, String(entry.message));
    },
  });
}

/** The broker and the producer disagree on the producer's sequence numbers, and kafkajs never resyncs them. */
const OUT_OF_STEP = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'INVALID_PRODUCER_ID_MAPPING']);

function outOfStep(err: unknown): boolean {
  for (let e = err as { type?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.type && OUT_OF_STEP.has(e.type)) return true;
  return false;
}

/**
 * Idempotent producer, acks=all: a retried send never writes a message twice or out of order.
 *
 * kafkajs takes a producer id once, at the first connect, and keeps it. When a send fails in a way that
 * leaves the broker and kafkajs counting differently (a broker restart with a produce in flight), the
 * broker refuses every later send with "out of order sequence number", for ever. So a send refused that
 * way replaces the kafkajs producer by a new one (a new producer id, sequences from 0) and the error goes
 * to the caller, who sends again: the outbox relay republishes the rows it could not mark, and the
 * consumers' inboxes drop whatever the old producer id did get written.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  const log = logger('kafka-producer');
  const make = () => kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  let current = make();
  let wanted = false;
  let connected = false;
  const connect = async () => {
    wanted = true;
    await current.connect();
    connected = true;
  };
  const guarded =
    <A extends unknown[], R>(call: (p: Producer, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (wanted && !connected) await connect();
      const p = current;
      try {
        return await call(p, ...args);
      } catch (err) {
        if (p === current && outOfStep(err)) {
          producerResets.inc();
          log.warn({ err: err instanceof Error ? err.message : String(err) }, 'idempotent producer out of step with the broker; replacing it');
          current = make();
          connected = false;
          await p.disconnect().catch(() => undefined);
        }
        throw err;
      }
    };
  const own: Partial<Producer> = {
    connect,
    disconnect: async () => {
      wanted = false;
      connected = false;
      await current.disconnect();
    },
    send: guarded((p, record: ProducerRecord) => p.send(record)),
    sendBatch: guarded((p, batch: ProducerBatch) => p.sendBatch(batch)),
  };
  // Everything else (events, logger, transactions, isIdempotent) is the current kafkajs producer's.
  return new Proxy(own as Producer, { get: (target, prop) => (prop in target ? target[prop as keyof Producer] : Reflect.get(current, prop)) });
}
