import { logLevel } from 'kafkajs';
import { kafkajsLevel } from './kafka-log';

describe('kafkajsLevel', () => {
  it('writes an attempt that failed with an error kafkajs retries at debug', () => {
    // What every freshly created topic answers for a moment (a fresh `npm start` logged 14 of these as errors).
    expect(kafkajsLevel(logLevel.ERROR, { message: 'Response ListOffsets(key: 2, version: 3)', error: 'This server is not the leader for that topic-partition' })).toBe('debug');
    expect(kafkajsLevel(logLevel.ERROR, { message: 'Response FindCoordinator(key: 10, version: 2)', error: 'The group coordinator is not available' })).toBe('debug');
    // The producer's own wording of a send it retries (a fresh `npm start` logged one as an error).
    expect(kafkajsLevel(logLevel.ERROR, { message: 'Failed to send messages: This server is not the leader for that topic-partition' })).toBe('debug');
  });

  it('keeps a response error kafkajs does not retry an error', () => {
    expect(kafkajsLevel(logLevel.ERROR, { message: 'Response Produce(key: 0, version: 7)', error: 'The broker received an out of order sequence number' })).toBe('error');
    expect(kafkajsLevel(logLevel.ERROR, { message: 'Response Metadata(key: 3, version: 6)', error: 'Not authorized to access topics: [Topic authorization failed]' })).toBe('error');
    expect(kafkajsLevel(logLevel.ERROR, { message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092' })).toBe('error');
    expect(kafkajsLevel(logLevel.ERROR, { message: 'Failed to send messages: The broker received an out of order sequence number' })).toBe('error');
  });

  it('keeps warnings warnings, except the idempotent producer notice', () => {
    expect(kafkajsLevel(logLevel.WARN, { message: 'Crash: KafkaJSNumberOfRetriesExceeded' })).toBe('warn');
    expect(kafkajsLevel(logLevel.WARN, { message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees' })).toBe('debug');
  });
});
