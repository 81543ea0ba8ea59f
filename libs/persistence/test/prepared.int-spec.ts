import { randomBytes } from 'node:crypto';
import { AddressInfo, connect, createServer, Socket } from 'node:net';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { entityJsonSql, pgErrorCode, PG_UNIQUE_VIOLATION, preparedQuery, SnakeNamingStrategy } from '@hamkor/persistence';

const schema = `prep_test_${randomBytes(4).toString('hex')}`;

@Entity({ name: 'item', schema })
class Item {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') itemName!: string;
  @Column('date') startsOn!: string;
  @Column('timestamptz') dueAt!: Date;
  @Column('timestamptz', { nullable: true }) doneAt!: Date | null;
  @Column('text', { array: true }) tags!: string[];
  @Column('int') seats!: number;
  @Column('boolean') paid!: boolean;
}

/** Prepared statements on the pool, and entity JSON written by PostgreSQL (real PostgreSQL). */
describe('preparedQuery and entityJsonSql', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, poolSize: 2, entities: [Item], namingStrategy: new SnakeNamingStrategy() }).initialize();
    await ds.query(`CREATE SCHEMA "${schema}"`);
    await ds.query(`CREATE TABLE "${schema}".item (id uuid PRIMARY KEY, item_name text NOT NULL, starts_on date NOT NULL, due_at timestamptz NOT NULL, done_at timestamptz, tags text[] NOT NULL, seats int NOT NULL, paid boolean NOT NULL)`);
    await ds.query(
      `INSERT INTO "${schema}".item VALUES ('00000000-0000-4000-8000-000000000001', 'lathe "A"', '2027-03-01', '2027-02-01 10:00:00.123456+05', NULL, '{cnc,"safety first"}', 3, true),
                                            ('00000000-0000-4000-8000-000000000002', 'mill', '2027-04-01', now(), now(), '{}', 0, false)`,
    );
  });
  afterAll(async () => {
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    await ds.destroy();
  });

  it('runs the same text many times on every pooled connection, and distinct texts side by side', async () => {
    const byName = `SELECT item_name FROM "${schema}".item WHERE seats >= $1 ORDER BY item_name`;
    const count = `SELECT count(*)::int AS n FROM "${schema}".item WHERE seats >= $1`;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? preparedQuery(ds, byName, [i % 4]) : preparedQuery(ds, count, [i % 4]))));
    expect(results[0]).toEqual([{ n: 2 }]);
    expect(results[1]).toEqual([{ item_name: 'lathe "A"' }]);
    expect(results[2]).toEqual([{ n: 1 }]);
  });

  it('fails with the PostgreSQL error and its SQLSTATE, and the connection goes on serving', async () => {
    const insert = `INSERT INTO "${schema}".item (id, item_name, starts_on, due_at, tags, seats, paid) VALUES ($1, 'x', '2027-01-01', now(), '{}', 1, false)`;
    const err = await preparedQuery(ds, insert, ['00000000-0000-4000-8000-000000000001']).catch((e: unknown) => e);
    expect(pgErrorCode(err)).toBe(PG_UNIQUE_VIOLATION);
    // ...and it kept its connection: a refusal is an answer, not a reason to reconnect.
    let connects = 0;
    (ds.driver as unknown as { master: { on(e: 'connect', f: () => void): void } }).master.on('connect', () => connects++);
    for (let i = 0; i < 10; i++) await preparedQuery(ds, insert, ['00000000-0000-4000-8000-000000000001']).catch(() => undefined);
    expect(connects).toBe(0);
    expect(await preparedQuery(ds, `SELECT count(*)::int AS n FROM "${schema}".item WHERE seats >= $1`, [0])).toEqual([{ n: 2 }]);
  });

  it('writes each entity as JSON.stringify writes the entity TypeORM loads', async () => {
    const rows = await preparedQuery<{ json: string }>(ds, `SELECT ${entityJsonSql(ds, Item, 'i')}::text AS json FROM "${schema}".item i ORDER BY i.id`, []);
    const loaded = await ds.getRepository(Item).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => r.json)).toEqual(loaded.map((e) => JSON.stringify(e)));
  });
  it('rejects when the connection drops mid-statement, with no unhandled error event, and the pool goes on serving', async () => {
    // The connection goes through a TCP proxy the test cuts, as a network drop or a PostgreSQL
    // immediate shutdown does: the socket closes with no error message from the server.
    const sockets = new Set<Socket>();
    const proxy = createServer((inbound) => {
      const outbound = connect(Number(new URL(process.env.DATABASE_URL!).port || 5432), '127.0.0.1');
      for (const s of [inbound, outbound]) {
        sockets.add(s);
        s.on('error', () => undefined).on('close', () => sockets.delete(s));
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const url = new URL(process.env.DATABASE_URL!);
    url.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const viaProxy = await new DataSource({ type: 'postgres', url: url.toString(), poolSize: 1, entities: [Item], namingStrategy: new SnakeNamingStrategy() }).initialize();
    try {
      // An 'error' event nobody listens to is what would kill a service process; jest fails the test on it.
      const running = preparedQuery(viaProxy, 'SELECT pg_sleep(30)', []).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 300));
      for (const s of sockets) s.destroy();
      expect(await running).toBeInstanceOf(Error);
      await new Promise((r) => setTimeout(r, 100));
      expect(await preparedQuery(viaProxy, `SELECT count(*)::int AS n FROM "${schema}".item WHERE seats >= $1`, [0])).toEqual([{ n: 2 }]);
    } finally {
      await viaProxy.destroy();
      for (const s of sockets) s.destroy();
      proxy.close();
    }
  });
});
