import { Queue } from 'bullmq';
import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '@hamkor/observability';

/** Queues of this process, read when /metrics is scraped. */
export const observedQueues = new Set<Queue>();

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

export const notificationQueueJobs = new Gauge({
  name: 'hamkor_notifications_queue_jobs',
  help: 'Jobs in the notifications queue by state (waiting = queue depth)',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  async collect() {
    const totals: Record<string, number> = Object.fromEntries(JOB_STATES.map((s) => [s, 0]));
    for (const q of observedQueues) {
      const counts = await q.getJobCounts(...JOB_STATES).catch(() => ({}) as Record<string, number>);
      for (const s of JOB_STATES) totals[s] += counts[s] ?? 0;
    }
    for (const s of JOB_STATES) this.set({ state: s }, totals[s]);
  },
});

export const deliveriesTotal = new Counter({
  name: 'hamkor_notifications_deliveries_total',
  help: 'Delivery attempts by channel and outcome (delivered, failed = will retry, dead = dead-lettered, skipped, deferred)',
  labelNames: ['channel', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const deliveryDuration = new Histogram({
  name: 'hamkor_notifications_delivery_duration_seconds',
  help: 'Time of one delivery attempt (SMTP hand-over or webhook call)',
  labelNames: ['channel'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const openCircuits = new Gauge({
  name: 'hamkor_notifications_open_circuits',
  help: 'Webhook endpoints whose circuit is open (calls paused after repeated failures)',
  registers: [metricsRegistry],
});
