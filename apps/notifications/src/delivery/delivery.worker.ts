import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { HAMKOR_CONFIG, HamkorConfig } from '@hamkor/config';
import { createRedis, QueueName } from '@hamkor/jobs';
import { logger } from '@hamkor/observability';
import { StatementBatcher } from '@hamkor/persistence';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { retryDelay } from './backoff';
import { DeliveryChannel, DeliveryFailed, SkipDelivery } from './channels/channel';
import { EmailChannel } from './channels/email.channel';
import { WebhookChannel } from './channels/webhook.channel';
import { CircuitBreaker } from './circuit-breaker';
import { Channel } from './delivery.entity';
import { deliveriesTotal, deliveryDuration, openCircuits } from './delivery.metrics';
import { jobIdOf } from './delivery-id';
import { DeliveryJob, DeliveryQueue } from './delivery.queue';
import { DeliveryRepository, LoadedDelivery } from './delivery.repository';
import { RateLimiter } from './rate-limiter';

/**
 * A job whose row is not there waits this long and looks again. Jobs are queued once their rows have
 * committed (NotificationDispatcher), so this is only a job queued by an earlier release of the service
 * before its transaction committed, during a rolling update.
 */
const UNCOMMITTED_RETRY_MS = 250;
/** ...for at most this long; then that transaction rolled back and the redelivered event will re-add it. */
const UNCOMMITTED_GIVE_UP_MS = 10 * 60_000;
/** The worker's reads and "delivered" writes: one statement at a time, the jobs arriving meanwhile in the next. */
const ONE_AT_A_TIME = { maxBatch: 200, maxInFlight: 1 };

interface Generation {
  worker: Worker<DeliveryJob>;
  redis: Redis;
  /** Per-endpoint rate limit, shared with the other replicas through Redis. */
  limiter: RateLimiter;
  /** Set by an abrupt stop: in-flight work must not record anything, as if the process had died. */
  abandoned: boolean;
}

