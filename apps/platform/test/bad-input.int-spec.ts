import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { partnershipsService } from '@hamkor/partnerships';
import { as, TestPlatform } from '@hamkor/testing';

/** Bad input gets the right 4xx as problem+json, never a 500 and never a stack trace. */
describe('bad input to the skeleton endpoint', () => {
  const platform = new TestPlatform([partnershipsService], { HTTP_BODY_LIMIT: '64kb' });
  let token: string;
  const valid = { type: 'school', name: 'Bukhara Lyceum', region: 'UZ-BU', contactEmail: 'office@lyceum.uz' };

  beforeAll(async () => {
    await platform.start();
    token = await platform.token(as.operator());
  });
  afterAll(() => platform.stop());

  const post = (body: string | object, contentType = 'application/json', auth: string | null = `Bearer ${token}`) => {
    const req = platform.http.post('/partnerships/organisations').set('Content-Type', contentType);
    if (auth) req.set('Authorization', auth);
    return req.send(typeof body === 'string' ? body : JSON.stringify(body));
  };

  function expectProblem(res: { status: number; headers: Record<string, string>; body: any; text: string }, status: number, detail?: RegExp) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = JSON.parse(res.text);
    expect(problem).toMatchObject({ status, type: expect.stringContaining('https://hamkor.uz/problems/'), title: expect.any(String) });
    if (detail) expect(problem.detail).toMatch(detail);
    expect(res.text).not.toMatch(/at \S+ \(|node_modules|\.ts:\d+/); // no stack trace
    return problem;
  }

  it('malformed JSON → 400', async () => {
    expectProblem(await post('{"type": "school", "name": '), 400, /JSON/);
  });

  it('wrong types → 400 naming each field', async () => {
    const p = expectProblem(await post({ ...valid, name: 42, region: ['UZ-BU'], type: 'castle' }), 400);
    expect(p.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['name', 'region', 'type']));
  });

  it('unknown fields → 400', async () => {
    const p = expectProblem(await post({ ...valid, isAdmin: true }), 400, /isAdmin/);
    expect(p.errors).toEqual([expect.objectContaining({ field: 'isAdmin' })]);
  });

  it('missing fields and a non-object body → 400', async () => {
    expectProblem(await post({}), 400);
    expectProblem(await post('[1,2,3]'), 400);
    expectProblem(await post('"just a string"'), 400);
  });

  it('a huge body → 413', async () => {
    expectProblem(await post({ ...valid, name: 'x'.repeat(200_000) }), 413, /larger/);
  });

  it('a wrong content type → 415 or 400, never 500', async () => {
    const res = await post('type=school&name=x', 'application/x-www-form-urlencoded');
    expect([400, 415]).toContain(res.status);
    expectProblem(res, res.status);
  });

  it('no token, a malformed header, a forged token, an expired token → 401', async () => {
    expectProblem(await post(valid, 'application/json', null), 401, /bearer token is required/);
    expectProblem(await post(valid, 'application/json', 'Basic dXNlcjpwYXNz'), 401);
    expectProblem(await post(valid, 'application/json', 'Bearer not.a.jwt'), 401, /not valid/);

    // Same claims, signed by a key that is not ours.
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forged = await new SignJWT({ roles: ['platform_admin'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject(randomUUID())
      .setIssuer('hamkor-dev')
      .setAudience('hamkor')
      .setExpirationTime('1h')
      .sign(await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'ES256'));
    expectProblem(await post(valid, 'application/json', `Bearer ${forged}`), 401, /not valid/);

    const expired = await platform.token(as.operator(), '-1h');
    expectProblem(await post(valid, 'application/json', `Bearer ${expired}`), 401, /expired/);

    const unsigned = [Buffer.from('{"alg":"none"}').toString('base64url'), Buffer.from(JSON.stringify({ sub: 'x', roles: ['platform_admin'] })).toString('base64url'), ''].join('.');
    expectProblem(await post(valid, 'application/json', `Bearer ${unsigned}`), 401);
  });

  it('a role or organisation the route does not allow → 403', async () => {
    const viewer = await platform.token(as.viewer('school'));
    expectProblem(await post(valid, 'application/json', `Bearer ${viewer}`), 403, /roles/);
    // An org_admin may register only its own organisation.
    const admin = await platform.token(as.orgAdmin('school'));
    expectProblem(await post({ ...valid, id: randomUUID() }, 'application/json', `Bearer ${admin}`), 403);
  });

  it('bad path and query parameters → 400, unknown routes → 404', async () => {
    const auth = `Bearer ${token}`;
    expectProblem(await platform.http.get('/partnerships/organisations/not-a-uuid').set('Authorization', auth), 400);
    expectProblem(await platform.http.get(`/partnerships/organisations/${randomUUID()}`).set('Authorization', auth), 404);
    expectProblem(await platform.http.get('/partnerships/organisations?limit=100000').set('Authorization', auth), 400, /limit/);
    expectProblem(await platform.http.get('/partnerships/organisations?limit=abc').set('Authorization', auth), 400);
    expectProblem(await platform.http.get('/partnerships/organisations?cursor=garbage').set('Authorization', auth), 400, /cursor/);
    expectProblem(await platform.http.get('/partnerships/organisations?sort=evil').set('Authorization', auth), 400);
    expectProblem(await platform.http.get('/partnerships/nothing-here').set('Authorization', auth), 404);
  });

  it('a duplicate registration → 409', async () => {
    const id = randomUUID();
    await post({ ...valid, id }).expect(201);
    expectProblem(await post({ ...valid, id }), 409, /already registered/);
  });

  it('lists with pagination and a bounded page size', async () => {
    for (let i = 0; i < 3; i++) await post({ ...valid, name: `Paging School ${i}` }).expect(201);
    const first = await platform.http.get('/partnerships/organisations?name=Paging&limit=2').set('Authorization', `Bearer ${token}`).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await platform.http
      .get(`/partnerships/organisations?name=Paging&limit=2&cursor=${first.body.nextCursor}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeUndefined();
  });
});
