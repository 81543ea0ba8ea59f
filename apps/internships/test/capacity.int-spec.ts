import { internshipsService } from '@hamkor/internships';
import { as, TestPlatform } from '@hamkor/testing';
import { InternshipsWorld } from './support/internships-world';

/** Capacity is never exceeded, however many acceptances arrive at once. */
describe('capacity under concurrent acceptances', () => {
  const world = new InternshipsWorld(new TestPlatform([internshipsService]));
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it('200 simultaneous accepts on a placement of capacity 5: exactly 5 succeed, the rest get 409, and it is filled once', async () => {
    const enterprise = as.coordinator('enterprise');
    const school = as.coordinator('school');
    const p = await world.postPlacement(enterprise, { capacity: 5 });
    const learners = await world.enrol(school.organisationId!, { count: 200 });
    const nominations: string[] = [];
    for (let i = 0; i < learners.length; i += 20) {
      const batch = await Promise.all(learners.slice(i, i + 20).map((l) => world.nominate(school, p.id, l)));
      for (const res of batch) {
        expect(res.status).toBe(201);
        nominations.push(res.body.id);
      }
    }

    // Tokens are minted before the burst, so the 200 requests leave together.
    await world.post(enterprise, `/nominations/${nominations[0]}/reject`, { reason: 'warm-up of the token cache' });
    const burst = nominations.slice(1, 201);
    burst.push(nominations[0]); // a rejected one in the burst: 409 as well
    const results = await Promise.all(burst.map((id) => world.post(enterprise, `/nominations/${id}/accept`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(burst.length - 5);
    for (const r of results.filter((x) => x.status === 409)) expect(r.headers['content-type']).toContain('application/problem+json');

    const placement = (await world.get(enterprise, `/placements/${p.id}`)).body;
    expect(placement).toMatchObject({ status: 'filled', acceptedCount: 5, capacity: 5 });
    expect(await world.published('internships.placement.filled', p.id)).toEqual([{ placementId: p.id, enterpriseId: enterprise.organisationId, capacity: 5 }]);
    expect((await world.get(enterprise, `/nominations?placementId=${p.id}&status=accepted&limit=100`)).body.items).toHaveLength(5);
    expect(await world.published('internships.nomination.accepted')).toEqual(expect.arrayContaining([expect.objectContaining({ placementId: p.id, seatsLeft: 0 })]));
  });
});
