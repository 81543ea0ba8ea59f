import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventData, EventEnvelope, PersonAdded, PersonRemoved, PersonUpdated } from '@hamkor/contracts';
import { EventConsumer, HandleEvent } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';

type Snapshot = EventData<typeof PersonAdded>;

/** Keeps the people of the directory (whom e-mails and inbox messages go to) in step with partnerships. */
@Injectable()
@EventConsumer('notifications')
export class PersonEventsConsumer {
  private readonly log = logger('notifications.directory');

  @HandleEvent(PersonAdded)
  async added(e: EventEnvelope<Snapshot>, tx: EntityManager): Promise<void> {
    await this.upsert(e, tx);
  }

  @HandleEvent(PersonUpdated)
  async updated(e: EventEnvelope<Snapshot>, tx: EntityManager): Promise<void> {
    await this.upsert(e, tx);
  }

  @HandleEvent(PersonRemoved)
  async removed(e: EventEnvelope<EventData<typeof PersonRemoved>>, tx: EntityManager): Promise<void> {
    const res = await tx.query(
      `UPDATE notifications.directory_person SET removed = true, as_of = $2 WHERE id = $1 AND as_of <= $2`,
      [e.data.personId, e.time],
    );
    if (res[1] === 0) this.log.warn({ personId: e.data.personId }, 'removal of a person not in the directory (or older than what it has); skipped');
  }

  private async upsert(e: EventEnvelope<Snapshot>, tx: EntityManager): Promise<void> {
    const d = e.data;
    // A removed person stays removed: partnerships adds a returning person under a new id.
    await tx.query(
      `INSERT INTO notifications.directory_person (id, organisation_id, roles, email, language, removed, as_of)
       VALUES ($1, $2, $3, $4, $5, false, $6)
       ON CONFLICT (id) DO UPDATE SET organisation_id = EXCLUDED.organisation_id, roles = EXCLUDED.roles, email = EXCLUDED.email,
         language = EXCLUDED.language, as_of = EXCLUDED.as_of
       WHERE notifications.directory_person.as_of <= EXCLUDED.as_of AND NOT notifications.directory_person.removed`,
      [d.personId, d.organisationId, d.roles, d.email, d.language, e.time],
    );
  }
}
