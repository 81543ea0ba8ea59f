import { ForbiddenException, HttpStatus, Injectable } from '@nestjs/common';
import { Principal } from '@hamkor/auth';
import { ProblemException } from '@hamkor/http';
import { CRITICAL_EVENT_TYPES, ROUTING_TABLE } from '../routing/routing-table';
import { PERSON_CHANNELS, PreferenceParams, PreferenceView } from './dto/preference.dto';
import { PreferencesRepository } from './preferences.repository';

@Injectable()
export class PreferencesService {
  constructor(private readonly preferences: PreferencesRepository) {}

  /** Every event type that can reach a person, on each channel, with the person's choice (on by default). */
  async list(caller: Principal): Promise<{ items: PreferenceView[] }> {
    const personId = this.personOf(caller);
    const chosen = new Map((await this.preferences.listOf(personId)).map((p) => [`${p.eventType}/${p.channel}`, p.enabled]));
    const items = ROUTING_TABLE.filter((r) => r.people).flatMap((r) =>
      (r.channels ?? PERSON_CHANNELS).map((channel) => ({
        eventType: r.contract.type,
        channel,
        critical: !!r.critical,
        enabled: r.critical ? true : (chosen.get(`${r.contract.type}/${channel}`) ?? true),
      })),
    );
    return { items };
  }

  async set(caller: Principal, p: PreferenceParams, enabled: boolean): Promise<PreferenceView> {
    const personId = this.personOf(caller);
    const critical = CRITICAL_EVENT_TYPES.includes(p.eventType);
    if (critical && !enabled) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'critical-message', `${p.eventType} is a critical message and cannot be muted`);
    }
    await this.preferences.set(personId, p.eventType, p.channel, enabled);
    return { eventType: p.eventType, channel: p.channel, enabled, critical };
  }

  private personOf(caller: Principal): string {
    if (!caller.organisationId) throw new ForbiddenException('preferences belong to people acting for an organisation');
    return caller.userId;
  }
}
