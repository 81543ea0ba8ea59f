import {
  AgreementExpiring,
  BookingApproved,
  BookingCancelled,
  BookingRejected,
  BookingReminderDue,
  BookingRequested,
  FollowUpDue,
  FollowUpOverdue,
  GraduateReferredToCentre,
  InternshipCancelled,
  InternshipCompleted,
  InternshipConfirmed,
  InternshipWithdrawn,
  NominationAccepted,
  NominationRejected,
  NominationSubmitted,
  PlacementPosted,
  SelfReportRequested,
} from '@hamkor/contracts';
import { clusterMatesOf, Organisations, partnersOf, rule, RoutingRule, staff } from './routing.types';

/**
 * Schools that can see a placement and are told of it: partners under an internships agreement in
 * force, or fellow cluster members. A `public` placement is announced to nobody (every school of the
 * country could see it; schools find it by searching).
 */
function placementAudience(d: { enterpriseId: string; visibility: 'public' | 'partners' | 'cluster' }): Organisations {
  if (d.visibility === 'partners') return partnersOf(d.enterpriseId, 'internships', 'school');
  if (d.visibility === 'cluster') return clusterMatesOf(d.enterpriseId, 'school');
  return [];
}

/**
 * Which event reaches whom. One line per event type: the people (organisation x role, from the local
 * directory) who get an e-mail and an inbox message, people the event addresses itself (a consenting
 * graduate, e-mail only, outside quiet hours), and the organisations whose webhooks get it.
 * A webhook receives an event type only if its endpoint subscribed to that type.
 */
export const ROUTING_TABLE: readonly RoutingRule[] = [
  //   event                        people                                                                                      webhooks of                              critical
  // partnerships
  rule(AgreementExpiring,        { people: (d) => [staff(d.parties, 'org_admin')],                                               webhooks: (d) => d.parties,                    critical: true }),
  // internships
  rule(PlacementPosted,          { people: (d) => [staff(placementAudience(d), 'coordinator')],                                  webhooks: (d) => placementAudience(d) }),
  rule(NominationSubmitted,      { people: (d) => [staff([d.enterpriseId], 'coordinator')],                                      webhooks: (d) => [d.enterpriseId] }),
  rule(NominationAccepted,       { people: (d) => [staff([d.schoolId], 'coordinator')],                                          webhooks: (d) => [d.schoolId] }),
  rule(NominationRejected,       { people: (d) => [staff([d.schoolId], 'coordinator')],                                          webhooks: (d) => [d.schoolId] }),
  rule(InternshipConfirmed,      { people: (d) => [staff([d.enterpriseId], 'mentor'), staff([d.schoolId], 'coordinator')],       webhooks: (d) => [d.enterpriseId] }),
  rule(InternshipWithdrawn,      { people: (d) => [staff([d.enterpriseId], 'mentor'), staff([d.schoolId], 'coordinator')],       webhooks: (d) => [d.enterpriseId, d.schoolId], critical: true }),
  rule(InternshipCancelled,      { people: (d) => [staff([d.enterpriseId], 'mentor'), staff([d.schoolId], 'coordinator')],       webhooks: (d) => [d.enterpriseId, d.schoolId], critical: true }),
  rule(InternshipCompleted,      { people: (d) => [staff([d.schoolId], 'coordinator'), staff([d.enterpriseId], 'mentor')],       webhooks: (d) => [d.enterpriseId, d.schoolId] }),
  // equipment
  rule(BookingRequested,         { people: (d) => [staff([d.ownerId], 'coordinator', 'org_admin')],                              webhooks: (d) => [d.ownerId] }),
  rule(BookingApproved,          { people: (d) => [staff([d.holderId], 'coordinator')],                                          webhooks: (d) => [d.holderId] }),
  rule(BookingRejected,          { people: (d) => [staff([d.holderId], 'coordinator')],                                          webhooks: (d) => [d.holderId] }),
  rule(BookingCancelled,         { people: (d) => [staff([d.reason === 'resource_withdrawn' ? d.holderId : d.ownerId], 'coordinator')], webhooks: (d) => [d.holderId, d.ownerId] }),
  rule(BookingReminderDue,       { people: (d) => [staff([d.holderId], 'coordinator'), staff([d.ownerId], 'coordinator')],       webhooks: (d) => [d.holderId] }),
  // employment
  rule(FollowUpDue,              { people: (d) => [staff([d.schoolId], 'coordinator')],                                          webhooks: (d) => [d.schoolId] }),
  rule(FollowUpOverdue,          { people: (d) => [staff([d.schoolId], 'coordinator', 'org_admin')],                             webhooks: (d) => [d.schoolId],                 critical: true }),
  rule(SelfReportRequested,      { addressees: (d) => [{ id: d.learnerId, organisationId: d.schoolId, email: d.contact.email }], quietHours: true }),
  rule(GraduateReferredToCentre, {                                                                                               webhooks: (d) => [d.centreId] }),
];

/** The synthetic event of "send test event"; never on Kafka. */
export const WEBHOOK_TEST_EVENT = 'notifications.webhook.test';

export const ROUTED_EVENT_TYPES: readonly string[] = ROUTING_TABLE.map((r) => r.contract.type);
export const WEBHOOK_EVENT_TYPES: readonly string[] = ROUTING_TABLE.filter((r) => r.webhooks).map((r) => r.contract.type);
export const CRITICAL_EVENT_TYPES: readonly string[] = ROUTING_TABLE.filter((r) => r.critical).map((r) => r.contract.type);

export function ruleOf(eventType: string): RoutingRule | undefined {
  return ROUTING_TABLE.find((r) => r.contract.type === eventType);
}
