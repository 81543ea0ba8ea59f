import { Client } from 'pg';
import { ensureDatabase } from '../../persistence/src/data-source.factory';
import { loadOrCreateDevKeys } from '../../auth/src/dev-keys';
import { SERVICE_NAMES } from '../../config/src/config.schema';

/**
 * Once per jest run: the real Kafka broker is up (started by the project's own script when needed),
 * the test database exists with no leftovers of an earlier run, and the dev key pair exists.
 */
export default async function globalSetup(): Promise<void> {
  require('./test-env');
  const { ensureKafka } = require('../../../scripts/kafka.js');
  const kafka = await ensureKafka();
  process.env.KAFKA_BROKERS = kafka.brokers;

  const url = process.env.DATABASE_URL!;
  await ensureDatabase(url);
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(
    `SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) OR nspname LIKE 'test\\_%'`,
    [[...SERVICE_NAMES]],
  );
  for (const r of rows) await c.query(`DROP SCHEMA "${r.nspname}" CASCADE`);
  await c.end();
  loadOrCreateDevKeys(process.env.AUTH_DEV_KEY_DIR!);
}
