import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface ServicePersistence {
  /** The PostgreSQL schema this service owns; no other service reads it. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: Array<new () => unknown>;
}

export function dataSourceOptions(databaseUrl: string, poolSize: number, p: ServicePersistence): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    schema: p.schema,
    entities: p.entities,
    migrations: p.migrations as DataSourceOptions['migrations'],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // Failed queries surface as exceptions (and problem+json); logging them again would print parameters.
    logging: false,
    extra: { max: poolSize, application_name: `hamkor-${p.schema}` },
  };
}

/**
 * Runs a service's pending migrations. The schema is created first because TypeORM keeps its
 * migrations table inside it.
 */
export async function runMigrations(ds: DataSource, schema: string): Promise<string[]> {
  // Replicas (or test processes) starting together would run the same DDL at once; one at a time per schema.
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`hamkor.migrations.${schema}`]);
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`hamkor.migrations.${schema}`]).catch(() => undefined);
    await runner.release();
  }
}

/** Creates the database named in the URL when it does not exist (a fresh clone has none). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  await asAdminOf(databaseUrl, async (client, name) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created concurrently by another process
      });
    }
  });
}

/** Drops a database (a test run's or a benchmark's), ending whatever sessions are still connected to it. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  await asAdminOf(databaseUrl, async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`).catch(() => undefined);
  });
}

/** Runs `work` on the server's `postgres` database, with the name of the database the URL names (none: nothing to do). */
async function asAdminOf(databaseUrl: string, work: (client: Client, name: string) => Promise<void>): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!name) return;
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await work(client, name);
  } finally {
    await client.end();
  }
}
