/**
 * Graduating a whole cohort in one request, against the real PostgreSQL, Kafka and Redis, next to a raw
 * baseline measured in the same run:
 *
 *   platform: POST /employment/graduations { cohortYear } for N seeded learners of one school, timed until
 *             every graduated event is on Kafka, every follow-up row and scheduled-job row exists, and
 *             every job has been added to BullMQ by the scheduler;
 *   raw:      the same work without the platform: a plain `pg` batch UPDATE of the learners + batch INSERT
 *             of the follow-up rows, a plain kafkajs produce of the same events, and a plain BullMQ
 *             addBulk of the same delayed jobs, one after the other.
 *
 * Target: platform ≤ 60 s and ≤ 2× raw. Knobs (env): BENCH_LEARNERS (default 100000), BENCH_BATCH (raw
 * batch size, default 5000). A throwaway database is used and dropped at the end. Results go to
 * bench/results/graduation.json.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import request from 'supertest';
import { mintDevToken } from '@hamkor/auth';
import { createPlatformApp } from '@hamkor/bootstrap';
import { parseConfig } from '@hamkor/config';
import { buildEnvelope, LearnerGraduated } from '@hamkor/contracts';
import { employmentService } from '@hamkor/employment';
import { createRedis } from '@hamkor/jobs';
import { createIdempotentProducer, createKafka, parseBrokers } from '@hamkor/messaging';
import { setLogLevel } from '@hamkor/observability';
import { dropDatabase, ensureDatabase } from '@hamkor/persistence';
import { startConsumerGroupsAtEnd } from '@hamkor/testing';
import { figure, fmt, formatTable, writeResults } from './lib/report';
import { benchBrokers, intEnv, runBench } from './lib/run';
import { round } from './lib/stats';

const TARGETS = { seconds: 60, ratio: 2 };
const MONTHS = [6, 12, 36];

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<void> {
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const n = intEnv('BENCH_LEARNERS', 100_000);
  const rawBatch = intEnv('BENCH_BATCH', 5_000);
  const brokers = await benchBrokers();
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor');
  base.pathname = `/hamkor_bench_graduation_${Date.now().toString(36)}`;
  const databaseUrl = base.toString();
  await ensureDatabase(databaseUrl);
  const prefix = `bench-graduation-${randomUUID().slice(0, 8)}`;
  const config = parseConfig({ ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, KAFKA_GROUP_PREFIX: prefix, REDIS_PREFIX: prefix, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const kafka = createKafka({ brokers: parseBrokers(brokers), clientId: 'hamkor-bench-graduation' });
  const db = new Client({ connectionString: databaseUrl });
  let app: INestApplication | undefined;
  try {
    // The service needs only this run's events: its group starts at the topics' end, not at their history.
    await startConsumerGroupsAtEnd([`${prefix}.employment`], undefined, brokers);
    app = await createPlatformApp(config, [employmentService]);
    await app.listen(0, '127.0.0.1');
    await db.connect();

    const schoolId = randomUUID();
    const graduatedOn = new Date().toISOString().slice(0, 10);
    await seed(db, schoolId, n, 2024);
    const token = await mintDevToken({ organisationId: schoolId, organisationType: 'school', roles: ['coordinator'], issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, devKeyDir: config.AUTH_DEV_KEY_DIR });

    // Counts this school's graduated events as they reach Kafka (a fresh group reading from now on).
    let onKafka = 0;
    const reader = kafka.consumer({ groupId: `${prefix}-reader`, maxWaitTimeInMs: 100 });
    await reader.connect();
    await reader.subscribe({ topic: LearnerGraduated.topic.name, fromBeginning: false });
    let assigned = false;
    reader.on(reader.events.GROUP_JOIN, () => (assigned = true));
    await reader.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) if (m.value && m.value.includes(schoolId) && m.value.includes('"employment.graduate.graduated"')) onKafka++;
      },
    });
    await until('the reader to join its group', async () => assigned);

    // --- platform ---
    const t0 = process.hrtime.bigint();
    const res = await request(app.getHttpServer()).post('/employment/graduations').set('Authorization', `Bearer ${token}`).send({ cohortYear: 2024, graduatedOn }).timeout(600_000);
    if (res.status !== 201) throw new Error(`graduation answered ${res.status}: ${JSON.stringify(res.body)}`);
    const responded = seconds(t0);
    const count = async (sql: string) => Number((await db.query(sql, [schoolId])).rows[0].n);
    await until('follow-up rows', async () => (await count(`SELECT count(*) AS n FROM employment.follow_up WHERE school_id = $1`)) === n * MONTHS.length);
    await until('every job added to BullMQ', async () =>
      (await db.query(`SELECT count(*) AS n FROM employment.scheduled_job WHERE kind = 'employment.follow_up.due' AND enqueued_version = version`)).rows[0].n >= n * MONTHS.length);
    const jobsAt = seconds(t0);
    await until('every graduated event on Kafka', async () => onKafka >= n);
    const platform = seconds(t0);
    await reader.disconnect();

    // --- raw baseline: the same rows, events and jobs without the platform ---
    const raw = await baseline(db, kafka, config.REDIS_URL, `${prefix}-raw`, rawBatch, n, randomUUID(), graduatedOn);

    const result = {
      learners: n,
      platform: { seconds: platform, responseSeconds: responded, jobsInBullmqSeconds: jobsAt, graduated: res.body.graduated, followUps: res.body.followUpsScheduled },
      raw,
      ratio: platform / raw.seconds,
      targets: { seconds: { target: TARGETS.seconds, met: platform <= TARGETS.seconds }, ratio: { target: TARGETS.ratio, met: platform / raw.seconds <= TARGETS.ratio } },
      at: new Date().toISOString(),
      loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
    };
    const rawLabel = 'plain pg + kafkajs + BullMQ addBulk';
    writeResults('graduation', result, [
      figure(`graduate ${fmt(n)} learners, all done`, 's', round(platform, 2), { baseline: round(raw.seconds, 2), baselineLabel: rawLabel, target: { max: TARGETS.seconds } }),
      figure(`graduate ${fmt(n)} learners vs raw`, 's', round(platform, 2), { baseline: round(raw.seconds, 2), baselineLabel: rawLabel, target: { max: TARGETS.ratio, on: 'ratio' } }),
    ]);
    console.log(
      `\n${formatTable(
        ['', 'platform', 'raw baseline', 'platform/raw'],
        [
          [`graduate ${fmt(n)} learners, all done (s)`, fmt(platform, 2), fmt(raw.seconds, 2), fmt(result.ratio, 2)],
          ['  HTTP response (s)', fmt(responded, 2), '', ''],
          ['  rows (s) / jobs (s) / events (s)', `—, ${fmt(jobsAt, 2)}, ${fmt(platform, 2)}`, `${fmt(raw.pgSeconds, 2)}, ${fmt(raw.bullmqSeconds, 2)}, ${fmt(raw.kafkaSeconds, 2)}`, ''],
        ],
      )}`,
    );
    const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(`\ntargets: ≤ ${TARGETS.seconds} s ${mark(result.targets.seconds.met)}; ≤ ${TARGETS.ratio}× raw ${mark(result.targets.ratio.met)}; load average ${result.loadAverage.join(', ')} (${os.cpus().length} cores)`);
  } finally {
    await app?.close().catch(() => undefined);
    // The platform's follow-up jobs are months away: remove them from this shared Redis.
    const conn = createRedis(config.REDIS_URL);
    const queue = new Queue('schedules-employment', { connection: conn, prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    conn.disconnect();
    await db.end().catch(() => undefined);
    await dropDatabase(databaseUrl);
  }
}

/** N learners of one school and cohort, seeded in one statement (migrations ran at start-up). */
async function seed(db: Client, schoolId: string, n: number, cohortYear: number): Promise<void> {
  await db.query(
    `INSERT INTO employment.learner (id, school_id, school_ref, full_name, date_of_birth, specialty, cohort_year, expected_graduation, region, consent_follow_up)
     SELECT gen_random_uuid(), $1, 'B-' || g, 'Bench Learner ' || g, date '2005-01-01' + (g % 700), 'spec-' || (g % 12), $3, date '2027-06-30', 'UZ-TK', g % 2 = 0
       FROM generate_series(1, $2) AS g`,
    [schoolId, n, cohortYear],
  );
  await db.query('ANALYZE employment.learner');
}

