import { MigrationInterface } from 'typeorm';
import { schemaMigration } from './schema-migration';

/**
 * Indexes for the housekeeping sweep (housekeeping.ts): it deletes inbox rows and idempotency keys by
 * age, so it reads them by age. The outbox already has `outbox_published_at`.
 */
export function housekeepingIndexesMigration(schema: string): new () => MigrationInterface {
  const q = (t: string) => `"${schema}"."${t}"`;
  return schemaMigration(
    'HousekeepingIndexes1700000009000',
    [`CREATE INDEX inbox_processed_at ON ${q('inbox')} (processed_at)`, `CREATE INDEX idempotency_key_created_at ON ${q('idempotency_key')} (created_at)`],
    [`DROP INDEX "${schema}".inbox_processed_at`, `DROP INDEX "${schema}".idempotency_key_created_at`],
  );
}

/**
 * The sweep also deletes scheduled jobs that ran or were cancelled (by `done_at`, which a cancellation
 * now sets too; cancelled rows from before get their creation time).
 */
export function scheduledJobHousekeepingMigration(schema: string): new () => MigrationInterface {
  const t = `"${schema}".scheduled_job`;
  return schemaMigration(
    'ScheduledJobHousekeeping1700000009200',
    [
      `UPDATE ${t} SET done_at = created_at WHERE status = 'cancelled' AND done_at IS NULL`,
      `CREATE INDEX scheduled_job_finished ON ${t} (done_at) WHERE status IN ('done', 'cancelled')`,
    ],
    [`DROP INDEX "${schema}".scheduled_job_finished`],
  );
}
