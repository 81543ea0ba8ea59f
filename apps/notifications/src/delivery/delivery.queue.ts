import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { HAMKOR_CONFIG, HamkorConfig } from '@hamkor/config';
import { createRedis, QueueName } from '@hamkor/jobs';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { jobIdOf } from './delivery-id';
import { Enqueueable } from './delivery.repository';
import { observedQueues } from './delivery.metrics';

/** The job payload: ids only; the worker re-reads the message. */
export interface DeliveryJob {
  deliveryId: string;
}

/**
 * Enqueues one BullMQ job per message, with the message id as job id (so adding it twice is a no-op while
 * the job exists; the unique database row covers the time after it is removed).
 */
@Injectable()
export class DeliveryQueue implements OnApplicationShutdown {
  readonly queue: Queue<DeliveryJob>;
  private readonly redis: Redis;

  constructor(
    @Inject(HAMKOR_CONFIG) config: HamkorConfig,
    @Inject(NOTIFICATIONS_CONFIG) private readonly settings: NotificationsConfig,
  ) {
    this.redis = createRedis(config.REDIS_URL);
    this.queue = new Queue<DeliveryJob>(QueueName.Notifications, { connection: this.redis, prefix: config.REDIS_PREFIX });
    observedQueues.add(this.queue);
  }

  async enqueue(items: Enqueueable[]): Promise<void> {
    const jobs = items.filter((d) => d.channel !== 'inbox');
    if (jobs.length === 0) return;
    await this.queue.addBulk(jobs.map((d) => ({ name: d.channel, data: { deliveryId: d.id }, opts: this.optionsFor(d) })));
  }

  private optionsFor(d: Enqueueable): JobsOptions {
    const delay = d.notBefore ? Math.max(0, new Date(d.notBefore).getTime() - Date.now()) : 0;
    return {
      jobId: jobIdOf(d),
      attempts: d.channel === 'webhook' ? this.settings.NOTIFY_WEBHOOK_ATTEMPTS : this.settings.NOTIFY_EMAIL_ATTEMPTS,
      backoff: { type: 'jittered' },
      delay,
      // PostgreSQL keeps the record; Redis only holds what is still to do (and failures for a week).
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  async onApplicationShutdown(): Promise<void> {
    observedQueues.delete(this.queue);
    await this.queue.close().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }
}
