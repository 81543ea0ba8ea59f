import { dlqTopicName } from '@hamkor/contracts';
import { MessagingHarness, waitFor } from '@hamkor/testing';

/**
 * The event backbone against the real broker and PostgreSQL: outbox → relay → Kafka → inbox consumer.
 */
describe('outbox, relay and inbox (real Kafka and PostgreSQL)', () => {
  let h: MessagingHarness;

  beforeEach(async () => {
    h = await new MessagingHarness().setup();
  });
  afterEach(() => h.close());

  it('publishes nothing for a rolled-back transaction', async () => {
    await expect(
      h.ds.transaction(async (tx) => {
        await h.writer.publish(tx, h.contract, { thingId: 'rolled-back', n: 1 });
        throw new Error('business rule failed after the event was written');
      }),
    ).rejects.toThrow('business rule');
    await h.write([{ thingId: 'committed', n: 2 }]);
    h.relay().start();
    await h.consumer().start();
    await waitFor(async () => (await h.effects()).length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.effects()).map((e) => e.subject)).toEqual(['committed']);
  });

  it('publishes at commit, not at the next poll, when the change commits in the relay\'s own process', async () => {
    const relay = h.relay({ pollMs: 60_000 });
    relay.start();
    await h.consumer().start();
    await waitFor(() => relay.isLeader, 10000, 'the relay to take the lock');
    // Polling once a minute: only the commit's wake-up can bring these in time, both the transaction's
    // and the single statement's that inserts its outbox row itself.
    await h.write([{ thingId: 'rung', n: 1 }]);
    await waitFor(async () => (await h.effects()).some((e) => e.subject === 'rung'), 20000, 'the event committed in a transaction');
    const [row] = h.writer.rows(h.contract, [{ thingId: 'single', n: 2 }]);
    await h.ds.query(`INSERT INTO "${h.schema}".outbox (event_id, topic, message_key, event_type, payload) VALUES ($1, $2, $3, $4, $5)`, [
      row.envelope.id, row.topic, row.key, row.type, row.payload,
    ]);
    h.writer.committed();
    await waitFor(async () => (await h.effects()).some((e) => e.subject === 'single'), 20000, 'the event of a single statement');
    expect(await h.unpublished()).toBe(0);
  });

  it('still publishes a row whose transaction commits after a later-numbered row was published', async () => {
    const relay = h.relay();
    relay.start();
    await h.consumer().start();
    // The slow transaction takes its sequence value first, then waits while a later one commits and is published.
    const slow = h.ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    await h.writer.publish(slow.manager, h.contract, { thingId: 'late', n: 1 });
    await h.write([{ thingId: 'early', n: 2 }]);
    await waitFor(async () => (await h.effects()).some((e) => e.subject === 'early'));
    const [{ late, early }] = await h.ds.query(
      `SELECT (SELECT seq FROM "${h.schema}".outbox WHERE message_key = 'early') AS early, (SELECT count(*) FROM "${h.schema}".outbox WHERE message_key = 'late') AS late`,
    );
    expect(Number(late)).toBe(0); // not yet visible: still uncommitted
    expect(Number(early)).toBeGreaterThan(0);
    await slow.commitTransaction();
    await slow.release();
    await waitFor(async () => (await h.effects()).some((e) => e.subject === 'late'), 10000, 'the late row');
    const [{ lateSeq, earlySeq }] = await h.ds.query(
      `SELECT max(seq) FILTER (WHERE message_key = 'late') AS "lateSeq", max(seq) FILTER (WHERE message_key = 'early') AS "earlySeq" FROM "${h.schema}".outbox`,
    );
    expect(Number(lateSeq)).toBeLessThan(Number(earlySeq));
    expect(await h.unpublished()).toBe(0);
  });

  it('loses nothing and applies nothing twice when the relay dies between publish and mark', async () => {
    await h.write(Array.from({ length: 50 }, (_, i) => ({ thingId: `t${i % 5}`, n: i })));
    let crashed = false;
    const dying = h.relay({
      afterPublishBeforeMark: async () => {
        if (crashed) return;
        crashed = true;
        // A crash: the batch is on Kafka, but the rows are not marked published.
        throw new Error('relay process killed');
      },
    });
    dying.start();
    await waitFor(() => crashed);
    await dying.stop();
    expect(await h.unpublished()).toBe(50);
    const replacement = h.relay();
    replacement.start();
    await h.consumer().start();
    await waitFor(async () => (await h.unpublished()) === 0);
    await waitFor(async () => (await h.effects()).length >= 50);
    const onTopic = await h.readTopic(h.contract.topic.name, 100);
    expect(onTopic.length).toBe(100); // every event went out twice ...
    await new Promise((r) => setTimeout(r, 500));
    const effects = await h.effects();
    expect(effects).toHaveLength(50); // ... and was applied once
    expect(new Set(effects.map((e) => e.event_id)).size).toBe(50);
  });

  it('sends a malformed message to the DLQ and goes on with the next ones', async () => {
    await h.consumer().start();
    await h.producer.send({
      topic: h.contract.topic.name,
      messages: [
        { key: 'x', value: '{"this is": not json' },
        { key: 'x', value: JSON.stringify({ id: 'not-an-envelope' }) },
      ],
    });
    // A well-formed envelope whose data breaks the contract, and one of an unknown newer version.
    const [valid] = await h.ds.transaction((tx) => h.writer.publishMany(tx, h.contract, [{ thingId: 'x', n: 1 }]));
    await h.producer.send({
      topic: h.contract.topic.name,
      messages: [
        { key: 'x', value: JSON.stringify({ ...valid, id: '1d6a0a5e-6a0b-4a9e-8f3e-0c1b2a394857', data: { thingId: 'x', n: 'one' } }) },
        { key: 'x', value: JSON.stringify({ ...valid, id: '2d6a0a5e-6a0b-4a9e-8f3e-0c1b2a394857', schemaversion: 99 }) },
      ],
    });
    h.relay().start();
    await h.write([{ thingId: 'x', n: 2 }]);
    await waitFor(async () => (await h.effects()).length >= 2, 20000, 'the valid events');
    const dlq = await h.readTopic(dlqTopicName(h.contract.topic.name), 4);
    expect(dlq).toHaveLength(4);
    expect(dlq.map((m) => m.headers['dlq-error'])).toEqual([
      expect.stringContaining('not JSON'),
      expect.stringContaining('malformed envelope'),
      expect.stringContaining('invalid'),
      expect.stringContaining('newer than this consumer knows'),
    ]);
    expect((await h.effects()).map((e) => e.n)).toEqual([1, 2]);
  });

  it('retries a failing handler with backoff, then dead-letters it and goes on', async () => {
    let attempts = 0;
    await h.consumer({ maxAttempts: 3, fail: (n) => n === 13 && ++attempts > 0 }).start();
    h.relay().start();
    await h.write([{ thingId: 'a', n: 12 }, { thingId: 'a', n: 13 }, { thingId: 'a', n: 14 }]);
    await waitFor(async () => (await h.effects()).length >= 2);
    const dlq = await h.readTopic(dlqTopicName(h.contract.topic.name), 1);
    expect(dlq).toHaveLength(1);
    expect(dlq[0].headers['dlq-attempts']).toBe('3');
    expect(dlq[0].headers['dlq-error']).toContain('handler refuses n=13');
    expect((await h.effects()).map((e) => e.n)).toEqual([12, 14]);
    expect(attempts).toBeGreaterThanOrEqual(3); // the batch try, then the single-message retries
  });

  it('hands a batch handler consecutive events together, in order, and a failing one alone on the replay', async () => {
    h.relay().start();
    await h.write(Array.from({ length: 40 }, (_, n) => ({ thingId: 'a', n })));
    await waitFor(async () => (await h.unpublished()) === 0, 20000, 'the events on Kafka');
    const batches: number[] = [];
    await h.consumer({ batches }).start();
    await waitFor(async () => (await h.effects()).length >= 40, 20000, 'every event applied');
    expect((await h.effects()).map((e) => e.n)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(batches.reduce((a, b) => a + b, 0)).toBe(40);
    expect(Math.max(...batches)).toBeGreaterThan(1);

    // One event the handler refuses: its batch is rolled back and replayed one event at a time.
    const replay: number[] = [];
    await h.consumer({ batches: replay, group: `replay-${h.tag}`, maxAttempts: 2, fail: (n) => n === 7 }).start();
    await h.write([{ thingId: 'b', n: 100 }]);
    await waitFor(async () => (await h.effects()).length >= 40 + 39 + 1 + 1, 20000, 'the second group applied everything but n=7');
    expect(replay).toContain(1);
    const dlq = await h.readTopic(dlqTopicName(h.contract.topic.name), 1);
    expect(dlq[0].headers['dlq-error']).toContain('handler refuses n=7');
  });

  it('resumes without loss when a consumer is restarted mid-stream, and keeps each aggregate in order', async () => {
    h.relay().start();
    const first = h.consumer({ group: `resume-${h.tag}` });
    await first.start();
    const total = 600;
    const writer = (async () => {
      for (let i = 0; i < total; i += 20) {
        await h.write(Array.from({ length: 20 }, (_, j) => ({ thingId: `agg-${(i + j) % 7}`, n: i + j })));
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await waitFor(async () => (await h.effects()).length >= 100);
    await first.stop(); // mid-stream
    const second = h.consumer({ group: `resume-${h.tag}` });
    await second.start();
    await writer;
    await waitFor(async () => (await h.effects()).length >= total, 30000, 'all events after the restart');
    const effects = await h.effects();
    expect(effects).toHaveLength(total);
    expect(new Set(effects.map((e) => e.event_id)).size).toBe(total);
    for (let a = 0; a < 7; a++) {
      const ns = effects.filter((e) => e.subject === `agg-${a}`).map((e) => e.n);
      expect(ns).toEqual([...ns].sort((x, y) => x - y));
    }
  });

  it('lets only one of two relays publish at a time: no duplicates, no reordering', async () => {
    const a = h.relay();
    const b = h.relay();
    a.start();
    b.start();
    await h.consumer().start();
    for (let i = 0; i < 300; i += 30) {
      await h.write(Array.from({ length: 30 }, (_, j) => ({ thingId: `agg-${(i + j) % 3}`, n: i + j })));
    }
    await waitFor(async () => (await h.effects()).length >= 300);
    expect([a.isLeader, b.isLeader].filter(Boolean)).toHaveLength(1);
    const onTopic = await h.readTopic(h.contract.topic.name, 300);
    expect(onTopic).toHaveLength(300);
    expect(new Set(onTopic.map((m) => m.headers['ce-id'])).size).toBe(300);
    for (let agg = 0; agg < 3; agg++) {
      const ns = onTopic.filter((m) => m.key === `agg-${agg}`).map((m) => JSON.parse(m.value).data.n);
      expect(ns).toEqual([...ns].sort((x, y) => x - y));
    }
  });

  it('polls by index scan, so the index entries published rows leave behind are read once, not on every poll', async () => {
    const relay = h.relay({ pollMs: 10 });
    relay.start();
    for (let i = 0; i < 2_000; i += 500) await h.write(Array.from({ length: 500 }, (_, j) => ({ thingId: `agg-${(i + j) % 7}`, n: i + j })));
    await waitFor(async () => (await h.unpublished()) === 0, 30000, 'the relay to publish every row');
    // Index entries the relay's polls read from the partial index of unpublished rows. PostgreSQL never
    // analysed this new table: with such stale statistics the planner picks a bitmap scan, which returns
    // every published row's dead entry on every poll until VACUUM; an index scan marks them dead the
    // first time and skips them after. A backend reports its counters about once a second, hence the waits.
    const entriesRead = async (): Promise<number> => {
      const [{ n }] = await h.ds.query(
        `SELECT idx_tup_read::int AS n FROM pg_stat_user_indexes WHERE schemaname = $1 AND indexrelname = 'outbox_unpublished'`,
        [h.schema],
      );
      return n;
    };
    await new Promise((r) => setTimeout(r, 2_500));
    const before = await entriesRead();
    await new Promise((r) => setTimeout(r, 3_000));
    const read = (await entriesRead()) - before;
    // About 300 polls in those 3 s: bitmap scans read all 2,000 entries in each (600,000 measured), the
    // index scan a few per poll (3,400 in all).
    expect(read).toBeLessThan(20_000);
    await relay.stop();
    // The setting stays with the relay's connection: back in the pool, it plans as every other one.
    const settings: Array<{ enable_bitmapscan: string }> = await Promise.all(Array.from({ length: 10 }, () => h.ds.query('SHOW enable_bitmapscan').then((r) => r[0])));
    expect(settings.map((s) => s.enable_bitmapscan)).toEqual(Array(10).fill('on'));
  });

  it('applies the batches of several partitions that arrive together in one transaction, each partition in order', async () => {
    // On the topic before the consumer joins, so its first fetch brings every partition's batch at once.
    await h.write(Array.from({ length: 60 }, (_, n) => ({ thingId: `agg-${n % 6}`, n })));
    await h.relay().drain();
    const partitions = new Set((await h.readTopic(h.contract.topic.name, 60)).map((m) => m.partition));
    expect(partitions.size).toBe(3);
    await h.consumer().start();
    await waitFor(async () => (await h.effects()).length >= 60);
    // xmin: the transaction that wrote each effect row. One transaction per partition before.
    const rows: Array<{ tx: string; subject: string; n: number }> = await h.ds.query(`SELECT xmin::text AS tx, subject, n FROM "${h.schema}".effect ORDER BY id`);
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
    for (let agg = 0; agg < 6; agg++) {
      const ns = rows.filter((r) => r.subject === `agg-${agg}`).map((r) => r.n);
      expect(ns).toEqual(Array.from({ length: 10 }, (_, i) => agg + 6 * i));
    }
  });

  it('gives each partition a transaction of its own for big batches (a backlog), so they run side by side', async () => {
    await h.write(Array.from({ length: 606 }, (_, n) => ({ thingId: `agg-${n % 6}`, n })));
    await h.relay().drain();
    await h.consumer().start();
    await waitFor(async () => (await h.effects()).length >= 606);
    // The six keys fall on all three partitions (the test above): more than 100 messages in each batch.
    const [{ n }] = await h.ds.query(`SELECT count(DISTINCT xmin::text)::int AS n FROM "${h.schema}".effect`);
    expect(n).toBe(3);
  });
});
