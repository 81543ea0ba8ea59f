import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheduler's pump reads the pending jobs that are not in BullMQ yet, soonest first. The shared
 * index on pending jobs also holds the ones already enqueued, so after a cohort's graduation (300,000
 * follow-up jobs) each page of the pump walked past every row enqueued before it. This partial index
 * holds only the rows still to enqueue: a row leaves it when it is marked enqueued.
 */
export class EmploymentScheduledJobEnqueueIndex1700000004200 implements MigrationInterface {
  name = 'EmploymentScheduledJobEnqueueIndex1700000004200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX scheduled_job_to_enqueue ON employment.scheduled_job (run_at)
         WHERE status = 'pending' AND enqueued_version IS DISTINCT FROM version`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX employment.scheduled_job_to_enqueue`);
  }
}
