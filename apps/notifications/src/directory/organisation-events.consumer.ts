import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventData, EventEnvelope, OrganisationRegistered, OrganisationUpdated, OrganisationVerified } from '@hamkor/contracts';
import { EventConsumer, HandleEvent } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';

type Snapshot = EventData<typeof OrganisationRegistered>;

/** Keeps the notifications directory in step with the organisation registry. */
@Injectable()
@EventConsumer('notifications')
export class OrganisationEventsConsumer {
  private readonly log = logger('notifications.directory');

  @HandleEvent(OrganisationRegistered)
  async registered(e: EventEnvelope<Snapshot>, tx: EntityManager): Promise<void> {
    await this.upsert(e, tx);
  }

  @HandleEvent(OrganisationUpdated)
  async updated(e: EventEnvelope<Snapshot>, tx: EntityManager): Promise<void> {
    await this.upsert(e, tx);
  }

  @HandleEvent(OrganisationVerified)
  async verified(e: EventEnvelope<EventData<typeof OrganisationVerified>>, tx: EntityManager): Promise<void> {
    const res = await tx.query(`UPDATE notifications.directory_organisation SET verified = true WHERE id = $1`, [e.data.organisationId]);
    if (res[1] === 0) this.log.warn({ organisationId: e.data.organisationId }, 'verified event for an organisation not in the directory; skipped');
  }

  private async upsert(e: EventEnvelope<Snapshot>, tx: EntityManager): Promise<void> {
    const d = e.data;
    await tx.query(
      `INSERT INTO notifications.directory_organisation (id, type, name, region, verified, as_of)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name, region = EXCLUDED.region,
         verified = notifications.directory_organisation.verified OR EXCLUDED.verified, as_of = EXCLUDED.as_of
       WHERE notifications.directory_organisation.as_of <= EXCLUDED.as_of`,
      [d.organisationId, d.type, d.name, d.region, d.verified, e.time],
    );
  }
}
