import { Client } from 'pg';

/** Drops this run's database. */
export default async function globalTeardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !process.env.HAMKOR_TEST_RUN) return;
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  await c.end();
}
