import { randomInt } from 'node:crypto';
import {
  AgreementExpired,
  AgreementExpiring,
  BookingApproved,
  BookingReminderDue,
  BookingRequested,
  dlqTopicName,
  FollowUpDue,
  GraduateReferredToCentre,
  GraduateStatusReported,
  InternshipConfirmed,
  LearnerGraduated,
  NominationAccepted,
  NominationSubmitted,
  SelfReportRequested,
  TOPICS,
} from '@hamkor/contracts';
import { employmentService } from '@hamkor/employment';
import { equipmentService } from '@hamkor/equipment';
import { internshipsService } from '@hamkor/internships';
import { notificationsService } from '@hamkor/notifications';
import { partnershipsService } from '@hamkor/partnerships';
import {
  databaseClock,
  dateFromToday,
  expectStatus,
  FlowOrg,
  HamkorService,
  HamkorWorld,
  LearnerPersonalData,
  privacyScan,
  schedulerClock,
  ServiceProcesses,
  SmtpSink,
  startConsumerGroupsAtEnd,
  TestPlatform,
  TopicTap,
  uniqueRegion,
  verifyStandardWebhook,
  waitFor,
  WebhookReceiver,
} from '@hamkor/testing';

/**
 * The flows of DOMAIN.md "Flows that must work end to end", driven only through the public HTTP API and
 * observed only from outside: the public API, a real webhook receiver that checks Standard Webhooks
 * signatures, a real SMTP server, and the Kafka topics. Each flow runs twice: every service in one
 * process, then one OS process per service. Time-dependent steps move the services' scheduled jobs
 * forward (the scheduler in process; its table in the per-process mode). Last, a privacy scan of every
 * message the run put on the platform's topics.
 */
const SERVICES: HamkorService[] = ['partnerships', 'internships', 'equipment', 'employment', 'notifications'];
const DAY = 86_400_000;

/**
 * Each mode's consumer groups are new and start at the topics' current end: the flows cause every event
 * they need, and the shared broker's history of other runs (hundreds of thousands of events) is not theirs
 * to replay (it would cost each mode tens of seconds before the first flow could be served).
 */
interface Running {
  world: HamkorWorld;
  stop(): Promise<void>;
  diagnostics(): string;
}

const MODES: Array<{ name: string; start(): Promise<Running> }> = [
  {
    name: 'all services in one process',
    async start() {
      const platform = new TestPlatform([partnershipsService, internshipsService, equipmentService, employmentService, notificationsService]);
      await platform.start(); // its consumer groups start at the topics' end
      return { world: new HamkorWorld(() => platform.url, schedulerClock(platform)), stop: () => platform.stop(), diagnostics: () => '' };
    },
  },
  {
    name: 'one process per service',
    async start() {
      const processes = new ServiceProcesses(SERVICES);
      await startConsumerGroupsAtEnd(SERVICES.map((s) => `${processes.groupPrefix}.${s}`));
      try {
        await processes.start();
      } catch (err) {
        await processes.stop();
        throw err;
      }
      return {
        world: new HamkorWorld((service) => processes.urlOf(service), databaseClock()),
        stop: () => processes.stop(),
        diagnostics: () => SERVICES.map((s) => `--- ${s}\n${processes.output(s)}`).join('\n'),
      };
    },
  },
];

