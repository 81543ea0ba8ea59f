import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AssignerProtocol, Kafka } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { mintDevToken } from '@hamkor/auth';
import { InternshipCompleted, InternshipConfirmed, InternshipStarted } from '@hamkor/contracts';
import { createKafka, OutboxWriter, parseBrokers } from '@hamkor/messaging';
import { dataSourceOptions } from '@hamkor/persistence';
import { PlatformProcess, TsProcess, waitFor } from '@hamkor/testing';

/**
 * Scale-out, with real OS processes of the platform's entry point against the real broker: two
 * employment processes in one consumer group share InternshipCompleted events; one is SIGKILLed
 * mid-stream and the other takes over its partitions with nothing lost and no effect applied twice.
 * The events come from two internships processes, whose two outbox relays run at once: every event is
 * published once and each internship's events stay in order.
 *
 * Which process applied what is read from PostgreSQL itself: each child connects with its own
 * `hamkor.scale_proc` setting (PGOPTIONS), and test-only triggers copy it next to every inbox row and
 * every update of a learner (the consumer's effect), in the consumer's own transaction.
 */
const TOPIC = InternshipCompleted.topic.name;
const INTERNSHIPS = 240;
const GROUPS = 12;
/** Short enough that a SIGKILLed member's partitions move within the test, above the broker's 6 s minimum. */
const SESSION_TIMEOUT_MS = 7000;

