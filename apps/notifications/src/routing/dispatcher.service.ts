import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, Role } from '@hamkor/contracts';
import { logger } from '@hamkor/observability';
import { afterCommit } from '@hamkor/persistence';
import { DirectoryRepository, Recipient } from '../directory/directory.repository';
import { deliveryIdOf } from '../delivery/delivery-id';
import { DeliveryQueue } from '../delivery/delivery.queue';
import { DeliveryRepository, NewDelivery } from '../delivery/delivery.repository';
import { quietHoursRelease } from '../delivery/quiet-hours';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { AudienceRepository } from './audience.repository';
import { PersonChannel, RoutingRule } from './routing.types';
import { render } from './templates';

const PERSON_CHANNELS: PersonChannel[] = ['email', 'inbox'];

/**
 * Turns events into their messages, inside the consumer's transaction: resolve the rule's recipients
 * from the local directory and webhook registry (and the addressees the event names itself), drop what
 * a person muted (unless critical), record one row per recipient x channel (a row that exists already
 * is a redelivery and is not queued again), and queue a job for each new e-mail and webhook once they
 * are committed. Inbox messages are the rows themselves. Consecutive events of one rule come together
 * (@HandleEvents): the staff, their preferences and the webhooks of all of them are read in one statement
 * (AudienceRepository), their rows recorded in one statement and their jobs queued in one call.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly log = logger('notifications.routing');

  constructor(
    private readonly directory: DirectoryRepository,
    private readonly audience: AudienceRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
    @Inject(NOTIFICATIONS_CONFIG) private readonly settings: NotificationsConfig,
  ) {}

  /** Records and queues the messages of these events of one rule; returns how many are new. */
  async dispatch(rule: RoutingRule, events: Array<EventEnvelope<unknown>>, tx: EntityManager): Promise<number> {
    const critical = !!rule.critical;
    const notBefore = rule.quietHours ? this.quietHoursEnd() : null;
    const rows: NewDelivery[] = [];

    // Whom each event's selectors and webhooks name; then the staff, preferences and endpoints of all of them at once.
    const selections: Array<Array<{ organisations: Set<string>; roles: Role[] }>> = [];
    const hookOrganisations: Array<Set<string>> = [];
    for (const e of events) {
      const sels = [];
      for (const sel of rule.people?.(e.data as never) ?? []) sels.push({ organisations: new Set(await this.directory.organisations(tx, sel.organisations)), roles: sel.roles });
      selections.push(sels);
      hookOrganisations.push(new Set(rule.webhooks ? await this.directory.organisations(tx, rule.webhooks(e.data as never)) : []));
    }
    const { staff, muted, endpoints } = await this.audience.read(tx, {
      staffOf: unique(selections.flat().flatMap((s) => [...s.organisations])),
      roles: unique(selections.flat().flatMap((s) => s.roles)),
      webhooksOf: unique(hookOrganisations.flatMap((o) => [...o])),
      eventType: rule.contract.type,
      critical,
    });
    const peopleOf = selections.map((sels) => {
      const people = new Map<string, Recipient>();
      for (const p of staff) if (sels.some((s) => s.organisations.has(p.organisationId) && p.roles.some((r) => s.roles.includes(r)))) people.set(p.id, p);
      return people;
    });

    for (const [i, event] of events.entries()) {
      const base = { eventId: event.id, eventType: event.type, critical };
      const before = rows.length;
      for (const p of peopleOf[i].values()) {
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
      for (const endpoint of endpoints) {
        if (!hookOrganisations[i].has(endpoint.organisationId)) continue;
        rows.push({
          ...base, id: deliveryIdOf(event.id, 'webhook', endpoint.id), channel: 'webhook', recipientId: endpoint.id, organisationId: endpoint.organisationId,
          payload: { type: event.type, timestamp: event.time, data: event.data }, status: 'queued', notBefore: null,
        });
      }
      if (rows.length === before) this.log.info({ eventId: event.id, eventType: event.type }, 'no recipients for this event');
    }

    const fresh = await this.deliveries.insertNew(tx, rows);
    // Queued once the rows are committed, so a worker always finds the row of its job (queued before the
    // commit, a fast worker found none and put the job back for UNCOMMITTED_RETRY_MS), and nothing is
    // queued for rows a rollback took back. A crash between the commit and the queueing, or Redis
    // refusing the jobs, leaves rows the delivery sweep queues again (DeliveryWorker.sweep).
    if (fresh.length > 0) {
      afterCommit(tx, () => {
        this.queue.enqueue(fresh).catch((err) => this.log.warn({ err: (err as Error).message, deliveries: fresh.length }, 'could not queue messages; the sweep will'));
      });
    }
    if (fresh.length < rows.length) this.log.info({ eventIds: unique(rows.map((r) => r.eventId)), eventType: rule.contract.type, duplicates: rows.length - fresh.length }, 'messages already recorded; not sent again');
    return fresh.length;
  }

  private quietHoursEnd(): Date | null {
    const now = new Date();
    const release = quietHoursRelease(now, this.settings.NOTIFY_QUIET_START, this.settings.NOTIFY_QUIET_END, this.settings.NOTIFY_TIMEZONE);
    return release > now ? release : null;
  }
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