describe.each(MODES)('end-to-end flows ($name)', (mode) => {
  const smtp = new SmtpSink();
  const receivers: WebhookReceiver[] = [];
  const learners: LearnerPersonalData[] = [];
  const ownIds: string[] = [];
  let running: Running | undefined;
  let world: HamkorWorld;
  let tap: TopicTap;

  const savedEnv = { ...process.env };

  beforeAll(async () => {
    await smtp.start();
    // Read by the notifications service at its start, in this process or in the child processes.
    // No quiet hours (an empty window): graduates' e-mails go out whatever the time of the run.
    Object.assign(process.env, { NOTIFY_SMTP_URL: smtp.url, NOTIFY_RETRY_BASE_MS: '200', NOTIFY_RETRY_FACTOR: '2', NOTIFY_QUIET_START: '00:00', NOTIFY_QUIET_END: '00:00' });
    running = await mode.start();
    world = running.world;
    // Every platform topic and its dead-letter topic, from now on.
    tap = await TopicTap.open(TOPICS.flatMap((t) => [t.name, dlqTopicName(t.name)]));
  }, 150_000);

  afterAll(async () => {
    await tap?.close();
    await running?.stop();
    for (const r of receivers) await r.stop();
    await smtp.stop();
    process.env = savedEnv;
  }, 60_000);

  /** On a failure in the per-process mode, the services' own last words. */
  async function step<T>(what: () => Promise<T>): Promise<T> {
    try {
      return await what();
    } catch (err) {
      const extra = running?.diagnostics();
      if (extra) (err as Error).message += `\n\nservice output:\n${extra}`;
      throw err;
    }
  }

  async function receiver(): Promise<WebhookReceiver> {
    const r = await new WebhookReceiver().start();
    receivers.push(r);
    return r;
  }

  /** Organisations registered unverified, their people added, then verified: the directory has the people once it shows them verified. */
  async function organisations(...specs: Array<{ type: FlowOrg['type']; region?: string }>): Promise<FlowOrg[]> {
    const orgs: FlowOrg[] = [];
    for (const s of specs) orgs.push(await world.organisation(s.type, { region: s.region, verified: false }));
    ownIds.push(...orgs.map((o) => o.id));
    return orgs;
  }
  async function verifyAll(...orgs: FlowOrg[]): Promise<void> {
    for (const o of orgs) await world.verify(o);
    await Promise.all(orgs.map((o) => world.awaitDirectory(o)));
  }

  /** A learner's enrolment as a school types it; every personal value is unique to the run, so the privacy scan can look for each. */
  function learnerRow(extra: Partial<LearnerPersonalData> & { consentFollowUpContact?: boolean; region?: string; specialty?: string; cohortYear?: number } = {}) {
    return {
      schoolRef: `E2E-${letters(8).toUpperCase()}`,
      fullName: `${pick('ADGMNSZ')}${letters(6)} ${pick('BKMNRSTU')}${letters(7)}ova`,
      dateOfBirth: `${2001 + randomInt(4)}-0${1 + randomInt(9)}-${10 + randomInt(18)}`,
      specialty: extra.specialty ?? 'mechatronics',
      cohortYear: extra.cohortYear ?? 2023,
      expectedGraduation: dateFromToday(0),
      region: extra.region ?? 'UZ-TK',
      ...(extra.email ? { email: extra.email } : {}),
      ...(extra.phone ? { phone: extra.phone } : {}),
      consentFollowUpContact: extra.consentFollowUpContact ?? false,
      consentShareWithCentre: extra.consentShareWithCentre ?? false,
    };
  }
  function remember(row: ReturnType<typeof learnerRow>, learnerId: string): void {
    learners.push({ learnerId, fullName: row.fullName, dateOfBirth: row.dateOfBirth, email: row.email, phone: row.phone, consentShareWithCentre: row.consentShareWithCentre, consentFollowUp: row.consentFollowUpContact });
    ownIds.push(learnerId);
  }

  function placementBody(visibility: 'public' | 'partners' | 'cluster', title: string) {
    return {
      title,
      description: 'Set up and run 3-axis CNC mills under a mentor.',
      competencies: ['cnc-setup', 'technical-drawing'],
      specialty: 'mechatronics',
      region: 'UZ-TK',
      location: 'Workshop 2, Chilonzor industrial zone',
      capacity: 2,
      startsOn: dateFromToday(120),
      endsOn: dateFromToday(180),
      applicationDeadline: new Date(Date.now() + 100 * DAY).toISOString(),
      paid: true,
      visibility,
    };
  }

  async function placementsSeenBy(org: FlowOrg, enterpriseId: string): Promise<string[]> {
    const res = await expectStatus(org.admin.get(`/internships/placements?enterpriseId=${enterpriseId}&limit=100`), 200);
    return res.body.items.map((p: { id: string }) => p.id).sort();
  }

  it('an enterprise posts a partners placement; only its agreement partner sees it, nominates, the enterprise accepts, the school confirms; the enterprise webhook and the school coordinator are told', () =>
    step(async () => {
      const [school, stranger, enterprise] = await organisations({ type: 'school' }, { type: 'school' }, { type: 'enterprise' });
      const coordinator = await world.person(school, ['coordinator']);
      const strangerCoordinator = await world.person(stranger, ['coordinator']);
      const mentor = await world.person(enterprise, ['mentor']);
      const hook = await receiver();
      await world.webhook(enterprise, hook, [NominationSubmitted.type, InternshipConfirmed.type]);
      await verifyAll(school, stranger, enterprise);

      const agreement = await world.signedAgreement(enterprise, [school], ['internships'], { endsOn: dateFromToday(365) });
      expect(agreement).toMatchObject({ status: 'active', parties: expect.arrayContaining([school.id, enterprise.id]), scopes: ['internships'] });

      const row = learnerRow();
      const learner = (await expectStatus(school.admin.post('/employment/learners', row), 201)).body;
      remember(row, learner.id);

      const placement = (await expectStatus(enterprise.admin.post('/internships/placements', placementBody('partners', 'CNC machining assistant')), 201)).body;
      expect(placement).toMatchObject({ visibility: 'partners', status: 'open', enterpriseId: enterprise.id });

      // Only the school with an active internships agreement sees it; another school does not, by search or by id.
      await waitFor(async () => (await placementsSeenBy(school, enterprise.id)).includes(placement.id), 30_000, 'the partner school to see the partners placement');
      expect((await expectStatus(school.admin.get(`/internships/placements/${placement.id}`), 200)).body.id).toBe(placement.id);
      expect(await placementsSeenBy(stranger, enterprise.id)).toEqual([]);
      await expectStatus(stranger.admin.get(`/internships/placements/${placement.id}`), 404);

      // The school nominates its learner (internships learns of the enrolment from employment's event).
      let nominated: any;
      await waitFor(async () => {
        nominated = await school.admin.post('/internships/nominations', { placementId: placement.id, learnerId: learner.id, motivation: 'Top of the CNC class this year.' });
        return nominated.status !== 422;
      }, 30_000, 'internships to know the enrolled learner');
      expect(nominated.status).toBe(201);
      const nomination = nominated.body;
      await hook.waitFor(NominationSubmitted.type, (b) => b.data.nominationId === nomination.id);

      const accepted = await expectStatus(enterprise.admin.post(`/internships/nominations/${nomination.id}/accept`), 200);
      expect(accepted.body.status).toBe('accepted');
      await world.awaitInbox(coordinator, NominationAccepted.type, (t) => t.includes(nomination.id));

      const confirmed = await expectStatus(school.admin.post(`/internships/nominations/${nomination.id}/confirm`, {}), 201);
      const internship = confirmed.body;
      expect(internship).toMatchObject({ status: 'confirmed', placementId: placement.id, schoolId: school.id, enterpriseId: enterprise.id, learnerId: learner.id });

      // The enterprise's system gets the signed event; the school's coordinator gets it in the inbox and by e-mail.
      const call = await hook.waitFor(InternshipConfirmed.type, (b) => b.data.internshipId === internship.id);
      expect(call.validSignature).toBe(true);
      // The receiver's check is a real one: another body or another secret does not verify.
      expect(verifyStandardWebhook(hook.secret, call.headers, call.raw.replace(internship.id, placement.id))).toBe(false);
      expect(verifyStandardWebhook(`whsec_${Buffer.from('not the secret of this endpoint').toString('base64')}`, call.headers, call.raw)).toBe(false);
      expect(call.body.data).toMatchObject({ internshipId: internship.id, placementId: placement.id, enterpriseId: enterprise.id, schoolId: school.id, learnerId: learner.id, nominationId: nomination.id });
      const message = await world.awaitInbox(coordinator, InternshipConfirmed.type, (t) => t.includes(internship.id));
      expect(message).toMatchObject({ subject: 'Internship confirmed', readAt: null });
      await smtp.waitFor(coordinator.email, (m) => m.subject === 'Internship confirmed');
      await smtp.waitFor(mentor.email, (m) => m.subject === 'Internship confirmed');
      await world.awaitInbox(mentor, InternshipConfirmed.type, (t) => t.includes(internship.id));

      // On Kafka, under the internship's id; and each recipient was told once.
      const event = await tap.waitFor(InternshipConfirmed.type, (d) => d.internshipId === internship.id);
      expect(event.subject).toBe(internship.id);
      expect(hook.ofType(InternshipConfirmed.type).filter((c) => c.body.data.internshipId === internship.id)).toHaveLength(1);
      expect(smtp.to(coordinator.email).filter((m) => m.subject === 'Internship confirmed')).toHaveLength(1);
      expect(hook.calls.every((c) => c.validSignature)).toBe(true);
      // The school without an agreement heard nothing of this placement.
      expect(await world.inbox(strangerCoordinator)).toEqual([]);
    }), 90_000);

  it('a school graduates a cohort; at 6 months a graduate e-mailed a one-time link reports unemployed_seeking; the centre of the region hears it on Kafka and its webhook, reports a job, and the outcome report shows it', () =>
    step(async () => {
      const region = uniqueRegion();
      const otherRegion = uniqueRegion();
      const [school, centre, otherCentre] = await organisations({ type: 'school', region }, { type: 'employment_centre', region }, { type: 'employment_centre', region: otherRegion });
      const schoolCoordinator = await world.person(school, ['coordinator']);
      await verifyAll(school, centre, otherCentre);
      await expectStatus(centre.admin.post('/employment/centre-subscriptions', { region }), 201);
      await expectStatus(otherCentre.admin.post('/employment/centre-subscriptions', { region: otherRegion }), 201);
      const centreHook = await receiver();
      const otherCentreHook = await receiver();
      await world.webhook(centre, centreHook, [GraduateReferredToCentre.type]);
      await world.webhook(otherCentre, otherCentreHook, [GraduateReferredToCentre.type]);

      const specialty = `welding-${letters(5)}`;
      const phone = `+998 9${randomInt(10)} ${100 + randomInt(900)} ${10 + randomInt(90)} ${10 + randomInt(90)}`;
      const rows = [
        learnerRow({ region, specialty, email: `${letters(10)}@mail.example.uz`, phone, consentFollowUpContact: true, consentShareWithCentre: true }),
        learnerRow({ region, specialty, email: `${letters(10)}@mail.example.uz`, phone: `+998 71 ${100 + randomInt(900)} ${10 + randomInt(90)} ${10 + randomInt(90)}`, consentFollowUpContact: true }),
        learnerRow({ region, specialty }),
      ];
      const enrolled = (await expectStatus(school.admin.post('/employment/learners/bulk', { learners: rows }), 201)).body;
      const [seeker, secondSeeker, silent] = enrolled.learnerIds as string[];
      rows.forEach((r, i) => remember(r, enrolled.learnerIds[i]));

      const graduation = await expectStatus(school.admin.post('/employment/graduations', { cohortYear: 2023, specialty, graduatedOn: dateFromToday(0) }), 201);
      expect(graduation.body).toEqual({ graduated: 3, alreadyGraduated: 0, followUpsScheduled: 9 });
      const followUps = async (id: string) => (await expectStatus(school.admin.get(`/employment/learners/${id}/follow-ups`), 200)).body.items as Array<{ id: string; monthsAfter: number; state: string }>;
      expect((await followUps(seeker)).map((f) => [f.monthsAfter, f.state])).toEqual([[6, 'scheduled'], [12, 'scheduled'], [36, 'scheduled']]);
      await tap.waitFor(LearnerGraduated.type, (d) => d.learnerId === silent);

      // Six months on: the first follow-up of each graduate is due (and only that one).
      await world.clock.runDue('employment', new Date(Date.now() + 200 * DAY));
      await waitFor(async () => (await followUps(seeker))[0].state === 'due', 20_000, 'the 6-month follow-up to be due');
      expect((await followUps(seeker)).map((f) => [f.monthsAfter, f.state])).toEqual([[6, 'due'], [12, 'scheduled'], [36, 'scheduled']]);
      const due = await tap.waitFor(FollowUpDue.type, (d) => d.learnerId === seeker);
      expect(due.data).toMatchObject({ monthsAfter: 6, schoolId: school.id, region, graduateContactConsented: true });
      await world.awaitInbox(schoolCoordinator, FollowUpDue.type, (t) => t.includes(seeker));

      // The graduate agreed to be contacted: notifications e-mails them a one-time link, and they answer
      // through it (unemployed and seeking work); a second answer through the same link is refused.
      const mail = await smtp.waitFor(rows[0].email!, (m) => m.text.includes('token='));
      const token = new URL(/https?:\/\/\S+/.exec(mail.text)![0]).searchParams.get('token')!;
      expect((await tap.waitFor(SelfReportRequested.type, (d) => d.learnerId === seeker)).data).toMatchObject({ schoolId: school.id, monthsAfter: 6, contact: { email: rows[0].email } });
      const anonymous = await world.as();
      const answered = await expectStatus(anonymous.post('/employment/self-report', { token, status: 'unemployed_seeking', effectiveOn: dateFromToday(0) }), 200);
      expect(answered.body).toMatchObject({ status: 'unemployed_seeking', recorded: true });
      expect((await followUps(seeker))[0].state).toBe('answered');
      await expectStatus(anonymous.post('/employment/self-report', { token, status: 'employed', effectiveOn: dateFromToday(0) }), 409);
      // The graduate without an address (and so without a link) is asked through the school only.
      expect(tap.events(SelfReportRequested.type, (d) => d.learnerId === silent)).toEqual([]);

      // Kafka: the status event, and the referral addressed to the centre of the region, with the consented contact.
      const reported = await tap.waitFor(GraduateStatusReported.type, (d) => d.learnerId === seeker);
      expect(reported.data).toMatchObject({ status: 'unemployed_seeking', source: 'graduate', region, schoolId: school.id });
      const referral = await tap.waitFor(GraduateReferredToCentre.type, (d) => d.learnerId === seeker);
      expect(referral.data).toMatchObject({ centreId: centre.id, reason: 'unemployed_seeking', region, contact: { email: rows[0].email, phone } });
      // The centre's webhook gets it, signed; the centre of another region does not.
      const call = await centreHook.waitFor(GraduateReferredToCentre.type, (b) => b.data.learnerId === seeker);
      expect(call.validSignature).toBe(true);
      expect(call.body.data).toMatchObject({ centreId: centre.id, learnerId: seeker, reason: 'unemployed_seeking', contact: { email: rows[0].email, phone } });

      // The school reports another graduate seeking work; that one did not consent to share a contact.
      await expectStatus(school.admin.post(`/employment/learners/${secondSeeker}/status-reports`, { status: 'unemployed_seeking', effectiveOn: dateFromToday(0) }), 201);
      const second = await centreHook.waitFor(GraduateReferredToCentre.type, (b) => b.data.learnerId === secondSeeker);
      expect(second.body.data.contact).toBeUndefined();

      // The centre finds the graduate a job and reports it; a centre of another region cannot.
      await expectStatus(otherCentre.admin.post(`/employment/learners/${seeker}/status-reports`, { status: 'employed', effectiveOn: dateFromToday(0) }), 404);
      const placed = await expectStatus(centre.admin.post(`/employment/learners/${seeker}/status-reports`, { status: 'employed', effectiveOn: dateFromToday(0), sector: 'manufacturing' }), 201);
      expect(placed.body).toMatchObject({ status: 'employed', source: 'employment_centre' });
      await tap.waitFor(GraduateStatusReported.type, (d) => d.learnerId === seeker && d.status === 'employed' && d.source === 'employment_centre');

      // The school's outcome report for that cohort shows the job.
      const outcomes = (await expectStatus(school.admin.get(`/employment/outcomes?specialty=${specialty}&cohortYear=2023`), 200)).body;
      expect(outcomes.total).toMatchObject({
        graduates: 3,
        knownStatus: 2,
        employmentRate: 0.5,
        statusBreakdown: { employed: 1, self_employed: 0, further_study: 0, unemployed_seeking: 1, inactive: 0, unknown: 1 },
        medianMonthsToFirstJob: 0,
      });
      expect(otherCentreHook.calls).toEqual([]);
      expect(tap.events(GraduateReferredToCentre.type, (d) => d.centreId === otherCentre.id && [seeker, secondSeeker, silent].includes(d.learnerId))).toEqual([]);
    }), 90_000);

  it('a university lists a lab for its cluster; a member school books a slot; an overlapping request gets 409; the owner approves; a reminder is delivered before the slot', () =>
    step(async () => {
      const [university, school, otherMember, outsider] = await organisations({ type: 'university' }, { type: 'school' }, { type: 'school' }, { type: 'enterprise' });
      const holderCoordinator = await world.person(school, ['coordinator']);
      const ownerCoordinator = await world.person(university, ['coordinator']);
      const hook = await receiver();
      await world.webhook(school, hook, [BookingApproved.type, BookingReminderDue.type]);
      await verifyAll(university, school, otherMember, outsider);
      await world.cluster(school, university, [otherMember]);

      const lab = (
        await expectStatus(
          university.admin.post('/equipment/resources', {
            kind: 'lab',
            name: `Robotics lab ${letters(5)}`,
            region: 'UZ-TK',
            capacity: 16,
            timeZone: 'Asia/Tashkent',
            openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
            sharingScope: 'cluster',
            approvalRequired: true,
            reminderMinutes: 60,
          }),
          201,
        )
      ).body;
      for (const member of [school, otherMember]) {
        await waitFor(async () => (await member.admin.get(`/equipment/resources/${lab.id}`)).status === 200, 30_000, 'cluster members to see the lab');
      }
      await expectStatus(outsider.admin.get(`/equipment/resources/${lab.id}`), 404);

      const day = dateFromToday(3);
      const slot = { startsAt: `${day}T10:00:00+05:00`, endsAt: `${day}T12:00:00+05:00` };
      const booked = await expectStatus(school.admin.post(`/equipment/resources/${lab.id}/bookings`, { ...slot, purpose: 'Grade 10 robotics club', participants: 10 }), 201);
      const booking = booked.body;
      expect(booking).toMatchObject({ status: 'pending', holderId: school.id, ownerId: university.id });
      await world.awaitInbox(ownerCoordinator, BookingRequested.type, (t) => t.includes(lab.id));

      const overlapping = await otherMember.admin.post(`/equipment/resources/${lab.id}/bookings`, { startsAt: `${day}T11:00:00+05:00`, endsAt: `${day}T13:00:00+05:00`, purpose: 'Olympiad preparation', participants: 5 });
      expect(overlapping.status).toBe(409);
      expect(overlapping.headers['content-type']).toContain('application/problem+json');
      expect(overlapping.body).toMatchObject({ status: 409, conflictingSlot: { startsAt: new Date(slot.startsAt).toISOString(), endsAt: new Date(slot.endsAt).toISOString() } });

      const approved = await expectStatus(university.admin.post(`/equipment/bookings/${booking.id}/approve`), 200);
      expect(approved.body.status).toBe('approved');
      await hook.waitFor(BookingApproved.type, (b) => b.data.bookingId === booking.id);
      expect(hook.ofType(BookingReminderDue.type)).toEqual([]);

      // Half an hour before the slot (the reminder is due an hour before): the holder is reminded.
      const travelTo = new Date(Date.parse(slot.startsAt) - 30 * 60_000);
      await world.clock.runDue('equipment', travelTo);
      const reminder = await hook.waitFor(BookingReminderDue.type, (b) => b.data.bookingId === booking.id);
      expect(reminder.validSignature).toBe(true);
      expect(reminder.body.data).toMatchObject({ bookingId: booking.id, resourceId: lab.id, holderId: school.id, minutesBefore: 60, startsAt: new Date(slot.startsAt).toISOString() });
      expect(Date.parse(reminder.body.data.startsAt)).toBeGreaterThan(travelTo.getTime());
      await smtp.waitFor(holderCoordinator.email, (m) => m.subject === 'Booking starts in 60 minutes');
      await world.awaitInbox(holderCoordinator, BookingReminderDue.type, (t) => t.includes(lab.id));
      await tap.waitFor(BookingReminderDue.type, (d) => d.bookingId === booking.id);
      expect(hook.ofType(BookingReminderDue.type)).toHaveLength(1);
    }), 90_000);

  it("a cluster's agreement nears expiry and its parties are reminded; once it has expired, the enterprise's partners placements are no longer visible to the school", () =>
    step(async () => {
      const [university, school, enterprise, stranger] = await organisations({ type: 'university' }, { type: 'school' }, { type: 'enterprise' }, { type: 'school' });
      const schoolAdmin = await world.person(school, ['org_admin']);
      const enterpriseAdmin = await world.person(enterprise, ['org_admin']);
      const schoolHook = await receiver();
      const enterpriseHook = await receiver();
      await world.webhook(school, schoolHook, [AgreementExpiring.type]);
      await world.webhook(enterprise, enterpriseHook, [AgreementExpiring.type]);
      await verifyAll(university, school, enterprise, stranger);
      await world.cluster(school, university, [enterprise]);

      const endsOn = dateFromToday(60);
      const agreement = await world.signedAgreement(school, [enterprise, university], ['internships', 'equipment'], { endsOn });
      expect(agreement.status).toBe('active');
      const partners = (await expectStatus(enterprise.admin.post('/internships/placements', placementBody('partners', 'Partners-only CNC placement')), 201)).body;
      const clusterOnly = (await expectStatus(enterprise.admin.post('/internships/placements', placementBody('cluster', 'Cluster CNC placement')), 201)).body;
      await waitFor(async () => (await placementsSeenBy(school, enterprise.id)).length === 2, 30_000, 'the school to see both placements');
      expect(await placementsSeenBy(school, enterprise.id)).toEqual([partners.id, clusterOnly.id].sort());
      expect(await placementsSeenBy(stranger, enterprise.id)).toEqual([]);

      // 32 days on, the agreement ends within 30 days: every party's org_admins and webhooks are reminded.
      await world.clock.runDue('partnerships', new Date(Date.now() + 32 * DAY));
      for (const [hook, party] of [[schoolHook, school], [enterpriseHook, enterprise]] as const) {
        const call = await hook.waitFor(AgreementExpiring.type, (b) => b.data.agreementId === agreement.id);
        expect(call.validSignature).toBe(true);
        expect(call.body.data).toMatchObject({ agreementId: agreement.id, endsOn, parties: expect.arrayContaining([party.id]) });
        // 30 when the job runs at its time; the days really left when it runs late (the per-process time travel moves it to now).
        expect(call.body.data.daysLeft).toBeGreaterThanOrEqual(30);
        expect(call.body.data.daysLeft).toBeLessThanOrEqual(61);
      }
      for (const admin of [schoolAdmin, enterpriseAdmin]) {
        await smtp.waitFor(admin.email, (m) => /^Agreement expires in \d+ days$/.test(m.subject));
        await world.awaitInbox(admin, AgreementExpiring.type, (t) => t.includes(agreement.id));
      }
      await tap.waitFor(AgreementExpiring.type, (d) => d.agreementId === agreement.id);
      expect((await expectStatus(school.admin.get(`/partnerships/agreements/${agreement.id}`), 200)).body.status).toBe('active');
      expect(await placementsSeenBy(school, enterprise.id)).toEqual([partners.id, clusterOnly.id].sort());

      // Past its end date it expires: the partners placement disappears for the school; the cluster one stays.
      await world.clock.runDue('partnerships', new Date(Date.now() + 62 * DAY));
      await waitFor(async () => (await expectStatus(school.admin.get(`/partnerships/agreements/${agreement.id}`), 200)).body.status === 'expired', 20_000, 'the agreement to expire');
      await tap.waitFor(AgreementExpired.type, (d) => d.agreementId === agreement.id);
      await waitFor(async () => !(await placementsSeenBy(school, enterprise.id)).includes(partners.id), 30_000, 'the partners placement to disappear for the school');
      expect(await placementsSeenBy(school, enterprise.id)).toEqual([clusterOnly.id]);
      await expectStatus(school.admin.get(`/internships/placements/${partners.id}`), 404);
      // The reminder went out once per recipient.
      expect(schoolHook.ofType(AgreementExpiring.type)).toHaveLength(1);
      expect(smtp.to(schoolAdmin.email).filter((m) => m.subject.startsWith('Agreement expires'))).toHaveLength(1);
    }), 90_000);

  it("privacy: no learner's name, date of birth, e-mail or phone in any message put on the platform's topics, except a consented contact in a centre referral or a self-report request", () =>
    step(async () => {
      await tap.drain();
      expect(learners.length).toBeGreaterThanOrEqual(4);
      // The scan is not vacuous: it read this run's events, including the one allowed contact.
      const ours = tap.messages.filter((m) => ownIds.some((id) => m.value.includes(id)));
      expect([...new Set(ours.map((m) => m.topic))]).toEqual(
        expect.arrayContaining([
          'partnerships.organisation.v1', 'partnerships.person.v1', 'partnerships.agreement.v1', 'partnerships.cluster.v1', 'employment.learner.v1', 'employment.graduate.v1',
          'employment.centre_referral.v1', 'internships.placement.v1', 'internships.nomination.v1', 'internships.internship.v1', 'equipment.resource.v1', 'equipment.booking.v1',
        ]),
      );
      const consented = learners.find((l) => l.consentShareWithCentre)!;
      expect(ours.some((m) => m.envelope?.type === GraduateReferredToCentre.type && m.envelope.data.contact?.email === consented.email)).toBe(true);

      expect(privacyScan(tap.messages, learners, ownIds)).toEqual([]);
      // The scan finds what it looks for: the same referral, had the graduate not consented.
      const withoutConsent = learners.map((l) => ({ ...l, consentShareWithCentre: false }));
      expect(privacyScan(ours, withoutConsent, ownIds).length).toBeGreaterThan(0);
    }), 60_000);
});

function letters(n: number): string {
  return Array.from({ length: n }, () => pick('abcdefghijklmnopqrstuvwxyz')).join('');
}

function pick(from: string): string {
  return from[randomInt(from.length)];
}