async function baseline(db: Client, kafka: ReturnType<typeof createKafka>, redisUrl: string, prefix: string, batch: number, n: number, schoolId: string, graduatedOn: string) {
  const cohort = 2023;
  await seed(db, schoolId, n, cohort);
  const ids: string[] = (await db.query(`SELECT id FROM employment.learner WHERE school_id = $1 AND cohort_year = $2 ORDER BY id`, [schoolId, cohort])).rows.map((r) => r.id);

  const t0 = process.hrtime.bigint();
  const followUps: Array<{ id: string; due: string }> = [];
  for (let i = 0; i < ids.length; i += batch) {
    const chunk = ids.slice(i, i + batch);
    await db.query('BEGIN');
    await db.query(`UPDATE employment.learner SET graduated_on = $2 WHERE id = ANY($1::uuid[])`, [chunk, graduatedOn]);
    const rows = await db.query(
      `INSERT INTO employment.follow_up (id, learner_id, school_id, months_after, due_on)
       SELECT gen_random_uuid(), l.id, $2, m, ($3::date + make_interval(months => m))::date FROM unnest($1::uuid[]) AS l(id) CROSS JOIN unnest($4::int[]) AS m
       RETURNING id, due_on::text AS due`,
      [chunk, schoolId, graduatedOn, MONTHS],
    );
    await db.query('COMMIT');
    followUps.push(...rows.rows);
  }
  const pgSeconds = seconds(t0);

  const topic = `${prefix}-graduated`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  const t1 = process.hrtime.bigint();
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  for (let i = 0; i < ids.length; i += 500) {
    const messages = ids.slice(i, i + 500).map((id) => {
      const e = buildEnvelope({ type: LearnerGraduated.type, source: '/employment', subject: id, schemaversion: 1, data: { learnerId: id, schoolId, specialty: 'spec-1', region: 'UZ-TK', cohortYear: cohort, graduatedOn } });
      return { key: id, value: JSON.stringify(e) };
    });
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
  const kafkaSeconds = seconds(t1);

  const t2 = process.hrtime.bigint();
  const conn = createRedis(redisUrl);
  const queue = new Queue(`${prefix}-follow-ups`, { connection: conn, prefix });
  const now = Date.now();
  for (let i = 0; i < followUps.length; i += 1000) {
    await queue.addBulk(
      followUps.slice(i, i + 1000).map((f) => ({ name: 'wake', data: { key: `follow-up:${f.id}:due`, version: 1 }, opts: { jobId: f.id, delay: Math.max(0, new Date(`${f.due}T00:00:00Z`).getTime() - now) } })),
    );
  }
  const bullmqSeconds = seconds(t2);
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  conn.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return { seconds: pgSeconds + kafkaSeconds + bullmqSeconds, pgSeconds, kafkaSeconds, bullmqSeconds };
}

runBench('graduation', main);
