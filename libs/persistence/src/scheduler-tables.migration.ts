import { MigrationInterface, QueryRunner } from 'typeorm';
import { housekeepingIndexesMigration, scheduledJobHousekeepingMigration } from './housekeeping.migration';
import { idempotencyExactReplayMigration, idempotencyLeaseMigration } from './idempotency-lease.migration';
import { messagingTablesMigration } from './messaging-tables.migration';

/**
 * The scheduled-job table every service has in its own schema: PostgreSQL is the source of truth for
 * anything that must happen later (reminders, expiry, follow-ups); BullMQ only carries the wake-up.
 */
export function schedulerTablesMigration(schema: string): new () => MigrationInterface {
  const t = `"${schema}".scheduled_job`;
  class SchedulerTables implements MigrationInterface {
    name = 'SchedulerTables1700000000001';
    async up(db: QueryRunner): Promise<void> {
      await db.query(`CREATE TABLE ${t} (
        key              text PRIMARY KEY,
        kind             text        NOT NULL,
        run_at           timestamptz NOT NULL,
        payload          jsonb       NOT NULL DEFAULT '{}',
        status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled', 'failed')),
        -- Bumped on every reschedule, so the wake-up of a replaced schedule finds nothing to do.
        version          int         NOT NULL DEFAULT 1,
        enqueued_version int,
        attempts         int         NOT NULL DEFAULT 0,
        last_error       text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        done_at          timestamptz
      )`);
      await db.query(`CREATE INDEX scheduled_job_pending ON ${t} (run_at) WHERE status = 'pending'`);
    }
    async down(db: QueryRunner): Promise<void> {
      await db.query(`DROP TABLE ${t}`);
    }
  }
  Object.defineProperty(SchedulerTables, 'name', { value: 'SchedulerTables1700000000001' });
  return SchedulerTables;
}

/** The migrations of the shared mechanisms, listed before a service's own. */
export function sharedTablesMigrations(schema: string): Array<new () => MigrationInterface> {
  return [messagingTablesMigration(schema), schedulerTablesMigration(schema), housekeepingIndexesMigration(schema), idempotencyLeaseMigration(schema), scheduledJobHousekeepingMigration(schema), idempotencyExactReplayMigration(schema)];
}
