import { randomUUID } from 'node:crypto';
import { OrganisationType, Role } from '@hamkor/contracts';
import { waitFor } from './messaging-harness';
import { Caller, TestPlatform } from './test-platform';

/**
 * A small but complete world built through the public API of all five services in one platform: two
 * verified organisations of every type (the first takes part in everything below, the second in
 * nothing, so it is always a stranger), a cluster, agreements in several states, an activity, learners
 * and a graduate with a due follow-up, a placement with nominations and internships in each state, a
 * shared resource with a blackout and bookings, a centre subscription and a webhook. Cross-service
 * suites (fuzzing, the authorization matrix) point their requests at these ids.
 */

export const ORG_KEYS = ['school', 'school2', 'university', 'university2', 'enterprise', 'enterprise2', 'centre', 'centre2', 'training', 'training2'] as const;
export type OrgKey = (typeof ORG_KEYS)[number];

export const TYPE_OF: Record<OrgKey, OrganisationType> = {
  school: 'school',
  school2: 'school',
  university: 'university',
  university2: 'university',
  enterprise: 'enterprise',
  enterprise2: 'enterprise',
  centre: 'employment_centre',
  centre2: 'employment_centre',
  training: 'training_centre',
  training2: 'training_centre',
};

/** The organisation of each type that takes part in the world, and the one that never does. */
export const PARTICIPANT: Record<OrganisationType, OrgKey> = { school: 'school', university: 'university', enterprise: 'enterprise', employment_centre: 'centre', training_centre: 'training' };
export const STRANGER: Record<OrganisationType, OrgKey> = { school: 'school2', university: 'university2', enterprise: 'enterprise2', employment_centre: 'centre2', training_centre: 'training2' };

export const ORG_ROLES: readonly Role[] = ['org_admin', 'coordinator', 'mentor', 'viewer'];
export const REGION = 'UZ-TK';

export interface WorldIds {
  personId: string;
  clusterId: string;
  agreementActiveId: string;
  agreementDraftId: string;
  agreementProposedId: string;
  agreementTerminableId: string;
  activityId: string;
  placementId: string;
  /** A placement with no nomination, so its owner can still edit and close it. */
  placementSpareId: string;
  nominationPendingId: string;
  nominationAcceptedId: string;
  internshipConfirmedId: string;
  internshipStartedId: string;
  internshipCompletedId: string;
  resourceId: string;
  blackoutId: string;
  bookingPendingId: string;
  bookingApprovedId: string;
  learnerId: string;
  graduateId: string;
  /** A learner of the participating school that nobody has nominated or graduated yet. */
  spareLearnerIds: string[];
  followUpId: string;
  webhookId: string;
}

const DAY = 86_400_000;
export const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
export const instantIn = (ms: number) => new Date(Date.now() + ms).toISOString();

export interface WorldResponse {
  status: number;
  body: any;
  text: string;
}

export class PlatformWorld {
  readonly orgIds = Object.fromEntries(ORG_KEYS.map((k) => [k, randomUUID()])) as Record<OrgKey, string>;
  ids = {} as WorldIds;
  /** Learners of the participating school enrolled in employment (and, by event, in internships). */
  readonly learnerIds: string[] = [];
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly tag = randomUUID().slice(0, 6);

  constructor(readonly platform: TestPlatform) {}

  caller(org: OrgKey, roles: readonly Role[], userId?: string): Caller {
    return { organisationId: this.orgIds[org], organisationType: TYPE_OF[org], roles: [...roles], userId: userId ?? randomUUID() };
  }

  /** A token per organisation and role set (the same user each time, so per-user state is stable). */
  token(org: OrgKey | 'operator', roles: readonly Role[] = ['org_admin', 'coordinator', 'mentor']): Promise<string> {
    const key = `${org}:${roles.join('+')}`;
    let t = this.tokens.get(key);
    if (!t) {
      t = org === 'operator' ? this.platform.token({ roles: ['platform_admin'], userId: randomUUID() }) : this.platform.token(this.caller(org, roles));
      this.tokens.set(key, t);
    }
    return t;
  }

  async call(method: string, path: string, token: string | null, body?: unknown): Promise<WorldResponse> {
    let req = this.platform.http[method.toLowerCase() as 'get'](path);
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    const res = body === undefined ? await req : await req.send(body as object);
    return { status: res.status, body: res.body, text: res.text };
  }

  /** A call that must succeed while building the world. */
  async must(method: string, path: string, org: OrgKey | 'operator', body?: unknown, roles?: readonly Role[]): Promise<any> {
    const res = await this.call(method, path, await this.token(org, roles), body);
    if (res.status >= 300) throw new Error(`building the world: ${method} ${path} as ${org} answered ${res.status}: ${res.text}`);
    return res.body;
  }

  async build(): Promise<this> {
    await this.organisations();
    // Learners reach internships as events: enrol first, so they travel while the rest is built.
    await this.employment();
    await this.partnerships();
    await this.equipment();
    await this.internships();
    const webhook = await this.must('POST', `/notifications/organisations/${this.orgIds.school}/webhooks`, 'school', {
      url: 'https://hooks.example.uz/hamkor',
      eventTypes: ['partnerships.agreement.expiring'],
      description: 'world webhook',
    });
    this.ids.webhookId = webhook.id;
    return this;
  }