/**
 * The BullMQ worker that sends messages. For each job: re-read the message (skip what is already
 * delivered, dead or gone), respect quiet hours, the endpoint's rate limit and circuit, send, then record
 * the outcome on the row. A failure is retried by BullMQ with exponential backoff and jitter; the last
 * failed attempt makes the row a dead letter, which an operator can replay.
 *
 * A worker killed mid-delivery leaves its jobs locked; after NOTIFY_LOCK_MS another worker takes them
 * over and sends again with the same webhook-id, which receivers de-duplicate by.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = logger('notifications.worker');
  private readonly breaker: CircuitBreaker;
  private readonly channels: Record<Exclude<Channel, 'inbox'>, DeliveryChannel>;
  private readonly inFlight = new Map<string, number>();
  /** Concurrent jobs share their reads and their "delivered" writes: one round trip per batch, not per job. */
  private readonly loader = new StatementBatcher((ids: string[]) => this.deliveries.findForSending(ids), ONE_AT_A_TIME);
  private readonly recorder = new StatementBatcher(async (items: Array<{ id: string; statusCode: number | null }>) => {
    await this.deliveries.markDeliveredMany(items);
    return items.map(() => undefined);
  }, ONE_AT_A_TIME);
  private current?: Generation;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @Inject(HAMKOR_CONFIG) private readonly config: HamkorConfig,
    @Inject(NOTIFICATIONS_CONFIG) private readonly settings: NotificationsConfig,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
    webhook: WebhookChannel,
    email: EmailChannel,
  ) {
    this.breaker = new CircuitBreaker(settings.NOTIFY_BREAKER_FAILURES, settings.NOTIFY_BREAKER_COOLDOWN_MS);
    this.channels = { webhook, email };
  }

  onApplicationBootstrap(): void {
    if (this.settings.NOTIFY_WORKER) this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  get running(): boolean {
    return !!this.current;
  }

  start(): void {
    if (this.current) return;
    const redis = createRedis(this.config.REDIS_URL);
    const gen: Generation = { redis, abandoned: false, limiter: new RateLimiter(redis, this.config.REDIS_PREFIX, this.settings.NOTIFY_ENDPOINT_RATE) } as Generation;
    gen.worker = new Worker<DeliveryJob>(QueueName.Notifications, (job, token) => this.process(gen, job, token), {
      connection: redis,
      prefix: this.config.REDIS_PREFIX,
      concurrency: this.settings.NOTIFY_WORKER_CONCURRENCY,
      lockDuration: this.settings.NOTIFY_LOCK_MS,
      stalledInterval: this.settings.NOTIFY_LOCK_MS,
      maxStalledCount: 5,
      settings: { backoffStrategy: (attemptsMade: number) => retryDelay(attemptsMade, this.settings.NOTIFY_RETRY_BASE_MS, this.settings.NOTIFY_RETRY_FACTOR) },
    });
    gen.worker.on('failed', (job, err) => void this.onFailed(job, err));
    gen.worker.on('error', (err) => this.log.warn({ err: err.message }, 'worker error'));
    this.current = gen;
    // Rows whose job vanished (Redis flushed, lost enqueue) are found and queued again.
    this.sweeper = setInterval(() => void this.sweep().catch((err) => this.log.warn({ err: (err as Error).message }, 'sweep failed')), this.settings.NOTIFY_SWEEP_MS);
    void this.sweep().catch(() => undefined);
    this.log.info({ concurrency: this.settings.NOTIFY_WORKER_CONCURRENCY }, 'delivery worker started');
  }

  /**
   * Stops taking jobs. Gracefully: in-flight deliveries finish and are recorded. Abruptly
   * (`abandon`): as if the process died — in-flight work is dropped unrecorded and its jobs are taken
   * over by the next worker once their locks expire.
   */
  async stop(options: { abandon?: boolean } = {}): Promise<void> {
    const gen = this.current;
    this.current = undefined;
    clearInterval(this.sweeper);
    if (!gen) return;
    gen.abandoned = !!options.abandon;
    await gen.worker.close(!!options.abandon).catch(() => undefined);
    if (options.abandon) gen.redis.disconnect();
    else await gen.redis.quit().catch(() => undefined);
  }

  /** Re-enqueues messages still owed; a job that still exists is left alone (same job id). */
  async sweep(): Promise<number> {
    const stale = await this.deliveries.pendingOlderThan(this.settings.NOTIFY_SWEEP_MS, 1000);
    // A job that failed for good while its row is still owed: recording the failure failed too
    // (PostgreSQL was down). Its job id would make the re-enqueue a no-op for a week; remove it first.
    await Promise.all(
      stale.map(async (d) => {
        const job = await this.queue.queue.getJob(jobIdOf(d));
        if (job && (await job.isFailed())) await job.remove();
      }),
    );
    await this.queue.enqueue(stale);
    return stale.length;
  }

  private async process(gen: Generation, job: Job<DeliveryJob>, token?: string): Promise<void> {
    const d = await this.loader.submit(job.data.deliveryId);
    if (!d) {
      if (Date.now() - job.timestamp < UNCOMMITTED_GIVE_UP_MS) return this.defer(job, token, Date.now() + UNCOMMITTED_RETRY_MS);
      this.log.warn({ deliveryId: job.data.deliveryId }, 'job for a message that was never recorded; dropped');
      return;
    }
    if (d.status === 'delivered' || d.status === 'dead' || d.status === 'skipped' || d.channel === 'inbox') return;
    if (d.notBefore && new Date(d.notBefore).getTime() > Date.now()) return this.defer(job, token, new Date(d.notBefore).getTime());
    if (d.channel !== 'webhook') return this.deliver(gen, job, d);
    const endpoint = d.recipientId;
    const busy = this.inFlight.get(endpoint) ?? 0;
    if (busy >= this.settings.NOTIFY_ENDPOINT_CONCURRENCY) return this.defer(job, token, Date.now() + 100 + Math.round(Math.random() * 200));
    // The slot is held from here, across the wait for a rate-limit token, so concurrent jobs cannot overfill it.
    this.inFlight.set(endpoint, busy + 1);
    try {
      const throttled = await gen.limiter.take(endpoint);
      if (throttled) return await this.defer(job, token, throttled);
      const open = this.breaker.acquire(endpoint);
      if (open) return await this.defer(job, token, open + Math.round(Math.random() * 200));
      await this.deliver(gen, job, d);
    } finally {
      const left = (this.inFlight.get(endpoint) ?? 1) - 1;
      if (left > 0) this.inFlight.set(endpoint, left);
      else this.inFlight.delete(endpoint);
    }
  }

  private async deliver(gen: Generation, job: Job<DeliveryJob>, d: LoadedDelivery): Promise<void> {
    const channel = d.channel as Exclude<Channel, 'inbox'>;
    const end = deliveryDuration.startTimer({ channel });
    try {
      const { statusCode } = await this.channels[channel].send(d);
      end();
      if (gen.abandoned) throw new Error('worker stopped abruptly');
      if (channel === 'webhook') this.breaker.success(d.recipientId);
      await this.recorder.submit({ id: d.id, statusCode: statusCode ?? null });
      deliveriesTotal.inc({ channel, outcome: 'delivered' });
    } catch (err) {
      if (gen.abandoned) throw err;
      if (err instanceof SkipDelivery) {
        await this.deliveries.markSkipped(d.id, err.message);
        deliveriesTotal.inc({ channel, outcome: 'skipped' });
        return;
      }
      if (channel === 'webhook') this.breaker.failure(d.recipientId);
      openCircuits.set(this.breaker.openCount());
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const statusCode = err instanceof DeliveryFailed ? (err.statusCode ?? null) : null;
      await this.deliveries.markFailed(d.id, final ? 'dead' : 'retrying', (err as Error).message, statusCode);
      deliveriesTotal.inc({ channel, outcome: final ? 'dead' : 'failed' });
      this.log.warn({ deliveryId: d.id, channel, attempt: job.attemptsMade + 1, statusCode, final }, final ? 'delivery dead-lettered' : 'delivery failed; will retry');
      throw err;
    }
  }

  /** Postpones a job without using up an attempt (quiet hours, rate limit, open circuit, uncommitted row). */
  private async defer(job: Job<DeliveryJob>, token: string | undefined, until: number): Promise<never> {
    deliveriesTotal.inc({ channel: job.name, outcome: 'deferred' });
    await job.moveToDelayed(until, token);
    throw new DelayedError();
  }

  /** A job BullMQ failed without our processor deciding (stalled too often): record it as a dead letter. */
  private async onFailed(job: Job<DeliveryJob> | undefined, err: Error): Promise<void> {
    if (!job || err instanceof DelayedError) return;
    if (job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/i.test(err.message)) await this.deliveries.markDeadIfPending(job.data.deliveryId, err.message).catch(() => undefined);
  }
}
