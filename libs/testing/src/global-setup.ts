import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from '../../persistence/src/data-source.factory';
import { loadOrCreateDevKeys } from '../../auth/src/dev-keys';

const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_test';
/** One log file per run, which every test process and every platform process it starts appends to. */
export const TEST_LOG_DIR = resolve(__dirname, '../../../.cache/test-logs');

/**
 * Once per jest run: the real Kafka broker is up (started by the project's own script when needed), this
 * run has its own fresh database and Redis key prefix (so two runs on one machine never disturb each
 * other) and its own log file, and the dev key pair exists. Workers inherit the environment set here.
 */
export default async function globalSetup(): Promise<void> {
  const { ensureKafka } = require('../../../scripts/kafka.js');
  // The broker of tests and benches (scripts/kafka.js, instance 'test'), never the one of `npm start`.
  const kafka = await ensureKafka({ instance: 'test' });
  process.env.KAFKA_BROKERS = kafka.brokers;

  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const url = new URL(BASE_URL);
  const base = url.pathname.slice(1);
  url.pathname = `/${base}_${run}`;
  await dropStaleRunDatabases(BASE_URL, base);
  await ensureDatabase(url.toString());
  process.env.DATABASE_URL = url.toString();
  process.env.REDIS_PREFIX = `hamkor-test-${run}`;
  process.env.HAMKOR_TEST_RUN = run;
  removeOldRunLogs();
  process.env.LOG_TEE_FILE = join(TEST_LOG_DIR, `${run}.jsonl`);
  loadOrCreateDevKeys(process.env.AUTH_DEV_KEY_DIR ?? '.cache/dev-keys');
}

/** Logs of runs more than a day old (a recent one may still be read after a failure). */
function removeOldRunLogs(): void {
  const cutoff = Date.now() - 24 * 3600_000;
  for (const name of existsSync(TEST_LOG_DIR) ? readdirSync(TEST_LOG_DIR) : []) {
    const file = join(TEST_LOG_DIR, name);
    // Another run's set-up may remove the same file at the same time.
    if (name.endsWith('.jsonl') && (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < cutoff) rmSync(file, { force: true });
  }
}

/** Databases of old runs that nobody is connected to any more (a run that was killed leaves one). */
async function dropStaleRunDatabases(baseUrl: string, base: string): Promise<void> {
  const admin = new URL(baseUrl);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT datname FROM pg_database d
        WHERE datname LIKE $1 AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
      [`${base}\\_%`],
    );
    // Only runs that started hours ago: a run between two test files has no connection open either.
    const cutoff = Date.now() - 3 * 3600_000;
    for (const r of rows) {
      const startedAt = parseInt(String(r.datname).slice(base.length + 1, -6), 36);
      if (Number.isFinite(startedAt) && startedAt < cutoff) await c.query(`DROP DATABASE IF EXISTS "${r.datname}"`).catch(() => undefined);
    }
  } finally {
    await c.end();
  }
}
