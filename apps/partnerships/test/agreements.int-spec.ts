import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { partnershipsService } from '@hamkor/partnerships';
import { TestPlatform, waitFor } from '@hamkor/testing';
import { expectProblem, Org, Partnerships, sql } from './partnerships.fixtures';

const DAY = 24 * 3600_000;
const date = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const startOf = (d: string) => new Date(`${d}T00:00:00.000Z`);

describe('partnerships: agreements', () => {
  let platform = new TestPlatform([partnershipsService], { AGREEMENT_EXPIRY_REMINDER_DAYS: '30' });
  let p = new Partnerships(platform);
  let school: Org;
  let enterprise: Org;
  let outsider: Org;

  beforeAll(async () => {
    await platform.start();
    await p.init();
    [school, enterprise, outsider] = [await p.org('school'), await p.org('enterprise'), await p.org('university')];
  });
  afterAll(() => platform.stop());

  /** An agreement between the school and the enterprise, proposed and signed by both. */
  async function activeAgreement(startsOn = date(0), endsOn = date(60)): Promise<string> {
    const { body } = await p.post(school.token, '/agreements', { title: 'Internships MoC', parties: [enterprise.id], scopes: ['internships'], startsOn, endsOn }).expect(201);
    await p.post(school.token, `/agreements/${body.id}/propose`).expect(200);
    await p.post(school.token, `/agreements/${body.id}/sign`).expect(200);
    await p.post(enterprise.token, `/agreements/${body.id}/sign`).expect(200);
    return body.id;
  }

  const jobs = (agreementId: string) =>
    p.ds.query(`SELECT key, run_at, status FROM partnerships.scheduled_job WHERE key LIKE $1 ORDER BY key`, [`agreement:${agreementId}:%`]) as Promise<
      Array<{ key: string; run_at: Date; status: string }>
    >;

  /**
   * Time travel for one agreement only (other test files share the schema): its calendar and its pending
   * jobs move `days` into the past, as if that many days had gone by; then the due jobs run.
   */
  async function travel(agreementId: string, days: number): Promise<void> {
    await p.ds.query(`UPDATE partnerships.agreement SET starts_on = starts_on - $2::int, ends_on = ends_on - $2::int WHERE id = $1`, [agreementId, days]);
    await p.ds.query(
      `UPDATE partnerships.scheduled_job SET run_at = run_at - make_interval(days => $2::int), version = version + 1 WHERE key LIKE $1 AND status = 'pending'`,
      [`agreement:${agreementId}:%`, days],
    );
    await platform.scheduler('partnerships').runDue();
  }

  it('draft → proposed → signed by each party → active; reminder 30 days before the end and expiry after it, on time by the scheduler', async () => {
    const endsOn = date(60);
    const created = await p
      .post(school.token, '/agreements', { title: 'Internships and equipment MoC', parties: [enterprise.id], scopes: ['internships', 'equipment'], startsOn: date(0), endsOn, documentRef: 'MoC-2026/114' })
      .expect(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', parties: [school.id, enterprise.id], scopes: ['internships', 'equipment'], signedBy: [] });

    expect((await p.post(school.token, `/agreements/${id}/propose`).expect(200)).body.status).toBe('proposed');
    const half = await p.post(school.token, `/agreements/${id}/sign`).expect(200);
    expect(half.body).toMatchObject({ status: 'proposed', signedBy: [school.id] });
    expectProblem(await p.post(school.token, `/agreements/${id}/sign`), 409, /already signed/);
    const full = await p.post(enterprise.token, `/agreements/${id}/sign`).expect(200);
    expect(full.body).toMatchObject({ status: 'active', signedBy: [school.id, enterprise.id] });

    const expiry = startOf(date(61));
    const scheduled = await jobs(id);
    expect(scheduled.map((j) => [j.key.split(':')[2], new Date(j.run_at).toISOString(), j.status])).toEqual([
      ['expire', expiry.toISOString(), 'pending'],
      ['expiring', new Date(expiry.getTime() - 30 * DAY).toISOString(), 'pending'],
    ]);

    // 31 days later the reminder is due (30 days left), the expiry not yet; 30 days after that, it is.
    await travel(id, 31);
    expect((await p.eventTypes(id)).slice(-1)).toEqual(['partnerships.agreement.expiring']);
    expect((await p.get(enterprise.token, `/agreements/${id}`).expect(200)).body.status).toBe('active');
    await travel(id, 30);
    expect((await p.get(enterprise.token, `/agreements/${id}`).expect(200)).body.status).toBe('expired');

    const events = await p.events(id);
    expect(events.map((e) => e.type.replace('partnerships.agreement.', ''))).toEqual(['proposed', 'signed', 'signed', 'activated', 'expiring', 'expired']);
    const terms = { agreementId: id, parties: [school.id, enterprise.id], scopes: ['internships', 'equipment'], startsOn: date(0), endsOn };
    expect(events[0].data).toEqual({ ...terms, proposedBy: school.id });
    expect(events[1].data).toEqual({ ...terms, signedBy: school.id, allSigned: false });
    expect(events[2].data).toEqual({ ...terms, signedBy: enterprise.id, allSigned: true });
    expect(events[4].data).toEqual({ ...terms, startsOn: date(-31), endsOn: date(29), daysLeft: 30 });
    expect(events[5].data).toEqual({ ...terms, startsOn: date(-61), endsOn: date(-1) });

    // An expired agreement is neither signed nor terminated again.
    expectProblem(await p.post(school.token, `/agreements/${id}/sign`), 409, /expired/);
    expectProblem(await p.post(school.token, `/agreements/${id}/terminate`, { reason: 'too late' }), 409, /expired/);
  });

  it('a fully signed agreement with a future start is activated on its start date', async () => {
    const id = await activeAgreement(date(10), date(100));
    expect((await p.get(school.token, `/agreements/${id}`).expect(200)).body.status).toBe('signed');
    await travel(id, 10);
    expect((await p.get(school.token, `/agreements/${id}`).expect(200)).body.status).toBe('active');
    expect((await jobs(id)).map((j) => `${j.key.split(':')[2]}:${j.status}`)).toEqual(['activate:done', 'expire:pending', 'expiring:pending']);
  });

  it('a party terminates with a reason; nothing scheduled for it runs afterwards', async () => {
    const id = await activeAgreement(date(5), date(200));
    expectProblem(await p.post(outsider.token, `/agreements/${id}/terminate`, { reason: 'not mine' }), 403, /party/);
    expectProblem(await p.post(enterprise.token, `/agreements/${id}/terminate`, {}), 400, /reason/);
    const res = await p.post(enterprise.token, `/agreements/${id}/terminate`, { reason: 'the workshop closed' }).expect(200);
    expect(res.body).toMatchObject({ status: 'terminated', terminatedBy: enterprise.id, terminationReason: 'the workshop closed' });
    expect((await jobs(id)).map((j) => j.status)).toEqual(['cancelled']);
    await p.ds.query(`UPDATE partnerships.scheduled_job SET run_at = now() - interval '1 second' WHERE key LIKE $1`, [`agreement:${id}:%`]);
    await platform.scheduler('partnerships').runDue();
    expect((await p.get(school.token, `/agreements/${id}`).expect(200)).body.status).toBe('terminated');
    const events = await p.events(id);
    expect(events.map((e) => e.type)).toEqual([
      'partnerships.agreement.proposed',
      'partnerships.agreement.signed',
      'partnerships.agreement.signed',
      'partnerships.agreement.terminated',
    ]);
    expect(events[3].data).toMatchObject({ terminatedBy: enterprise.id, reason: 'the workshop closed', scopes: ['internships'] });
  });

  it('only parties see and sign; other transitions and bad input are refused with problem+json', async () => {
    const { body } = await p.post(school.token, '/agreements', { title: 'Research MoC', parties: [enterprise.id], scopes: ['research'], startsOn: date(1), endsOn: date(30) }).expect(201);
    const id = body.id;
    expectProblem(await p.get(outsider.token, `/agreements/${id}`), 404);
    expect((await p.get(outsider.token, '/agreements').expect(200)).body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    expect((await p.get(enterprise.token, '/agreements?status=draft&scope=research').expect(200)).body.items.map((a: { id: string }) => a.id)).toContain(id);
    expectProblem(await p.post(enterprise.token, `/agreements/${id}/sign`), 409, /proposed/); // a draft is not signed
    expectProblem(await p.post(outsider.token, `/agreements/${id}/propose`), 403);
    await p.post(enterprise.token, `/agreements/${id}/propose`).expect(200);
    expectProblem(await p.post(school.token, `/agreements/${id}/propose`), 409, /draft/);
    expectProblem(await p.post(outsider.token, `/agreements/${id}/sign`), 403, /party/);
    expectProblem(await p.post(await p.tokenFor(school, ['coordinator']), `/agreements/${id}/sign`), 403, /org_admin/);
    expectProblem(await p.post(school.token, `/agreements/${randomUUID()}/sign`), 404);

    const valid = { title: 'MoC', parties: [enterprise.id], scopes: ['internships'], startsOn: date(1), endsOn: date(30) };
    expectProblem(await p.post(school.token, '/agreements', { ...valid, parties: [] }), 400, /parties/);
    expectProblem(await p.post(school.token, '/agreements', { ...valid, parties: ['x'] }), 400, /parties/);
    expectProblem(await p.post(school.token, '/agreements', { ...valid, scopes: ['friendship'] }), 400, /scopes/);
    expectProblem(await p.post(school.token, '/agreements', { ...valid, startsOn: '2026-02-30' }), 400, /startsOn/);
    expectProblem(await p.post(school.token, '/agreements', { ...valid, startsOn: 'tomorrow' }), 400, /startsOn/);
    expectProblem(await p.post(school.token, '/agreements', { ...valid, endsOn: date(0), startsOn: date(3) }), 422, /before/);
    expectProblem(await p.post(school.token, '/agreements', { ...valid, startsOn: date(-30), endsOn: date(-1) }), 422, /past/);
    expectProblem(await p.post(school.token, '/agreements', { ...valid, parties: [randomUUID()] }), 422, /not registered/);
    expectProblem(await p.post(school.token, '/agreements', { ...valid, parties: [school.id] }), 422, /two parties/);
    expectProblem(await p.post(await p.tokenFor(school, ['viewer']), '/agreements', valid), 403);
    const unverified = await p.org('enterprise', { verified: false });
    expectProblem(await p.post(unverified.token, '/agreements', { ...valid, parties: [school.id] }), 403, /verified/);
    expectProblem(await p.get(school.token, `/agreements?cursor=${Buffer.from('["not-a-date","x"]').toString('base64url')}`), 400, /cursor/);
  });

  /** Waits until the scheduler has handed these jobs to BullMQ (so a restart or flush has wake-ups to lose). */
  const enqueued = (keys: string[]) =>
    waitFor(async () => {
      const rows = await p.ds.query(`SELECT count(*)::int AS n FROM partnerships.scheduled_job WHERE key = ANY($1) AND enqueued_version = version`, [keys]);
      return rows[0].n === keys.length;
    }, 10000, 'the wake-ups in BullMQ');

  it('an agreement whose end date passed while the service was down is expired when it comes back', async () => {
    const id = await activeAgreement(date(0), date(60));
    await enqueued([`agreement:${id}:expire`]);
    await platform.stop();
    // While it was down the calendar moved on: the reminder had gone out before, and the end date has passed.
    await sql(`UPDATE partnerships.agreement SET starts_on = $2, ends_on = $3 WHERE id = $1`, [id, date(-90), date(-1)]);
    await sql(`UPDATE partnerships.scheduled_job SET status = 'done' WHERE key = $1`, [`agreement:${id}:expiring`]);
    // Its wake-up in Redis is for the moved date too: the old one (older version) no longer counts.
    await sql(`UPDATE partnerships.scheduled_job SET run_at = $2, version = version + 1 WHERE key = $1`, [`agreement:${id}:expire`, startOf(date(0))]);

    platform = new TestPlatform([partnershipsService]);
    p = new Partnerships(platform);
    await platform.start();
    await p.init();
    // Nobody calls the API or runDue: the scheduler re-creates its wake-ups from PostgreSQL at start-up.
    await waitFor(async () => (await p.get(school.token, `/agreements/${id}`)).body.status === 'expired', 20000, 'the overdue expiry');
    expect((await p.eventTypes(id)).filter((t) => t === 'partnerships.agreement.expired')).toHaveLength(1);
  });

  it('a Redis flush followed by a restart still delivers every pending reminder exactly once', async () => {
    const ids = [await activeAgreement(), await activeAgreement(), await activeAgreement()];
    await enqueued(ids.map((id) => `agreement:${id}:expiring`));
    await platform.stop();
    // Redis loses every wake-up of the partnerships scheduler; the reminders come due in a moment.
    const redis = new IORedis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const keys = await redis.keys(`${process.env.REDIS_PREFIX}:schedules-partnerships:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    for (const id of ids) {
      await sql(`UPDATE partnerships.scheduled_job SET run_at = now() + interval '1 second' WHERE key = $1`, [`agreement:${id}:expiring`]);
    }

    for (let round = 0; round < 2; round++) {
      platform = new TestPlatform([partnershipsService]);
      p = new Partnerships(platform);
      await platform.start();
      await p.init();
      const reminders = async () => {
        const [{ n }] = await p.ds.query(
          `SELECT count(*)::int AS n FROM partnerships.outbox WHERE event_type = 'partnerships.agreement.expiring' AND message_key = ANY($1)`,
          [ids],
        );
        return n as number;
      };
      await waitFor(async () => (await reminders()) >= 3, 20000, 'three reminders');
      // Later wake-ups (the safety sweep, a second start-up) find the jobs done and deliver nothing more.
      await platform.scheduler('partnerships').runDue();
      expect(await reminders()).toBe(3);
      if (round === 0) await platform.stop();
    }
    for (const id of ids) expect((await p.eventTypes(id)).filter((t) => t === 'partnerships.agreement.expiring')).toHaveLength(1);
  });
});
