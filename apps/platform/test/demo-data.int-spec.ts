import { parseConfig } from '@hamkor/config';
import { TestPlatform, waitFor } from '@hamkor/testing';
import { DEMO_ORGANISATIONS, loadDemoData } from '../src/demo/demo-data';
import { ALL_SERVICES } from '../src/services';

/** `npm start`'s demo data, loaded through the public API of the whole platform, and loaded once. */
describe('demo data', () => {
  const platform = new TestPlatform(ALL_SERVICES);
  const [school, university, enterprise] = DEMO_ORGANISATIONS;
  const tokenOf = (org: (typeof DEMO_ORGANISATIONS)[number]) => platform.token({ organisationId: org.id, organisationType: org.type, roles: ['org_admin', 'coordinator'] });
  let write: jest.SpyInstance;

  beforeAll(async () => {
    await platform.start();
    write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  }, 60_000);
  afterAll(async () => {
    write?.mockRestore();
    await platform.stop();
  });

  it("shows the cluster at work: the college sees the plant's placements of every visibility, the shared lab and its learners; a second load adds nothing", async () => {
    const config = parseConfig(process.env);
    await loadDemoData(config, platform.url);
    const [schoolToken, enterpriseToken] = await Promise.all([tokenOf(school), tokenOf(enterprise)]);
    const get = async (path: string, token: string) => (await platform.http.get(path).set('Authorization', `Bearer ${token}`).expect(200)).body;

    // partners and cluster placements show once the agreement and the cluster have reached internships.
    let titles: string[] = [];
    await waitFor(async () => {
      titles = (await get(`/internships/placements?enterpriseId=${enterprise.id}&limit=100`, schoolToken)).items.map((p: { title: string }) => p.title);
      return titles.length === 3;
    }, 30_000, 'the college to see all three demo placements');
    expect(titles.sort()).toEqual(['CNC machining assistant', 'Mechatronics maintenance trainee (partner colleges)', 'PLC programming intern (cluster members)']);

    await waitFor(async () => (await get('/equipment/resources?limit=100', schoolToken)).items.some((r: { ownerId?: string; name: string }) => r.name === 'Robotics and PLC lab'), 30_000, 'the college to see the shared lab');
    const learners = (await get('/employment/learners?limit=100', schoolToken)).items;
    expect(learners.map((l: { schoolRef: string }) => l.schoolRef).sort()).toEqual(['TVC3-001', 'TVC3-002', 'TVC3-003', 'TVC3-004']);

    await loadDemoData(config, platform.url);
    expect((await get(`/internships/placements?enterpriseId=${enterprise.id}&openOnly=false&limit=100`, enterpriseToken)).items).toHaveLength(3);
    expect((await get('/employment/learners?limit=100', schoolToken)).items).toHaveLength(4);
    expect((await get(`/partnerships/clusters?memberId=${university.id}&limit=100`, schoolToken)).items).toHaveLength(1);
  }, 90_000);
});
