import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { internshipsService } from '@hamkor/internships';
import { as, TestPlatform } from '@hamkor/testing';
import { expectProblem, InternshipsWorld } from './support/internships-world';

/**
 * An Idempotency-Key whose request is running is locked by a lease its process renews
 * (libs/http/src/idempotency.interceptor.ts); the lease is 1 s here. Bulk posting is the endpoint the
 * enterprises' own systems retry.
 */
describe('idempotency keys: the lease of a request in progress', () => {
  const world = new InternshipsWorld(new TestPlatform([internshipsService], { IDEMPOTENCY_LEASE_SECONDS: '1' }));
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  const poster = as.coordinator('enterprise');
  const bulk = (title: string) => ({ placements: [world.placement({ title })] });
  const hashOf = (body: object) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

  /** The key's scope as the service writes it, read from a request that went through. */
  let scope: string;
  beforeAll(async () => {
    const key = `lease-scope-${randomUUID()}`;
    expect((await world.post(poster, '/placements/bulk', bulk('Lease scope'), { 'Idempotency-Key': key })).status).toBe(201);
    [{ scope }] = await world.ds.query(`SELECT scope FROM internships.idempotency_key WHERE key = $1`, [key]);
  });

  /** What a request leaves behind when its process dies after claiming the key: no answer stored. */
  const claimedByADeadProcess = async (key: string, body: object, lockedForSeconds: number) => {
    await world.ds.query(
      `INSERT INTO internships.idempotency_key (scope, key, request_hash, locked_until) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [scope, key, hashOf(body), lockedForSeconds],
    );
  };

  it('a key whose process died answers 409 with Retry-After while its lease runs, and is taken over once it lapses', async () => {
    const key = `lease-dead-${randomUUID()}`;
    const body = bulk('Lease taken over');
    await claimedByADeadProcess(key, body, 3600);

    const locked = await world.post(poster, '/placements/bulk', body, { 'Idempotency-Key': key });
    expectProblem(locked, 409, /still being processed/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(3500);

    await world.ds.query(`UPDATE internships.idempotency_key SET locked_until = now() - interval '1 second' WHERE key = $1`, [key]);
    const retried = await world.post(poster, '/placements/bulk', body, { 'Idempotency-Key': key });
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.body.items.map((p: any) => p.title)).toEqual(['Lease taken over']);

    const replayed = await world.post(poster, '/placements/bulk', body, { 'Idempotency-Key': key });
    expect(replayed.status).toBe(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body.items.map((p: any) => p.id)).toEqual(retried.body.items.map((p: any) => p.id));
    expect(replayed.text).toBe(retried.text); // the first answer as it was, key order included
    const mine = await world.get(poster, '/placements?openOnly=false&limit=100');
    expect(mine.body.items.filter((p: any) => p.title === 'Lease taken over')).toHaveLength(1);
  });

  it('a lapsed key is not taken over by a different body: that stays a 422', async () => {
    const key = `lease-other-${randomUUID()}`;
    await claimedByADeadProcess(key, bulk('Lease first body'), -1);
    expectProblem(await world.post(poster, '/placements/bulk', bulk('Lease second body'), { 'Idempotency-Key': key }), 422, /different request body/);
  });

  it('a slow request renews its lease: a retry meanwhile is a 409, never a second run, and replays the answer afterwards', async () => {
    const key = `lease-slow-${randomUUID()}`;
    const body = bulk('Lease slow');
    // Hold the first request inside its transaction: placements cannot be inserted while this lock is held.
    const blocker = world.ds.createQueryRunner();
    await blocker.connect();
    try {
      await blocker.startTransaction();
      await blocker.query('LOCK TABLE internships.placement IN SHARE ROW EXCLUSIVE MODE');
      const first = world.post(poster, '/placements/bulk', body, { 'Idempotency-Key': key });
      await sleep(2500); // two and a half leases

      // Taken over, the retry would run and wait on the same lock: give it a second to answer.
      const retry = await Promise.race([world.post(poster, '/placements/bulk', body, { 'Idempotency-Key': key }), sleep(1000).then(() => 'still running' as const)]);
      if (retry === 'still running') throw new Error('the retry ran the request a second time: the lease was not renewed');
      expectProblem(retry, 409, /still being processed/);
      expect(Number(retry.headers['retry-after'])).toBeGreaterThanOrEqual(1);

      await blocker.rollbackTransaction();
      const done = await first;
      expect(done.status).toBe(201);
      const replayed = await world.post(poster, '/placements/bulk', body, { 'Idempotency-Key': key });
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expect(replayed.body.items.map((p: any) => p.id)).toEqual(done.body.items.map((p: any) => p.id));
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }
  });
});
