import { randomUUID } from 'node:crypto';
import { internshipsService } from '@hamkor/internships';
import { as, Caller, TestPlatform } from '@hamkor/testing';
import { dateIn, expectProblem, InternshipsWorld } from './support/internships-world';

/** From nomination to evaluated internship, through the real HTTP API, Kafka and the scheduler. */
describe('nominations, confirmation and the internship lifecycle', () => {
  const world = new InternshipsWorld(new TestPlatform([internshipsService]));
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  const enterprise = as.coordinator('enterprise');
  const otherEnterprise = as.coordinator('enterprise');
  const school = as.coordinator('school');
  const otherSchool = as.coordinator('school');
  const consent = { obtainedOn: dateIn(-1), documentRef: 'CONSENT-2027-0142' };

  async function accepted(placementId: string, opts: { minor?: boolean } = {}) {
    const [learner] = await world.enrol(school.organisationId!, opts);
    const n = await world.nominate(school, placementId, learner);
    expect(n.status).toBe(201);
    expect((await world.post(enterprise, `/nominations/${n.body.id}/accept`)).status).toBe(200);
    return { nominationId: n.body.id as string, learnerId: learner };
  }

  async function confirmed(placementOverrides: Record<string, unknown> = {}) {
    const p = await world.postPlacement(enterprise, placementOverrides);
    const { nominationId, learnerId } = await accepted(p.id);
    const res = await world.post(school, `/nominations/${nominationId}/confirm`);
    expect(res.status).toBe(201);
    return { placement: p, internship: res.body, learnerId };
  }

  it('a school nominates only learners it enrolled (known from employment events), each once per placement', async () => {
    const p = await world.postPlacement(enterprise);
    const [mine, erased] = await world.enrol(school.organisationId!, { count: 2 });
    const [theirs] = await world.enrol(otherSchool.organisationId!);

    const n = await world.nominate(school, p.id, mine);
    expect(n.status).toBe(201);
    expect(n.body).toMatchObject({ placementId: p.id, learnerId: mine, schoolId: school.organisationId, enterpriseId: enterprise.organisationId, status: 'pending' });
    const [event] = await world.published('internships.nomination.submitted', n.body.id);
    expect(event).toEqual({ nominationId: n.body.id, placementId: p.id, enterpriseId: enterprise.organisationId, schoolId: school.organisationId, learnerId: mine });

    expectProblem(await world.nominate(school, p.id, mine), 409, /already nominated/);
    expectProblem(await world.nominate(school, p.id, theirs), 422, /enrolled/);
    expectProblem(await world.nominate(school, p.id, randomUUID()), 422, /enrolled/);
    await world.erase(school.organisationId!, erased);
    expectProblem(await world.nominate(school, p.id, erased), 422, /enrolled/);

    expectProblem(await world.nominate(enterprise, p.id, mine), 403);
    expectProblem(await world.nominate({ ...school, roles: ['viewer'] }, p.id, mine), 403);
    expectProblem(await world.post(school, '/nominations', { placementId: p.id, learnerId: mine }), 400, /motivation/);
    expectProblem(await world.post(school, '/nominations', { placementId: 'nope', learnerId: mine, motivation: 'A fine motivation text.' }), 400, /placementId/);
  });

  it('nobody sees the nominations of others', async () => {
    const p = await world.postPlacement(enterprise);
    const [learner] = await world.enrol(school.organisationId!);
    const n = (await world.nominate(school, p.id, learner)).body;

    expect((await world.get(school, `/nominations/${n.id}`)).status).toBe(200);
    expect((await world.get(enterprise, `/nominations/${n.id}`)).status).toBe(200);
    expect((await world.get(as.operator(), `/nominations/${n.id}`)).status).toBe(200);
    expectProblem(await world.get(otherSchool, `/nominations/${n.id}`), 404);
    expectProblem(await world.get(otherEnterprise, `/nominations/${n.id}`), 404);
    expectProblem(await world.post(otherEnterprise, `/nominations/${n.id}/accept`), 404);
    expect((await world.get(otherSchool, `/nominations?placementId=${p.id}`)).body.items).toEqual([]);
    expect((await world.get(otherEnterprise, `/nominations?placementId=${p.id}`)).body.items).toEqual([]);
    expect((await world.get(enterprise, `/nominations?placementId=${p.id}`)).body.items.map((x: any) => x.id)).toEqual([n.id]);
  });

  it('lists nominations newest first, page by page', async () => {
    const p = await world.postPlacement(enterprise);
    const learners = await world.enrol(school.organisationId!, { count: 3 });
    const made: string[] = [];
    for (const l of learners) made.push((await world.nominate(school, p.id, l)).body.id);
    const first = await world.get(school, `/nominations?placementId=${p.id}&limit=2`);
    const second = await world.get(school, `/nominations?placementId=${p.id}&limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((x: any) => x.id)).toEqual([...made].reverse());
    expect(second.body.nextCursor).toBeUndefined();
    expect((await world.get(enterprise, `/nominations?placementId=${p.id}&status=accepted`)).body.items).toEqual([]);
  });

  it('the enterprise accepts or rejects (with a reason); a decision is final', async () => {
    const p = await world.postPlacement(enterprise, { capacity: 2 });
    const [a, b] = await world.enrol(school.organisationId!, { count: 2 });
    const na = (await world.nominate(school, p.id, a)).body;
    const nb = (await world.nominate(school, p.id, b)).body;

    expectProblem(await world.post(enterprise, `/nominations/${na.id}/reject`, {}), 400, /reason/);
    expectProblem(await world.post(school, `/nominations/${na.id}/accept`), 403);
    const rejected = await world.post(enterprise, `/nominations/${na.id}/reject`, { reason: 'needs welding experience' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'needs welding experience' });
    expect(await world.published('internships.nomination.rejected', na.id)).toEqual([expect.objectContaining({ reason: 'needs welding experience' })]);
    expectProblem(await world.post(enterprise, `/nominations/${na.id}/accept`), 409, /rejected/);

    const acceptedRes = await world.post(enterprise, `/nominations/${nb.id}/accept`);
    expect(acceptedRes.body.status).toBe('accepted');
    expect(await world.published('internships.nomination.accepted', nb.id)).toEqual([expect.objectContaining({ seatsLeft: 1 })]);
    expectProblem(await world.post(enterprise, `/nominations/${nb.id}/accept`), 409);
    expectProblem(await world.post(enterprise, `/nominations/${nb.id}/reject`, { reason: 'changed our mind' }), 409);
    expect((await world.get(enterprise, `/placements/${p.id}`)).body).toMatchObject({ acceptedCount: 1, status: 'open' });
  });

  it('the school confirms an accepted nomination (guardian consent for a minor), which creates the internship', async () => {
    const p = await world.postPlacement(enterprise);
    const [pendingLearner] = await world.enrol(school.organisationId!);
    const pending = (await world.nominate(school, p.id, pendingLearner)).body;
    expectProblem(await world.post(school, `/nominations/${pending.id}/confirm`), 409, /accepted/);

    const { nominationId, learnerId } = await accepted(p.id, { minor: true });
    expectProblem(await world.post(school, `/nominations/${nominationId}/confirm`), 422, /guardian/);
    expectProblem(await world.post(school, `/nominations/${nominationId}/confirm`, { guardianConsent: { obtainedOn: 'yesterday' } }), 400);
    expectProblem(await world.post(enterprise, `/nominations/${nominationId}/confirm`, { guardianConsent: consent }), 403);
    expectProblem(await world.post(otherSchool, `/nominations/${nominationId}/confirm`, { guardianConsent: consent }), 404);

    const key = `confirm-${randomUUID()}`;
    const res = await world.post(school, `/nominations/${nominationId}/confirm`, { guardianConsent: consent }, { 'Idempotency-Key': key });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'confirmed', learnerId, placementId: p.id, startsOn: p.startsOn, endsOn: p.endsOn, guardianConsent: expect.objectContaining(consent) });
    const replay = await world.post(school, `/nominations/${nominationId}/confirm`, { guardianConsent: consent }, { 'Idempotency-Key': key });
    expect(replay.body.id).toBe(res.body.id);
    expectProblem(await world.post(school, `/nominations/${nominationId}/confirm`, { guardianConsent: consent }), 409, /confirmed/);

    expect(await world.published('internships.internship.confirmed', res.body.id)).toEqual([
      expect.objectContaining({ internshipId: res.body.id, nominationId, learnerId, guardianConsentRecorded: true }),
    ]);
    expect((await world.get(school, `/nominations/${nominationId}`)).body.status).toBe('confirmed');
    expect((await world.get(enterprise, `/internships/${res.body.id}`)).body.id).toBe(res.body.id);
    expectProblem(await world.get(otherSchool, `/internships/${res.body.id}`), 404);
    expectProblem(await world.get(otherEnterprise, `/internships/${res.body.id}`), 404);
    expect((await world.get(school, '/internships?status=confirmed&limit=100')).body.items.map((i: any) => i.id)).toContain(res.body.id);
  });

  it('either side withdraws before the start with a reason; the seat goes back to the placement', async () => {
    const { placement, internship } = await confirmed({ capacity: 1 });
    expect((await world.get(enterprise, `/placements/${placement.id}`)).body).toMatchObject({ status: 'filled', acceptedCount: 1 });
    expectProblem(await world.post(school, `/internships/${internship.id}/withdraw`, {}), 400, /reason/);
    expectProblem(await world.post(otherSchool, `/internships/${internship.id}/withdraw`, { reason: 'not ours' }), 404);

    const res = await world.post(enterprise, `/internships/${internship.id}/withdraw`, { reason: 'the workshop is being rebuilt' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'withdrawn', endedBy: 'enterprise', endedReason: 'the workshop is being rebuilt' });
    expect(await world.published('internships.internship.withdrawn', internship.id)).toEqual([expect.objectContaining({ withdrawnBy: 'enterprise' })]);
    expect((await world.get(enterprise, `/placements/${placement.id}`)).body).toMatchObject({ status: 'open', acceptedCount: 0 });
    expectProblem(await world.post(school, `/internships/${internship.id}/withdraw`, { reason: 'again' }), 409);
    expectProblem(await world.post(enterprise, `/internships/${internship.id}/start`), 409);
  });

  it('starts and completes on its dates by itself; evaluation, school assessment and the summary follow', async () => {
    await world.register(enterprise.organisationId!, 'enterprise', 'Uzbek Machine-Building Plant');
    await world.register(school.organisationId!, 'school', 'Tashkent Vocational College No. 3');
    const { internship } = await confirmed({ startsOn: dateIn(10), endsOn: dateIn(40), applicationDeadline: new Date(Date.now() + 5 * 86400_000).toISOString() });
    const path = `/internships/${internship.id}`;
    const scheduler = world.platform.scheduler('internships');

    expectProblem(await world.put(enterprise, `${path}/evaluation`, { scores: [{ competency: 'cnc-setup', score: 4 }], hours: 10 }), 409, /started/);
    expectProblem(await world.get(school, `${path}/summary`), 409, /completed/);

    await scheduler.runDue(new Date(`${internship.startsOn}T01:00:00Z`));
    expect((await world.get(school, path)).body).toMatchObject({ status: 'started', startedOn: internship.startsOn });
    expect(await world.published('internships.internship.started', internship.id)).toEqual([expect.objectContaining({ startedOn: internship.startsOn })]);

    const mentor: Caller = { ...enterprise, roles: ['mentor'] };
    expectProblem(await world.put(mentor, `${path}/evaluation`, { scores: [{ competency: 'cnc-setup', score: 4 }], hours: 300 }), 422, /technical-drawing/);
    expectProblem(await world.put(mentor, `${path}/evaluation`, { scores: [{ competency: 'cnc-setup', score: 4 }, { competency: 'juggling', score: 5 }], hours: 300 }), 422, /juggling/);
    expectProblem(await world.put(mentor, `${path}/evaluation`, { scores: [{ competency: 'cnc-setup', score: 6 }], hours: 300 }), 400);
    expectProblem(await world.put(school, `${path}/evaluation`, { scores: [{ competency: 'cnc-setup', score: 4 }], hours: 300 }), 403);
    const ev = await world.put(mentor, `${path}/evaluation`, {
      scores: [{ competency: 'cnc-setup', score: 4 }, { competency: 'technical-drawing', score: 5 }],
      hours: 312,
      comment: 'Careful & quick to learn',
    });
    expect(ev.status).toBe(200);
    expect(await world.published('internships.internship.evaluated', internship.id)).toEqual([expect.objectContaining({ by: 'enterprise', averageScore: 4.5, hours: 312 })]);

    await scheduler.runDue(new Date(Date.parse(`${internship.endsOn}T00:00:00Z`) + 2 * 86400_000));
    expect((await world.get(enterprise, path)).body).toMatchObject({ status: 'completed', completedOn: internship.endsOn });
    expect(await world.published('internships.internship.completed', internship.id)).toEqual([
      { internshipId: internship.id, placementId: internship.placementId, enterpriseId: enterprise.organisationId, schoolId: school.organisationId, learnerId: internship.learnerId, specialty: 'mechatronics', completedOn: internship.endsOn, hours: 312 },
    ]);

    expect((await world.put(school, `${path}/school-assessment`, { grade: 5, comment: 'Report defended with distinction.' })).status).toBe(200);
    expectProblem(await world.put(school, `${path}/school-assessment`, { grade: 0 }), 400);

    const summary = await world.get(school, `${path}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      internshipId: internship.id,
      learnerId: internship.learnerId,
      school: { id: school.organisationId, name: 'Tashkent Vocational College No. 3' },
      enterprise: { id: enterprise.organisationId, name: 'Uzbek Machine-Building Plant' },
      hours: 312,
      enterpriseEvaluation: { scores: { 'cnc-setup': 4, 'technical-drawing': 5 }, averageScore: 4.5, comment: 'Careful & quick to learn' },
      schoolAssessment: { grade: 5 },
      period: { startedOn: internship.startsOn, completedOn: internship.endsOn },
    });
    const html = await world.get(school, `${path}/summary?format=html`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('Uzbek Machine-Building Plant');
    expect(html.text).toContain('Careful &amp; quick to learn');
    expectProblem(await world.get(school, `${path}/summary?format=pdf`), 400);
    expectProblem(await world.get(enterprise, `${path}/summary`), 403);
    expectProblem(await world.get(otherSchool, `${path}/summary`), 404);
  });

  it('the enterprise records the start and the completion early or late; wrong moves are refused', async () => {
    const { internship } = await confirmed();
    const path = `/internships/${internship.id}`;
    expectProblem(await world.post(enterprise, `${path}/complete`), 409, /started/);
    expectProblem(await world.post(enterprise, `${path}/cancel`, { reason: 'never mind' }), 409, /withdraw/);
    expectProblem(await world.post(school, `${path}/start`), 403);
    expectProblem(await world.post(otherEnterprise, `${path}/start`), 404);
    expectProblem(await world.post(enterprise, `${path}/start`, { startedOn: dateIn(3) }), 422, /future/);

    const started = await world.post(enterprise, `${path}/start`, { startedOn: dateIn(-2) });
    expect(started.body).toMatchObject({ status: 'started', startedOn: dateIn(-2) });
    expectProblem(await world.post(enterprise, `${path}/start`), 409);
    expectProblem(await world.post(school, `${path}/withdraw`, { reason: 'too late for that' }), 409);
    expectProblem(await world.post(enterprise, `${path}/complete`, { completedOn: dateIn(-5) }), 422, /before the start/);

    const done = await world.post(enterprise, `${path}/complete`, { hours: 40 });
    expect(done.body).toMatchObject({ status: 'completed', completedOn: dateIn(0) });
    expectProblem(await world.post(enterprise, `${path}/cancel`, { reason: 'oops' }), 409);
    expectProblem(await world.post(enterprise, `${path}/complete`), 409);

    // The jobs of its planned dates find nothing left to do: still one start, one completion.
    await world.platform.scheduler('internships').runDue(new Date(Date.parse(`${internship.endsOn}T00:00:00Z`) + 2 * 86400_000));
    expect(await world.published('internships.internship.started', internship.id)).toHaveLength(1);
    expect(await world.published('internships.internship.completed', internship.id)).toEqual([expect.objectContaining({ hours: 40, completedOn: dateIn(0) })]);
  });

  it('either side cancels a started internship with a reason; it is then final', async () => {
    const { internship } = await confirmed();
    const path = `/internships/${internship.id}`;
    await world.post(enterprise, `${path}/start`);
    const res = await world.post(school, `${path}/cancel`, { reason: 'the learner fell ill' });
    expect(res.body).toMatchObject({ status: 'cancelled', endedBy: 'school', endedReason: 'the learner fell ill' });
    expect(await world.published('internships.internship.cancelled', internship.id)).toEqual([expect.objectContaining({ cancelledBy: 'school' })]);
    expectProblem(await world.post(enterprise, `${path}/cancel`, { reason: 'again' }), 409);
    expectProblem(await world.post(enterprise, `${path}/complete`), 409);
    expectProblem(await world.put(enterprise, `${path}/evaluation`, { scores: [{ competency: 'cnc-setup', score: 4 }, { competency: 'technical-drawing', score: 5 }], hours: 1 }), 409);
  });
});
