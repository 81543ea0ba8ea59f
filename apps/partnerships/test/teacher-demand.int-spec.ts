import { partnershipsService } from '@hamkor/partnerships';
import { TestPlatform } from '@hamkor/testing';
import { expectProblem, Org, Partnerships } from './partnerships.fixtures';

/** The same hand-computed schools as forecast.spec.ts, filed through the API and read back per scope. */
describe('partnerships: teacher-demand monitoring', () => {
  const platform = new TestPlatform([partnershipsService]);
  const p = new Partnerships(platform);
  let schoolA: Org;
  let schoolB: Org;
  let schoolElsewhere: Org;
  let uni: Org;
  let clusterId: string;
  const subject = 'mathematics';
  const returnA = { year: 2026, subject, teachersNow: 10, retiring: [1, 0, 2, 1, 0], classesNow: 20, classesProjected: [22, 24, 25, 27, 30], weeklyHoursPerClass: 5, weeklyHoursPerTeacher: 18 };
  const returnB = { year: 2026, subject, teachersNow: 4, retiring: [2, 0, 0, 0, 0], classesNow: 9, classesProjected: [9, 9, 9, 9, 9], weeklyHoursPerClass: 4, weeklyHoursPerTeacher: 16 };
  const pick = (years: any[]) => years.map((y) => [y.year, y.teachersNeeded, y.teachersAvailable, y.gap, y.shortage]);

  beforeAll(async () => {
    await platform.start();
    await p.init();
    // A region of its own, so other tests' returns never count here.
    schoolA = await p.org('school', { region: 'UZ-XO' });
    schoolB = await p.org('school', { region: 'UZ-XO' });
    schoolElsewhere = await p.org('school', { region: 'UZ-FA' });
    uni = await p.org('university', { region: 'UZ-XO' });
    await p.post(schoolA.token, '/teacher-demand/returns', returnA).expect(201);
    await p.post(schoolB.token, '/teacher-demand/returns', { ...returnB, teachersNow: 99 }).expect(201);
    await p.post(schoolB.token, '/teacher-demand/returns', returnB).expect(201); // re-filing replaces
    await p.post(schoolElsewhere.token, '/teacher-demand/returns', returnA).expect(201);
    const { body } = await p.post(schoolA.token, '/clusters', { name: 'Khorezm maths cluster', anchorUniversityId: uni.id }).expect(201);
    clusterId = body.id;
    await p.post(uni.token, `/clusters/${clusterId}/invitation/accept`).expect(200);
  });
  afterAll(() => platform.stop());

  it('a university reads the regional forecast: the hand-computed sums of both schools', async () => {
    const res = await p.get(uni.token, `/teacher-demand/forecast?subject=${subject}&year=2026&region=UZ-XO&horizon=4`).expect(200);
    expect(res.body).toMatchObject({ subject, baseYear: 2026, schools: 2 });
    expect(pick(res.body.years)).toEqual([
      [2026, 9, 14, -5, 0],
      [2027, 10, 11, -1, 1],
      [2028, 10, 11, -1, 1],
      [2029, 10, 9, 1, 1],
      [2030, 11, 8, 3, 3],
    ]);
  });

  it('per cluster: only the member schools count', async () => {
    const res = await p.get(uni.token, `/teacher-demand/forecast?subject=${subject}&year=2026&clusterId=${clusterId}&horizon=5`).expect(200);
    expect(res.body.schools).toBe(1);
    expect(pick(res.body.years)).toEqual([
      [2026, 6, 10, -4, 0],
      [2027, 7, 9, -2, 0],
      [2028, 7, 9, -2, 0],
      [2029, 7, 7, 0, 0],
      [2030, 8, 6, 2, 2],
      [2031, 9, 6, 3, 3],
    ]);
  });

  it('a school reads its own forecast only; others are refused', async () => {
    const own = await p.get(schoolB.token, `/teacher-demand/forecast?subject=${subject}&year=2026&horizon=3`).expect(200);
    expect(pick(own.body.years)).toEqual([
      [2026, 3, 4, -1, 0],
      [2027, 3, 2, 1, 1],
      [2028, 3, 2, 1, 1],
      [2029, 3, 2, 1, 1],
    ]);
    expectProblem(await p.get(schoolB.token, `/teacher-demand/forecast?subject=${subject}&year=2026&region=UZ-XO`), 403);
    expectProblem(await p.get(schoolB.token, `/teacher-demand/forecast?subject=${subject}&year=2026&schoolId=${schoolA.id}`), 403);
    const enterprise = await p.org('enterprise');
    expectProblem(await p.get(enterprise.token, `/teacher-demand/forecast?subject=${subject}&year=2026&region=UZ-XO`), 403);
    expectProblem(await p.post(uni.token, '/teacher-demand/returns', returnA), 403);
    const mine = await p.get(schoolB.token, '/teacher-demand/returns?year=2026').expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ schoolId: schoolB.id, subject, teachersNow: 4, retiring: [2, 0, 0, 0, 0], weeklyHoursPerClass: 4 })]);
  });

  it('the operator reads any scope; bad input is a 400 or 422, never a 500', async () => {
    const op = await p.get(p.operatorToken, `/teacher-demand/forecast?subject=${subject}&year=2026&schoolId=${schoolElsewhere.id}&horizon=3`).expect(200);
    expect(op.body.schools).toBe(1);
    expectProblem(await p.get(uni.token, `/teacher-demand/forecast?subject=${subject}&year=2026&horizon=9&region=UZ-XO`), 400, /horizon/);
    expectProblem(await p.get(uni.token, `/teacher-demand/forecast?subject=${subject}&year=2026`), 400, /region or clusterId/);
    expectProblem(await p.get(uni.token, `/teacher-demand/forecast?subject=Maths!&year=2026&region=UZ-XO`), 400, /subject/);
    expectProblem(await p.post(schoolA.token, '/teacher-demand/returns', { ...returnA, retiring: [1, 2] }), 400, /retiring/);
    expectProblem(await p.post(schoolA.token, '/teacher-demand/returns', { ...returnA, weeklyHoursPerTeacher: 0 }), 400, /weeklyHoursPerTeacher/);
    expectProblem(await p.post(schoolA.token, '/teacher-demand/returns', { ...returnA, teachersNow: 2 }), 422, /retiring/);
  });

  it('OpenAPI documents the formula, and every endpoint with a summary and an example answer', async () => {
    const doc = (await platform.http.get('/partnerships/openapi.json').expect(200)).body;
    expect(doc.paths['/partnerships/teacher-demand/forecast'].get.description).toMatch(/ceil\(classes\[k\] × weeklyHoursPerClass \/ weeklyHoursPerTeacher\)/);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/partnerships/organisations/{organisationId}/people',
        '/partnerships/clusters/{clusterId}/invitations',
        '/partnerships/agreements/{agreementId}/sign',
        '/partnerships/activities/{activityId}/registrations',
        '/partnerships/teacher-demand/returns',
      ]),
    );
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const [status, ok] = Object.entries<any>(op.responses).find(([code]) => code.startsWith('2'))!;
        const example = status === '204' ? 'none' : ok.content?.['application/json']?.schema?.example;
        expect({ path, method, summary: op.summary, example: example !== undefined }).toEqual({ path, method, summary: expect.any(String), example: true });
      }
    }
  });
});
