import { EventContract } from './event-contract';
import { TopicDefinition } from './topic';
import * as organisation from './partnerships/organisation.events';
import * as person from './partnerships/person.events';
import * as cluster from './partnerships/cluster.events';
import * as agreement from './partnerships/agreement.events';
import * as activity from './partnerships/activity.events';
import * as learner from './employment/learner.events';
import * as graduate from './employment/graduate.events';
import * as graduateContact from './employment/graduate-contact.events';
import * as internship from './internships/internship.events';
import * as placement from './internships/placement.events';
import * as nomination from './internships/nomination.events';
import * as resource from './equipment/resource.events';
import * as booking from './equipment/booking.events';

/**
 * Every event contract of the platform. A new event is added in its service's folder and listed here;
 * the AsyncAPI document, topic creation and consumer validation all read this list.
 */
export const EVENT_CONTRACTS: readonly EventContract[] = ([
  organisation.OrganisationRegistered,
  organisation.OrganisationVerified,
  organisation.OrganisationUpdated,
  ...Object.values(person),
  ...Object.values(cluster),
  ...Object.values(agreement),
  ...Object.values(activity),
  ...Object.values(learner),
  ...Object.values(graduate),
  ...Object.values(graduateContact),
  ...Object.values(internship),
  ...Object.values(placement),
  ...Object.values(nomination),
  ...Object.values(resource),
  ...Object.values(booking),
] as unknown[]).filter(isContract);

export const TOPICS: readonly TopicDefinition[] = [...new Map(EVENT_CONTRACTS.map((c) => [c.topic.name, c.topic])).values()];

function isContract(x: unknown): x is EventContract {
  return typeof x === 'object' && x !== null && 'type' in x && 'data' in x && 'topic' in x;
}

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
