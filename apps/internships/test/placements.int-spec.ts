import { randomUUID } from 'node:crypto';
import { internshipsService } from '@hamkor/internships';
import { as, TestPlatform } from '@hamkor/testing';
import { dateIn, expectProblem, InternshipsWorld } from './support/internships-world';

/** Enterprises post and manage placements; schools find the ones visible to them. */
describe('placements', () => {
  const world = new InternshipsWorld(new TestPlatform([internshipsService]));
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  const enterprise = as.coordinator('enterprise');
  const otherEnterprise = as.coordinator('enterprise');
  const school = as.coordinator('school');

  it('an enterprise posts a placement; it is announced and open', async () => {
    const p = await world.postPlacement(enterprise, { capacity: 4 });
    expect(p).toMatchObject({ enterpriseId: enterprise.organisationId, status: 'open', capacity: 4, acceptedCount: 0, visibility: 'public' });
    const [posted] = await world.published('internships.placement.posted', p.id);
    expect(posted).toMatchObject({ placementId: p.id, enterpriseId: enterprise.organisationId, capacity: 4, status: 'open' });
    expect((await world.get(school, `/placements/${p.id}`)).body.id).toBe(p.id);
  });

  it('bulk posting is all or nothing, and an Idempotency-Key replays it instead of posting twice', async () => {
    const poster = as.coordinator('enterprise');
    const key = `bulk-${randomUUID()}`;
    const body = { placements: [world.placement({ title: 'Bulk one' }), world.placement({ title: 'Bulk two' })] };
    const first = await world.post(poster, '/placements/bulk', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(first.body.items.map((p: any) => p.title)).toEqual(['Bulk one', 'Bulk two']);
    const again = await world.post(poster, '/placements/bulk', body, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.items.map((p: any) => p.id)).toEqual(first.body.items.map((p: any) => p.id));

    // One bad placement in the batch: nothing is posted.
    const bad = await world.post(poster, '/placements/bulk', { placements: [world.placement({ title: 'Bulk three' }), world.placement({ endsOn: dateIn(1), startsOn: dateIn(2) })] });
    expectProblem(bad, 422, /placements\[1\]/);
    const mine = await world.get(poster, '/placements?openOnly=false&limit=100');
    expect(mine.body.items.map((p: any) => p.title).sort()).toEqual(['Bulk one', 'Bulk two']);
  });

  it('the enterprise edits a placement until a nomination is accepted, then the terms are frozen', async () => {
    const p = await world.postPlacement(enterprise, { capacity: 2 });
    const edited = await world.patch(enterprise, `/placements/${p.id}`, { title: 'Senior CNC assistant', capacity: 3 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Senior CNC assistant', capacity: 3 });
    expect(await world.published('internships.placement.updated', p.id)).toEqual([expect.objectContaining({ title: 'Senior CNC assistant', capacity: 3 })]);

    expectProblem(await world.patch(otherEnterprise, `/placements/${p.id}`, { title: 'Hijacked' }), 403);
    expectProblem(await world.patch(school, `/placements/${p.id}`, { title: 'Hijacked' }), 403);

    const [learner] = await world.enrol(school.organisationId!);
    const nomination = await world.nominate(school, p.id, learner);
    expect(nomination.status).toBe(201);
    expect((await world.post(enterprise, `/nominations/${nomination.body.id}/accept`)).status).toBe(200);
    expectProblem(await world.patch(enterprise, `/placements/${p.id}`, { title: 'Too late' }), 409, /accepted/);
  });

  it('the enterprise closes a placement: it takes no more nominations; closing twice is a conflict', async () => {
    const p = await world.postPlacement(enterprise);
    const closed = await world.post(enterprise, `/placements/${p.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedReason: 'by_enterprise' });
    expect(await world.published('internships.placement.closed', p.id)).toEqual([{ placementId: p.id, enterpriseId: enterprise.organisationId, reason: 'by_enterprise' }]);
    expectProblem(await world.post(enterprise, `/placements/${p.id}/close`), 409);
    expectProblem(await world.post(otherEnterprise, `/placements/${p.id}/close`), 403);
    const [learner] = await world.enrol(school.organisationId!);
    expectProblem(await world.nominate(school, p.id, learner), 409, /closed/);
    expectProblem(await world.patch(enterprise, `/placements/${p.id}`, { title: 'Reopen?' }), 409);
  });

  it('bad input is refused with problem+json naming the fields, never a 500', async () => {
    const p = expectProblem(await world.post(enterprise, '/placements', { ...world.placement(), capacity: 0, visibility: 'secret', region: 'Tashkent', startsOn: '2027-13-45' }), 400);
    expect(p.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['capacity', 'visibility', 'region', 'startsOn']));
    expectProblem(await world.post(enterprise, '/placements', { ...world.placement(), owner: 'me' }), 400, /owner/);
    expectProblem(await world.post(enterprise, '/placements', { ...world.placement(), applicationDeadline: '2020-01-01T00:00:00Z' }), 422, /future/);
    expectProblem(await world.post(enterprise, '/placements', { ...world.placement(), applicationDeadline: '2099-01-01' }), 400, /time zone/);
    expectProblem(await world.post(enterprise, '/placements', { ...world.placement(), endsOn: dateIn(399) }), 422, /endsOn/);
    expectProblem(await world.post(enterprise, '/placements/bulk', { placements: [] }), 400);
    expectProblem(await world.get(school, '/placements/not-a-uuid'), 400);
    expectProblem(await world.get(school, `/placements/${randomUUID()}`), 404);
    expectProblem(await world.get(school, '/placements?cursor=garbage'), 400, /cursor/);
    expectProblem(await world.get(school, `/placements?cursor=${Buffer.from('["x","y"]').toString('base64url')}`), 400, /cursor/);
    expectProblem(await world.get(school, '/placements?sort=evil'), 400);
    expectProblem(await world.get(school, '/placements?openOnly=maybe'), 400);
    expectProblem(await world.get(school, '/placements?limit=1000'), 400);
  });

  it('documents its API in OpenAPI, with examples', async () => {
    const doc = (await world.platform.http.get('/internships/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/internships/placements', '/internships/placements/bulk', '/internships/nominations/{nominationId}/confirm', '/internships/internships/{internshipId}/summary']),
    );
    expect(doc.components.schemas.PostPlacementDto.properties.title.example).toBe('CNC machining assistant');
  });

  it('only enterprises post, only with a managing role; schools and viewers cannot', async () => {
    expectProblem(await world.post(school, '/placements', world.placement()), 403);
    expectProblem(await world.post(as.viewer('enterprise'), '/placements', world.placement()), 403);
    expectProblem(await world.post(as.operator(), '/placements', world.placement()), 403, /operator/);
    const res = await world.platform.http.post('/internships/placements').send(world.placement());
    expectProblem(res, 401);
  });

  it('search filters by region, specialty, competency, dates and text, pages with a keyset cursor, sorted by start', async () => {
    const poster = as.coordinator('enterprise');
    const tag = `zz${randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 5; i++) {
      await world.postPlacement(poster, {
        title: `Welding ${tag} ${i}`,
        region: i % 2 ? 'UZ-SA' : 'UZ-TK',
        specialty: i < 3 ? 'welding' : 'electrics',
        competencies: i === 4 ? ['arc-welding', 'safety'] : ['safety'],
        startsOn: dateIn(400 + i),
        endsOn: dateIn(420 + i),
      });
    }
    const ids = async (query: string) => (await world.get(school, `/placements?enterpriseId=${poster.organisationId}&${query}`)).body.items.map((p: any) => p.title);
    expect(await ids('region=UZ-SA')).toEqual([`Welding ${tag} 1`, `Welding ${tag} 3`]);
    expect(await ids('specialty=electrics')).toEqual([`Welding ${tag} 3`, `Welding ${tag} 4`]);
    expect(await ids('competency=arc-welding')).toEqual([`Welding ${tag} 4`]);
    expect(await ids(`startsFrom=${dateIn(402)}&endsBy=${dateIn(423)}`)).toEqual([`Welding ${tag} 2`, `Welding ${tag} 3`]);
    expect((await world.get(school, `/placements?text=${tag}`)).body.items).toHaveLength(5);
    expect((await world.get(school, `/placements?text=${tag}%20${'nonexistentword'}`)).body.items).toHaveLength(0);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await world.get(school, `/placements?text=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p: any) => p.title));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `Welding ${tag} ${i}`));
    const byDeadline = await world.get(school, `/placements?text=${tag}&sort=deadline&limit=2`);
    expect(byDeadline.body.items).toHaveLength(2);
    expect(byDeadline.body.nextCursor).toEqual(expect.any(String));
    const deadlinePages: string[] = [];
    for (let c: string | undefined = byDeadline.body.nextCursor, page = byDeadline; ; c = page.body.nextCursor) {
      deadlinePages.push(...page.body.items.map((p: any) => p.title));
      if (!c) break;
      page = await world.get(school, `/placements?text=${tag}&sort=deadline&limit=2&cursor=${c}`);
    }
    expect(deadlinePages).toHaveLength(5);
    expect(new Set(deadlinePages).size).toBe(5);

    // PostgreSQL writes the search's JSON: each item is exactly what reading the placement answers.
    const found = await world.get(school, `/placements?text=${tag}`);
    expect(found.headers['content-type']).toBe('application/json; charset=utf-8');
    for (const item of found.body.items) expect(item).toStrictEqual((await world.get(school, `/placements/${item.id}`)).body);
  });

  it('visibility: partners need an active internships agreement, cluster needs a shared cluster — following real events', async () => {
    const e = as.coordinator('enterprise');
    const s = as.coordinator('school');
    const stranger = as.coordinator('school');
    const pub = await world.postPlacement(e, { title: 'Public one', visibility: 'public' });
    const partners = await world.postPlacement(e, { title: 'Partners only', visibility: 'partners' });
    const cluster = await world.postPlacement(e, { title: 'Cluster only', visibility: 'cluster' });
    const visible = async (who: typeof s) => (await world.get(who, `/placements?enterpriseId=${e.organisationId}`)).body.items.map((p: any) => p.title).sort();

    expect(await visible(s)).toEqual(['Public one']);
    expectProblem(await world.get(s, `/placements/${partners.id}`), 404);
    expectProblem(await world.get(s, `/placements/${cluster.id}`), 404);
    const [learner] = await world.enrol(s.organisationId!);
    expectProblem(await world.nominate(s, partners.id, learner), 404);

    // An agreement for equipment only does not open internships placements.
    await world.agreement([s.organisationId!, e.organisationId!], ['equipment']).activate();
    expect(await visible(s)).toEqual(['Public one']);

    const agreement = world.agreement([s.organisationId!, e.organisationId!, randomUUID()], ['equipment', 'internships']);
    await agreement.activate();
    expect(await visible(s)).toEqual(['Partners only', 'Public one']);
    expect((await world.get(s, `/placements/${partners.id}`)).status).toBe(200);
    expect(await visible(stranger)).toEqual(['Public one']);

    const clusterId = randomUUID();
    await world.join(clusterId, s.organisationId!, 'school');
    expect(await visible(s)).toEqual(['Partners only', 'Public one']);
    await world.join(clusterId, e.organisationId!, 'enterprise');
    expect(await visible(s)).toEqual(['Cluster only', 'Partners only', 'Public one']);
    expect((await world.nominate(s, cluster.id, learner)).status).toBe(201);

    // The agreement expires: partners placements disappear for that school.
    await agreement.expire();
    expect(await visible(s)).toEqual(['Cluster only', 'Public one']);
    expectProblem(await world.get(s, `/placements/${partners.id}`), 404);
    expectProblem(await world.nominate(s, partners.id, learner), 404);

    // The enterprise leaves the cluster: cluster placements disappear too.
    await world.leave(clusterId, e.organisationId!);
    expect(await visible(s)).toEqual(['Public one']);

    // A new agreement, then terminated: visible, then not.
    const second = world.agreement([e.organisationId!, s.organisationId!], ['internships']);
    await second.activate();
    expect(await visible(s)).toEqual(['Partners only', 'Public one']);
    await second.terminate();
    expect(await visible(s)).toEqual(['Public one']);

    // The enterprise always sees its own, whatever the visibility.
    expect(await visible(e)).toEqual(['Cluster only', 'Partners only', 'Public one']);
    expect(pub.visibility).toBe('public');
  });

  it('a placement closes by itself at its deadline (scheduled job), and then takes no nominations', async () => {
    const soon = new Date(Date.now() + 1500);
    const p = await world.postPlacement(enterprise, { applicationDeadline: soon.toISOString(), startsOn: dateIn(5), endsOn: dateIn(20) });
    const [early, late] = await world.enrol(school.organisationId!, { count: 2 });
    expect((await world.nominate(school, p.id, early)).status).toBe(201);
    await new Promise((r) => setTimeout(r, Math.max(0, soon.getTime() - Date.now() + 100)));
    expectProblem(await world.nominate(school, p.id, late), 409, /deadline/);
    await world.platform.scheduler('internships').runDue();
    const after = await world.get(enterprise, `/placements/${p.id}`);
    expect(after.body).toMatchObject({ status: 'closed', closedReason: 'deadline' });
    expect(await world.published('internships.placement.closed', p.id)).toEqual([expect.objectContaining({ reason: 'deadline' })]);
    // Not in a school's open search any more, but the enterprise still finds it among all of its own.
    expect((await world.get(school, `/placements?enterpriseId=${enterprise.organisationId}&limit=100`)).body.items.map((x: any) => x.id)).not.toContain(p.id);
    expect((await world.get(enterprise, '/placements?openOnly=false&limit=100')).body.items.map((x: any) => x.id)).toContain(p.id);
  });
});
