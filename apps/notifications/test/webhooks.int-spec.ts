import { randomUUID } from 'node:crypto';
import { InternshipCompleted } from '@hamkor/contracts';
import { notificationsService } from '@hamkor/notifications';
import { as, TestPlatform, waitFor } from '@hamkor/testing';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../src/notifications.config';
import { EventBus, expectProblem, fastNotificationSettings, WebhookReceiver } from './support';

/**
 * Organisations' webhooks against a real local HTTP receiver that checks the Standard Webhooks
 * signature: registration and its rules, test events, the delivery log, retries, dead letters and
 * their replay, and one dead endpoint not holding up the others.
 */
describe('notifications webhooks', () => {
  let platform: TestPlatform;
  let bus: EventBus;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    fastNotificationSettings();
    platform = await new TestPlatform([notificationsService]).start();
    bus = new EventBus(platform);
    await bus.ready();
  }, 90_000);
  afterAll(async () => {
    await platform?.stop();
    for (const r of receivers) await r.stop();
  });

  async function register(enterprise = randomUUID()) {
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    const auth = `Bearer ${await platform.token(as.orgAdmin('enterprise', enterprise))}`;
    const res = await platform.http.post(`/notifications/organisations/${enterprise}/webhooks`).set('Authorization', auth)
      .send({ url: receiver.url, eventTypes: [InternshipCompleted.type], description: 'HR system' }).expect(201);
    receiver.secret = res.body.secret;
    return { receiver, enterprise, auth, endpoint: res.body as { id: string; secret: string } };
  }

  const completed = (enterprise: string) => bus.publish(InternshipCompleted, { ...InternshipCompleted.example, internshipId: randomUUID(), enterpriseId: enterprise, schoolId: randomUUID() });
  const deliveryLog = async (h: { enterprise: string; auth: string; endpoint: { id: string } }, query = '') =>
    (await platform.http.get(`/notifications/organisations/${h.enterprise}/webhooks/${h.endpoint.id}/deliveries${query}`).set('Authorization', h.auth).expect(200)).body;

  it('registers an endpoint with a Standard Webhooks secret shown once; lists, updates and deletes it', async () => {
    const h = await register();
    expect(h.endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const base = `/notifications/organisations/${h.enterprise}/webhooks`;
    const got = await platform.http.get(`${base}/${h.endpoint.id}`).set('Authorization', h.auth).expect(200);
    expect(got.body).toMatchObject({ id: h.endpoint.id, url: h.receiver.url, eventTypes: [InternshipCompleted.type], active: true, description: 'HR system' });
    expect(got.body.secret).toBeUndefined();
    const list = await platform.http.get(base).set('Authorization', h.auth).expect(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([h.endpoint.id]);
    expect(list.body.items[0].secret).toBeUndefined();
    const patched = await platform.http.patch(`${base}/${h.endpoint.id}`).set('Authorization', h.auth).send({ active: false }).expect(200);
    expect(patched.body.active).toBe(false);
    await platform.http.delete(`${base}/${h.endpoint.id}`).set('Authorization', h.auth).expect(204);
    expectProblem(await platform.http.get(`${base}/${h.endpoint.id}`).set('Authorization', h.auth), 404);
  });

  it('an organisation manages only its own webhooks, and only its org_admin does', async () => {
    const h = await register();
    const other = `Bearer ${await platform.token(as.orgAdmin('enterprise'))}`;
    const base = `/notifications/organisations/${h.enterprise}/webhooks`;
    expectProblem(await platform.http.get(base).set('Authorization', other), 403);
    expectProblem(await platform.http.post(`${base}/${h.endpoint.id}/test`).set('Authorization', other), 403);
    expectProblem(await platform.http.delete(`${base}/${h.endpoint.id}`).set('Authorization', other), 403);
    const mentor = `Bearer ${await platform.token({ organisationId: h.enterprise, organisationType: 'enterprise', roles: ['mentor'] })}`;
    expectProblem(await platform.http.get(base).set('Authorization', mentor), 403, /roles/);
    expectProblem(await platform.http.get(base), 401);
    // Another organisation's endpoint id under one's own organisation is simply not there.
    const mine = await register();
    expectProblem(await platform.http.get(`/notifications/organisations/${mine.enterprise}/webhooks/${h.endpoint.id}`).set('Authorization', mine.auth), 404);
  });

  it('refuses bad input with problem+json', async () => {
    const enterprise = randomUUID();
    const auth = `Bearer ${await platform.token(as.orgAdmin('enterprise', enterprise))}`;
    const post = (body: object | string) => platform.http.post(`/notifications/organisations/${enterprise}/webhooks`).set('Authorization', auth).set('Content-Type', 'application/json').send(body);
    expectProblem(await post({ url: 'ftp://x.uz/hook', eventTypes: [InternshipCompleted.type] }), 400, /url/);
    expectProblem(await post({ url: 'not a url', eventTypes: [InternshipCompleted.type] }), 400, /url/);
    expectProblem(await post({ url: 'https://x.uz/hook', eventTypes: ['internships.internship.exploded'] }), 400, /event type/);
    expectProblem(await post({ url: 'https://x.uz/hook', eventTypes: [] }), 400, /eventTypes/);
    expectProblem(await post({ url: 'https://x.uz/hook', eventTypes: [InternshipCompleted.type], secret: 'mine' }), 400, /secret/);
    expectProblem(await post('{"url": '), 400, /JSON/);
    // As in production: no webhooks into the platform's own network.
    const settings = platform.app.get<NotificationsConfig>(NOTIFICATIONS_CONFIG, { strict: false });
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = false;
    try {
      expectProblem(await post({ url: 'http://169.254.169.254/latest/meta-data', eventTypes: [InternshipCompleted.type] }), 400, /private network/);
      expectProblem(await post({ url: 'http://localhost:5432/', eventTypes: [InternshipCompleted.type] }), 400, /private network/);
    } finally {
      settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = true;
    }
    const operator = `Bearer ${await platform.token(as.operator())}`;
    expectProblem(await platform.http.get(`/notifications/organisations/not-a-uuid/webhooks`).set('Authorization', operator), 400);
    expectProblem(await platform.http.get(`/notifications/organisations/${enterprise}/webhooks?limit=0`).set('Authorization', auth), 400, /limit/);
    expectProblem(await platform.http.patch(`/notifications/organisations/${enterprise}/webhooks/${randomUUID()}`).set('Authorization', auth).send({ active: 'yes' }), 400);
    expectProblem(await platform.http.patch(`/notifications/organisations/${enterprise}/webhooks/${randomUUID()}`).set('Authorization', auth).send({ active: false }), 404);
  });

  it('sends a signed test event, and logs the delivery', async () => {
    const h = await register();
    const res = await platform.http.post(`/notifications/organisations/${h.enterprise}/webhooks/${h.endpoint.id}/test`).set('Authorization', h.auth).expect(202);
    await waitFor(() => h.receiver.processed.size === 1, 10000, 'test event');
    const call = h.receiver.calls[0];
    expect(call).toMatchObject({ id: res.body.deliveryId, type: 'notifications.webhook.test', validSignature: true });
    expect(call.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(Math.abs(Number(call.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    await waitFor(async () => (await deliveryLog(h)).items[0]?.status === 'delivered', 5000, 'log');
    expect((await deliveryLog(h)).items[0]).toMatchObject({ id: res.body.deliveryId, status: 'delivered', attempts: 1, lastStatusCode: 200 });
  });

  it('retries a failing endpoint with backoff under the same webhook-id until it answers 2xx', async () => {
    const h = await register();
    h.receiver.respond = (_c, n) => (n <= 2 ? 503 : 204);
    await completed(h.enterprise);
    await waitFor(() => h.receiver.processed.size === 1, 30000, 'delivery after retries');
    expect(h.receiver.calls).toHaveLength(3);
    expect(new Set(h.receiver.calls.map((c) => c.id)).size).toBe(1);
    expect(h.receiver.calls.every((c) => c.validSignature)).toBe(true);
    await waitFor(async () => (await deliveryLog(h)).items[0]?.status === 'delivered', 5000, 'log');
    expect((await deliveryLog(h)).items[0]).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204 });
  });

  it('dead-letters a message after its attempts; the operator lists and replays it', async () => {
    const h = await register();
    h.receiver.respond = () => 500;
    await completed(h.enterprise);
    await waitFor(async () => (await deliveryLog(h)).items[0]?.status === 'dead', 30000, 'dead letter');
    const [dead] = (await deliveryLog(h)).items;
    expect(dead).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: expect.stringContaining('500') });
    expect(h.receiver.calls).toHaveLength(3);

    const operator = `Bearer ${await platform.token(as.operator())}`;
    const list = await platform.http.get('/notifications/operator/dead-letters?channel=webhook&limit=100').set('Authorization', operator).expect(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(dead.id);
    expectProblem(await platform.http.get('/notifications/operator/dead-letters').set('Authorization', h.auth), 403);
    expectProblem(await platform.http.post(`/notifications/operator/dead-letters/${dead.id}/replay`).set('Authorization', h.auth), 403);
    expectProblem(await platform.http.get('/notifications/operator/dead-letters?channel=pigeon').set('Authorization', operator), 400);

    h.receiver.respond = () => 200;
    const replay = await platform.http.post(`/notifications/operator/dead-letters/${dead.id}/replay`).set('Authorization', operator).expect(202);
    expect(replay.body).toEqual({ id: dead.id, status: 'queued', replays: 1 });
    await waitFor(() => h.receiver.processed.size === 1, 10000, 'replayed delivery');
    expect(h.receiver.processed.get(dead.id)).toBeDefined(); // the same webhook-id as the failed attempts
    expectProblem(await platform.http.post(`/notifications/operator/dead-letters/${dead.id}/replay`).set('Authorization', operator), 404, /not a dead letter/);
    expectProblem(await platform.http.post(`/notifications/operator/dead-letters/${randomUUID()}/replay`).set('Authorization', operator), 404);

    const queue = await platform.http.get('/notifications/operator/queue').set('Authorization', operator).expect(200);
    expect(queue.body).toMatchObject({ queue: 'notifications', counts: expect.objectContaining({ waiting: expect.any(Number), failed: expect.any(Number) }) });

    // Bull Board, for the operator only: the page, and its API showing the failed attempts of this message.
    const page = await platform.http.get('/notifications/operator/board').set('Authorization', operator).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<base href="/notifications/operator/board/"');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)![1];
    await platform.http.get(`/notifications/operator/board/${script}`).set('Authorization', operator).expect(200).expect('content-type', /javascript/);
    // Every file of the run shares the queue, so look the job up by its id (the message's) rather than in a page of the list.
    const board = await platform.http.get('/notifications/operator/board/api/queues?activeQueue=notifications&status=failed&page=1').set('Authorization', operator).expect(200);
    expect(board.body.queues.find((q: { name: string }) => q.name === 'notifications').counts.failed).toBeGreaterThanOrEqual(1);
    const failedJob = await platform.http.get(`/notifications/operator/board/api/queues/notifications/${dead.id}`).set('Authorization', operator).expect(200);
    expect(failedJob.body).toMatchObject({ status: 'failed', job: { data: { deliveryId: dead.id } } });
    expectProblem(await platform.http.get('/notifications/operator/board').set('Authorization', h.auth), 403);
    expectProblem(await platform.http.get('/notifications/operator/board/api/queues'), 401);

    const metrics = await platform.http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/hamkor_notifications_queue_jobs\{state="waiting"\} \d+/);
    expect(metrics.text).toMatch(/hamkor_notifications_deliveries_total\{channel="webhook",outcome="dead"\} [1-9]/);
    expect(metrics.text).toMatch(/hamkor_notifications_deliveries_total\{channel="webhook",outcome="failed"\} [1-9]/);
  });

  it("one dead endpoint's open circuit does not hold up the others", async () => {
    const dead = await register();
    const healthy = await register();
    // The dead one hangs for a second on every call before failing.
    dead.receiver.respond = () => new Promise((r) => setTimeout(() => r(503), 1000));
    for (let i = 0; i < 10; i++) await completed(dead.enterprise);
    await waitFor(() => dead.receiver.calls.length >= 4, 30000, 'the dead endpoint to fail 4 times');
    const started = Date.now();
    for (let i = 0; i < 10; i++) await completed(healthy.enterprise);
    await waitFor(() => healthy.receiver.processed.size === 10, 10000, 'the healthy endpoint');
    expect(Date.now() - started).toBeLessThan(8000);
    // After 4 consecutive failures the circuit is open: no more calls to the dead endpoint for its cooldown.
    await new Promise((r) => setTimeout(r, 1500));
    expect(dead.receiver.calls.length).toBeLessThanOrEqual(4 + 2);
    const log = await deliveryLog(dead, '?limit=100');
    expect(log.items.filter((d: { status: string }) => d.status === 'dead')).toHaveLength(0); // deferred, not burnt
  });
});
