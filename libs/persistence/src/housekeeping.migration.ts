import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the housekeeping sweep (housekeeping.ts): it deletes inbox rows and idempotency keys by
 * age, so it reads them by age. The outbox already has `outbox_published_at`.
 */
export function housekeepingIndexesMigration(schema: string): new () => MigrationInterface {
  const q = (t: string) => `"${schema}"."${t}"`;
  class HousekeepingIndexes implements MigrationInterface {
    name = 'HousekeepingIndexes1700000009000';
    async up(db: QueryRunner): Promise<void> {
      await db.query(`CREATE INDEX inbox_processed_at ON ${q('inbox')} (processed_at)`);
      await db.query(`CREATE INDEX idempotency_key_created_at ON ${q('idempotency_key')} (created_at)`);
    }
    async down(db: QueryRunner): Promise<void> {
      await db.query(`DROP INDEX "${schema}".inbox_processed_at`);
      await db.query(`DROP INDEX "${schema}".idempotency_key_created_at`);
    }
  }
  Object.defineProperty(HousekeepingIndexes, 'name', { value: 'HousekeepingIndexes1700000009000' });
  return HousekeepingIndexes;
}

/**
 * The sweep also deletes scheduled jobs that ran or were cancelled (by `done_at`, which a cancellation
 * now sets too; cancelled rows from before get their creation time).
 */
export function scheduledJobHousekeepingMigration(schema: string): new () => MigrationInterface {
  const t = `"${schema}".scheduled_job`;
  class ScheduledJobHousekeeping implements MigrationInterface {
    name = 'ScheduledJobHousekeeping1700000009200';
    async up(db: QueryRunner): Promise<void> {
      await db.query(`UPDATE ${t} SET done_at = created_at WHERE status = 'cancelled' AND done_at IS NULL`);
      await db.query(`CREATE INDEX scheduled_job_finished ON ${t} (done_at) WHERE status IN ('done', 'cancelled')`);
    }
    async down(db: QueryRunner): Promise<void> {
      await db.query(`DROP INDEX "${schema}".scheduled_job_finished`);
    }
  }
  Object.defineProperty(ScheduledJobHousekeeping, 'name', { value: 'ScheduledJobHousekeeping1700000009200' });
  return ScheduledJobHousekeeping;
}
