import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@hamkor/contracts';
import { logger } from '@hamkor/observability';
import { DirectoryRepository, Recipient } from '../directory/directory.repository';
import { deliveryIdOf } from '../delivery/delivery-id';
import { DeliveryQueue } from '../delivery/delivery.queue';
import { DeliveryRepository, NewDelivery } from '../delivery/delivery.repository';
import { quietHoursRelease } from '../delivery/quiet-hours';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { PreferencesRepository } from '../preferences/preferences.repository';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { PersonChannel, RoutingRule } from './routing.types';
import { render } from './templates';

const PERSON_CHANNELS: PersonChannel[] = ['email', 'inbox'];

/**
 * Turns one event into its messages, inside the consumer's transaction: resolve the rule's recipients
 * from the local directory and webhook registry (and the addressees the event names itself), drop what a person muted (unless critical), record one
 * row per recipient x channel (a row that exists already is a redelivery and is not queued again), and
 * queue a job for each new e-mail and webhook. Inbox messages are the rows themselves.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly log = logger('notifications.routing');

  constructor(
    private readonly directory: DirectoryRepository,
    private readonly preferences: PreferencesRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
    @Inject(NOTIFICATIONS_CONFIG) private readonly settings: NotificationsConfig,
  ) {}

  async dispatch(rule: RoutingRule, event: EventEnvelope<unknown>, tx: EntityManager): Promise<number> {
    const critical = !!rule.critical;
    const notBefore = rule.quietHours ? this.quietHoursEnd() : null;
    const rows: NewDelivery[] = [];
    const base = { eventId: event.id, eventType: event.type, critical };

    const people = new Map<string, Recipient>();
    for (const sel of rule.people?.(event.data as never) ?? []) {
      const organisations = await this.directory.organisations(tx, sel.organisations);
      for (const p of await this.directory.staffOf(tx, organisations, sel.roles)) people.set(p.id, p);
    }
    const muted = critical ? new Set<string>() : await this.preferences.mutedFor(tx, [...people.keys()], event.type);
    for (const p of people.values()) {
      const payload = render(event.type, event.data, p.language);
      for (const channel of rule.channels ?? PERSON_CHANNELS) {
        if (muted.has(`${p.id}/${channel}`)) continue;
        rows.push({
          ...base, id: deliveryIdOf(event.id, channel, p.id), channel, recipientId: p.id, organisationId: p.organisationId, payload,
          status: channel === 'inbox' ? 'delivered' : 'queued', notBefore: channel === 'inbox' ? null : notBefore,
        });
      }
    }

    for (const a of rule.addressees?.(event.data as never) ?? []) {
      rows.push({
        ...base, id: deliveryIdOf(event.id, 'email', a.id), channel: 'email', recipientId: a.id, organisationId: a.organisationId,
        payload: { ...render(event.type, event.data, rule.addresseeLanguage ?? 'uz'), to: a.email }, status: 'queued', notBefore,
      });
    }

    const organisations = rule.webhooks ? await this.directory.organisations(tx, rule.webhooks(event.data as never)) : [];
    for (const endpoint of await this.webhooks.subscribed(tx, organisations, event.type)) {
      rows.push({
        ...base, id: deliveryIdOf(event.id, 'webhook', endpoint.id), channel: 'webhook', recipientId: endpoint.id, organisationId: endpoint.organisationId,
        payload: { type: event.type, timestamp: event.time, data: event.data }, status: 'queued', notBefore: null,
      });
    }

    const fresh = await this.deliveries.insertNew(tx, rows);
    // Queued before the transaction commits; a worker that is faster than the commit waits for the row.
    await this.queue.enqueue(fresh);
    if (rows.length === 0) this.log.info({ eventId: event.id, eventType: event.type }, 'no recipients for this event');
    else if (fresh.length < rows.length) this.log.info({ eventId: event.id, eventType: event.type, duplicates: rows.length - fresh.length }, 'messages already recorded; not sent again');
    return fresh.length;
  }

  private quietHoursEnd(): Date | null {
    const now = new Date();
    const release = quietHoursRelease(now, this.settings.NOTIFY_QUIET_START, this.settings.NOTIFY_QUIET_END, this.settings.NOTIFY_TIMEZONE);
    return release > now ? release : null;
  }
}
