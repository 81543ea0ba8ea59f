import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { ClusterMemberJoined, ClusterMemberLeft, InternshipCompleted, SelfReportRequested } from '@hamkor/contracts';
import { employmentService } from '@hamkor/employment';
import { as, TestPlatform, waitFor } from '@hamkor/testing';
import { captureLogs, client, isoDaysFromToday, kafka, learnerRow, publishForeign, readTopics, TopicMessage } from './fixtures';

const DAY = 86_400_000;
// employment.graduate_contact.v1 (a consenting graduate's address, for notifications) is checked where it is
// written (the outbox rows, above) and by the platform-wide privacy scan of test/e2e.
const EMPLOYMENT_TOPICS = ['employment.learner.v1', 'employment.graduate.v1', 'employment.centre_referral.v1'];

/**
 * The pathway of graduates, through the real API, PostgreSQL, Redis and Kafka: graduation of cohorts,
 * status reports from each source, follow-ups falling due and overdue, the one-time self-report link,
 * referrals to employment centres by region and consent, erasure, outcome reports checked against
 * figures computed by hand, and what reaches Kafka.
 */
describe('employment: from graduation to outcomes', () => {
  // Every log line of the run, at debug level, is kept and checked for personal data at the end.
  const logs = captureLogs();
  const platform = new TestPlatform([employmentService], { LOG_LEVEL: 'debug' });
  const k = kafka();
  const tag = randomUUID().slice(0, 8);
  let ds: DataSource;
  type Client = Awaited<ReturnType<typeof client>>;
  let schoolA: Client, schoolB: Client, centreSA: Client, centreAN: Client, centreNW: Client, enterprise1: Client, enterprise2: Client;
  const a: string[] = [];
  const b: string[] = [];
  const personal: string[] = [];
  const aRows = [
    learnerRow(tag, 1, { cohortYear: 2025, email: `a1.${tag}@example.uz`, phone: '+998 90 111 11 11', consentFollowUpContact: true, consentShareWithCentre: true }),
    learnerRow(tag, 2, { cohortYear: 2025, email: `a2.${tag}@example.uz`, consentFollowUpContact: true }),
    learnerRow(tag, 3, { cohortYear: 2025, phone: '+998 90 333 33 33' }),
  ];
  const graduatedA = isoDaysFromToday(-10);

  beforeAll(async () => {
    await platform.start();
    ds = platform.app.get<DataSource>(getDataSourceToken('employment'), { strict: false });
    schoolA = await client(platform, as.orgAdmin('school'));
    schoolB = await client(platform, as.orgAdmin('school'));
    centreSA = await client(platform, as.coordinator('employment_centre'));
    centreAN = await client(platform, as.coordinator('employment_centre'));
    centreNW = await client(platform, as.coordinator('employment_centre'));
    enterprise1 = await client(platform, as.orgAdmin('enterprise'));
    enterprise2 = await client(platform, as.orgAdmin('enterprise'));
    await centreSA.post('/centre-subscriptions', { region: 'UZ-SA' }).expect(201);
    await centreAN.post('/centre-subscriptions', { region: 'UZ-AN' }).expect(201);
    await centreNW.post('/centre-subscriptions', { region: 'UZ-NW' }).expect(201);
    for (const r of aRows) personal.push(r.fullName, r.dateOfBirth, ...[r.email, r.phone].filter((x): x is string => typeof x === 'string'));
  });
  afterAll(async () => {
    await platform.stop();
    logs.restore();
  });

  const followUpsOf = async (c: Client, learnerId: string) => (await c.get(`/learners/${learnerId}/follow-ups`).expect(200)).body.items;

  it('graduates a whole cohort in one request and schedules its follow-ups', async () => {
    const enrolled = await schoolA.post('/learners/bulk', { learners: aRows }).expect(201);
    a.push(...enrolled.body.learnerIds);
    const res = await schoolA.post('/graduations', { cohortYear: 2025, specialty: 'electrics', graduatedOn: graduatedA }).expect(201);
    expect(res.body).toEqual({ graduated: 3, alreadyGraduated: 0, followUpsScheduled: 9 });
    const again = await schoolA.post('/graduations', { cohortYear: 2025, graduatedOn: graduatedA }).expect(201);
    expect(again.body).toEqual({ graduated: 0, alreadyGraduated: 3, followUpsScheduled: 0 });

    const plan = await followUpsOf(schoolA, a[0]);
    expect(plan.map((f: { monthsAfter: number; state: string }) => [f.monthsAfter, f.state])).toEqual([[6, 'scheduled'], [12, 'scheduled'], [36, 'scheduled']]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM employment.scheduled_job WHERE kind = 'employment.follow_up.due' AND status = 'pending' AND key = ANY($1)`, [
      (await Promise.all(a.map((id) => followUpsOf(schoolA, id)))).flat().map((f: { id: string }) => `follow-up:${f.id}:due`),
    ]);
    expect(n).toBe(9);

    // A list naming someone else's learner graduates nobody; a future date is refused.
    const foreign = await schoolB.post('/learners', learnerRow(tag, 99, { region: 'UZ-NW' })).expect(201);
    await schoolA.post('/graduations', { learnerIds: [a[0], foreign.body.id], graduatedOn: graduatedA }).expect(422);
    await schoolA.post('/graduations', { cohortYear: 2025, graduatedOn: isoDaysFromToday(3) }).expect(422);
    await schoolA.post('/graduations', { graduatedOn: graduatedA }).expect(400);
  });

  it('makes the 6-month follow-ups due, lets a consenting graduate answer once through a signed link, and escalates the unanswered', async () => {
    const ran = await platform.scheduler('employment').runDue(new Date(Date.now() + 200 * DAY));
    expect(ran).toBeGreaterThanOrEqual(3);
    const sixMonth = await Promise.all(a.map(async (id) => (await followUpsOf(schoolA, id))[0]));
    expect(sixMonth.map((f) => f.state)).toEqual(['due', 'due', 'due']);

    // No link for a graduate who did not agree to be contacted.
    const refused = await schoolA.post(`/follow-ups/${sixMonth[2].id}/self-report-links`, {}).expect(409);
    expect(refused.body.type).toContain('no-contact-consent');
    // Another school cannot issue links for these follow-ups.
    await schoolB.post(`/follow-ups/${sixMonth[0].id}/self-report-links`, {}).expect(404);

    // The graduates who agreed to be contacted and left an e-mail were sent a one-time link when the
    // follow-up fell due (SelfReportRequested, which notifications e-mails); the third was not.
    const requested: Array<{ data: { learnerId: string; link: string; contact: { email: string } } }> = await ds.query(
      `SELECT payload->'data' AS data FROM employment.outbox WHERE event_type = $1 AND payload->'data'->>'followUpId' = ANY($2)`,
      [SelfReportRequested.type, sixMonth.map((f) => f.id)],
    );
    expect(requested.map((r) => [r.data.learnerId, r.data.contact.email]).sort()).toEqual([[a[0], aRows[0].email], [a[1], aRows[1].email]].sort());
    const link = { token: new URL(requested.find((r) => r.data.learnerId === a[0])!.data.link).searchParams.get('token')! };
    const answer = { status: 'unemployed_seeking', effectiveOn: isoDaysFromToday(0), sector: 'energy' };
    // Forged: the right claims under another key; and plain garbage.
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setJti(randomUUID()).setSubject(sixMonth[0].id)
      .setIssuer('hamkor-employment').setAudience('graduate-self-report').setExpirationTime('1h').sign(new TextEncoder().encode('not-the-secret-not-the-secret-xx'));
    await platform.http.post('/employment/self-report').send({ ...answer, token: forged }).expect(401);
    await platform.http.post('/employment/self-report').send({ ...answer, token: 'x'.repeat(40) }).expect(401);
    // A future date is refused without spending the link.
    await platform.http.post('/employment/self-report').send({ ...answer, effectiveOn: isoDaysFromToday(30), token: link.token }).expect(422);
    // Valid: recorded once; the same link again is refused.
    const ok = await platform.http.post('/employment/self-report').send({ ...answer, token: link.token }).expect(200);
    expect(ok.body).toMatchObject({ status: 'unemployed_seeking', recorded: true });
    await platform.http.post('/employment/self-report').send({ ...answer, token: link.token }).expect(409);
    expect((await followUpsOf(schoolA, a[0]))[0].state).toBe('answered');
    const history = await schoolA.get(`/learners/${a[0]}/status-reports`).expect(200);
    expect(history.body.items).toEqual([expect.objectContaining({ status: 'unemployed_seeking', source: 'graduate', sector: 'energy' })]);

    // Expired: the link's time is up (moved back in the database, as time would).
    const late = (await schoolA.post(`/follow-ups/${sixMonth[1].id}/self-report-links`, { validForDays: 1 }).expect(201)).body;
    await ds.query(`UPDATE employment.self_report_link SET expires_at = now() - interval '1 minute' WHERE follow_up_id = $1`, [sixMonth[1].id]);
    await platform.http.post('/employment/self-report').send({ ...answer, token: late.token }).expect(410);

    // 30 days on, the two unanswered follow-ups are overdue; the answered one is not.
    await platform.scheduler('employment').runDue(new Date(Date.now() + 240 * DAY));
    const states = await Promise.all(a.map(async (id) => (await followUpsOf(schoolA, id))[0].state));
    expect(states).toEqual(['answered', 'overdue', 'overdue']);
  });

  it('takes status reports from the school, an enterprise and an employment centre, with the current status the latest by effective date', async () => {
    await schoolB.put('/follow-up-settings', { followUpMonths: [120], overdueAfterDays: 14 }).expect(200);
    expect((await schoolB.get('/follow-up-settings').expect(200)).body).toEqual({ followUpMonths: [120], overdueAfterDays: 14 });
    const rows = [1, 2, 3, 4, 5, 6].map((i) => learnerRow(tag, 100 + i, { region: 'UZ-NW', cohortYear: 2022, specialty: i <= 3 ? 'welding' : 'cooking', dateOfBirth: `1999-0${i}-2${i}` }));
    for (const r of rows) personal.push(r.fullName, r.dateOfBirth);
    b.push(...(await schoolB.post('/learners/bulk', { learners: rows }).expect(201)).body.learnerIds);
    await schoolB.post('/graduations', { learnerIds: b, graduatedOn: '2024-06-30' }).expect(201);
    const [b1, b2, b3, b4, b5] = b;

    await schoolB.post(`/learners/${b1}/status-reports`, { status: 'employed', effectiveOn: '2024-09-30', employerId: enterprise1.caller.organisationId, sector: 'manufacturing' }).expect(201);
    // An enterprise reports its own hire (and nothing else).
    await enterprise2.post(`/learners/${b2}/status-reports`, { status: 'unemployed_seeking', effectiveOn: '2024-12-31' }).expect(422);
    await enterprise2.post(`/learners/${b2}/status-reports`, { status: 'employed', effectiveOn: '2024-12-31', employerId: enterprise1.caller.organisationId }).expect(403);
    const hire = await enterprise2.post(`/learners/${b2}/status-reports`, { status: 'employed', effectiveOn: '2024-12-31' }).expect(201);
    expect(hire.body).toMatchObject({ source: 'enterprise', employerId: enterprise2.caller.organisationId });
    expect(hire.body.fullName).toBeUndefined();
    // Seeking work: the centre of the region hears of it, and later reports the placement.
    await schoolB.post(`/learners/${b3}/status-reports`, { status: 'unemployed_seeking', effectiveOn: '2024-08-01' }).expect(201);
    await centreSA.post(`/learners/${b3}/status-reports`, { status: 'employed', effectiveOn: '2025-06-30' }).expect(404);
    const placement = await centreNW.post(`/learners/${b3}/status-reports`, { status: 'employed', effectiveOn: '2025-06-30' }).expect(201);
    expect(placement.body.source).toBe('employment_centre');
    await schoolB.post(`/learners/${b4}/status-reports`, { status: 'further_study', effectiveOn: '2024-09-01' }).expect(201);
    await schoolB.post(`/learners/${b5}/status-reports`, { status: 'employed', effectiveOn: '2025-01-15' }).expect(201);
    // A late report about an earlier time goes into the history without replacing the current status.
    await schoolB.post(`/learners/${b5}/status-reports`, { status: 'unknown', effectiveOn: '2024-07-01' }).expect(201);
    const b5now = await schoolB.get(`/learners/${b5}`).expect(200);
    expect(b5now.body.currentStatus).toEqual({ status: 'employed', effectiveOn: '2025-01-15' });
    const b5history = await schoolB.get(`/learners/${b5}/status-reports`).expect(200);
    expect(b5history.body.items.map((s: { status: string }) => s.status)).toEqual(['employed', 'unknown']);

    // Statuses are for graduates, and another school's learners are not found.
    await schoolA.post(`/learners/${b1}/status-reports`, { status: 'employed', effectiveOn: '2024-09-30' }).expect(404);
    await schoolA.get(`/learners/${b1}/status-reports`).expect(404);
  });

  it('reports outcomes per school, specialty, region and cluster that match the figures computed by hand', async () => {
    const [b1, b2] = b;
    const e1 = enterprise1.caller.organisationId!;
    // Internships completed at enterprise 1 by b1 and b2: b1 was then hired by it, b2 by someone else.
    for (const learnerId of [b1, b2]) {
      await publishForeign(k, InternshipCompleted, {
        internshipId: randomUUID(), placementId: randomUUID(), enterpriseId: e1, schoolId: schoolB.caller.organisationId, learnerId, specialty: 'welding', completedOn: '2024-05-31', hours: 240,
      });
    }
    const clusterId = randomUUID();
    const university = await client(platform, as.viewer('university'));
    await publishForeign(k, ClusterMemberJoined, { clusterId, organisationId: schoolB.caller.organisationId, organisationType: 'school', role: 'coordinator' });
    await publishForeign(k, ClusterMemberJoined, { clusterId, organisationId: university.caller.organisationId, organisationType: 'university', role: 'anchor' });
    await publishForeign(k, ClusterMemberJoined, { clusterId, organisationId: schoolA.caller.organisationId, organisationType: 'school', role: 'member' });
    await publishForeign(k, ClusterMemberLeft, { clusterId, organisationId: schoolA.caller.organisationId, reason: 'left' });

    // By hand: 6 graduates; current statuses employed b1 b2 b3 b5, further_study b4, none for b6.
    // Months to first job: b1 3 (Jun 30 → Sep 30), b2 6, b3 12, b5 6 → median 6.
    // Internships: b1 and b2; only b1 hired by its host → 1 of 2.
    const expected = {
      graduates: 6, knownStatus: 5, knowledgeRate: 0.8333, employmentRate: 0.8,
      statusBreakdown: { employed: 4, self_employed: 0, further_study: 1, unemployed_seeking: 0, inactive: 0, unknown: 1 },
      medianMonthsToFirstJob: 6,
      internshipToHire: { withInternship: 2, hiredByHost: 1, conversionRate: 0.5 },
    };
    let report: any;
    await waitFor(async () => {
      report = (await schoolB.get('/outcomes').expect(200)).body;
      return report.total.internshipToHire.hiredByHost === 1;
    }, 20_000, 'the internship completions to be recorded');
    expect(report.total).toEqual(expected);

    const bySpecialty = (await schoolB.get('/outcomes?groupBy=specialty').expect(200)).body;
    expect(bySpecialty.total).toEqual(expected);
    expect(bySpecialty.groups).toEqual([
      expect.objectContaining({ key: 'cooking', graduates: 3, knownStatus: 2, knowledgeRate: 0.6667, employmentRate: 0.5, medianMonthsToFirstJob: 6 }),
      expect.objectContaining({ key: 'welding', graduates: 3, knownStatus: 3, knowledgeRate: 1, employmentRate: 1, medianMonthsToFirstJob: 6, internshipToHire: { withInternship: 2, hiredByHost: 1, conversionRate: 0.5 } }),
    ]);
    const welding2022 = (await schoolB.get('/outcomes?specialty=welding&cohortYear=2022').expect(200)).body;
    expect(welding2022.total.graduates).toBe(3);

    // The employment centre of the region sees the region; a centre elsewhere does not.
    expect((await centreNW.get('/outcomes?region=UZ-NW').expect(200)).body.total).toEqual(expected);
    await centreSA.get('/outcomes?region=UZ-NW').expect(403);

    // The cluster: school B and its anchor university; school A left, so it neither counts nor sees.
    let cluster: any;
    await waitFor(async () => {
      const res = await university.get(`/outcomes?clusterId=${clusterId}`);
      cluster = res.body;
      return res.status === 200;
    }, 20_000, 'the cluster membership to arrive');
    expect(cluster.total).toEqual(expected);
    await waitFor(async () => (await schoolA.get(`/outcomes?clusterId=${clusterId}`)).status === 403, 20_000, 'school A to have left');

    // A school sees only its own: school A's figures, and never school B's.
    await schoolA.get(`/outcomes?schoolId=${schoolB.caller.organisationId}`).expect(403);
    const own = (await schoolA.get('/outcomes').expect(200)).body.total;
    expect(own).toMatchObject({ graduates: 3, knownStatus: 1, knowledgeRate: 0.3333, employmentRate: 0, statusBreakdown: expect.objectContaining({ unemployed_seeking: 1, unknown: 2 }) });
    await enterprise1.get('/outcomes').expect(403);
  });

  it('erases a graduate on request and keeps the statistics', async () => {
    const before = (await schoolA.get('/outcomes').expect(200)).body.total;
    const erased = await schoolA.post(`/learners/${a[2]}/erasure`).expect(200);
    expect(erased.body).toMatchObject({ fullName: null, dateOfBirth: null, phone: null, email: null, graduatedOn: graduatedA });
    expect((await schoolA.get('/outcomes').expect(200)).body.total).toEqual(before);
  });

  it('writes no name, birth date or contact into any log line', () => {
    const text = logs.text();
    expect(text).toContain('"msg":"graduation"');
    for (const p of personal) expect({ leaked: text.includes(p) ? p : null }).toEqual({ leaked: null });
  });

  it('puts no name, birth date or contact on Kafka, except consented contact in referrals to the centre of the region', async () => {
    const learnerIds = new Set([...a, ...b]);
    const ours = (m: TopicMessage) => learnerIds.has(m.envelope.data?.learnerId);
    // Only this test's centres: earlier test files in the same run may have centres subscribed to these regions too.
    const centres = new Set([centreSA, centreAN, centreNW].map((c) => c.caller.organisationId));
    const referralsOf = (seen: TopicMessage[]) =>
      seen.filter((m) => m.topic === 'employment.centre_referral.v1' && ours(m) && centres.has(m.envelope.data?.centreId));
    const seen = await readTopics(k, EMPLOYMENT_TOPICS, (s) => {
      const types = s.filter(ours).map((m) => m.envelope.type);
      // Wait for everything asserted below: partitions are read at different speeds.
      return (
        referralsOf(s).length >= 4 &&
        types.includes('employment.learner.erased') &&
        types.filter((t) => t === 'employment.graduate.follow_up_overdue').length >= 2 &&
        types.filter((t) => t === 'employment.graduate.graduated').length >= 9 &&
        types.filter((t) => t === 'employment.graduate.follow_up_due').length >= 3
      );
    });
    const mine = seen.filter(ours);
    expect(mine.filter((m) => m.envelope.type === 'employment.graduate.graduated')).toHaveLength(9);
    const due = mine.filter((m) => m.envelope.type === 'employment.graduate.follow_up_due');
    expect(Object.fromEntries(due.map((m) => [m.envelope.data.learnerId, m.envelope.data.graduateContactConsented]))).toEqual({ [a[0]]: true, [a[1]]: true, [a[2]]: false });

    // Referrals: a1 (seeking, consented to share contact) with contact; a2, a3 (unknown after the overdue follow-up) without; b3 to the UZ-NW centre without.
    const referrals = referralsOf(seen).map((m) => m.envelope.data);
    expect(referrals).toHaveLength(4);
    expect(referrals).toEqual(expect.arrayContaining([
      { learnerId: a[0], schoolId: schoolA.caller.organisationId, specialty: 'electrics', region: 'UZ-SA', cohortYear: 2025, centreId: centreSA.caller.organisationId, reason: 'unemployed_seeking', contact: { email: aRows[0].email, phone: aRows[0].phone } },
      expect.objectContaining({ learnerId: a[1], centreId: centreSA.caller.organisationId, reason: 'unknown_after_follow_up' }),
      expect.objectContaining({ learnerId: a[2], centreId: centreSA.caller.organisationId, reason: 'unknown_after_follow_up' }),
      expect.objectContaining({ learnerId: b[2], centreId: centreNW.caller.organisationId, reason: 'unemployed_seeking' }),
    ]));
    expect(referrals.filter((r) => r.contact).map((r) => r.learnerId)).toEqual([a[0]]);
    expect(referrals.some((r) => r.centreId === centreAN.caller.organisationId)).toBe(false);

    // Nothing else carries personal data: every message, with the consented contact of referrals taken out.
    for (const m of mine) {
      const env = JSON.parse(m.value);
      if (m.topic === 'employment.centre_referral.v1') delete env.data.contact;
      const text = JSON.stringify(env);
      for (const p of personal) expect({ type: m.envelope.type, leaked: text.includes(p) ? p : null }).toEqual({ type: m.envelope.type, leaked: null });
    }
  }, 120_000); // reading the topics from their beginning takes a while on a loaded broker
});
