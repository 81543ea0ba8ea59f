import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notificationsService } from '@hamkor/notifications';
import { partnershipsService } from '@hamkor/partnerships';
import { as, TestPlatform, waitFor } from '@hamkor/testing';

/**
 * One real event crossing two services: partnerships registers an organisation (row + outbox in one
 * transaction), the relay puts it on Kafka, and the notifications consumer applies it once to its
 * directory — in the all-in-one process, over the real broker, PostgreSQL and Redis.
 */
describe('walking skeleton: an organisation registered in partnerships reaches notifications', () => {
  // Housekeeping every second (the default is hourly), so its test below sees it run in this process.
  const platform = new TestPlatform([partnershipsService, notificationsService], { HOUSEKEEPING_INTERVAL_MS: '1000' });
  beforeAll(() => platform.start());
  afterAll(() => platform.stop());

  it('registers, verifies, and the directory of notifications follows, once', async () => {
    const school = as.orgAdmin('school');
    const token = await platform.token(school);
    const correlationId = `test-${randomUUID()}`;
    const created = await platform.http
      .post('/partnerships/organisations')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Correlation-Id', correlationId)
      .send({ id: school.organisationId, type: 'school', name: 'Samarkand School No. 12', region: 'UZ-SA', contactEmail: 'office@school12.uz' })
      .expect(201);
    expect(created.body).toMatchObject({ id: school.organisationId, verified: false });
    expect(created.headers['x-correlation-id']).toBe(correlationId);

    const operator = await platform.token(as.operator());
    await platform.http.post(`/partnerships/organisations/${school.organisationId}/verify`).set('Authorization', `Bearer ${operator}`).expect(200);

    let seen: any;
    await waitFor(async () => {
      const res = await platform.http.get(`/notifications/directory/organisations/${school.organisationId}`).set('Authorization', `Bearer ${token}`);
      seen = res.body;
      return res.status === 200 && res.body.verified === true;
    }, 20000, 'the directory to show the verified organisation');
    expect(seen).toMatchObject({ id: school.organisationId, name: 'Samarkand School No. 12', region: 'UZ-SA', type: 'school' });

    // Each event was applied exactly once by the notifications consumer, and carried the request's correlation id.
    const ds = platform.app.get<DataSource>(getDataSourceToken('notifications'), { strict: false });
    const inbox = await ds.query(`SELECT event_type FROM notifications.inbox WHERE consumer = $1 ORDER BY processed_at`, [`${platform.groupPrefix}.notifications`]);
    expect(inbox.map((r: { event_type: string }) => r.event_type)).toEqual(
      expect.arrayContaining(['partnerships.organisation.registered', 'partnerships.organisation.verified']),
    );
    const [outbox] = await ds.query(
      `SELECT payload->>'correlationid' AS c FROM partnerships.outbox WHERE message_key = $1 AND event_type = 'partnerships.organisation.registered'`,
      [school.organisationId],
    );
    expect(outbox.c).toBe(correlationId);
  });

  it('replays the first answer for a repeated Idempotency-Key, and refuses a different body under it', async () => {
    const key = `idem-${randomUUID()}`;
    const operator = await platform.token(as.operator());
    const body = { type: 'enterprise', name: 'Navoi Mining Works', region: 'UZ-NW', contactEmail: 'hr@nmw.uz' };
    const first = await platform.http.post('/partnerships/organisations').set('Authorization', `Bearer ${operator}`).set('Idempotency-Key', key).send(body).expect(201);
    const again = await platform.http.post('/partnerships/organisations').set('Authorization', `Bearer ${operator}`).set('Idempotency-Key', key).send(body).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await platform.http
      .post('/partnerships/organisations')
      .set('Authorization', `Bearer ${operator}`)
      .set('Idempotency-Key', key)
      .send({ ...body, name: 'Another' })
      .expect(422);
    expect(other.headers['content-type']).toContain('application/problem+json');
  });

  it("sweeps every service's outbox, inbox and idempotency keys past their retention", async () => {
    const ds = platform.app.get<DataSource>(getDataSourceToken('notifications'), { strict: false });
    const [event, key] = [randomUUID(), `old-${randomUUID()}`];
    await ds.query(
      `INSERT INTO partnerships.outbox (event_id, topic, message_key, event_type, payload, created_at, published_at)
       VALUES ($1, 'partnerships.organisation.v1', 'k', 'partnerships.organisation.updated', '{}', now() - interval '8 days', now() - interval '8 days')`,
      [event],
    );
    await ds.query(`INSERT INTO notifications.idempotency_key (scope, key, request_hash, created_at) VALUES ('POST /x', $1, 'h', now() - interval '25 hours')`, [key]);
    await waitFor(
      async () =>
        (await ds.query(`SELECT 1 FROM partnerships.outbox WHERE event_id = $1`, [event])).length === 0 &&
        (await ds.query(`SELECT 1 FROM notifications.idempotency_key WHERE key = $1`, [key])).length === 0,
      15000,
      'the housekeeping sweep of both schemas',
    );
    const metrics = await platform.http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/hamkor_housekeeping_deleted_total\{service="partnerships",table="outbox"\} [1-9]/);
    expect(metrics.text).toMatch(/hamkor_housekeeping_deleted_total\{service="notifications",table="idempotency_key"\} [1-9]/);
  });

  it('serves health, readiness, metrics and OpenAPI per service', async () => {
    await platform.http.get('/health/live').expect(200);
    const ready = await platform.http.get('/health/ready').expect(200);
    expect(ready.body.checks).toMatchObject({ 'postgres:partnerships': 'up', 'postgres:notifications': 'up', kafka: 'up', redis: 'up' });
    const metrics = await platform.http.get('/metrics').expect(200);
    expect(metrics.text).toContain('hamkor_http_request_duration_seconds');
    // The readiness check above used each service's pool: every one reports its connections.
    for (const service of ['partnerships', 'notifications']) {
      expect(metrics.text).toMatch(new RegExp(`hamkor_db_pool_connections\\{service="${service}",state="total"\\} [1-9]`));
      expect(metrics.text).toContain(`hamkor_db_pool_connections{service="${service}",state="waiting"} 0`);
    }
    const openapi = await platform.http.get('/partnerships/openapi.json').expect(200);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/partnerships/organisations', '/partnerships/organisations/{organisationId}']));
    expect(Object.keys(openapi.body.paths).some((p) => p.startsWith('/notifications'))).toBe(false);
    await platform.http.get('/notifications/openapi.json').expect(200);
    await platform.http.get('/partnerships/docs/').expect(200);
  });
});
