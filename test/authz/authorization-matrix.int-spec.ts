import { randomUUID } from 'node:crypto';
import { OrganisationType, Role } from '@hamkor/contracts';
import { createKafka, parseBrokers } from '@hamkor/messaging';
import { employmentService } from '@hamkor/employment';
import { equipmentService } from '@hamkor/equipment';
import { internshipsService } from '@hamkor/internships';
import { notificationsService } from '@hamkor/notifications';
import { partnershipsService } from '@hamkor/partnerships';
import {
  ApiOperation,
  BadTokens,
  badTokens,
  CellResult,
  dateIn,
  fetchOpenApiDocuments,
  formatRow,
  instantIn,
  listOperations,
  MatrixRow,
  PLATFORM_SERVICES,
  PlatformWorld,
  RawHttpClient,
  REGION,
  rowName,
  runRow,
  startConsumersAtTheEnd,
  TestPlatform,
  waitFor,
} from '@hamkor/testing';

/**
 * The authorization matrix of the whole platform. Each row is one operation: its guard rules (copied
 * from the route's @Roles / @OrganisationTypes / @OwnOrganisation) and what the service decides for
 * the resource's owner, its other parties, the operator and strangers (read from the service code).
 * Every row runs for 32 callers: no token, an expired token, a token signed by another key, the
 * operator, each of the four organisation roles of the owner and of each party, and each role of an
 * unrelated verified organisation of each of the five types. A cell outside its expected statuses
 * fails the test; a 2xx where only 401/403/404 was expected is reported as a leak.
 *
 * Every operation the OpenAPI documents list must have a row (a new endpoint fails this test until it
 * gets one); the bad-token cells of an operation without a row still run.
 */

// Role sets and type sets as the decorators spell them.
const WRITE: Role[] = ['org_admin', 'coordinator'];
const WRITE_MENTOR: Role[] = ['org_admin', 'coordinator', 'mentor'];
const ADMIN: Role[] = ['org_admin'];
const OPERATOR_ONLY: Role[] = ['platform_admin'];
const SCHOOL: OrganisationType[] = ['school'];
const ENTERPRISE: OrganisationType[] = ['enterprise'];
const CENTRE: OrganisationType[] = ['employment_centre'];

// Outcomes. An allowed change that an earlier allowed cell already made answers 409 (authorised, but
// nothing left to do), so such cells accept both.
const OK = 200;
const CREATED = 201;
const NO_CONTENT = 204;
const DONE_OR_CONFLICT = [200, 409];
const CREATED_OR_CONFLICT = [201, 409];
const FORBIDDEN = 403;
const NOT_FOUND = 404;
const EVERYONE_OK = { operator: OK, owner: OK, party: OK, stranger: OK };

let n = 0;
const next = () => ++n;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A learner body no one has used before. */
const learnerBody = () => ({ schoolRef: `AZ-${randomUUID().slice(0, 8)}`, fullName: 'Aziza Rahimova', dateOfBirth: '2005-02-11', specialty: 'electrics', cohortYear: 2025, expectedGraduation: dateIn(300), region: REGION });

// ---- fresh resources for rows whose allowed cells use theirs up ------------------------------------

const freshCluster = async (w: PlatformWorld) => (await w.must('POST', '/partnerships/clusters', 'school', { name: `Fresh ${next()}`, anchorUniversityId: w.orgIds.university })).id as string;

async function clusterWithMember(w: PlatformWorld): Promise<string> {
  const id = await freshCluster(w);
  await w.must('POST', `/partnerships/clusters/${id}/invitations`, 'school', { organisationId: w.orgIds.training });
  await w.must('POST', `/partnerships/clusters/${id}/invitation/accept`, 'training');
  return id;
}

/** A follow-up that is due now: a learner graduated eight months ago, the scheduler run. */
async function dueFollowUp(w: PlatformWorld): Promise<string> {
  const learner = await w.must('POST', '/employment/learners', 'school', { ...learnerBody(), consentFollowUpContact: true });
  await w.must('POST', '/employment/graduations', 'school', { graduatedOn: dateIn(-240), learnerIds: [learner.id] });
  await w.platform.scheduler('employment').runDue();
  const { items } = await w.must('GET', `/employment/learners/${learner.id}/follow-ups`, 'school');
  return items.find((f: { state: string }) => f.state === 'due').id;
}

