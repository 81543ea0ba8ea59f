import { AgreementScope, EventContract, EventData, OrganisationType, Role } from '@hamkor/contracts';
import { Language } from '../directory/directory-person.entity';

/**
 * Organisations named in the event, or found through the local directory: the partners of an
 * organisation under an agreement in force with a scope, or the members of its clusters; of one type.
 */
export type Organisations =
  | string[]
  | { partnersOf: string; scope: AgreementScope; type: OrganisationType }
  | { clusterMatesOf: string; type: OrganisationType };

/** The staff of some organisations who hold one of some roles. */
export interface StaffSelector {
  organisations: Organisations;
  roles: Role[];
}

export type PersonChannel = 'email' | 'inbox';

/**
 * Someone outside the directory whom the event itself addresses, with the address they consented to
 * be written to (a graduate's e-mail in a self-report request). E-mail only; no preferences apply.
 */
export interface Addressee {
  /** Stable id of the person (e.g. the learner id): with the event id, it makes the message id. */
  id: string;
  /** The organisation the message is sent on behalf of (the graduate's school). */
  organisationId: string;
  email: string;
}

/** One line of the routing table: an event type and whom it reaches on which channels. */
export interface RoutingRule<C extends EventContract = EventContract> {
  contract: C;
  /** People (from the directory) who get an e-mail and an inbox message. */
  people?: (d: EventData<C>) => StaffSelector[];
  /** People the event addresses directly (not from the directory): they get an e-mail. */
  addressees?: (d: EventData<C>) => Addressee[];
  /** The language of messages to addressees (directory people have their own). */
  addresseeLanguage?: Language;
  /** Organisations whose webhooks subscribed to this event type get it. */
  webhooks?: (d: EventData<C>) => Organisations;
  /** Channels for people; both by default. */
  channels?: PersonChannel[];
  /** Critical messages ignore a person's preferences (they cannot be muted). */
  critical?: boolean;
  /** Messages to learners and graduates wait out the quiet hours (NOTIFY_QUIET_START..END). */
  quietHours?: boolean;
}

/** Typed constructor of a rule, so each selector sees its own event's data. */
export function rule<C extends EventContract>(contract: C, spec: Omit<RoutingRule<C>, 'contract'>): RoutingRule {
  return { contract, ...spec } as unknown as RoutingRule;
}

export function staff(organisations: Organisations, ...roles: Role[]): StaffSelector {
  return { organisations, roles };
}

export function partnersOf(organisationId: string, scope: AgreementScope, type: OrganisationType): Organisations {
  return { partnersOf: organisationId, scope, type };
}

export function clusterMatesOf(organisationId: string, type: OrganisationType): Organisations {
  return { clusterMatesOf: organisationId, type };
}
