import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../../notifications.config';
import { WebhooksRepository } from '../../webhooks/webhooks.repository';
import { LoadedDelivery } from '../delivery.repository';
import { DeliveryChannel, DeliveryFailed, SkipDelivery } from './channel';
import { postJson } from './http-post';
import { targetsPrivateNetwork } from './private-address';
import { webhookHeaders } from './standard-webhooks';

/** POSTs the event to the endpoint, signed per Standard Webhooks; any 2xx is a delivery. */
@Injectable()
export class WebhookChannel implements DeliveryChannel {
  constructor(
    private readonly endpoints: WebhooksRepository,
    @Inject(NOTIFICATIONS_CONFIG) private readonly settings: NotificationsConfig,
  ) {}

  async send(d: LoadedDelivery): Promise<{ statusCode?: number }> {
    const target = d.endpoint === undefined ? await this.endpoints.findForDelivery(d.recipientId) : d.endpoint;
    if (!target) throw new SkipDelivery('the webhook endpoint was deleted');
    if (!target.active) throw new SkipDelivery('the webhook endpoint is disabled');
    // Checked at each call, not only at registration: a name can be re-pointed at an internal address later.
    if (!this.settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE && (await targetsPrivateNetwork(target.url))) {
      throw new SkipDelivery('the endpoint resolves to a private network address');
    }
    const body = d.payloadJson;
    let status: number;
    try {
      status = await postJson(target.url, { 'user-agent': 'hamkor-webhooks/1', ...webhookHeaders(target.secret, d.id, body) }, body, this.settings.NOTIFY_WEBHOOK_TIMEOUT_MS);
    } catch (err) {
      throw new DeliveryFailed(`no answer from the endpoint: ${(err as Error).message}`);
    }
    if (status < 200 || status >= 300) throw new DeliveryFailed(`the endpoint answered ${status}`, status);
    return { statusCode: status };
  }
}