const ROWS: MatrixRow[] = [
  // ---- partnerships: organisations and people ------------------------------------------------------
  // Registering names no id: an org_admin registers its own organisation (already registered here: 409).
  { op: 'POST /partnerships/organisations', roles: ADMIN, owner: 'school', byCaller: true, expect: { operator: CREATED, owner: 409, stranger: 409 },
    request: (w, c) => ({ body: { type: c?.type ?? 'school', name: `Registered ${next()}`, region: REGION, contactEmail: `office${next()}@example.uz` } }) },
  { op: 'GET /partnerships/organisations', owner: 'school', expect: EVERYONE_OK, request: () => ({}) },
  { op: 'GET /partnerships/organisations/{organisationId}', owner: 'school', expect: EVERYONE_OK, request: (w) => ({ params: { organisationId: w.orgIds.school } }) },
  { op: 'PATCH /partnerships/organisations/{organisationId}', roles: ADMIN, own: 'organisationId', owner: 'school', expect: { operator: OK, owner: OK, stranger: FORBIDDEN },
    request: (w) => ({ params: { organisationId: w.orgIds.school }, body: { address: 'Amir Temur 108' } }) },
  { op: 'POST /partnerships/organisations/{organisationId}/verify', roles: OPERATOR_ONLY, owner: 'school', expect: { operator: OK }, request: (w) => ({ params: { organisationId: w.orgIds.school } }) },
  { op: 'POST /partnerships/organisations/{organisationId}/people', roles: ADMIN, own: 'organisationId', owner: 'school', expect: { operator: CREATED, owner: CREATED },
    byCaller: true, request: (w) => ({ params: { organisationId: w.orgIds.school }, body: { name: 'Bobur Aliyev', email: `bobur${next()}@school.uz`, roles: ['viewer'] } }) },
  // Staff lists: the organisation's own members (any role) and the operator.
  { op: 'GET /partnerships/organisations/{organisationId}/people', owner: 'school', expect: { operator: OK, owner: OK, stranger: FORBIDDEN }, request: (w) => ({ params: { organisationId: w.orgIds.school } }) },
  { op: 'PATCH /partnerships/organisations/{organisationId}/people/{personId}', roles: ADMIN, own: 'organisationId', owner: 'school', expect: { operator: OK, owner: OK },
    request: (w) => ({ params: { organisationId: w.orgIds.school, personId: w.ids.personId }, body: { language: 'ru' } }) },
  { op: 'DELETE /partnerships/organisations/{organisationId}/people/{personId}', roles: ADMIN, own: 'organisationId', owner: 'school', fresh: true, expect: { operator: NO_CONTENT, owner: NO_CONTENT },
    request: async (w) => ({ params: { organisationId: w.orgIds.school, personId: (await w.must('POST', `/partnerships/organisations/${w.orgIds.school}/people`, 'school', { name: 'Temp', email: `temp${next()}@school.uz`, roles: ['viewer'] }, ADMIN)).id } }) },

  // ---- partnerships: clusters (the operator acts for no organisation: 403 wherever one acts) ---------
  { op: 'POST /partnerships/clusters', roles: WRITE, types: SCHOOL, owner: 'school', expect: { operator: FORBIDDEN, owner: CREATED, stranger: CREATED },
    request: (w) => ({ body: { name: `Cluster ${next()}`, anchorUniversityId: w.orgIds.university } }) },
  { op: 'GET /partnerships/clusters', owner: 'school', expect: EVERYONE_OK, request: () => ({}) },
  // The cluster register is open to every signed-in organisation.
  { op: 'GET /partnerships/clusters/{clusterId}', owner: 'school', expect: EVERYONE_OK, request: (w) => ({ params: { clusterId: w.ids.clusterId } }) },
  { op: 'POST /partnerships/clusters/{clusterId}/invitations', roles: WRITE, owner: 'school', parties: ['university'], expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, party: FORBIDDEN, stranger: FORBIDDEN },
    request: (w) => ({ params: { clusterId: w.ids.clusterId }, body: { organisationId: w.orgIds.centre } }) },
  // A fresh cluster each time: its anchor university holds the open invitation.
  { op: 'POST /partnerships/clusters/{clusterId}/invitation/accept', roles: WRITE, owner: 'university', parties: ['school'], fresh: true, expect: { operator: FORBIDDEN, owner: OK, party: NOT_FOUND, stranger: NOT_FOUND },
    request: async (w) => ({ params: { clusterId: await freshCluster(w) } }) },
  { op: 'POST /partnerships/clusters/{clusterId}/invitation/decline', roles: WRITE, owner: 'university', parties: ['school'], fresh: true, expect: { operator: FORBIDDEN, owner: OK, party: NOT_FOUND, stranger: NOT_FOUND },
    request: async (w) => ({ params: { clusterId: await freshCluster(w) } }) },
  { op: 'POST /partnerships/clusters/{clusterId}/leave', roles: WRITE, owner: 'training', parties: ['school'], fresh: true, expect: { operator: FORBIDDEN, owner: NO_CONTENT, party: 409, stranger: NOT_FOUND },
    request: async (w) => ({ params: { clusterId: await clusterWithMember(w) } }) },
  { op: 'DELETE /partnerships/clusters/{clusterId}/members/{organisationId}', roles: WRITE, owner: 'school', parties: ['university'], fresh: true,
    expect: { operator: FORBIDDEN, owner: NO_CONTENT, party: FORBIDDEN, stranger: FORBIDDEN },
    request: async (w) => ({ params: { clusterId: await freshCluster(w), organisationId: w.orgIds.university } }) },

  // ---- partnerships: agreements (parties see them; to anyone else they do not exist) -------------------
  { op: 'POST /partnerships/agreements', roles: WRITE, owner: 'school', expect: { operator: FORBIDDEN, owner: CREATED, stranger: CREATED },
    request: (w) => ({ body: { title: 'Memorandum', parties: [w.orgIds.enterprise], scopes: ['research'], startsOn: dateIn(10), endsOn: dateIn(300) } }) },
  { op: 'GET /partnerships/agreements', owner: 'school', expect: EVERYONE_OK, request: () => ({}) },
  { op: 'GET /partnerships/agreements/{agreementId}', owner: 'school', parties: ['enterprise'], expect: { operator: OK, owner: OK, party: OK, stranger: NOT_FOUND },
    request: (w) => ({ params: { agreementId: w.ids.agreementActiveId } }) },
  // Acting on one: a non-party holding the id is told it is not a party (403).
  { op: 'POST /partnerships/agreements/{agreementId}/propose', roles: WRITE, owner: 'school', parties: ['enterprise'], expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, party: DONE_OR_CONFLICT, stranger: FORBIDDEN },
    request: (w) => ({ params: { agreementId: w.ids.agreementDraftId } }) },
  { op: 'POST /partnerships/agreements/{agreementId}/sign', roles: ADMIN, owner: 'school', parties: ['enterprise'], expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, party: DONE_OR_CONFLICT, stranger: FORBIDDEN },
    request: (w) => ({ params: { agreementId: w.ids.agreementProposedId } }) },
  { op: 'POST /partnerships/agreements/{agreementId}/terminate', roles: ADMIN, owner: 'school', parties: ['enterprise'], expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, party: DONE_OR_CONFLICT, stranger: FORBIDDEN },
    request: (w) => ({ params: { agreementId: w.ids.agreementTerminableId }, body: { reason: 'the programme ended' } }) },

  // ---- partnerships: activities (active members of the cluster) ----------------------------------------
  { op: 'POST /partnerships/clusters/{clusterId}/activities', roles: WRITE, owner: 'school', parties: ['university', 'enterprise', 'training'],
    expect: { operator: FORBIDDEN, owner: CREATED, party: CREATED, stranger: FORBIDDEN },
    request: (w) => ({ params: { clusterId: w.ids.clusterId }, body: { kind: 'open_day', title: 'Open day', startsAt: instantIn(40 * DAY), endsAt: instantIn(40 * DAY + 2 * HOUR), link: 'https://meet.example.uz/open', capacity: 30 } }) },
  { op: 'GET /partnerships/clusters/{clusterId}/activities', owner: 'school', parties: ['university', 'enterprise', 'training'], expect: { operator: OK, owner: OK, party: OK, stranger: FORBIDDEN },
    request: (w) => ({ params: { clusterId: w.ids.clusterId } }) },
  { op: 'GET /partnerships/activities/{activityId}', owner: 'school', parties: ['university', 'enterprise', 'training'], expect: { operator: OK, owner: OK, party: OK, stranger: FORBIDDEN },
    request: (w) => ({ params: { activityId: w.ids.activityId } }) },
  { op: 'POST /partnerships/activities/{activityId}/registrations', roles: WRITE, owner: 'school', parties: ['university', 'enterprise', 'training'],
    expect: { operator: FORBIDDEN, owner: CREATED, party: CREATED, stranger: FORBIDDEN },
    request: (w) => ({ params: { activityId: w.ids.activityId }, body: { participants: 1 } }) },
  // Only the organiser (here also the coordinator) cancels.
  { op: 'POST /partnerships/activities/{activityId}/cancel', roles: WRITE, owner: 'school', parties: ['university', 'enterprise'], fresh: true,
    expect: { operator: FORBIDDEN, owner: OK, party: FORBIDDEN, stranger: FORBIDDEN },
    request: async (w) => ({
      params: { activityId: (await w.must('POST', `/partnerships/clusters/${w.ids.clusterId}/activities`, 'school', { kind: 'seminar', title: 'Seminar', startsAt: instantIn(50 * DAY), endsAt: instantIn(50 * DAY + HOUR), place: 'Hall', capacity: 10 })).id },
    }) },

  // ---- partnerships: teacher demand ---------------------------------------------------------------------
  { op: 'POST /partnerships/teacher-demand/returns', roles: WRITE, types: SCHOOL, owner: 'school', expect: { operator: FORBIDDEN, owner: CREATED, stranger: CREATED },
    request: () => ({ body: { year: 2027, subject: 'physics', teachersNow: 8, retiring: [0, 1, 0, 0, 1], classesNow: 16, classesProjected: [16, 17, 17, 18, 18], weeklyHoursPerClass: 4, weeklyHoursPerTeacher: 18 } }) },
  // A school sees its own returns only; naming another school's id is refused, whoever asks.
  { op: 'GET /partnerships/teacher-demand/returns', owner: 'school', expect: { operator: OK, owner: OK, stranger: FORBIDDEN }, request: (w) => ({ query: { schoolId: w.orgIds.school } }) },
  // Regional forecasts: universities and the operator; a school reads only its own figures.
  { op: 'GET /partnerships/teacher-demand/forecast', owner: 'university', parties: ['school'], expect: { operator: OK, owner: OK, party: FORBIDDEN, stranger: { university: OK, default: FORBIDDEN } },
    request: () => ({ query: { subject: 'mathematics', year: String(new Date().getUTCFullYear()), region: REGION } }) },

  // ---- internships: placements ---------------------------------------------------------------------------
  { op: 'POST /internships/placements', roles: WRITE, types: ENTERPRISE, owner: 'enterprise', expect: { operator: FORBIDDEN, owner: CREATED, stranger: CREATED }, request: (w) => ({ body: w.placementBody() }) },
  { op: 'GET /internships/placements', owner: 'enterprise', expect: EVERYONE_OK, request: () => ({}) },
  { op: 'POST /internships/placements/bulk', roles: WRITE, types: ENTERPRISE, owner: 'enterprise', expect: { operator: FORBIDDEN, owner: CREATED, stranger: CREATED }, request: (w) => ({ body: { placements: [w.placementBody()] } }) },
  // A public placement: everyone signed in sees it.
  { op: 'GET /internships/placements/{placementId}', owner: 'enterprise', expect: EVERYONE_OK, request: (w) => ({ params: { placementId: w.ids.placementId } }) },
  { op: 'PATCH /internships/placements/{placementId}', roles: WRITE, types: ENTERPRISE, owner: 'enterprise', expect: { operator: FORBIDDEN, owner: OK, stranger: FORBIDDEN },
    request: (w) => ({ params: { placementId: w.ids.placementSpareId }, body: { location: 'Workshop 3, Yunusobod' } }) },
  { op: 'POST /internships/placements/{placementId}/close', roles: WRITE, types: ENTERPRISE, owner: 'enterprise', expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, stranger: FORBIDDEN },
    request: (w) => ({ params: { placementId: w.ids.placementSpareId } }) },

  // ---- internships: nominations (the school's and the enterprise's; nobody else's) ---------------------
  // Another school cannot nominate a learner it did not enrol (422 names the learner, not the placement).
  { op: 'POST /internships/nominations', roles: WRITE, types: SCHOOL, owner: 'school', expect: { operator: FORBIDDEN, owner: CREATED_OR_CONFLICT, stranger: 422 },
    request: (w) => ({ body: { placementId: w.ids.placementId, learnerId: w.ids.spareLearnerIds[0], motivation: 'Strong in CNC.' } }) },
  { op: 'GET /internships/nominations', owner: 'school', expect: EVERYONE_OK, request: () => ({}) },
  { op: 'GET /internships/nominations/{nominationId}', owner: 'school', parties: ['enterprise'], expect: { operator: OK, owner: OK, party: OK, stranger: NOT_FOUND },
    request: (w) => ({ params: { nominationId: w.ids.nominationPendingId } }) },
  { op: 'POST /internships/nominations/{nominationId}/accept', roles: WRITE, types: ENTERPRISE, owner: 'enterprise', parties: ['school'], expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, stranger: NOT_FOUND },
    request: (w) => ({ params: { nominationId: w.ids.nominationPendingId } }) },
  { op: 'POST /internships/nominations/{nominationId}/reject', roles: WRITE, types: ENTERPRISE, owner: 'enterprise', parties: ['school'], expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, stranger: NOT_FOUND },
    request: (w) => ({ params: { nominationId: w.ids.nominationPendingId }, body: { reason: 'no seat' } }) },
  { op: 'POST /internships/nominations/{nominationId}/confirm', roles: WRITE, types: SCHOOL, owner: 'school', parties: ['enterprise'], expect: { operator: FORBIDDEN, owner: CREATED_OR_CONFLICT, stranger: NOT_FOUND },
    request: (w) => ({ params: { nominationId: w.ids.nominationAcceptedId }, body: {} }) },

  // ---- internships: internships ----------------------------------------------------------------------------
  { op: 'GET /internships/internships', owner: 'school', expect: EVERYONE_OK, request: () => ({}) },
  { op: 'GET /internships/internships/{internshipId}', owner: 'school', parties: ['enterprise'], expect: { operator: OK, owner: OK, party: OK, stranger: NOT_FOUND },
    request: (w) => ({ params: { internshipId: w.ids.internshipStartedId } }) },
  { op: 'POST /internships/internships/{internshipId}/withdraw', roles: WRITE, types: ['school', 'enterprise'], owner: 'school', parties: ['enterprise'],
    expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, party: DONE_OR_CONFLICT, stranger: NOT_FOUND },
    request: (w) => ({ params: { internshipId: w.ids.internshipConfirmedId }, body: { reason: 'the learner moved' } }) },
  { op: 'POST /internships/internships/{internshipId}/start', roles: WRITE_MENTOR, types: ENTERPRISE, owner: 'enterprise', parties: ['school'], expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, stranger: NOT_FOUND },
    request: (w) => ({ params: { internshipId: w.ids.internshipConfirmedId }, body: {} }) },
  { op: 'POST /internships/internships/{internshipId}/complete', roles: WRITE_MENTOR, types: ENTERPRISE, owner: 'enterprise', parties: ['school'], expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, stranger: NOT_FOUND },
    request: (w) => ({ params: { internshipId: w.ids.internshipStartedId }, body: { hours: 90 } }) },
  { op: 'POST /internships/internships/{internshipId}/cancel', roles: WRITE, types: ['school', 'enterprise'], owner: 'school', parties: ['enterprise'],
    expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, party: DONE_OR_CONFLICT, stranger: NOT_FOUND },
    request: (w) => ({ params: { internshipId: w.ids.internshipStartedId }, body: { reason: 'workshop closed' } }) },
  { op: 'PUT /internships/internships/{internshipId}/evaluation', roles: ['mentor', 'coordinator', 'org_admin'], types: ENTERPRISE, owner: 'enterprise', parties: ['school'],
    expect: { operator: FORBIDDEN, owner: OK, stranger: NOT_FOUND },
    request: (w) => ({ params: { internshipId: w.ids.internshipCompletedId }, body: { scores: [{ competency: 'cnc-setup', score: 5 }, { competency: 'technical-drawing', score: 4 }], hours: 120 } }) },
  { op: 'PUT /internships/internships/{internshipId}/school-assessment', roles: WRITE, types: SCHOOL, owner: 'school', parties: ['enterprise'], expect: { operator: FORBIDDEN, owner: OK, stranger: NOT_FOUND },
    request: (w) => ({ params: { internshipId: w.ids.internshipCompletedId }, body: { grade: 5, comment: 'Excellent' } }) },
  // The summary carries the learner: the learner's school and the operator only.
  { op: 'GET /internships/internships/{internshipId}/summary', types: SCHOOL, owner: 'school', parties: ['enterprise'], expect: { operator: OK, owner: OK, stranger: NOT_FOUND },
    request: (w) => ({ params: { internshipId: w.ids.internshipCompletedId } }) },

  // ---- equipment: resources (a public lab of the university) ------------------------------------------------
  { op: 'POST /equipment/resources', roles: WRITE, owner: 'university', expect: { operator: FORBIDDEN, owner: CREATED, stranger: CREATED }, request: (w) => ({ body: w.resourceBody() }) },
  { op: 'GET /equipment/resources', owner: 'university', expect: EVERYONE_OK, request: () => ({}) },
  { op: 'GET /equipment/resources/{resourceId}', owner: 'university', expect: EVERYONE_OK, request: (w) => ({ params: { resourceId: w.ids.resourceId } }) },
  // Managing it is the owner's: others who can see it get 403.
  { op: 'PATCH /equipment/resources/{resourceId}', roles: WRITE, owner: 'university', expect: { operator: FORBIDDEN, owner: OK, stranger: FORBIDDEN },
    request: (w) => ({ params: { resourceId: w.ids.resourceId }, body: { description: 'Three 3-axis CNC mills and a lathe' } }) },
  { op: 'POST /equipment/resources/{resourceId}/blackouts', roles: WRITE, owner: 'university', expect: { operator: FORBIDDEN, owner: CREATED, stranger: FORBIDDEN },
    request: (w) => ({ params: { resourceId: w.ids.resourceId }, body: { startsAt: instantIn((200 + next()) * DAY), endsAt: instantIn((200 + n) * DAY + HOUR) } }), byCaller: true },
  { op: 'GET /equipment/resources/{resourceId}/blackouts', owner: 'university', expect: EVERYONE_OK, request: (w) => ({ params: { resourceId: w.ids.resourceId } }) },
  { op: 'DELETE /equipment/resources/{resourceId}/blackouts/{blackoutId}', roles: WRITE, owner: 'university', fresh: true, expect: { operator: FORBIDDEN, owner: NO_CONTENT, stranger: FORBIDDEN },
    request: async (w) => ({
      params: { resourceId: w.ids.resourceId, blackoutId: (await w.must('POST', `/equipment/resources/${w.ids.resourceId}/blackouts`, 'university', { startsAt: instantIn((300 + next()) * DAY), endsAt: instantIn((300 + n) * DAY + HOUR) })).id },
    }) },
  { op: 'GET /equipment/resources/{resourceId}/availability', owner: 'university', expect: EVERYONE_OK,
    request: (w) => ({ params: { resourceId: w.ids.resourceId }, query: { from: instantIn(DAY), to: instantIn(3 * DAY) } }) },
  // Anyone it is shared with books (public here); each cell its own slot.
  { op: 'POST /equipment/resources/{resourceId}/bookings', roles: WRITE, owner: 'university', parties: ['school'], byCaller: true, expect: { operator: FORBIDDEN, owner: CREATED, party: CREATED, stranger: CREATED },
    request: (w) => { const at = 20 * DAY + next() * 2 * HOUR; return { params: { resourceId: w.ids.resourceId }, body: { startsAt: instantIn(at), endsAt: instantIn(at + HOUR), purpose: 'practice', participants: 4 } }; } },
  { op: 'GET /equipment/resources/{resourceId}/bookings', owner: 'university', parties: ['school'], expect: { operator: OK, owner: OK, party: FORBIDDEN, stranger: FORBIDDEN }, request: (w) => ({ params: { resourceId: w.ids.resourceId } }) },
  { op: 'POST /equipment/resources/{resourceId}/booking-series', roles: WRITE, owner: 'university', parties: ['school'], byCaller: true, expect: { operator: FORBIDDEN, owner: CREATED, party: CREATED, stranger: CREATED },
    request: (w) => {
      const at = 100 * DAY + next() * 2 * HOUR;
      return { params: { resourceId: w.ids.resourceId }, body: { startsAt: instantIn(at), endsAt: instantIn(at + HOUR), purpose: 'weekly club', participants: 4, frequency: 'weekly', until: dateIn(100 + 15) } };
    } },
  { op: 'GET /equipment/resources/{resourceId}/calendar.ics', owner: 'university', parties: ['school'], expect: { operator: FORBIDDEN, owner: OK, party: FORBIDDEN, stranger: FORBIDDEN },
    request: (w) => ({ params: { resourceId: w.ids.resourceId } }) },
  { op: 'POST /equipment/resources/{resourceId}/withdraw', roles: WRITE, owner: 'university', fresh: true, expect: { operator: FORBIDDEN, owner: OK, stranger: FORBIDDEN },
    request: async (w) => ({ params: { resourceId: (await w.must('POST', '/equipment/resources', 'university', w.resourceBody({ name: `Withdrawn ${next()}` }))).id } }) },

  // ---- equipment: bookings (the holder's school and the resource's owner) -------------------------------------
  { op: 'GET /equipment/bookings', owner: 'school', expect: EVERYONE_OK, request: () => ({}) },
  { op: 'GET /equipment/bookings/calendar.ics', owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: OK }, request: () => ({}) },
  { op: 'GET /equipment/bookings/{bookingId}', owner: 'university', parties: ['school'], expect: { operator: OK, owner: OK, party: OK, stranger: NOT_FOUND },
    request: (w) => ({ params: { bookingId: w.ids.bookingPendingId } }) },
  { op: 'POST /equipment/bookings/{bookingId}/approve', roles: WRITE, owner: 'university', parties: ['school'], expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, party: FORBIDDEN, stranger: NOT_FOUND },
    request: (w) => ({ params: { bookingId: w.ids.bookingPendingId } }) },
  { op: 'POST /equipment/bookings/{bookingId}/reject', roles: WRITE, owner: 'university', parties: ['school'], expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, party: FORBIDDEN, stranger: NOT_FOUND },
    request: (w) => ({ params: { bookingId: w.ids.bookingPendingId }, body: { reason: 'maintenance' } }) },
  { op: 'POST /equipment/bookings/{bookingId}/cancel', roles: WRITE, owner: 'school', parties: ['university'], expect: { operator: FORBIDDEN, owner: DONE_OR_CONFLICT, party: FORBIDDEN, stranger: NOT_FOUND },
    request: (w) => ({ params: { bookingId: w.ids.bookingPendingId } }) },
  { op: 'POST /equipment/bookings/{bookingId}/check-in', roles: WRITE_MENTOR, owner: 'school', parties: ['university'], expect: { operator: FORBIDDEN, owner: OK, party: OK, stranger: NOT_FOUND },
    request: (w) => ({ params: { bookingId: w.ids.bookingApprovedId } }) },
  // The holder checked in, so the owner's release is refused (409), but it is the owner's to try.
  { op: 'POST /equipment/bookings/{bookingId}/no-show', roles: WRITE, owner: 'university', parties: ['school'], expect: { operator: FORBIDDEN, owner: 409, party: FORBIDDEN, stranger: NOT_FOUND },
    request: (w) => ({ params: { bookingId: w.ids.bookingApprovedId } }) },
  { op: 'GET /equipment/usage', owner: 'university', expect: { operator: FORBIDDEN, owner: OK, stranger: OK }, request: () => ({ query: { from: dateIn(-60).slice(0, 7), to: dateIn(60).slice(0, 7) } }) },

  // ---- employment: learners (personal data: the learner's own school only; the operator acts for none) -------
  { op: 'POST /employment/learners', roles: WRITE, types: SCHOOL, owner: 'school', byCaller: true, expect: { operator: FORBIDDEN, owner: CREATED, stranger: CREATED }, request: () => ({ body: learnerBody() }) },
  { op: 'GET /employment/learners', types: SCHOOL, owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: OK }, request: () => ({}) },
  { op: 'POST /employment/learners/bulk', roles: WRITE, types: SCHOOL, owner: 'school', byCaller: true, expect: { operator: FORBIDDEN, owner: CREATED, stranger: CREATED },
    request: () => ({ body: { learners: [learnerBody()] } }) },
  { op: 'GET /employment/learners/{learnerId}', types: SCHOOL, owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: NOT_FOUND }, request: (w) => ({ params: { learnerId: w.ids.learnerId } }) },
  { op: 'PATCH /employment/learners/{learnerId}', roles: WRITE, types: SCHOOL, owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: NOT_FOUND },
    request: (w) => ({ params: { learnerId: w.ids.learnerId }, body: { specialty: 'electrics' } }) },
  { op: 'POST /employment/learners/{learnerId}/erasure', roles: ADMIN, types: SCHOOL, owner: 'school', fresh: true, expect: { operator: FORBIDDEN, owner: OK, stranger: NOT_FOUND },
    request: async (w) => ({ params: { learnerId: (await w.must('POST', '/employment/learners', 'school', learnerBody())).id } }) },
  // Another school listing this school's learner: nobody is graduated (422 unknown-learners).
  { op: 'POST /employment/graduations', roles: WRITE, types: SCHOOL, owner: 'school', expect: { operator: FORBIDDEN, owner: CREATED, stranger: 422 },
    request: (w) => ({ body: { graduatedOn: dateIn(-1), learnerIds: [w.ids.learnerId] } }) },
  // A graduate's status: its school; any enterprise reporting its own hire; a centre following the region.
  { op: 'POST /employment/learners/{learnerId}/status-reports', roles: WRITE, types: ['school', 'enterprise', 'employment_centre'], owner: 'school', parties: ['enterprise', 'centre'],
    expect: { operator: FORBIDDEN, owner: CREATED, party: CREATED, stranger: { school: NOT_FOUND, enterprise: CREATED, employment_centre: NOT_FOUND } },
    request: (w) => ({ params: { learnerId: w.ids.graduateId }, body: { status: 'employed', effectiveOn: dateIn(0) } }) },
  { op: 'GET /employment/learners/{learnerId}/status-reports', types: SCHOOL, owner: 'school', parties: ['enterprise'], expect: { operator: OK, owner: OK, stranger: NOT_FOUND },
    request: (w) => ({ params: { learnerId: w.ids.graduateId } }) },
  { op: 'GET /employment/follow-up-settings', types: SCHOOL, owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: OK }, request: () => ({}) },
  { op: 'PUT /employment/follow-up-settings', roles: ADMIN, types: SCHOOL, owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: OK }, request: () => ({ body: { followUpMonths: [6, 12, 36], overdueAfterDays: 30 } }) },
  { op: 'GET /employment/learners/{learnerId}/follow-ups', types: SCHOOL, owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: NOT_FOUND }, request: (w) => ({ params: { learnerId: w.ids.graduateId } }) },
  { op: 'POST /employment/follow-ups/{followUpId}/self-report-links', roles: WRITE, types: SCHOOL, owner: 'school', expect: { operator: FORBIDDEN, owner: CREATED_OR_CONFLICT, stranger: NOT_FOUND },
    request: async (w) => ({ params: { followUpId: await dueFollowUp(w) }, body: { validForDays: 14 } }) },
  // @Public: the one-time link's own token is the authorisation, whatever bearer comes with it (or none).
  { op: 'POST /employment/self-report', variant: 'a real link', public: true, expect: { all: DONE_OR_CONFLICT },
    request: async (w) => ({ body: { status: 'further_study', effectiveOn: dateIn(0), token: (await w.must('POST', `/employment/follow-ups/${await dueFollowUp(w)}/self-report-links`, 'school', { validForDays: 7 })).token } }) },
  { op: 'POST /employment/self-report', variant: 'a forged link', public: true, expect: { all: 401 },
    request: () => ({ body: { status: 'employed', effectiveOn: dateIn(0), token: 'eyJhbGciOiJub25lIn0.eyJmIjoieCJ9.forged' } }) },
  { op: 'POST /employment/centre-subscriptions', roles: WRITE, types: CENTRE, owner: 'centre', expect: { operator: FORBIDDEN, owner: CREATED, stranger: CREATED }, request: () => ({ body: { region: 'UZ-SA' } }) },
  { op: 'GET /employment/centre-subscriptions', types: CENTRE, owner: 'centre', expect: { operator: FORBIDDEN, owner: OK, stranger: OK }, request: () => ({}) },
  { op: 'DELETE /employment/centre-subscriptions/{region}', roles: WRITE, types: CENTRE, owner: 'centre', fresh: true, expect: { operator: FORBIDDEN, owner: NO_CONTENT, stranger: NOT_FOUND },
    request: async (w) => { await w.must('POST', '/employment/centre-subscriptions', 'centre', { region: 'UZ-FA' }); return { params: { region: 'UZ-FA' } }; } },
  // Aggregates by region: a school is narrowed to itself; a centre needs to follow the region.
  { op: 'GET /employment/outcomes', owner: 'centre', parties: ['school'], expect: { operator: OK, owner: OK, party: OK, stranger: { school: OK, default: FORBIDDEN } }, request: () => ({ query: { region: REGION } }) },

  // ---- notifications ------------------------------------------------------------------------------------------
  { op: 'GET /notifications/directory/organisations/{organisationId}', owner: 'school', expect: { operator: OK, owner: OK, stranger: FORBIDDEN }, request: (w) => ({ params: { organisationId: w.orgIds.school } }) },
  { op: 'POST /notifications/organisations/{organisationId}/webhooks', roles: ADMIN, own: 'organisationId', owner: 'school', expect: { operator: CREATED, owner: CREATED },
    request: (w) => ({ params: { organisationId: w.orgIds.school }, body: { url: 'https://hooks.example.uz/other', eventTypes: ['internships.nomination.accepted'] } }) },
  { op: 'GET /notifications/organisations/{organisationId}/webhooks', roles: ADMIN, own: 'organisationId', owner: 'school', expect: { operator: OK, owner: OK }, request: (w) => ({ params: { organisationId: w.orgIds.school } }) },
  { op: 'GET /notifications/organisations/{organisationId}/webhooks/{webhookId}', roles: ADMIN, own: 'organisationId', owner: 'school', expect: { operator: OK, owner: OK },
    request: (w) => ({ params: { organisationId: w.orgIds.school, webhookId: w.ids.webhookId } }) },
  { op: 'PATCH /notifications/organisations/{organisationId}/webhooks/{webhookId}', roles: ADMIN, own: 'organisationId', owner: 'school', expect: { operator: OK, owner: OK },
    request: (w) => ({ params: { organisationId: w.orgIds.school, webhookId: w.ids.webhookId }, body: { description: 'HR system' } }) },
  { op: 'DELETE /notifications/organisations/{organisationId}/webhooks/{webhookId}', roles: ADMIN, own: 'organisationId', owner: 'school', fresh: true, expect: { operator: NO_CONTENT, owner: NO_CONTENT },
    request: async (w) => ({
      params: { organisationId: w.orgIds.school, webhookId: (await w.must('POST', `/notifications/organisations/${w.orgIds.school}/webhooks`, 'school', { url: 'https://hooks.example.uz/temp', eventTypes: ['internships.nomination.accepted'] }, ADMIN)).id },
    }) },
  { op: 'GET /notifications/organisations/{organisationId}/webhooks/{webhookId}/deliveries', roles: ADMIN, own: 'organisationId', owner: 'school', expect: { operator: OK, owner: OK },
    request: (w) => ({ params: { organisationId: w.orgIds.school, webhookId: w.ids.webhookId } }) },
  { op: 'POST /notifications/organisations/{organisationId}/webhooks/{webhookId}/test', roles: ADMIN, own: 'organisationId', owner: 'school', expect: { operator: 202, owner: 202 },
    request: (w) => ({ params: { organisationId: w.orgIds.school, webhookId: w.ids.webhookId } }) },
  // A person's own inbox and preferences: every member of an organisation has one; the operator none.
  { op: 'GET /notifications/me/inbox', owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: OK }, request: () => ({}) },
  { op: 'GET /notifications/me/inbox/unread-count', owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: OK }, request: () => ({}) },
  { op: 'POST /notifications/me/inbox/{messageId}/read', variant: "someone else's message", owner: 'school', expect: { operator: FORBIDDEN, owner: NOT_FOUND, stranger: NOT_FOUND },
    request: () => ({ params: { messageId: randomUUID() } }) },
  { op: 'POST /notifications/me/inbox/read-all', owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: OK }, request: () => ({}) },
  { op: 'GET /notifications/me/preferences', owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: OK }, request: () => ({}) },
  { op: 'PUT /notifications/me/preferences/{eventType}/{channel}', owner: 'school', expect: { operator: FORBIDDEN, owner: OK, stranger: OK },
    request: () => ({ params: { eventType: 'internships.placement.posted', channel: 'email' }, body: { enabled: false } }) },
  { op: 'GET /notifications/operator/dead-letters', roles: OPERATOR_ONLY, expect: { operator: OK }, request: () => ({}) },
  { op: 'POST /notifications/operator/dead-letters/{deliveryId}/replay', variant: 'an unknown delivery', roles: OPERATOR_ONLY, expect: { operator: NOT_FOUND }, request: () => ({ params: { deliveryId: randomUUID() } }) },
  { op: 'GET /notifications/operator/queue', roles: OPERATOR_ONLY, expect: { operator: OK }, request: () => ({}) },
  { op: 'GET /notifications/operator/board', roles: OPERATOR_ONLY, expect: { operator: OK }, request: () => ({}) },

  // ---- @Public routes kept out of the documents: health, metrics, the documents themselves --------------
  { op: 'GET /health/live', public: true, expect: { all: OK }, request: () => ({}) },
  { op: 'GET /health/ready', public: true, expect: { all: OK }, request: () => ({}) },
  { op: 'GET /metrics', public: true, expect: { all: OK }, request: () => ({}) },
  ...PLATFORM_SERVICES.flatMap((s): MatrixRow[] => [
    { op: `GET /${s}/openapi.json`, public: true, expect: { all: OK }, request: () => ({}) },
    { op: `GET /${s}/docs`, public: true, expect: { all: OK }, request: () => ({}) },
  ]),
];