  /**
   * An existing value for a path parameter, by its name (the participating organisation's resources),
   * for suites that walk the OpenAPI documents; unknown names get a fresh uuid.
   */
  pathParam(name: string): string {
    const i = this.ids;
    const known: Record<string, string> = {
      organisationId: this.orgIds.school,
      personId: i.personId,
      clusterId: i.clusterId,
      agreementId: i.agreementActiveId,
      activityId: i.activityId,
      placementId: i.placementId,
      nominationId: i.nominationPendingId,
      internshipId: i.internshipStartedId,
      resourceId: i.resourceId,
      blackoutId: i.blackoutId,
      bookingId: i.bookingPendingId,
      learnerId: i.graduateId,
      followUpId: i.followUpId,
      webhookId: i.webhookId,
      region: REGION,
      eventType: 'internships.placement.posted',
      channel: 'inbox',
    };
    return known[name] ?? randomUUID();
  }

  private async organisations(): Promise<void> {
    for (const key of ORG_KEYS) {
      await this.must('POST', '/partnerships/organisations', key, {
        id: this.orgIds[key],
        type: TYPE_OF[key],
        name: `${key} ${this.tag}`,
        region: REGION,
        contactEmail: `office@${key}-${this.tag}.uz`,
      }, ['org_admin']);
      await this.must('POST', `/partnerships/organisations/${this.orgIds[key]}/verify`, 'operator');
    }
  }

  private async partnerships(): Promise<void> {
    const o = this.orgIds;
    const person = await this.must('POST', `/partnerships/organisations/${o.school}/people`, 'school', { name: 'Malika Tursunova', email: `malika-${this.tag}@school.uz`, roles: ['coordinator'] }, ['org_admin']);
    const cluster = await this.must('POST', '/partnerships/clusters', 'school', { name: `Cluster ${this.tag}`, region: REGION, anchorUniversityId: o.university });
    await this.must('POST', `/partnerships/clusters/${cluster.id}/invitation/accept`, 'university');
    for (const member of ['enterprise', 'training'] as const) {
      await this.must('POST', `/partnerships/clusters/${cluster.id}/invitations`, 'school', { organisationId: o[member] });
      await this.must('POST', `/partnerships/clusters/${cluster.id}/invitation/accept`, member);
    }
    const agreement = async (stage: 'draft' | 'proposed' | 'active') => {
      const a = await this.must('POST', '/partnerships/agreements', 'school', {
        title: `Memorandum ${this.tag}`,
        parties: [o.enterprise],
        scopes: ['internships', 'equipment'],
        startsOn: dateIn(-1),
        endsOn: dateIn(365),
      });
      if (stage === 'draft') return a.id as string;
      await this.must('POST', `/partnerships/agreements/${a.id}/propose`, 'school');
      if (stage === 'proposed') return a.id as string;
      await this.must('POST', `/partnerships/agreements/${a.id}/sign`, 'school', undefined, ['org_admin']);
      await this.must('POST', `/partnerships/agreements/${a.id}/sign`, 'enterprise', undefined, ['org_admin']);
      return a.id as string;
    };
    const activity = await this.must('POST', `/partnerships/clusters/${cluster.id}/activities`, 'school', {
      kind: 'seminar',
      title: 'CNC basics for teachers',
      startsAt: instantIn(30 * DAY),
      endsAt: instantIn(30 * DAY + 2 * 3600_000),
      place: 'Lab 104',
      capacity: 500,
    });
    await this.must('POST', '/partnerships/teacher-demand/returns', 'school', {
      year: new Date().getUTCFullYear(),
      subject: 'mathematics',
      teachersNow: 12,
      retiring: [1, 0, 1, 0, 0],
      classesNow: 24,
      classesProjected: [24, 25, 25, 26, 26],
      weeklyHoursPerClass: 5,
      weeklyHoursPerTeacher: 18,
    });
    Object.assign(this.ids, {
      personId: person.id,
      clusterId: cluster.id,
      agreementActiveId: await agreement('active'),
      agreementDraftId: await agreement('draft'),
      agreementProposedId: await agreement('proposed'),
      agreementTerminableId: await agreement('active'),
      activityId: activity.id,
    });
  }

