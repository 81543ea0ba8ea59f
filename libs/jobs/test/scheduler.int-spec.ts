import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { Scheduler, ServiceScheduler } from '@hamkor/jobs';
import { MessagingHarness, waitFor } from '@hamkor/testing';

/** Scheduled jobs: PostgreSQL rows are the truth, BullMQ delayed jobs only wake them (real Redis). */
describe('scheduler (real PostgreSQL and Redis)', () => {
  let h: MessagingHarness;
  let prefix: string;
  const runs: Array<{ key: string; payload: any }> = [];
  const started: ServiceScheduler[] = [];

  const startScheduler = async () => {
    const s = new ServiceScheduler(h.ds, { service: h.schema, redisUrl: process.env.REDIS_URL!, prefix, pumpMs: 50 });
    s.register('remind', async (job, tx) => {
      runs.push({ key: job.key, payload: job.payload });
      await tx.query(`INSERT INTO "${h.schema}".effect (event_id, subject, n) VALUES ($1, $2, 0)`, [randomUUID(), job.key]);
    });
    await s.start();
    started.push(s);
    return s;
  };
  const schedule = (reqs: Array<{ key: string; inMs: number; payload?: unknown }>) =>
    h.ds.transaction((tx) => new Scheduler(h.schema).scheduleMany(tx, reqs.map((r) => ({ kind: 'remind', key: r.key, runAt: new Date(Date.now() + r.inMs), payload: r.payload }))));
  const effectsOf = async (key: string) => (await h.effects()).filter((e) => e.subject === key).length;

  beforeEach(async () => {
    h = await new MessagingHarness().setup(1);
    prefix = `sched-test-${h.tag}`;
    runs.length = 0;
  });
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
    await h.close();
  });

  it('runs a job at its time, once; a rolled-back schedule never runs', async () => {
    await startScheduler();
    await expect(
      h.ds.transaction(async (tx) => {
        await new Scheduler(h.schema).schedule(tx, { kind: 'remind', key: 'rolled-back', runAt: new Date() });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow();
    const t0 = Date.now();
    await schedule([{ key: 'soon', inMs: 400, payload: { n: 1 } }]);
    await waitFor(async () => (await effectsOf('soon')) === 1, 10000, 'the job to run');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
    await new Promise((r) => setTimeout(r, 700));
    expect(runs.map((r) => r.key)).toEqual(['soon']);
    expect(runs[0].payload).toEqual({ n: 1 });
  });

  it('replaces a pending job scheduled again under its key, and never runs a cancelled one', async () => {
    await startScheduler();
    await schedule([{ key: 'moved', inMs: 200, payload: { v: 1 } }, { key: 'cancelled', inMs: 200 }]);
    await schedule([{ key: 'moved', inMs: 900, payload: { v: 2 } }]);
    await h.ds.transaction((tx) => new Scheduler(h.schema).cancel(tx, 'cancelled'));
    // Stamped when it stopped being pending, so the housekeeping sweep deletes it after its retention.
    expect(await h.ds.query(`SELECT status, done_at IS NOT NULL AS stamped FROM "${h.schema}".scheduled_job WHERE key = 'cancelled'`)).toEqual([{ status: 'cancelled', stamped: true }]);
    await waitFor(async () => (await effectsOf('moved')) === 1, 10000);
    await new Promise((r) => setTimeout(r, 800));
    expect(runs).toEqual([{ key: 'moved', payload: { v: 2 } }]);
  });

  it('loses nothing when Redis loses its data, and runs overdue jobs at once after a restart, each exactly once', async () => {
    const first = await startScheduler();
    await schedule([
      { key: 'overdue-while-down', inMs: 300 },
      { key: 'later', inMs: 1500 },
      { key: 'done-before', inMs: 0 },
    ]);
    await waitFor(async () => (await effectsOf('done-before')) === 1, 10000);
    // The process goes down, and Redis loses every key of ours (as a Redis without persistence does).
    await first.stop();
    started.splice(started.indexOf(first), 1);
    const redis = new IORedis(process.env.REDIS_URL!);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await new Promise((r) => setTimeout(r, 500)); // 'overdue-while-down' passes its time while nobody runs
    await startScheduler();
    await waitFor(async () => (await effectsOf('overdue-while-down')) === 1 && (await effectsOf('later')) === 1, 15000, 'both jobs after the restart');
    await new Promise((r) => setTimeout(r, 600));
    expect(runs.map((r) => r.key).sort()).toEqual(['done-before', 'later', 'overdue-while-down']);
  });

  it('runs due jobs on demand (runDue) without running any twice', async () => {
    const s = await startScheduler();
    await schedule([{ key: 'far-future', inMs: 3_600_000 }]);
    expect(await s.runDue(new Date(Date.now() + 3_600_001))).toBe(1);
    expect(await s.runDue(new Date(Date.now() + 3_600_001))).toBe(0);
    expect(await effectsOf('far-future')).toBe(1);
  });

  it('enqueues every row of a schedule larger than one page of the pump', async () => {
    const n = 12_500;
    await h.ds.transaction((tx) =>
      new Scheduler(h.schema).scheduleMany(tx, Array.from({ length: n }, (_, i) => ({ kind: 'remind', key: `bulk-${i}`, runAt: new Date(Date.now() + 3_600_000 + i) }))),
    );
    await startScheduler();
    const enqueued = async () => Number((await h.ds.query(`SELECT count(*) AS n FROM "${h.schema}".scheduled_job WHERE enqueued_version = version`))[0].n);
    await waitFor(async () => (await enqueued()) === n, 30000, 'every row to be enqueued');
    const redis = new IORedis(process.env.REDIS_URL!);
    const delayed = await redis.zcard(`${prefix}:schedules-${h.schema}:delayed`);
    // The jobs are an hour away: take them out of the shared Redis.
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
    redis.disconnect();
    expect(delayed).toBe(n);
  });
});