describe('scale-out: one consumer group over two processes, two outbox relays', () => {
  const tag = randomUUID().replace(/-/g, '').slice(0, 8);
  const probe = `scale_probe_${tag}`;
  const groupPrefix = `scale-${tag}`;
  const groupId = `${groupPrefix}.employment`;
  const schoolId = randomUUID();
  const kafka: Kafka = createKafka({ brokers: parseBrokers(process.env.KAFKA_BROKERS ?? 'localhost:9092'), clientId: `scale-test-${tag}` });
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  let internshipsDs: DataSource | undefined;
  const processes: PlatformProcess[] = [];

  const start = (name: string, service: string) =>
    PlatformProcess.start(name, {
      HAMKOR_SERVICES: service,
      KAFKA_CLIENT_ID: name,
      KAFKA_GROUP_PREFIX: groupPrefix,
      KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      MIGRATIONS_RUN: 'true',
      OUTBOX_POLL_MS: '20',
      LOG_LEVEL: 'warn',
      PGOPTIONS: `-c hamkor.scale_proc=${name}`,
    }).then((p) => (processes.push(p), p));

  let employment: PlatformProcess[] = [];
  let internships: PlatformProcess[] = [];

  let startupMs = 0;
  beforeAll(async () => {
    const t0 = Date.now();
    employment = await Promise.all([start('employment-1', 'employment'), start('employment-2', 'employment')]);
    internships = await Promise.all([start('internships-1', 'internships'), start('internships-2', 'internships')]);
    // Four processes compiling and booting at once: about 25 s on a quiet 2-core machine, far more on a busy one.
    await Promise.all(processes.map((p) => p.ready(100_000)));
    await pg.connect();
    await installProbe();
    internshipsDs = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 4, { schema: 'internships', entities: [], migrations: [] })).initialize();
    startupMs = Date.now() - t0;
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(processes.map((p) => p.stop(5000)));
    TsProcess.killAll();
    await pg.query(`DROP TRIGGER IF EXISTS ${probe} ON employment.inbox`).catch(() => undefined);
    await pg.query(`DROP TRIGGER IF EXISTS ${probe} ON employment.learner`).catch(() => undefined);
    await pg.query(`DROP SCHEMA IF EXISTS ${probe} CASCADE`).catch(() => undefined);
    await pg.end().catch(() => undefined);
    await internshipsDs?.destroy().catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect().then(() => admin.deleteGroups([groupId, `${groupPrefix}.internships`])).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }, 30_000);

  /** Test-only instrumentation; rows are written only by connections that carry hamkor.scale_proc. */
  async function installProbe(): Promise<void> {
    await pg.query(`CREATE SCHEMA ${probe}`);
    await pg.query(`CREATE TABLE ${probe}.seen (kind text NOT NULL, proc text NOT NULL, ref uuid NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    await pg.query(`CREATE FUNCTION ${probe}.record() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE proc text := current_setting('hamkor.scale_proc', true);
      BEGIN
        IF proc IS NOT NULL AND proc <> '' THEN
          INSERT INTO ${probe}.seen (kind, proc, ref)
          VALUES (TG_ARGV[0], proc, (to_jsonb(NEW) ->> TG_ARGV[1])::uuid);
        END IF;
        RETURN NULL;
      END $$`);
    await pg.query(`CREATE TRIGGER ${probe} AFTER INSERT ON employment.inbox FOR EACH ROW EXECUTE FUNCTION ${probe}.record('inbox', 'event_id')`);
    await pg.query(`CREATE TRIGGER ${probe} AFTER UPDATE ON employment.learner FOR EACH ROW EXECUTE FUNCTION ${probe}.record('effect', 'id')`);
  }

  async function members(): Promise<Array<{ proc: string; partitions: number[] }>> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      if (groups[0].state !== 'Stable') return [];
      return groups[0].members.map((m) => {
        const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
        return { proc: m.clientId, partitions: [...(decoded?.assignment[TOPIC] ?? [])].sort() };
      });
    } finally {
      await admin.disconnect();
    }
  }

  /** What a failure message needs: where the events are stuck, and what the processes said. */
  async function diagnose(ids: string[]): Promise<string> {
    const q = async (sql: string, params: unknown[]) => JSON.stringify((await pg.query(sql, params).catch((e: Error) => ({ rows: [e.message] }))).rows);
    return [
      `outbox: ${await q(`SELECT count(*) FILTER (WHERE published_at IS NULL) AS unpublished, count(*) AS written FROM internships.outbox WHERE event_id = ANY($1)`, [ids])}`,
      `inbox: ${await q(`SELECT outcome, count(*) FROM employment.inbox WHERE consumer = $1 AND event_id = ANY($2) GROUP BY outcome`, [groupId, ids])}`,
      `probe: ${await q(`SELECT kind, proc, count(*) FROM ${probe}.seen GROUP BY kind, proc`, [])}`,
      ...processes.map((p) => p.output().split('\n').slice(-25).join('\n')),
    ].join('\n');
  }

  async function until(check: () => Promise<boolean>, timeoutMs: number, what: string, ids: string[]): Promise<void> {
    await waitFor(check, timeoutMs, what).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await diagnose(ids)}`);
    });
  }

  async function appliedBy(eventIds: string[]): Promise<Map<string, string[]>> {
    const rows: Array<{ proc: string; ref: string }> = (await pg.query(`SELECT proc, ref FROM ${probe}.seen WHERE kind = 'inbox' AND ref = ANY($1)`, [eventIds])).rows;
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.proc, [...(out.get(r.proc) ?? []), r.ref]);
    return out;
  }

  it('shares the work, survives a SIGKILL mid-stream with every event applied exactly once, and relays each event once in order', async () => {
    // Both consumers in the group, each with some of the topic's partitions.
    let before: Array<{ proc: string; partitions: number[] }> = [];
    const t0 = Date.now();
    await until(async () => (before = await members()).length === 2 && before.every((m) => m.partitions.length > 0), 20_000, 'two members sharing the partitions', []);

    // The learners, through employment's public API (the consumer skips completions of unknown learners).
    const token = await mintDevToken({
      organisationId: schoolId,
      organisationType: 'school',
      roles: ['org_admin'],
      issuer: process.env.AUTH_ISSUER ?? 'hamkor-dev',
      audience: process.env.AUTH_AUDIENCE ?? 'hamkor',
      devKeyDir: process.env.AUTH_DEV_KEY_DIR ?? '.cache/dev-keys',
    });
    const rows = Array.from({ length: INTERNSHIPS }, (_, i) => ({
      schoolRef: `${tag}-${i}`,
      fullName: `Scale Learner ${i}`,
      dateOfBirth: '2007-04-12',
      specialty: 'electrics',
      cohortYear: 2025,
      expectedGraduation: '2026-06-30',
      region: 'UZ-SA',
    }));
    const enrolled = await fetch(`${employment[0].url}/employment/learners/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ learners: rows }),
    });
    expect(enrolled.status).toBe(201);
    const learnerIds = ((await enrolled.json()) as { learnerIds: string[] }).learnerIds;

    // Each internship's three events go out in three different transactions, interleaved with other
    // internships', so a relay that reordered or repeated anything would show on the topic.
    const data = learnerIds.map((learnerId) => ({
      internshipId: randomUUID(),
      placementId: randomUUID(),
      enterpriseId: randomUUID(),
      schoolId,
      learnerId,
      specialty: 'electrics',
    }));
    const group = (g: number) => data.slice((g * INTERNSHIPS) / GROUPS, ((g + 1) * INTERNSHIPS) / GROUPS);
    const writer = new OutboxWriter('internships');
    const written: string[] = [];
    const completedIds: string[] = [];
    const writeWave = async (w: number) => {
      await internshipsDs!.transaction(async (tx) => {
        if (w < GROUPS) {
          const es = await writer.publishMany(tx, InternshipConfirmed, group(w).map((d) => ({ ...d, nominationId: randomUUID(), startsOn: '2026-02-01', endsOn: '2026-05-31', guardianConsentRecorded: true })));
          written.push(...es.map((e) => e.id));
        }
        if (w >= 1 && w - 1 < GROUPS) {
          const es = await writer.publishMany(tx, InternshipStarted, group(w - 1).map((d) => ({ ...d, startedOn: '2026-02-01' })));
          written.push(...es.map((e) => e.id));
        }
        if (w >= 2) {
          const es = await writer.publishMany(tx, InternshipCompleted, group(w - 2).map((d) => ({ ...d, completedOn: '2026-05-31', hours: 320 })));
          written.push(...es.map((e) => e.id));
          completedIds.push(...es.map((e) => e.id));
        }
      });
      await sleep(100);
    };

    const waves = GROUPS + 2;
    const half = Math.ceil(waves / 2);
    for (let w = 0; w < half; w++) await writeWave(w);

    // Work is shared: both processes have applied completions.
    let shared = new Map<string, string[]>();
    await until(async () => {
      shared = await appliedBy(completedIds);
      return [...shared.values()].flat().length === completedIds.length;
    }, 20_000, 'the first half applied', written);
    expect([...shared.keys()].sort()).toEqual(['employment-1', 'employment-2']);

    // One more wave in flight, and the busier process dies without a goodbye.
    await writeWave(half);
    const victim = (shared.get('employment-1')!.length >= shared.get('employment-2')!.length ? employment[0] : employment[1]);
    const survivor = victim === employment[0] ? employment[1] : employment[0];
    await victim.kill();
    const victimPartitions = before.find((m) => m.proc === victim.name)!.partitions;
    for (let w = half + 1; w < waves; w++) await writeWave(w);
    expect(completedIds).toHaveLength(INTERNSHIPS);

    // The survivor is alone in the group with every partition, and applies everything.
    await until(async () => {
      const after = await members();
      return after.length === 1 && after[0].proc === survivor.name && after[0].partitions.length === before.flatMap((m) => m.partitions).length;
    }, SESSION_TIMEOUT_MS + 15_000, 'the survivor owning every partition', written);
    let applied = new Map<string, string[]>();
    await until(async () => {
      applied = await appliedBy(completedIds);
      return [...applied.values()].flat().length >= completedIds.length;
    }, 20_000, 'every completion applied', written);

    // Nothing lost, nothing twice: one inbox row and one effect per completion, and the learners show it.
    const [{ inbox }] = (await pg.query(`SELECT count(*)::int AS inbox FROM employment.inbox WHERE consumer = $1 AND event_id = ANY($2) AND outcome = 'applied'`, [groupId, completedIds])).rows;
    expect(inbox).toBe(INTERNSHIPS);
    expect(new Set([...applied.values()].flat()).size).toBe(INTERNSHIPS);
    expect([...applied.values()].flat()).toHaveLength(INTERNSHIPS);
    const effects: Array<{ ref: string; n: number }> = (await pg.query(`SELECT ref, count(*)::int AS n FROM ${probe}.seen WHERE kind = 'effect' AND ref = ANY($1) GROUP BY ref`, [learnerIds])).rows;
    expect(effects).toHaveLength(INTERNSHIPS);
    expect(effects.filter((e) => e.n !== 1)).toEqual([]);
    const [{ records, learners }] = (
      await pg.query(
        `SELECT (SELECT count(*)::int FROM employment.internship_record WHERE school_id = $1) AS records,
                (SELECT count(*)::int FROM employment.learner WHERE school_id = $1 AND had_internship) AS learners`,
        [schoolId],
      )
    ).rows;
    expect({ records, learners }).toEqual({ records: INTERNSHIPS, learners: INTERNSHIPS });

    // The topic, read back to its end: each event once, each internship's events in the order written.
    await until(
      async () => (await internshipsDs!.query(`SELECT count(*)::int AS n FROM internships.outbox WHERE event_id = ANY($1) AND published_at IS NULL`, [written]))[0].n === 0,
      10_000,
      'the outbox relayed',
      written,
    );
    const messages = await readToEnd(kafka, TOPIC);
    const ours = new Set(written);
    const mine = messages.filter((m) => ours.has(m.id));
    const byId = new Map<string, number>();
    for (const m of mine) byId.set(m.id, (byId.get(m.id) ?? 0) + 1);
    expect(byId.size).toBe(written.length);
    expect([...byId.values()].filter((n) => n > 1)).toEqual([]);
    const perKey = new Map<string, typeof mine>();
    for (const m of mine) perKey.set(m.key, [...(perKey.get(m.key) ?? []), m]);
    expect(perKey.size).toBe(INTERNSHIPS);
    const misordered = [...perKey.values()].filter(
      (list) => new Set(list.map((m) => m.partition)).size !== 1 || list.map((m) => m.type.split('.').pop()).join() !== 'confirmed,started,completed',
    );
    expect(misordered).toEqual([]);

    // The survivor took over the victim's partitions: it applied completions that live there.
    const partitionOf = new Map(mine.map((m) => [m.id, m.partition]));
    const takenOver = (applied.get(survivor.name) ?? []).filter((id) => victimPartitions.includes(partitionOf.get(id)!));
    expect(takenOver.length).toBeGreaterThan(0);
    expect(internships.every((p) => p.running)).toBe(true);

    const published = await Promise.all(internships.map((p) => p.metric('hamkor_outbox_published_total', { service: 'internships' })));
    const duplicates = await survivor.metric('hamkor_events_consumed_total', { service: 'employment', topic: TOPIC, outcome: 'duplicate' });
    console.log(
      [
        `scale-out: ${INTERNSHIPS} completions in ${Date.now() - t0} ms after start-up (${startupMs} ms) (${written.length} events) on ${TOPIC}`,
        `  before the kill: ${before.map((m) => `${m.proc} partitions [${m.partitions}] applied ${shared.get(m.proc)?.length ?? 0}`).join('; ')}`,
        `  ${victim.name} SIGKILLed; ${survivor.name} applied ${applied.get(survivor.name)?.length} in all, ${takenOver.length} of them on [${victimPartitions}]; redeliveries dropped by its inbox: ${duplicates}`,
        `  relays: ${internships.map((p, i) => `${p.name} published ${published[i]}`).join(', ')} (the rest by another relay of this database, if any)`,
      ].join('\n'),
    );
  }, 90_000);
});

interface ReadMessage {
  id: string;
  type: string;
  key: string;
  partition: number;
  offset: string;
}

/** Every message of a topic, from its start to the high watermark taken now (a fresh group). */
async function readToEnd(kafka: Kafka, topic: string, timeoutMs = 20_000): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const pending = new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]));
  const seen: ReadMessage[] = [];
  const groupId = `scale-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        seen.push({
          id: String(message.headers?.['ce-id'] ?? ''),
          type: String(message.headers?.['ce-type'] ?? ''),
          key: String(message.key),
          partition,
          offset: message.offset,
        });
        const last = pending.get(partition);
        if (last !== undefined && BigInt(message.offset) >= last) pending.delete(partition);
      },
    });
    await waitFor(() => pending.size === 0, timeoutMs, `${topic} read to its end`);
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect().then(() => admin.deleteGroups([groupId])).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  return seen;
}