  private async employment(): Promise<void> {
    const learners = Array.from({ length: 10 }, (_, i) => ({
      schoolRef: `W-${this.tag}-${i}`,
      fullName: `Learner ${i} ${this.tag}`,
      dateOfBirth: '2004-05-17',
      specialty: 'mechatronics',
      cohortYear: 2024,
      expectedGraduation: dateIn(200),
      region: REGION,
      email: `learner${i}-${this.tag}@example.uz`,
      consentFollowUpContact: true,
      consentShareWithCentre: true,
    }));
    const enrolled = await this.must('POST', '/employment/learners/bulk', 'school', { learners });
    this.learnerIds.push(...enrolled.learnerIds);
    // 0-4 go to internships below, 5-7 are spares, 8 stays a learner, 9 graduates.
    const [learnerId, graduateId] = this.learnerIds.slice(-2);
    // Graduated eight months ago: the six-month follow-up is due as soon as the scheduler runs.
    await this.must('POST', '/employment/graduations', 'school', { graduatedOn: dateIn(-240), learnerIds: [graduateId] });
    await this.platform.scheduler('employment').runDue();
    await this.must('POST', '/employment/centre-subscriptions', 'centre', { region: REGION });
    const followUps = await this.must('GET', `/employment/learners/${graduateId}/follow-ups`, 'school');
    const due = followUps.items.find((f: { state: string }) => f.state === 'due' || f.state === 'overdue') ?? followUps.items[0];
    Object.assign(this.ids, { learnerId, graduateId, followUpId: due.id, spareLearnerIds: this.learnerIds.slice(5, 8) });
  }

  /** A valid placement of the participating enterprise (public, far in the future). */
  placementBody(overrides: Record<string, unknown> = {}) {
    return {
      title: 'CNC machining assistant',
      description: 'Set up and run 3-axis CNC mills under a mentor.',
      competencies: ['cnc-setup', 'technical-drawing'],
      specialty: 'mechatronics',
      region: REGION,
      location: 'Workshop 2, Chilonzor',
      capacity: 20,
      startsOn: dateIn(300),
      endsOn: dateIn(330),
      applicationDeadline: instantIn(290 * DAY),
      paid: true,
      visibility: 'public',
      ...overrides,
    };
  }

  private async internships(): Promise<void> {
    const placement = await this.must('POST', '/internships/placements', 'enterprise', this.placementBody());
    const spare = await this.must('POST', '/internships/placements', 'enterprise', this.placementBody({ title: 'Spare placement' }));
    // Learners reach internships as events; nominating works once the first has arrived.
    const nominate = async (learnerId: string) => {
      let res: WorldResponse | undefined;
      await waitFor(async () => {
        res = await this.call('POST', '/internships/nominations', await this.token('school'), { placementId: placement.id, learnerId, motivation: 'Top of the CNC class.' });
        return res.status === 201;
      }, 120_000, `internships to know learner ${learnerId}`).catch(() => {
        throw new Error(`building the world: nominating answered ${res?.status}: ${res?.text}`);
      });
      return res!.body.id as string;
    };
    const [pending, accepted, confirmed, started, completed] = await Promise.all(this.learnerIds.slice(0, 5).map(nominate));
    for (const n of [accepted, confirmed, started, completed]) await this.must('POST', `/internships/nominations/${n}/accept`, 'enterprise');
    const confirm = async (n: string) => (await this.must('POST', `/internships/nominations/${n}/confirm`, 'school', {})).id as string;
    const internshipConfirmedId = await confirm(confirmed);
    const internshipStartedId = await confirm(started);
    const internshipCompletedId = await confirm(completed);
    for (const i of [internshipStartedId, internshipCompletedId]) await this.must('POST', `/internships/internships/${i}/start`, 'enterprise', {});
    await this.must('POST', `/internships/internships/${internshipCompletedId}/complete`, 'enterprise', { hours: 120 });
    Object.assign(this.ids, {
      placementId: placement.id,
      placementSpareId: spare.id,
      nominationPendingId: pending,
      nominationAcceptedId: accepted,
      internshipConfirmedId,
      internshipStartedId,
      internshipCompletedId,
    });
  }

  /** A valid resource listing: a lab open around the clock, shared publicly, bookings need approval. */
  resourceBody(overrides: Record<string, unknown> = {}) {
    return {
      kind: 'lab',
      name: `CNC lab ${this.tag}`,
      description: 'Three 3-axis CNC mills',
      location: 'Building B, room 104',
      region: REGION,
      capacity: 16,
      timeZone: 'Asia/Tashkent',
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
      sharingScope: 'public',
      approvalRequired: true,
      ...overrides,
    };
  }

  private async equipment(): Promise<void> {
    const resource = await this.must('POST', '/equipment/resources', 'university', this.resourceBody());
    const blackout = await this.must('POST', `/equipment/resources/${resource.id}/blackouts`, 'university', { startsAt: instantIn(60 * DAY), endsAt: instantIn(61 * DAY), reason: 'maintenance' });
    const book = (startsIn: number) =>
      this.must('POST', `/equipment/resources/${resource.id}/bookings`, 'school', { startsAt: instantIn(startsIn), endsAt: instantIn(startsIn + 3600_000), purpose: 'CNC practice', participants: 10 });
    const pending = await book(10 * DAY);
    // Starts in five minutes: check-in is open.
    const approved = await book(5 * 60_000);
    await this.must('POST', `/equipment/bookings/${approved.id}/approve`, 'university');
    Object.assign(this.ids, { resourceId: resource.id, blackoutId: blackout.id, bookingPendingId: pending.id, bookingApprovedId: approved.id });
  }
}
