import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventData, EventEnvelope, OrganisationRegistered, OrganisationUpdated } from '@hamkor/contracts';
import { EventConsumer, HandleEvent } from '@hamkor/messaging';

/**
 * Keeps the organisation names (what a certificate-like summary prints) in step with partnerships'
 * registry; the `as_of` guard keeps a late re-delivery of an older event from undoing a newer one.
 * Agreements and cluster membership are the partnership view's (@hamkor/partnership-view).
 */
@Injectable()
@EventConsumer('internships')
export class OrganisationEventsConsumer {
  @HandleEvent(OrganisationRegistered)
  async registered(e: EventEnvelope<EventData<typeof OrganisationRegistered>>, tx: EntityManager): Promise<void> {
    await this.upsertOrganisation(e, tx);
  }

  @HandleEvent(OrganisationUpdated)
  async updated(e: EventEnvelope<EventData<typeof OrganisationUpdated>>, tx: EntityManager): Promise<void> {
    await this.upsertOrganisation(e, tx);
  }

  private async upsertOrganisation(e: EventEnvelope<EventData<typeof OrganisationRegistered>>, tx: EntityManager): Promise<void> {
    const d = e.data;
    await tx.query(
      `INSERT INTO internships.organisation (id, type, name, region, as_of) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name, region = EXCLUDED.region, as_of = EXCLUDED.as_of
       WHERE internships.organisation.as_of <= EXCLUDED.as_of`,
      [d.organisationId, d.type, d.name, d.region, e.time],
    );
  }
}
