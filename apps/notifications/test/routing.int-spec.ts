import { randomUUID } from 'node:crypto';
import {
  AgreementActivated, AgreementExpired, AgreementExpiring, BookingApproved, BookingCancelled, BookingRejected, BookingReminderDue, BookingRequested,
  EventContract, InternshipCancelled, InternshipWithdrawn, NominationRejected, NominationSubmitted, Role, ClusterMemberJoined, FollowUpDue, FollowUpOverdue, GraduateReferredToCentre,
  InternshipCompleted, InternshipConfirmed, NominationAccepted, OrganisationRegistered, PlacementPosted, SelfReportRequested,
} from '@hamkor/contracts';
import { notificationsService } from '@hamkor/notifications';
import { as, TestPlatform, waitFor } from '@hamkor/testing';
import { NotificationDispatcher } from '../src/routing/dispatcher.service';
import { ruleOf } from '../src/routing/routing-table';
import { rule, staff } from '../src/routing/routing.types';
import { EventBus, expectProblem, fastNotificationSettings, notificationsDb, SmtpSink, WebhookReceiver } from './support';

/**
 * Events from the other services (put on the real Kafka topics) reach the right people by e-mail over
 * real SMTP and in their inbox, and the right organisations' webhooks; preferences, duplicates, quiet hours.
 */
