import { MigrationInterface } from 'typeorm';
import { schemaMigration } from './schema-migration';

/**
 * A lease on an idempotency key whose request is still running (libs/http/src/idempotency.interceptor.ts):
 * the process running it renews `locked_until` while it works, so a key whose process died is free again
 * once the lease lapses instead of answering 409 until the key expires. Keys claimed before this column
 * existed count as lapsed.
 */
export function idempotencyLeaseMigration(schema: string): new () => MigrationInterface {
  const t = `"${schema}".idempotency_key`;
  return schemaMigration(
    'IdempotencyLease1700000009100',
    [`ALTER TABLE ${t} ADD COLUMN locked_until timestamptz NOT NULL DEFAULT now()`],
    [`ALTER TABLE ${t} DROP COLUMN locked_until`],
  );
}

/**
 * A replay answers the first response as it was: `json` keeps the text (and its key order) that `jsonb`
 * would normalise.
 */
export function idempotencyExactReplayMigration(schema: string): new () => MigrationInterface {
  const t = `"${schema}".idempotency_key`;
  return schemaMigration(
    'IdempotencyExactReplay1700000009300',
    [`ALTER TABLE ${t} ALTER COLUMN response_body TYPE json USING response_body::json`],
    [`ALTER TABLE ${t} ALTER COLUMN response_body TYPE jsonb USING response_body::jsonb`],
  );
}
