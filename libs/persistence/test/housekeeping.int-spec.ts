import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Housekeeper, RetentionPolicy, runMigrations, sharedTablesMigrations, sweepMechanismTables } from '@hamkor/persistence';
import { waitFor } from '@hamkor/testing';

const schema = `hk_test_${randomBytes(4).toString('hex')}`;
const policy: RetentionPolicy = { outboxHours: 168, inboxHours: 720, idempotencyKeyHours: 24, scheduledJobHours: 720 };

/** The housekeeping sweep of the shared tables, on real PostgreSQL, in a schema migrated like a service's. */
describe('housekeeping of the outbox, inbox, idempotency keys and scheduled jobs', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, schema, poolSize: 3, migrations: sharedTablesMigrations(schema), migrationsTableName: 'migrations' }).initialize();
    await runMigrations(ds, schema);
  });
  afterAll(async () => {
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    await ds.destroy();
  });

  const outbox = (age: string, published: boolean) =>
    ds.query(
      `INSERT INTO "${schema}".outbox (event_id, topic, message_key, event_type, payload, created_at, published_at)
       VALUES ($1, 't.v1', 'k', 'x', '{}', now() - $2::interval, ${published ? `now() - $2::interval` : 'NULL'})`,
      [randomUUID(), age],
    );
  const inbox = (age: string, outcome: string) =>
    ds.query(`INSERT INTO "${schema}".inbox (consumer, event_id, topic, event_type, outcome, processed_at) VALUES ('c', $1, 't.v1', 'x', $2, now() - $3::interval)`, [randomUUID(), outcome, age]);
  const key = (age: string, done: boolean) =>
    ds.query(`INSERT INTO "${schema}".idempotency_key (scope, key, request_hash, status_code, created_at) VALUES ('POST /x', $1, 'h', $2, now() - $3::interval)`, [randomUUID(), done ? 201 : null, age]);
  const job = (status: string, finishedAgo: string | null) =>
    ds.query(
      `INSERT INTO "${schema}".scheduled_job (key, kind, run_at, status, done_at) VALUES ($1, 'k', now() - interval '60 days', $2, ${finishedAgo === null ? 'NULL' : 'now() - $3::interval'})`,
      finishedAgo === null ? [randomUUID(), status] : [randomUUID(), status, finishedAgo],
    );
  const count = async (table: string, where = 'true') => (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".${table} WHERE ${where}`))[0].n as number;

  it('deletes only what is past its retention, in batches, keeping unpublished events and what went to the DLQ', async () => {
    for (let i = 0; i < 5; i++) await outbox('10 days', true);
    await outbox('1 hour', true);
    await outbox('10 days', false); // not published yet: the relay still needs it
    for (let i = 0; i < 3; i++) await inbox('40 days', 'applied');
    await inbox('40 days', 'skipped');
    await inbox('40 days', 'dead_lettered'); // the operator's to inspect and replay
    await inbox('20 days', 'applied'); // inside the retention: a redelivery must still find it
    await key('2 days', true);
    await key('2 days', false); // a request that never finished (a crash): its key is free again
    await key('1 hour', true);
    for (let i = 0; i < 3; i++) await job('done', '40 days');
    await job('cancelled', '40 days');
    await job('done', '20 days'); // inside the retention
    await job('failed', null); // the operator's to inspect
    await job('pending', null); // still to run, however overdue

    expect(await sweepMechanismTables(ds, schema, policy, 2)).toEqual({ outbox: 5, inbox: 4, idempotencyKeys: 2, scheduledJobs: 4 });

    expect(await count('outbox')).toBe(2);
    expect(await count('outbox', 'published_at IS NULL')).toBe(1);
    expect(await count('inbox')).toBe(2);
    expect(await count('inbox', `outcome = 'dead_lettered'`)).toBe(1);
    expect(await count('idempotency_key')).toBe(1);
    expect((await ds.query(`SELECT status FROM "${schema}".scheduled_job ORDER BY status`)).map((r: { status: string }) => r.status)).toEqual(['done', 'failed', 'pending']);
    expect(await sweepMechanismTables(ds, schema, policy, 2)).toEqual({ outbox: 0, inbox: 0, idempotencyKeys: 0, scheduledJobs: 0 });
  });

  it('reads the tables by age through indexes', async () => {
    const indexes = (await ds.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1`, [schema])).map((r: { indexname: string }) => r.indexname);
    expect(indexes).toEqual(expect.arrayContaining(['outbox_published_at', 'inbox_processed_at', 'idempotency_key_created_at', 'scheduled_job_finished']));
  });

  it('leaves a table to the replica that holds its lock', async () => {
    await outbox('10 days', true);
    const other = ds.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`hamkor.housekeeping.${schema}.outbox`]);
      expect((await sweepMechanismTables(ds, schema, policy)).outbox).toBe(0);
      await other.commitTransaction();
    } finally {
      await other.release();
    }
    expect((await sweepMechanismTables(ds, schema, policy)).outbox).toBe(1);
  });

  it('sweeps on its own at the interval until stopped', async () => {
    const old = `published_at < now() - interval '7 days'`;
    const housekeeper = new Housekeeper(ds, schema, policy, 100, 10);
    housekeeper.start();
    try {
      await outbox('10 days', true);
      await waitFor(async () => (await count('outbox', old)) === 0, 5000, 'the sweep to delete the old row');
      await inbox('40 days', 'applied');
      await waitFor(async () => (await count('inbox', `outcome = 'applied' AND processed_at < now() - interval '30 days'`)) === 0, 5000, 'the next sweep');
    } finally {
      await housekeeper.stop();
    }
    await outbox('10 days', true);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count('outbox', old)).toBe(1);
  });
});
