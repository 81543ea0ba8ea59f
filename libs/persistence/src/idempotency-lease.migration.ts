import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lease on an idempotency key whose request is still running (libs/http/src/idempotency.interceptor.ts):
 * the process running it renews `locked_until` while it works, so a key whose process died is free again
 * once the lease lapses instead of answering 409 until the key expires. Keys claimed before this column
 * existed count as lapsed.
 */
export function idempotencyLeaseMigration(schema: string): new () => MigrationInterface {
  const t = `"${schema}".idempotency_key`;
  class IdempotencyLease implements MigrationInterface {
    name = 'IdempotencyLease1700000009100';
    async up(db: QueryRunner): Promise<void> {
      await db.query(`ALTER TABLE ${t} ADD COLUMN locked_until timestamptz NOT NULL DEFAULT now()`);
    }
    async down(db: QueryRunner): Promise<void> {
      await db.query(`ALTER TABLE ${t} DROP COLUMN locked_until`);
    }
  }
  Object.defineProperty(IdempotencyLease, 'name', { value: 'IdempotencyLease1700000009100' });
  return IdempotencyLease;
}
