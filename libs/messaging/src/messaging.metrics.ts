import { Counter } from 'prom-client';
import { metricsRegistry } from '@hamkor/observability';

/**
 * Every time a service's consumer was replaced or restarted. `reason`: `retriable_crash` (kafkajs
 * restarts it itself), `fatal_crash` (kafkajs gave up on it, the inbox consumer restarted it) or
 * `stalled` (it stopped fetching without crashing). Anything above zero outside a broker outage is
 * worth a look.
 */
export const consumerRestarts = new Counter({
  name: 'hamkor_consumer_restarts_total',
  help: 'Consumer restarts after a crash or a stall, by reason (retriable_crash, fatal_crash, stalled)',
  labelNames: ['service', 'reason'] as const,
  registers: [metricsRegistry],
});

/**
 * Every time an idempotent producer was replaced because it and the broker no longer agreed on its
 * sequence numbers (it would otherwise be refused on every send from then on).
 */
export const producerResets = new Counter({
  name: 'hamkor_producer_resets_total',
  help: 'Idempotent producers replaced by a new producer id after the broker refused their sequence numbers',
  registers: [metricsRegistry],
});
