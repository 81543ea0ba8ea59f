import { logLevel, LogEntry } from 'kafkajs';

type Level = 'error' | 'warn' | 'debug';

/**
 * The messages of the Kafka protocol errors that kafkajs marks retriable and retries by itself: stale
 * metadata, a partition whose leader is not ready yet (every freshly created topic, for a moment), a
 * group coordinator moving. kafkajs logs each failed attempt as an error; if its retries run out, the caller
 * gets the error and reports it, so one attempt is not an error of ours. kafkajs 2.2.4 is pinned and
 * unmaintained: its error table does not move.
 */
const RETRIED = new Set(
  (require('kafkajs/src/protocol/error') as { errorCodes: Array<{ message: string; retriable: boolean }> }).errorCodes
    .filter((e) => e.retriable)
    .map((e) => e.message),
);

/**
 * kafkajs warns at every idempotent producer that limiting its retries "may invalidate EoS guarantees".
 * Our producers' retries are limited on purpose (createIdempotentProducer replaces a producer that
 * falls out of step), and a message written twice is dropped by the consumer's inbox, so the notice
 * says nothing an operator can act on.
 */
const EOS_NOTICE = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/**
 * How the producer words a failed send attempt it then retries (kafkajs src/producer/sendMessages.js):
 * the error's message after this prefix, in the entry's message rather than in its `error`.
 */
const SEND_ATTEMPT = 'Failed to send messages: ';

/** The level a kafkajs log entry is written at in our logs. */
export function kafkajsLevel(level: logLevel, entry: Pick<LogEntry['log'], 'message'> & { error?: unknown }): Level {
  if (entry.message === EOS_NOTICE) return 'debug';
  if (typeof entry.error === 'string' && RETRIED.has(entry.error)) return 'debug';
  if (entry.message.startsWith(SEND_ATTEMPT) && RETRIED.has(entry.message.slice(SEND_ATTEMPT.length))) return 'debug';
  return level <= logLevel.ERROR ? 'error' : 'warn';
}
