import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InboxConsumer } from '@hamkor/messaging';
import { metricsRegistry } from '@hamkor/observability';
import { freePort, MessagingHarness, waitFor } from '@hamkor/testing';
import { PrivateKafka } from '../../../test/chaos/private-infra';

/**
 * A consumer keeps consuming through what used to stop it for good (issue 9): a broker restart, a batch
 * that outlasts the session timeout, and a crash kafkajs does not restart on.
 */
describe('inbox consumer recovery (real Kafka and PostgreSQL)', () => {
  let h: MessagingHarness;
  const consumers: InboxConsumer[] = [];

  /** Like the harness's consumer, with the session settings of the chaos run and an optional slow event. */
  function consumer(options: { sessionTimeoutMs?: number; slow?: { n: number; ms: number } } = {}): InboxConsumer {
    const c = new InboxConsumer(h.kafka, h.ds, h.producer, {
      service: h.schema,
      groupPrefix: `g-${h.tag}`,
      maxAttempts: 3,
      retryBaseMs: 10,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 6_000,
      heartbeatIntervalMs: 1_000,
    });
    const slow = options.slow;
    c.register({
      contract: h.contract,
      handle: async (e, tx) => {
        if (slow && e.data.n === slow.n) await sleep(slow.ms);
        await tx.query(`INSERT INTO "${h.schema}".effect (event_id, subject, n) VALUES ($1, $2, $3)`, [e.id, e.subject, e.data.n]);
      },
    });
    consumers.push(c);
    return c;
  }

  async function restarts(reason: string): Promise<number> {
    const metric = (await metricsRegistry.getSingleMetric('hamkor_consumer_restarts_total')?.get())?.values ?? [];
    return metric.filter((v) => v.labels.service === h.schema && v.labels.reason === reason).reduce((s, v) => s + v.value, 0);
  }

  async function appliedOnce(count: number, timeoutMs: number, what: string): Promise<void> {
    await waitFor(async () => (await h.effects()).length >= count, timeoutMs, what);
    await sleep(300);
    const effects = await h.effects();
    expect(effects).toHaveLength(count);
    expect(new Set(effects.map((e) => e.event_id)).size).toBe(count);
  }

  afterEach(async () => {
    await Promise.allSettled(consumers.splice(0).map((c) => c.stop()));
    await h.close();
  });

  describe('on the shared broker', () => {
    beforeEach(async () => {
      h = await new MessagingHarness().setup(1);
    });

    it('goes on consuming after a batch that took longer than the session timeout', async () => {
      // 9 s in one chunk with a 6 s session: kafkajs used to lose the member, then the offset commit was
      // refused ("the coordinator is not aware of this member") and the consumer crashed for good.
      await consumer({ slow: { n: 2, ms: 9_000 } }).start();
      h.relay().start();
      await h.write([1, 2, 3].map((n) => ({ thingId: 'slow', n })));
      await appliedOnce(3, 30_000, 'the slow batch');
      await h.write([4, 5].map((n) => ({ thingId: 'slow', n })));
      await appliedOnce(5, 20_000, 'the events after it');
      expect(await restarts('fatal_crash')).toBe(0);
    }, 60_000);

    it('replaces a consumer that kafkajs gave up on, with a metric, and stops cleanly', async () => {
      // The broker refuses a session timeout below its group.min.session.timeout.ms (6 s): a
      // non-retriable error at every join, which kafkajs never restarts on.
      const before = await restarts('fatal_crash');
      const c = consumer({ sessionTimeoutMs: 5_000 });
      await c.start();
      await waitFor(async () => (await restarts('fatal_crash')) >= before + 2, 20_000, 'two replacements');
      const stopping = Date.now();
      await c.stop();
      expect(Date.now() - stopping).toBeLessThan(10_000);
    }, 40_000);
  });

  describe('on a private broker that is restarted', () => {
    let broker: PrivateKafka;
    let dir: string;
    const brokersBefore = process.env.KAFKA_BROKERS;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'hamkor-consumer-recovery-'));
      broker = new PrivateKafka(join(dir, 'kafka'), await freePort(), await freePort());
      await broker.start();
    }, 150_000);

    afterAll(async () => {
      await broker?.stop().catch(() => undefined);
      broker?.killNow();
      rmSync(dir, { recursive: true, force: true });
    });

    beforeEach(async () => {
      process.env.KAFKA_BROKERS = broker.brokers;
      h = await new MessagingHarness().setup(3);
      process.env.KAFKA_BROKERS = brokersBefore;
    });

    it('resumes after the broker restarts: nothing lost, nothing applied twice', async () => {
      await consumer().start();
      h.relay().start();
      let n = 0;
      const batch = () => Array.from({ length: 20 }, () => ({ thingId: `t${n % 5}`, n: n++ }));
      await h.write(batch());
      await appliedOnce(20, 20_000, 'the events before the restart');

      const writing = (async () => {
        for (let i = 0; i < 5; i++) {
          await h.write(batch());
          await sleep(500);
        }
      })();
      await broker.restart();
      await writing;
      await h.write(batch());
      // Whether kafkajs rides the restart out or crashes and restarts the consumer depends on timing;
      // what must hold either way is that every event is applied, once.
      await appliedOnce(n, 60_000, 'the events during and after the restart');
    }, 180_000);
  });
});
