import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PageQueryDto, DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { deliveryIdOf } from '../delivery/delivery-id';
import { DeliveryQueue } from '../delivery/delivery.queue';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { targetsPrivateNetwork } from '../delivery/channels/private-address';
import { newWebhookSecret } from '../delivery/channels/standard-webhooks';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { WEBHOOK_TEST_EVENT } from '../routing/routing-table';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import { WebhooksRepository } from './webhooks.repository';

@Injectable()
export class WebhooksService {
  constructor(
    private readonly endpoints: WebhooksRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
    @Inject(NOTIFICATIONS_CONFIG) private readonly settings: NotificationsConfig,
  ) {}

  /** The secret is returned here only; the organisation stores it to verify signatures. */
  async create(organisationId: string, dto: CreateWebhookDto) {
    await this.refusePrivate(dto.url);
    const secret = newWebhookSecret();
    const endpoint = await this.endpoints.create({ id: randomUUID(), organisationId, url: dto.url, description: dto.description ?? null, eventTypes: dto.eventTypes, secret });
    return { ...endpoint, secret };
  }

  list(organisationId: string, q: PageQueryDto) {
    return this.endpoints.list(organisationId, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }

  async get(organisationId: string, id: string) {
    return (await this.endpoints.find(organisationId, id)) ?? this.notFound();
  }

  async update(organisationId: string, id: string, dto: UpdateWebhookDto) {
    if (dto.url) await this.refusePrivate(dto.url);
    return (await this.endpoints.update(organisationId, id, dto)) ?? this.notFound();
  }

  async delete(organisationId: string, id: string): Promise<void> {
    if (!(await this.endpoints.delete(organisationId, id))) this.notFound();
  }

  async deliveryLog(organisationId: string, id: string, q: PageQueryDto) {
    await this.get(organisationId, id);
    return this.deliveries.listForEndpoint(organisationId, id, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }

  /** Queues a signed `notifications.webhook.test` call through the same worker as real messages. */
  async sendTest(organisationId: string, id: string) {
    await this.get(organisationId, id);
    const eventId = randomUUID();
    const deliveryId = deliveryIdOf(eventId, 'webhook', id);
    const timestamp = new Date().toISOString();
    const inserted = await this.deliveries.manager.transaction((tx) =>
      this.deliveries.insertNew(tx, [
        {
          id: deliveryId, eventId, eventType: WEBHOOK_TEST_EVENT, channel: 'webhook', recipientId: id, organisationId, critical: false,
          payload: { type: WEBHOOK_TEST_EVENT, timestamp, data: { endpointId: id, organisationId } }, status: 'queued', notBefore: null,
        },
      ]),
    );
    await this.queue.enqueue(inserted);
    return { deliveryId, eventType: WEBHOOK_TEST_EVENT, status: 'queued' };
  }

  private async refusePrivate(url: string): Promise<void> {
    if (!this.settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE && (await targetsPrivateNetwork(url))) {
      throw new BadRequestException('url must be reachable on the public internet (it points to a private network address)');
    }
  }

  private notFound(): never {
    throw new NotFoundException('no such webhook endpoint for this organisation');
  }
}
