import { Kafka, logLevel, Producer } from 'kafkajs';
import { logger } from '@hamkor/observability';

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
    logCreator: () => ({ level, log: entry }) => {
      const { message, ...extra } = entry;
      const fn = level <= logLevel.ERROR ? log.error.bind(log) : log.warn.bind(log);
      fn({ namespace: entry.namespace, broker: (extra as { broker?: string }).broker }, String(message));
    },
  });
}

/** Idempotent producer, acks=all: a retried send never writes a message twice or out of order. */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
}
