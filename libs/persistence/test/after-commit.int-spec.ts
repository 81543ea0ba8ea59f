import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterCommit } from '@hamkor/persistence';

/** afterCommit on real PostgreSQL transactions: after the commit, with the change visible; never after a rollback. */
describe('afterCommit (real PostgreSQL)', () => {
  const schema = `after_commit_${randomBytes(4).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    ds = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, poolSize: 4 }).initialize();
    await ds.query(`CREATE SCHEMA "${schema}"`);
    await ds.query(`CREATE TABLE "${schema}".thing (id text PRIMARY KEY)`);
  });
  afterAll(async () => {
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    await ds.destroy();
  });

  const visible = async (id: string) => (await ds.query(`SELECT 1 FROM "${schema}".thing WHERE id = $1`, [id])).length === 1;

  it('runs the actions once the transaction has committed, when another connection sees the change', async () => {
    const seen: Array<Promise<boolean>> = [];
    let ranInside = false;
    await ds.transaction(async (tx) => {
      await tx.query(`INSERT INTO "${schema}".thing VALUES ('a')`);
      afterCommit(tx, () => seen.push(visible('a')));
      afterCommit(tx, () => seen.push(visible('a')));
      await new Promise((resolve) => setTimeout(resolve, 20));
      ranInside = seen.length > 0;
    });
    expect(ranInside).toBe(false);
    expect(await Promise.all(seen)).toEqual([true, true]);
  });

  it('drops the actions of a transaction that rolls back', async () => {
    let ran = 0;
    await expect(
      ds.transaction(async (tx) => {
        await tx.query(`INSERT INTO "${schema}".thing VALUES ('b')`);
        afterCommit(tx, () => ran++);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    // The same kind of transaction committing afterwards runs only its own action.
    await ds.transaction(async (tx) => afterCommit(tx, () => (ran += 10)));
    expect(ran).toBe(10);
    expect(await visible('b')).toBe(false);
  });

  it('waits for the outermost commit, not a savepoint, and runs at once outside a transaction', async () => {
    const order: string[] = [];
    await ds.transaction(async (outer) => {
      await outer.transaction(async (inner) => afterCommit(inner, () => order.push('inner')));
      order.push('savepoint released');
    });
    afterCommit(ds.manager, () => order.push('no transaction'));
    expect(order).toEqual(['savepoint released', 'inner', 'no transaction']);
  });

  it('logs an action that throws instead of failing the commit', async () => {
    let after = false;
    await ds.transaction(async (tx) => {
      await tx.query(`INSERT INTO "${schema}".thing VALUES ('c')`);
      afterCommit(tx, () => {
        throw new Error('broken action');
      });
      afterCommit(tx, () => (after = true));
    });
    expect(await visible('c')).toBe(true);
    expect(after).toBe(true);
  });
});