describe('notifications routing: who gets which event, on which channel', () => {
  const smtp = new SmtpSink();
  let platform: TestPlatform;
  let bus: EventBus;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    await smtp.start();
    fastNotificationSettings({ NOTIFY_SMTP_URL: smtp.url });
    platform = await new TestPlatform([notificationsService]).start();
    bus = new EventBus(platform);
    await bus.ready();
  }, 90_000);
  afterAll(async () => {
    await platform?.stop();
    await smtp.stop();
    for (const r of receivers) await r.stop();
  });

  const tokenOf = (person: { personId: string; organisationId: string }, type: 'school' | 'enterprise' | 'employment_centre' = 'school', roles = ['coordinator']) =>
    platform.token({ userId: person.personId, organisationId: person.organisationId, organisationType: type, roles: roles as any });

  async function inboxOf(person: { personId: string; organisationId: string }, query = '') {
    const res = await platform.http.get(`/notifications/me/inbox${query}`).set('Authorization', `Bearer ${await tokenOf(person)}`).expect(200);
    return res.body as { items: Array<{ id: string; eventType: string; subject: string; text: string; readAt: string | null }>; nextCursor?: string };
  }

  async function webhookFor(organisationId: string, type: 'school' | 'enterprise' | 'employment_centre', eventTypes: string[]): Promise<WebhookReceiver> {
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    const admin = await platform.token({ organisationId, organisationType: type, roles: ['org_admin'] });
    const res = await platform.http.post(`/notifications/organisations/${organisationId}/webhooks`).set('Authorization', `Bearer ${admin}`).send({ url: receiver.url, eventTypes }).expect(201);
    receiver.secret = res.body.secret;
    return receiver;
  }

  it("an agreement expiring reaches every party's org_admins by e-mail (in their language) and inbox, and the parties' webhooks", async () => {
    const school = randomUUID();
    const enterprise = randomUUID();
    const [schoolAdmin, schoolCoordinator, enterpriseAdmin, enterpriseViewer] = await bus.people(
      { organisationId: school, roles: ['org_admin'], language: 'ru' },
      { organisationId: school, roles: ['coordinator'] },
      { organisationId: enterprise, roles: ['org_admin', 'mentor'], language: 'uz' },
      { organisationId: enterprise, roles: ['viewer'] },
    );
    const hook = await webhookFor(enterprise, 'enterprise', [AgreementExpiring.type]);
    const agreementId = randomUUID();
    await bus.publish(AgreementExpiring, { ...AgreementExpiring.example, agreementId, parties: [school, enterprise], daysLeft: 30 });

    await waitFor(() => smtp.to(schoolAdmin.email).length === 1 && smtp.to(enterpriseAdmin.email).length === 1 && hook.processed.size === 1, 30000, 'e-mails and webhook');
    const ru = smtp.to(schoolAdmin.email)[0];
    expect(ru.subject).toBe('Соглашение истекает через 30 дн.');
    expect(ru.header('Content-Language')).toBe('ru');
    expect(smtp.to(enterpriseAdmin.email)[0].subject).toBe('Kelishuv 30 kundan keyin tugaydi');
    expect(smtp.to(schoolCoordinator.email)).toHaveLength(0);
    expect(smtp.to(enterpriseViewer.email)).toHaveLength(0);

    const [call] = [...hook.processed.values()];
    expect(call.validSignature).toBe(true);
    expect(call.body).toMatchObject({ type: AgreementExpiring.type, data: { agreementId, daysLeft: 30 } });

    const inbox = await inboxOf(enterpriseAdmin);
    expect(inbox.items).toEqual([expect.objectContaining({ eventType: AgreementExpiring.type, readAt: null })]);
    expect(inbox.items[0].text).toContain(agreementId);
    expect((await inboxOf(schoolCoordinator)).items).toHaveLength(0);
  });

  it("a follow-up due reaches the school's coordinators and the school's webhook; overdue escalates to its org_admins too", async () => {
    const school = randomUUID();
    const [coordinator, admin] = await bus.people({ organisationId: school, roles: ['coordinator'] }, { organisationId: school, roles: ['org_admin'] });
    const hook = await webhookFor(school, 'school', [FollowUpDue.type, FollowUpOverdue.type]);
    const data = { ...FollowUpDue.example, learnerId: randomUUID(), schoolId: school, followUpId: randomUUID() };
    await bus.publish(FollowUpDue, data);
    await waitFor(() => smtp.to(coordinator.email).length === 1 && hook.processed.size === 1, 30000, 'follow-up due');
    expect(smtp.to(coordinator.email)[0].subject).toBe('Graduate follow-up due: 6 months');
    expect(smtp.to(admin.email)).toHaveLength(0);

    const { graduateContactConsented: _c, ...overdue } = data;
    await bus.publish(FollowUpOverdue, overdue);
    await waitFor(() => smtp.to(coordinator.email).length === 2 && smtp.to(admin.email).length === 1 && hook.processed.size === 2, 30000, 'overdue escalation');
    expect(smtp.to(admin.email)[0].subject).toBe('Overdue graduate follow-up: 6 months');
    expect([...hook.processed.values()].map((c) => c.type).sort()).toEqual([FollowUpDue.type, FollowUpOverdue.type].sort());
  });

  it("a graduate referral reaches the subscribed employment centre's webhook only, with the consented contact", async () => {
    const centre = randomUUID();
    const [centreStaff] = await bus.people({ organisationId: centre, roles: ['coordinator', 'org_admin'] });
    const hook = await webhookFor(centre, 'employment_centre', [GraduateReferredToCentre.type]);
    const otherCentre = randomUUID();
    const otherHook = await webhookFor(otherCentre, 'employment_centre', [GraduateReferredToCentre.type]);
    await bus.publish(GraduateReferredToCentre, { ...GraduateReferredToCentre.example, learnerId: randomUUID(), centreId: centre, contact: { email: 'graduate@mail.uz' } });
    await waitFor(() => hook.processed.size === 1, 30000, 'referral webhook');
    expect([...hook.processed.values()][0].body.data).toMatchObject({ centreId: centre, reason: 'unemployed_seeking', contact: { email: 'graduate@mail.uz' } });
    expect(otherHook.calls).toHaveLength(0);
    expect(smtp.to(centreStaff.email)).toHaveLength(0);
  });

  it("a completed internship reaches the school's coordinators, the enterprise's mentors, and both webhooks", async () => {
    const school = randomUUID();
    const enterprise = randomUUID();
    const [coordinator, mentor, enterpriseAdmin] = await bus.people(
      { organisationId: school, roles: ['coordinator'] },
      { organisationId: enterprise, roles: ['mentor'] },
      { organisationId: enterprise, roles: ['org_admin'] },
    );
    const schoolHook = await webhookFor(school, 'school', [InternshipCompleted.type]);
    const enterpriseHook = await webhookFor(enterprise, 'enterprise', [InternshipCompleted.type]);
    await bus.publish(InternshipCompleted, { ...InternshipCompleted.example, internshipId: randomUUID(), schoolId: school, enterpriseId: enterprise });
    await waitFor(
      () => smtp.to(coordinator.email).length === 1 && smtp.to(mentor.email).length === 1 && schoolHook.processed.size === 1 && enterpriseHook.processed.size === 1,
      20000,
      'internship completed',
    );
    expect(smtp.to(enterpriseAdmin.email)).toHaveLength(0);
    expect((await inboxOf(mentor)).items.map((i) => i.eventType)).toEqual([InternshipCompleted.type]);
  });

  async function schools(n: number): Promise<string[]> {
    const ids = Array.from({ length: n }, () => randomUUID());
    await bus.send(OrganisationRegistered, ids.map((id, i) => bus.envelope(OrganisationRegistered, { organisationId: id, type: 'school', name: `School ${i}`, region: 'UZ-TK', verified: true })));
    const db = notificationsDb(platform);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM notifications.organisation WHERE id = ANY($1::uuid[])`, [ids]))[0].n === n, 30000, 'schools in the directory');
    return ids;
  }

  it("a `partners` placement reaches the coordinators of schools with an internships agreement in force with the enterprise, and only them", async () => {
    const enterprise = randomUUID();
    const [partner, expiredPartner, stranger] = await schools(3);
    const [partnerCoord, expiredCoord, strangerCoord] = await bus.people(
      { organisationId: partner, roles: ['coordinator'] }, { organisationId: expiredPartner, roles: ['coordinator'] }, { organisationId: stranger, roles: ['coordinator'] },
    );
    const partnerHook = await webhookFor(partner, 'school', [PlacementPosted.type]);
    const live = { ...AgreementActivated.example, agreementId: randomUUID(), parties: [enterprise, partner], scopes: ['internships' as const] };
    const old = { ...AgreementActivated.example, agreementId: randomUUID(), parties: [enterprise, expiredPartner], scopes: ['internships' as const] };
    await bus.send(AgreementActivated, [bus.envelope(AgreementActivated, live), bus.envelope(AgreementActivated, old)]);
    await bus.publish(AgreementExpired, old);
    const db = notificationsDb(platform);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM notifications.partner_agreement WHERE agreement_id = $1 AND NOT active`, [old.agreementId]))[0].n === 1, 30000, 'agreements');

    await bus.publish(PlacementPosted, { ...PlacementPosted.example, placementId: randomUUID(), enterpriseId: enterprise, visibility: 'partners', title: 'Welding assistant' });
    await waitFor(() => smtp.to(partnerCoord.email).length === 1 && partnerHook.processed.size === 1, 30000, 'the partner school told');
    expect(smtp.to(partnerCoord.email)[0].subject).toBe('New placement: Welding assistant');
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.to(expiredCoord.email)).toHaveLength(0);
    expect(smtp.to(strangerCoord.email)).toHaveLength(0);
  });

  it('a `cluster` placement reaches the coordinators of schools in a cluster with the enterprise; a `public` one is announced to nobody', async () => {
    const enterprise = randomUUID();
    const clusterId = randomUUID();
    const [member, outsider] = await schools(2);
    const [memberCoord, outsiderCoord] = await bus.people({ organisationId: member, roles: ['coordinator'] }, { organisationId: outsider, roles: ['coordinator'] });
    await bus.send(ClusterMemberJoined, [
      bus.envelope(ClusterMemberJoined, { clusterId, organisationId: enterprise, organisationType: 'enterprise', role: 'member' }),
      bus.envelope(ClusterMemberJoined, { clusterId, organisationId: member, organisationType: 'school', role: 'coordinator' }),
    ]);
    const db = notificationsDb(platform);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM notifications.cluster_member WHERE cluster_id = $1 AND active`, [clusterId]))[0].n === 2, 30000, 'cluster');
    await bus.publish(PlacementPosted, { ...PlacementPosted.example, placementId: randomUUID(), enterpriseId: enterprise, visibility: 'public', title: 'Public one' });
    await bus.publish(PlacementPosted, { ...PlacementPosted.example, placementId: randomUUID(), enterpriseId: enterprise, visibility: 'cluster', title: 'Cluster one' });
    await waitFor(() => smtp.to(memberCoord.email).length === 1, 30000, 'the cluster school told');
    expect(smtp.to(memberCoord.email)[0].subject).toBe('New placement: Cluster one');
    expect(smtp.to(outsiderCoord.email)).toHaveLength(0);
  });

  it("a nomination accepted reaches the school's coordinators; an internship confirmed the enterprise's mentors and webhook, and the school coordinator's inbox", async () => {
    const school = randomUUID();
    const enterprise = randomUUID();
    const [coordinator, mentor] = await bus.people({ organisationId: school, roles: ['coordinator'] }, { organisationId: enterprise, roles: ['mentor'] });
    const enterpriseHook = await webhookFor(enterprise, 'enterprise', [InternshipConfirmed.type]);
    const ids = { ...NominationAccepted.example, nominationId: randomUUID(), schoolId: school, enterpriseId: enterprise };
    await bus.publish(NominationAccepted, ids);
    await waitFor(() => smtp.to(coordinator.email).length === 1, 30000, 'acceptance to the school');
    expect(smtp.to(coordinator.email)[0].subject).toBe('Nomination accepted');
    expect(smtp.to(mentor.email)).toHaveLength(0);

    await bus.publish(InternshipConfirmed, { ...InternshipConfirmed.example, internshipId: randomUUID(), nominationId: ids.nominationId, schoolId: school, enterpriseId: enterprise });
    await waitFor(() => smtp.to(mentor.email).length === 1 && enterpriseHook.processed.size === 1, 30000, 'confirmation to the enterprise');
    expect([...enterpriseHook.processed.values()][0].type).toBe(InternshipConfirmed.type);
    expect((await inboxOf(coordinator)).items.map((i) => i.eventType)).toEqual([InternshipConfirmed.type, NominationAccepted.type]);
  });

  it('a booking requested reaches the coordinators and admins of the resource owner', async () => {
    const owner = randomUUID();
    const holder = randomUUID();
    const [ownerAdmin, holderCoord] = await bus.people({ organisationId: owner, roles: ['org_admin'] }, { organisationId: holder, roles: ['coordinator'] });
    await bus.publish(BookingRequested, { ...BookingRequested.example, bookingId: randomUUID(), ownerId: owner, holderId: holder, status: 'pending' });
    await waitFor(() => smtp.to(ownerAdmin.email).length === 1, 30000, 'booking request to the owner');
    expect(smtp.to(ownerAdmin.email)[0].subject).toBe('A booking awaits your approval');
    expect(smtp.to(holderCoord.email)).toHaveLength(0);
  });

  it('every other line of the table: each event reaches exactly the roles it names', async () => {
    // A = the school (or the booking holder), B = the enterprise (or the resource owner).
    const cases: Array<{ contract: EventContract; data: (a: string, b: string) => object; to: string[] }> = [
      { contract: NominationSubmitted, data: (a, b) => ({ ...NominationSubmitted.example, nominationId: randomUUID(), schoolId: a, enterpriseId: b }), to: ['B:coordinator'] },
      { contract: NominationRejected, data: (a, b) => ({ ...NominationRejected.example, nominationId: randomUUID(), schoolId: a, enterpriseId: b }), to: ['A:coordinator'] },
      { contract: InternshipWithdrawn, data: (a, b) => ({ ...InternshipWithdrawn.example, internshipId: randomUUID(), schoolId: a, enterpriseId: b }), to: ['A:coordinator', 'B:mentor'] },
      { contract: InternshipCancelled, data: (a, b) => ({ ...InternshipCancelled.example, internshipId: randomUUID(), schoolId: a, enterpriseId: b }), to: ['A:coordinator', 'B:mentor'] },
      { contract: BookingApproved, data: (a, b) => ({ ...BookingApproved.example, bookingId: randomUUID(), holderId: a, ownerId: b }), to: ['A:coordinator'] },
      { contract: BookingRejected, data: (a, b) => ({ ...BookingRejected.example, bookingId: randomUUID(), holderId: a, ownerId: b }), to: ['A:coordinator'] },
      { contract: BookingCancelled, data: (a, b) => ({ ...BookingCancelled.example, bookingId: randomUUID(), holderId: a, ownerId: b, reason: 'resource_withdrawn' }), to: ['A:coordinator'] },
      { contract: BookingCancelled, data: (a, b) => ({ ...BookingCancelled.example, bookingId: randomUUID(), holderId: a, ownerId: b, reason: 'holder_cancelled' }), to: ['B:coordinator'] },
      { contract: BookingReminderDue, data: (a, b) => ({ ...BookingReminderDue.example, bookingId: randomUUID(), holderId: a, ownerId: b }), to: ['A:coordinator', 'B:coordinator'] },
    ];
    const roles: Role[] = ['coordinator', 'mentor', 'org_admin'];
    const setups = cases.map(() => ({ A: randomUUID(), B: randomUUID() }));
    const people = await bus.people(...setups.flatMap((o) => (['A', 'B'] as const).flatMap((side) => roles.map((r) => ({ organisationId: o[side], roles: [r] })))));
    const who = (i: number, key: string) => {
      const [side, role] = key.split(':') as ['A' | 'B', Role];
      return people[i * 6 + (side === 'A' ? 0 : 3) + roles.indexOf(role)];
    };
    for (const [i, c] of cases.entries()) await bus.publish(c.contract, c.data(setups[i].A, setups[i].B) as never);

    for (const [i, c] of cases.entries()) {
      await waitFor(async () => {
        for (const key of c.to) if ((await inboxOf(who(i, key))).items.length !== 1) return false;
        return true;
      }, 20000, `${c.contract.type} to ${c.to.join(', ')}`);
    }
    for (const [i, c] of cases.entries()) {
      for (const side of ['A', 'B']) {
        for (const role of roles) {
          const key = `${side}:${role}`;
          const items = (await inboxOf(who(i, key))).items;
          expect([c.contract.type, key, items.map((m) => m.eventType)]).toEqual([c.contract.type, key, c.to.includes(key) ? [c.contract.type] : []]);
        }
      }
    }
  });

  it('events of one rule that arrive together each reach their own recipients only, once', async () => {
    const schools = [randomUUID(), randomUUID(), randomUUID()];
    const people = await bus.people(...schools.map((organisationId) => ({ organisationId, roles: ['coordinator' as const] })));
    const hooks = await Promise.all(schools.map((s) => webhookFor(s, 'school', [FollowUpDue.type])));
    const events = Array.from({ length: 12 }, (_, i) => bus.envelope(FollowUpDue, { ...FollowUpDue.example, learnerId: randomUUID(), schoolId: schools[i % 3], followUpId: randomUUID() }));
    await bus.send(FollowUpDue, events); // one message batch: the consumer hands them to the rule together
    await waitFor(() => hooks.every((h) => h.processed.size >= 4) && people.every((p) => smtp.to(p.email).length >= 4), 30000, 'every message');
    await new Promise((r) => setTimeout(r, 500));
    for (const [k, school] of schools.entries()) {
      const mine = events.filter((e) => e.data.schoolId === school).map((e) => e.data.followUpId).sort();
      expect([...hooks[k].processed.values()].map((c) => c.body.data.followUpId).sort()).toEqual(mine);
      expect(hooks[k].calls).toHaveLength(4);
      expect(smtp.to(people[k].email)).toHaveLength(4);
      expect((await inboxOf(people[k])).items).toHaveLength(4);
    }
  });

  it('a redelivered event sends nothing twice, even after its jobs are gone and the inbox check is bypassed', async () => {
    const school = randomUUID();
    const [coordinator] = await bus.people({ organisationId: school, roles: ['coordinator'] });
    const hook = await webhookFor(school, 'school', [FollowUpDue.type]);
    const e = bus.envelope(FollowUpDue, { ...FollowUpDue.example, learnerId: randomUUID(), schoolId: school, followUpId: randomUUID() });
    await bus.send(FollowUpDue, [e, e]); // the same event twice on Kafka
    await waitFor(() => smtp.to(coordinator.email).length >= 1 && hook.processed.size >= 1, 30000, 'first delivery');
    await bus.send(FollowUpDue, [e]);

    // As if the consumer's inbox had lost the event: the routing runs again after the jobs completed and were removed.
    const dispatcher = platform.app.get(NotificationDispatcher, { strict: false });
    const again = await notificationsDb(platform).transaction((tx) => dispatcher.dispatch(ruleOf(FollowUpDue.type)!, [e], tx));
    expect(again).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.to(coordinator.email)).toHaveLength(1);
    expect(hook.calls).toHaveLength(1);
    expect((await inboxOf(coordinator)).items).toHaveLength(1);
  });

  it('a person can mute an event type on one channel, but not a critical one', async () => {
    const school = randomUUID();
    const [coordinator, admin] = await bus.people({ organisationId: school, roles: ['coordinator'] }, { organisationId: school, roles: ['org_admin'] });
    const auth = `Bearer ${await tokenOf(coordinator)}`;
    await platform.http.put(`/notifications/me/preferences/${FollowUpDue.type}/email`).set('Authorization', auth).send({ enabled: false }).expect(200);
    const prefs = await platform.http.get('/notifications/me/preferences').set('Authorization', auth).expect(200);
    expect(prefs.body.items).toEqual(expect.arrayContaining([
      { eventType: FollowUpDue.type, channel: 'email', enabled: false, critical: false },
      { eventType: FollowUpDue.type, channel: 'inbox', enabled: true, critical: false },
      { eventType: FollowUpOverdue.type, channel: 'email', enabled: true, critical: true },
    ]));
    expectProblem(await platform.http.put(`/notifications/me/preferences/${FollowUpOverdue.type}/email`).set('Authorization', auth).send({ enabled: false }), 422, /critical/);
    expectProblem(await platform.http.put(`/notifications/me/preferences/no.such.type/email`).set('Authorization', auth).send({ enabled: false }), 400, /eventType/);
    expectProblem(await platform.http.put(`/notifications/me/preferences/${FollowUpDue.type}/sms`).set('Authorization', auth).send({ enabled: false }), 400, /channel/);
    expectProblem(await platform.http.put(`/notifications/me/preferences/${FollowUpDue.type}/email`).set('Authorization', auth).send({ enabled: 'no' }), 400);

    const data = { ...FollowUpDue.example, learnerId: randomUUID(), schoolId: school, followUpId: randomUUID() };
    await bus.publish(FollowUpDue, data);
    const { graduateContactConsented: _c, ...overdue } = data;
    await bus.publish(FollowUpOverdue, overdue);
    await waitFor(() => smtp.to(admin.email).length === 1, 30000, 'overdue to the admin');
    await waitFor(async () => (await inboxOf(coordinator)).items.length === 2, 30000, 'both in the inbox');
    await waitFor(() => smtp.to(coordinator.email).length === 1, 30000, 'the critical overdue e-mail');
    expect(smtp.to(coordinator.email)[0].subject).toMatch(/Overdue/); // the muted follow-up-due e-mail never came
  });

  it('the inbox: newest first, paginated, unread count, mark read; a person sees only their own', async () => {
    const school = randomUUID();
    const [me, colleague] = await bus.people({ organisationId: school, roles: ['coordinator'] }, { organisationId: school, roles: ['coordinator'] });
    for (let i = 0; i < 3; i++) await bus.publish(FollowUpDue, { ...FollowUpDue.example, learnerId: randomUUID(), schoolId: school, followUpId: randomUUID(), monthsAfter: 6 + i });
    await waitFor(async () => (await inboxOf(me)).items.length === 3, 30000, 'three inbox messages');
    const auth = `Bearer ${await tokenOf(me)}`;
    expect((await platform.http.get('/notifications/me/inbox/unread-count').set('Authorization', auth).expect(200)).body).toEqual({ unread: 3 });

    const first = await inboxOf(me, '?limit=2');
    expect(first.items).toHaveLength(2);
    const second = await inboxOf(me, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeUndefined();
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(3);

    await platform.http.post(`/notifications/me/inbox/${first.items[0].id}/read`).set('Authorization', auth).expect(204);
    expect((await platform.http.get('/notifications/me/inbox/unread-count').set('Authorization', auth)).body).toEqual({ unread: 2 });
    expect((await inboxOf(me, '?unread=true')).items.map((i) => i.id)).not.toContain(first.items[0].id);

    // Someone else's message is not reachable, not even to mark it read.
    const colleagueAuth = `Bearer ${await tokenOf(colleague)}`;
    expectProblem(await platform.http.post(`/notifications/me/inbox/${first.items[1].id}/read`).set('Authorization', colleagueAuth), 404);
    expect((await inboxOf(me, '?unread=true')).items).toHaveLength(2);
    expect((await platform.http.post('/notifications/me/inbox/read-all').set('Authorization', auth).expect(200)).body).toEqual({ marked: 2 });

    expectProblem(await platform.http.get('/notifications/me/inbox').set('Authorization', `Bearer ${await platform.token(as.operator())}`), 403);
    expectProblem(await platform.http.get('/notifications/me/inbox'), 401);
    expectProblem(await platform.http.get('/notifications/me/inbox?cursor=garbage').set('Authorization', auth), 400, /cursor/);
    expectProblem(await platform.http.get('/notifications/me/inbox?limit=1000').set('Authorization', auth), 400, /limit/);
    expectProblem(await platform.http.get('/notifications/me/inbox?unread=maybe').set('Authorization', auth), 400);
    expectProblem(await platform.http.post('/notifications/me/inbox/not-a-uuid/read').set('Authorization', auth), 400);
  });

  it("a follow-up's self-report request e-mails the consenting graduate their one-time link, once, and waits out the quiet hours", async () => {
    const school = randomUUID();
    const learnerId = randomUUID();
    const email = `graduate.${learnerId.slice(0, 8)}@example.uz`;
    const link = `https://hamkor.example.uz/self-report?token=${randomUUID()}`;
    const data = { ...SelfReportRequested.example, learnerId, schoolId: school, followUpId: randomUUID(), link, contact: { email } };
    const e = await bus.publish(SelfReportRequested, data);
    const mail = await smtp.waitFor(email);
    expect(mail.subject).toBe("Bitiruvchilar so'rovi / Опрос выпускников");
    expect(mail.text).toContain(link);
    expect(mail.text).toContain('Прошло 6 мес.');
    // The same event again (a redelivery) sends nothing more.
    await bus.send(SelfReportRequested, [e]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.to(email)).toHaveLength(1);

    // Inside the quiet hours, the graduate's e-mail waits for their end.
    const dispatcher = platform.app.get(NotificationDispatcher, { strict: false }) as any;
    const saved = dispatcher.settings;
    const local = new Date(Date.now() + 5 * 3600_000);
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    dispatcher.settings = { ...saved, NOTIFY_QUIET_START: hhmm(new Date(local.getTime() - 3600_000)), NOTIFY_QUIET_END: hhmm(new Date(local.getTime() + 3600_000)) };
    try {
      const night = bus.envelope(SelfReportRequested, { ...data, learnerId: randomUUID(), followUpId: randomUUID(), contact: { email: `night.${email}` } });
      await notificationsDb(platform).transaction((tx) => dispatcher.dispatch(ruleOf(SelfReportRequested.type), [night], tx));
      const [row] = await notificationsDb(platform).query(`SELECT channel, not_before, status, payload->>'to' AS "to" FROM notifications.delivery WHERE event_id = $1`, [night.id]);
      expect(row).toMatchObject({ channel: 'email', status: 'queued', to: `night.${email}` });
      expect(new Date(row.not_before).getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
    } finally {
      dispatcher.settings = saved;
    }
  });

  it("a learner's message waits out the quiet hours", async () => {
    const school = randomUUID();
    const [person] = await bus.people({ organisationId: school, roles: ['coordinator'] });
    // A window around now (Asia/Tashkent), through the same dispatcher the consumer uses.
    const dispatcher = platform.app.get(NotificationDispatcher, { strict: false }) as any;
    const local = new Date(Date.now() + 5 * 3600_000);
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    dispatcher.settings = { ...dispatcher.settings, NOTIFY_QUIET_START: hhmm(new Date(local.getTime() - 3600_000)), NOTIFY_QUIET_END: hhmm(new Date(local.getTime() + 3600_000)) };
    const learnerRule = rule(FollowUpDue, { people: (d) => [staff([d.schoolId], 'coordinator')], channels: ['email'], quietHours: true });
    const e = bus.envelope(FollowUpDue, { ...FollowUpDue.example, learnerId: randomUUID(), schoolId: school, followUpId: randomUUID() });
    await notificationsDb(platform).transaction((tx) => dispatcher.dispatch(learnerRule, [e], tx));
    const [row] = await notificationsDb(platform).query(`SELECT not_before, status FROM notifications.delivery WHERE event_id = $1`, [e.id]);
    expect(row.status).toBe('queued');
    expect(new Date(row.not_before).getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.to(person.email)).toHaveLength(0);
  });
});
