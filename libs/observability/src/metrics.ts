import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client';

/** One registry per process; every component registers its metrics here. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'hamkor_process_' });

export const httpRequestDuration = new Histogram({
  name: 'hamkor_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const outboxPublished = new Counter({
  name: 'hamkor_outbox_published_total',
  help: 'Events relayed from the outbox to Kafka',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
});

export const outboxPending = new Gauge({
  name: 'hamkor_outbox_pending',
  help: 'Rows seen unpublished at the last relay poll (capped at the batch size)',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
});

export const eventsConsumed = new Counter({
  name: 'hamkor_events_consumed_total',
  help: 'Events handled by consumers, by outcome (applied, duplicate, dead_lettered)',
  labelNames: ['service', 'topic', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const consumerRetries = new Counter({
  name: 'hamkor_consumer_retries_total',
  help: 'Handler attempts that failed and were retried',
  labelNames: ['service', 'topic'] as const,
  registers: [metricsRegistry],
});
