import { createHash } from 'node:crypto';
import { PoolClient, QueryResultRow } from 'pg';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { poolOf } from './pool-metrics';

/** Statement name by text: each distinct text gets its own name, the same on every connection. */
const statementNames = new Map<string, string>();

/**
 * Runs one statement as a named prepared statement straight on the DataSource's pg pool: PostgreSQL
 * parses it once per connection and afterwards only binds the parameters, and the statement does not
 * pass through TypeORM's query runner. For the hot reads and writes (a search, a booking) where that
 * overhead shows; everything else uses TypeORM as usual. The name is derived from the text, so any
 * number of distinct statements can be used, and a text is never bound to another text's name. Texts
 * must come from a bounded set (values go in parameters): each distinct text is remembered.
 */
export async function preparedQuery<T extends QueryResultRow>(ds: DataSource, text: string, values: unknown[]): Promise<T[]> {
  // A client of our own rather than pool.query(), which closes the connection after any failed
  // statement: a refused booking (23P01) is an answer here, not a broken connection.
  const client = await poolOf(ds).connect();
  // A checked-out client has no 'error' listener (the pool's idle one is removed while it is out): a
  // connection lost mid-statement (PostgreSQL restarting, a terminated backend) would otherwise be an
  // uncaught 'error' event that kills the process. The statement still rejects with it; the broken
  // connection goes back to the pool with the error, which discards it.
  let broken: Error | undefined;
  const onError = (err: Error): void => {
    broken = err;
  };
  client.on('error', onError);
  try {
    return await runNamed<T>(client, text, values);
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

/**
 * The same on the connection of a transaction (the EntityManager `ds.transaction()` hands out), for the
 * statements that run once or more per event inside one: the inbox's, a consumer's. Only for statements
 * whose plan does not depend on a table's size (inserts, lookups by key in small tables): PostgreSQL
 * keeps the generic plan it settled on after five runs until the next ANALYZE, and one made while a
 * table was nearly empty (a seq scan) stays however large it grows. Outside a transaction (a manager
 * without a query runner) it takes a connection of its own, as preparedQuery does.
 */
export async function preparedQueryIn<T extends QueryResultRow>(tx: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const client = (tx.queryRunner as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
  if (!client || tx.queryRunner!.isReleased) return preparedQuery<T>(tx.connection, text, values);
  return runNamed<T>(client, text, values);
}

function runNamed<T extends QueryResultRow>(client: PoolClient, text: string, values: unknown[]): Promise<T[]> {
  let name = statementNames.get(text);
  if (!name) {
    name = `hamkor_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  // pg's callback form, not its promise: with the promise (pg 8.23), the rows of every answer outlived
  // two young-generation collections and were promoted, at 500 searches/s 2.2 MB per scavenge (a bare
  // node:http + pg server measured with --trace-gc-nvp; with the callback, none), and the major
  // collections clearing them stalled the service. Our own promise around it costs nothing of that.
  return new Promise<T[]>((resolve, reject) => client.query<T>({ name, text, values }, (err, result) => (err ? reject(err) : resolve(result.rows))));
}

/** A timestamptz as JSON.stringify writes a Date: UTC, milliseconds, `Z`. */
export function isoTimestampSql(expr: string): string {
  return `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * An expression writing an entity's columns under `alias` as compact JSON, keyed by property name in the
 * entity's column order, with values as JSON.stringify writes the entity TypeORM builds (dates as
 * 'YYYY-MM-DD', timestamps as ISO strings in UTC with milliseconds). For a hot read whose rows go
 * straight into a response: PostgreSQL writes the JSON, and the rows need neither parsing nor
 * serialising in the service.
 */
export function entityJsonSql(ds: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  const fields = ds.getMetadata(entity).columns.map((c) => {
    const col = `${alias}.${c.databaseName}`;
    return `${c.type === 'timestamptz' || c.type === 'timestamp with time zone' ? isoTimestampSql(col) : col} AS "${c.propertyName}"`;
  });
  return `row_to_json((SELECT j FROM (SELECT ${fields.join(', ')}) j))`;
}
