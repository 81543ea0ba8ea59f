import { Injectable, NotFoundException } from '@nestjs/common';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { DeliveryQueue } from '../delivery/delivery.queue';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { DeadLettersQuery } from './dto/dead-letters.query';

@Injectable()
export class OperatorService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
  ) {}

  deadLetters(q: DeadLettersQuery) {
    return this.deliveries.listDead(q.limit ?? DEFAULT_PAGE_SIZE, q.cursor, q.channel);
  }

  /** Back into the queue with fresh attempts; the receiver sees the same webhook-id as before. */
  async replay(id: string) {
    const revived = await this.deliveries.revive(id);
    if (!revived) {
      const existing = await this.deliveries.findById(id);
      throw new NotFoundException(existing ? `this message is ${existing.status}, not a dead letter` : 'no such message');
    }
    await this.queue.enqueue([revived]);
    return { id, status: 'queued', replays: revived.replays };
  }

  async queueOverview() {
    const counts = await this.queue.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
    return { queue: this.queue.queue.name, counts };
  }
}
