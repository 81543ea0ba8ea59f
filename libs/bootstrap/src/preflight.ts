import { Client } from 'pg';
import IORedis from 'ioredis';
import { HamkorConfig } from '@hamkor/config';
import { ensureDatabase } from '@hamkor/persistence';

export class PreflightError extends Error {}

const HOW_TO_START = {
  postgres: "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (or: docker compose up -d postgres)",
  redis: 'redis-server --daemonize yes --port 6379   (or: docker compose up -d redis)',
  kafka: 'npm run kafka:start   (or: docker compose up -d kafka)',
};

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Before anything else starts: is PostgreSQL reachable (and does the database exist), is Redis
 * reachable? Fails fast with a message that names the dependency and how to start it.
 */
export async function preflight(config: HamkorConfig): Promise<void> {
  try {
    await ensureDatabase(config.DATABASE_URL);
    const c = new Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 3000 });
    await c.connect();
    await c.query('SELECT 1');
    await c.end();
  } catch (err) {
    throw new PreflightError(
      `PostgreSQL is not reachable at ${redact(config.DATABASE_URL)} (${(err as Error).message}).\n  Start it: ${HOW_TO_START.postgres}`,
    );
  }
  const redis = new IORedis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new PreflightError(`Redis is not reachable at ${redact(config.REDIS_URL)} (${(err as Error).message}).\n  Start it: ${HOW_TO_START.redis}`);
  } finally {
    redis.disconnect();
  }
}

export function kafkaUnreachableMessage(brokers: string, err: unknown): string {
  return `Kafka is not reachable at ${brokers} (${(err as Error).message}).\n  Start it: ${HOW_TO_START.kafka}`;
}
