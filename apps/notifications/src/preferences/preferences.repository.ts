import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Preference } from './preference.entity';

@Injectable()
export class PreferencesRepository {
  constructor(@InjectRepository(Preference, 'notifications') private readonly repo: Repository<Preference>) {}

  /** `${personId}/${channel}` of the people who switched this event type off on that channel. */
  async mutedFor(tx: EntityManager, personIds: string[], eventType: string): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const rows: Array<{ personId: string; channel: string }> = await tx.query(
      `SELECT person_id AS "personId", channel FROM notifications.preference WHERE person_id = ANY($1::uuid[]) AND event_type = $2 AND NOT enabled`,
      [personIds, eventType],
    );
    return new Set(rows.map((r) => `${r.personId}/${r.channel}`));
  }

  listOf(personId: string): Promise<Preference[]> {
    return this.repo.find({ where: { personId } });
  }

  async set(personId: string, eventType: string, channel: 'email' | 'inbox', enabled: boolean): Promise<void> {
    await this.repo.query(
      `INSERT INTO notifications.preference (person_id, event_type, channel, enabled) VALUES ($1, $2, $3, $4)
       ON CONFLICT (person_id, event_type, channel) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()`,
      [personId, eventType, channel, enabled],
    );
  }
}
