import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Preference } from './preference.entity';

@Injectable()
export class PreferencesRepository {
  constructor(@InjectRepository(Preference, 'notifications') private readonly repo: Repository<Preference>) {}

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