describe('authorization matrix: every operation × every kind of caller', () => {
  const platform = new TestPlatform([partnershipsService, internshipsService, equipmentService, employmentService, notificationsService]);
  let world: PlatformWorld;
  let operations: ApiOperation[];
  let bad: BadTokens;

  beforeAll(async () => {
    await startConsumersAtTheEnd(createKafka({ brokers: parseBrokers(process.env.KAFKA_BROKERS ?? 'localhost:9092'), clientId: `authz-${randomUUID().slice(0, 8)}` }), platform, PLATFORM_SERVICES);
    await platform.start();
    world = await new PlatformWorld(platform).build();
    operations = listOperations(await fetchOpenApiDocuments(platform.url));
    bad = await badTokens(platform);
    // The notifications directory learns of the school from partnerships' events.
    const operator = await world.token('operator');
    await waitFor(async () => (await platform.http.get(`/notifications/directory/organisations/${world.orgIds.school}`).set('Authorization', `Bearer ${operator}`)).status === 200, 60_000, 'the directory to know the school');
  }, 240_000);
  afterAll(() => platform.stop());

  it('gives every caller exactly the expected answer, and leaks nothing', async () => {
    const client = new RawHttpClient(platform.url, 8);
    const documented = new Set(operations.map((o) => o.key));
    const inTable = new Set(ROWS.map((r) => r.op));
    const withoutRow = operations.filter((o) => !inTable.has(o.key));
    const staleRows = ROWS.filter((r) => !documented.has(r.op) && !r.public && !/^GET \/(health|metrics)/.test(r.op));

    // Operations without a row still get the bad-token columns: each must be 401 (or be documented public).
    const tokenOnly: MatrixRow[] = withoutRow.map((o) => ({
      op: o.key,
      variant: 'no row yet',
      tokensOnly: true,
      public: o.isPublic,
      expect: o.isPublic ? { all: [200, 201, 202, 204, 400, 401, 404, 409, 410, 422] } : {},
      request: () => ({ params: Object.fromEntries(o.pathParams.map((p) => [p.name, world.pathParam(p.name)])) }),
    }));

    const results: CellResult[] = [];
    const lines: string[] = [];
    const started = Date.now();
    for (const row of ROWS) {
      const r = await runRow(row, world, client, bad);
      results.push(...r);
      lines.push(formatRow(row, r));
    }
    for (const row of tokenOnly) results.push(...(await runRow(row, world, client, bad)));
    client.close();

    const unexpected = results.filter((r) => r.unexpected);
    const leaks = results.filter((r) => r.leak);
    console.log(
      [
        `Authorization matrix: ${ROWS.length} rows (${documented.size} documented operations, ${inTable.size} covered), ${results.length} cells in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        `unexpected cells: ${unexpected.length}   leaks (2xx where 401/403/404 was expected): ${leaks.length}   operations without a row: ${withoutRow.length}   stale rows: ${staleRows.length}`,
        'legend: tok = no token, expired, foreign key | op = operator | own:<org>[ACMV] / party:<org>[ACMV] = org_admin, coordinator, mentor, viewer of the owner / a party | sch uni ent ctr trn = the same four roles of an unrelated organisation of each type; ! = unexpected',
        ...lines,
        ...unexpected.slice(0, 60).map((u) => `  UNEXPECTED ${u.row} | ${u.cell} | expected ${u.expected.join('/')} got ${u.actual}${u.leak ? ' (LEAK)' : ''} | ${u.note ?? ''}`),
        ...withoutRow.map((o) => `  NO ROW ${o.key}`),
        ...staleRows.map((r) => `  STALE ROW ${rowName(r)} (not in the documents any more)`),
      ].join('\n'),
    );
    expect(leaks.map((l) => `${l.row} | ${l.cell} | ${l.actual}`)).toEqual([]);
    expect(unexpected.map((u) => `${u.row} | ${u.cell} | expected ${u.expected.join('/')} got ${u.actual} | ${u.note ?? ''}`)).toEqual([]);
    expect(withoutRow.map((o) => o.key)).toEqual([]);
    expect(staleRows.map(rowName)).toEqual([]);
  }, 600_000);
});
