import { randomUUID } from 'node:crypto';
import { employmentService } from '@hamkor/employment';
import { as, TestPlatform } from '@hamkor/testing';
import { client, learnerRow } from './fixtures';

const HEADER = 'schoolRef,fullName,dateOfBirth,specialty,cohortYear,expectedGraduation,region,email,phone,consentFollowUpContact,consentShareWithCentre';

describe('employment: a school enrols its learners', () => {
  const platform = new TestPlatform([employmentService]);
  const tag = randomUUID().slice(0, 8);
  let school: Awaited<ReturnType<typeof client>>;
  let otherSchool: Awaited<ReturnType<typeof client>>;

  beforeAll(async () => {
    await platform.start();
    school = await client(platform, as.coordinator('school'));
    otherSchool = await client(platform, as.orgAdmin('school'));
  });
  afterAll(() => platform.stop());

  const count = async (c: typeof school, specialty: string) => {
    let n = 0;
    let cursor: string | undefined;
    do {
      const page = await c.get(`/learners?limit=100&specialty=${specialty}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      n += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    return n;
  };

  it('enrols one learner, refuses a second one under the same school reference, and validates the body', async () => {
    const body = { ...learnerRow(tag, 0), email: 'zero@example.uz', consentFollowUpContact: true };
    const res = await school.post('/learners', body).expect(201);
    expect(res.body).toMatchObject({ schoolRef: `${tag}-0`, fullName: body.fullName, schoolId: school.caller.organisationId, consentFollowUpContact: true, consentShareWithCentre: false, graduatedOn: null });
    const dup = await school.post('/learners', body).expect(409);
    expect(dup.headers['content-type']).toContain('application/problem+json');
    const bad = await school.post('/learners', { ...body, schoolRef: `${tag}-x`, region: 'Tashkent', nickname: 'x' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['nickname', 'region']);
  });

  it('enrols thousands from one JSON upload, all or nothing', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => learnerRow(tag, 1000 + i, { specialty: `bulk-${tag}` }));
    const res = await school.post('/learners/bulk', { learners: rows }).expect(201);
    expect(res.body.enrolled).toBe(2000);
    expect(res.body.learnerIds).toHaveLength(2000);
    expect(await count(school, `bulk-${tag}`)).toBe(2000);

    // One bad row among many: nothing is enrolled, the bad row is named.
    const again = Array.from({ length: 50 }, (_, i) => learnerRow(tag, 5000 + i, { specialty: `bulk2-${tag}` }));
    again[17] = { ...again[17], dateOfBirth: '31/12/2004' };
    again[30] = { ...again[30], schoolRef: `${tag}-1000` }; // already enrolled above
    const refused = await school.post('/learners/bulk', { learners: again }).expect(422);
    expect(refused.body).toMatchObject({ rows: 50, invalidRows: 2 });
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ row: 18, field: 'dateOfBirth' }),
      expect.objectContaining({ row: 31, field: 'schoolRef', message: 'a learner with this schoolRef is already enrolled' }),
    ]);
    expect(await count(school, `bulk2-${tag}`)).toBe(0);
  });

  it('reads a CSV upload, reports every bad row with its field, and enrols a clean one', async () => {
    const spec = `csv-${tag}`;
    const line = (i: number, over: Partial<Record<string, string>> = {}) => {
      const r = { schoolRef: `${tag}-c${i}`, fullName: `"Csv, Learner ${i}"`, dateOfBirth: '2006-05-01', specialty: spec, cohortYear: '2023', expectedGraduation: '2026-06-30', region: 'UZ-TK', email: '', phone: '', consentFollowUpContact: 'yes', consentShareWithCentre: 'no', ...over };
      return Object.values(r).join(',');
    };
    const bad = [HEADER, line(1), line(2, { cohortYear: 'twenty' }), line(3), line(4, { email: 'not-an-email', region: 'uz-tk' }), line(5, { schoolRef: `${tag}-c1` })].join('\r\n');
    const refused = await school.postCsv('/learners/bulk', bad).expect(422);
    expect(refused.body.invalidRows).toBe(3);
    expect(refused.body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual(
      expect.arrayContaining(['2:cohortYear', '4:email', '4:region', '5:schoolRef']),
    );
    expect(await count(school, spec)).toBe(0);

    const good = [HEADER, line(1), line(2), line(3)].join('\n') + '\n';
    const res = await school.postCsv('/learners/bulk', good).expect(201);
    expect(res.body.enrolled).toBe(3);
    const one = await school.get(`/learners/${res.body.learnerIds[0]}`).expect(200);
    expect(one.body).toMatchObject({ fullName: 'Csv, Learner 1', cohortYear: 2023, consentFollowUpContact: true, consentShareWithCentre: false, email: null });

    await school.postCsv('/learners/bulk', 'schoolRef,favouriteColour\nx,blue').expect(400);
  });

  it('keeps each school to its own learners', async () => {
    const mine = await school.post('/learners', learnerRow(tag, 7)).expect(201);
    await otherSchool.get(`/learners/${mine.body.id}`).expect(404);
    await otherSchool.patch(`/learners/${mine.body.id}`, { specialty: 'stolen' }).expect(404);
    await otherSchool.post(`/learners/${mine.body.id}/erasure`).expect(404);
    const theirs = await otherSchool.get('/learners?limit=100').expect(200);
    expect(theirs.body.items).toEqual([]);
    const enterprise = await client(platform, as.orgAdmin('enterprise'));
    await enterprise.get(`/learners/${mine.body.id}`).expect(403);
    await enterprise.post('/learners', learnerRow(tag, 8)).expect(403);
    await platform.http.get('/employment/learners').expect(401);
  });

  it('corrects a learner, and erases personal data on request while the record stays', async () => {
    const l = await school.post('/learners', { ...learnerRow(tag, 9), email: 'nine@example.uz', phone: '+998 90 000 00 09', consentShareWithCentre: true }).expect(201);
    const fixed = await school.patch(`/learners/${l.body.id}`, { specialty: 'plumbing', consentShareWithCentre: false }).expect(200);
    expect(fixed.body).toMatchObject({ specialty: 'plumbing', consentShareWithCentre: false, email: 'nine@example.uz' });

    // Erasure is for the school's administrator, not every coordinator.
    await school.post(`/learners/${l.body.id}/erasure`).expect(403);
    const admin = await client(platform, { ...as.orgAdmin('school'), organisationId: school.caller.organisationId });
    const erased = await admin.post(`/learners/${l.body.id}/erasure`).expect(200);
    expect(erased.body).toMatchObject({
      id: l.body.id, erased: true, fullName: null, dateOfBirth: null, email: null, phone: null, schoolRef: null,
      specialty: 'plumbing', cohortYear: 2023, region: 'UZ-SA',
    });
    await school.patch(`/learners/${l.body.id}`, { fullName: 'Back Again' }).expect(409);
    // The school reference is free again.
    await school.post('/learners', learnerRow(tag, 9)).expect(201);
  });

  it('documents the API, with the self-report endpoint open to graduates without an account', async () => {
    const doc = (await platform.http.get('/employment/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/employment/learners', '/employment/learners/bulk', '/employment/graduations', '/employment/learners/{learnerId}/status-reports',
      '/employment/follow-up-settings', '/employment/follow-ups/{followUpId}/self-report-links', '/employment/self-report',
      '/employment/centre-subscriptions', '/employment/outcomes',
    ]));
    expect(doc.paths['/employment/learners/bulk'].post.requestBody.content).toHaveProperty(['text/csv']);
  });
});
