import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction, pgErrorCode, PG_DEADLOCK } from '@hamkor/persistence';

/**
 * Two transactions that lock the same two rows in opposite orders deadlock; PostgreSQL aborts one of
 * them. Through inTransaction the aborted one runs again and both changes land (real PostgreSQL).
 */
describe('inTransaction (real PostgreSQL)', () => {
  const schema = `tx_test_${randomBytes(4).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    ds = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, poolSize: 6 }).initialize();
    await ds.query(`CREATE SCHEMA "${schema}"`);
    await ds.query(`CREATE TABLE "${schema}".counter (id text PRIMARY KEY, n int NOT NULL)`);
  });
  beforeEach(() => ds.query(`TRUNCATE "${schema}".counter; INSERT INTO "${schema}".counter VALUES ('a', 0), ('b', 0)`));
  afterAll(async () => {
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    await ds.destroy();
  });

  /** Both parties lock their first row, wait until the other has too, then reach for the other's row. */
  function crossedPair(run: (work: (tx: EntityManager) => Promise<void>) => Promise<void>) {
    let firstLocks = 0;
    const attempts = { ab: 0, ba: 0 };
    const party = (first: 'a' | 'b', second: 'a' | 'b', name: 'ab' | 'ba') =>
      run(async (tx) => {
        attempts[name]++;
        await tx.query(`UPDATE "${schema}".counter SET n = n + 1 WHERE id = $1`, [first]);
        if (attempts[name] === 1) {
          firstLocks++;
          while (firstLocks < 2) await new Promise((r) => setTimeout(r, 5));
        }
        await tx.query(`UPDATE "${schema}".counter SET n = n + 1 WHERE id = $1`, [second]);
      });
    return { results: Promise.allSettled([party('a', 'b', 'ab'), party('b', 'a', 'ba')]), attempts };
  }

  it('a plain transaction loses the deadlock (the situation is real)', async () => {
    const { results } = crossedPair((work) => ds.transaction(work));
    const settled = await results;
    const failed = settled.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(failed).toHaveLength(1);
    expect(pgErrorCode(failed[0].reason)).toBe(PG_DEADLOCK);
  });

  it('runs the deadlock victim again, so both changes commit once', async () => {
    const { results, attempts } = crossedPair((work) => inTransaction(ds, work));
    expect((await results).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(attempts.ab + attempts.ba).toBe(3);
    const rows = await ds.query(`SELECT id, n FROM "${schema}".counter ORDER BY id`);
    expect(rows).toEqual([{ id: 'a', n: 2 }, { id: 'b', n: 2 }]);
  });

  it('does not run again what failed for another reason', async () => {
    let runs = 0;
    await expect(
      inTransaction(ds, async (tx) => {
        runs++;
        await tx.query(`INSERT INTO "${schema}".counter VALUES ('a', 1)`);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(runs).toBe(1);
  });
});
