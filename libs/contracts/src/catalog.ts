import { EventContract } from './event-contract';
import { TopicDefinition } from './topic';
import * as organisation from './partnerships/organisation.events';

/**
 * Every event contract of the platform. A new event is added in its service's folder and listed here;
 * the AsyncAPI document, topic creation and consumer validation all read this list.
 */
export const EVENT_CONTRACTS: readonly EventContract[] = [
  organisation.OrganisationRegistered,
  organisation.OrganisationVerified,
  organisation.OrganisationUpdated,
];

export const TOPICS: readonly TopicDefinition[] = [...new Map(EVENT_CONTRACTS.map((c) => [c.topic.name, c.topic])).values()];

export function contractsOfTopic(topic: string): EventContract[] {
  return EVENT_CONTRACTS.filter((c) => c.topic.name === topic);
}

{
  const seen = new Set<string>();
  for (const c of EVENT_CONTRACTS) {
    if (seen.has(c.type)) throw new Error(`event type ${c.type} is defined twice`);
    seen.add(c.type);
  }
}
