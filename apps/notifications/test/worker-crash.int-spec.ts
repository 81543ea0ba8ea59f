import { randomUUID } from 'node:crypto';
import { InternshipCompleted } from '@hamkor/contracts';
import { notificationsService } from '@hamkor/notifications';
import { as, TestPlatform, waitFor } from '@hamkor/testing';
import { DeliveryQueue } from '../src/delivery/delivery.queue';
import { DeliveryWorker } from '../src/delivery/delivery.worker';
import { EventBus, fastNotificationSettings, notificationsDb, WebhookReceiver } from './support';

/**
 * The worker dies in the middle of delivering (stopped abruptly: nothing in flight is recorded, as when
 * the process is killed) and comes back: every message still arrives, and the receiver, which
 * de-duplicates by webhook-id, processes each exactly once.
 */
describe('notifications worker killed mid-delivery', () => {
  let platform: TestPlatform;
  let bus: EventBus;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    fastNotificationSettings({ NOTIFY_ENDPOINT_CONCURRENCY: '50', NOTIFY_LOCK_MS: '1000', NOTIFY_SWEEP_MS: '1000' });
    await receiver.start();
    platform = await new TestPlatform([notificationsService]).start();
    bus = new EventBus(platform);
    await bus.ready();
  }, 90_000);
  afterAll(async () => {
    await platform?.stop();
    await receiver.stop();
  });

  it('loses no message and has none processed twice', async () => {
    const enterprise = randomUUID();
    const auth = `Bearer ${await platform.token(as.orgAdmin('enterprise', enterprise))}`;
    const res = await platform.http.post(`/notifications/organisations/${enterprise}/webhooks`).set('Authorization', auth).send({ url: receiver.url, eventTypes: [InternshipCompleted.type] }).expect(201);
    receiver.secret = res.body.secret;
    // Slow answers, so the kill lands while requests have reached the receiver but their answers have not come back.
    receiver.respond = () => new Promise((r) => setTimeout(() => r(200), 600));

    const N = 20;
    const events = Array.from({ length: N }, () => bus.envelope(InternshipCompleted, { ...InternshipCompleted.example, internshipId: randomUUID(), enterpriseId: enterprise, schoolId: randomUUID() }));
    await bus.send(InternshipCompleted, events);
    await waitFor(() => receiver.calls.length >= 5, 30000, 'deliveries in flight');

    const worker = platform.app.get(DeliveryWorker, { strict: false });
    await worker.stop({ abandon: true });
    const callsAtKill = receiver.calls.length;
    receiver.respond = () => 200;
    worker.start();

    const db = notificationsDb(platform);
    await waitFor(async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM notifications.delivery WHERE recipient_id = $1 AND status = 'delivered'`, [res.body.id]);
      return n === N;
    }, 30000, 'every message delivered after the restart');

    const ids: string[] = (await db.query(`SELECT id FROM notifications.delivery WHERE recipient_id = $1`, [res.body.id])).map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(N);
    expect([...receiver.processed.keys()].sort()).toEqual(ids.sort());
    expect(new Set([...receiver.processed.values()].map((c) => c.body.data.internshipId)).size).toBe(N);
    expect(receiver.calls.every((c) => c.validSignature)).toBe(true);
    // Calls that were in flight at the kill were sent again with the same webhook-id, and de-duplicated.
    expect(callsAtKill).toBeGreaterThan(0);
    expect(receiver.calls.length).toBeGreaterThan(N);
    expect(new Set(receiver.calls.map((c) => c.id)).size).toBe(N);
  });

  it('loses nothing when Redis loses the queue: the messages recorded in PostgreSQL are queued again', async () => {
    const enterprise = randomUUID();
    const hook = await new WebhookReceiver().start();
    const auth = `Bearer ${await platform.token(as.orgAdmin('enterprise', enterprise))}`;
    const res = await platform.http.post(`/notifications/organisations/${enterprise}/webhooks`).set('Authorization', auth).send({ url: hook.url, eventTypes: [InternshipCompleted.type] }).expect(201);
    hook.secret = res.body.secret;
    const worker = platform.app.get(DeliveryWorker, { strict: false });
    const queue = platform.app.get(DeliveryQueue, { strict: false }).queue;
    await worker.stop();

    const N = 5;
    await bus.send(InternshipCompleted, Array.from({ length: N }, () => bus.envelope(InternshipCompleted, { ...InternshipCompleted.example, internshipId: randomUUID(), enterpriseId: enterprise, schoolId: randomUUID() })));
    const db = notificationsDb(platform);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM notifications.delivery WHERE recipient_id = $1 AND status = 'queued'`, [res.body.id]))[0].n === N, 30000, 'messages recorded');
    await queue.obliterate({ force: true });
    expect((await queue.getJobCounts('waiting', 'delayed')).waiting).toBe(0);

    worker.start();
    await waitFor(() => hook.processed.size === N, 30000, 'every message delivered after the flush');
    expect(hook.calls.every((c) => c.validSignature)).toBe(true);
    await hook.stop();
  });
});
