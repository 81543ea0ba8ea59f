import { EntityManager } from 'typeorm';

export interface ScheduleRequest<P = unknown> {
  /** Which handler runs it (`@OnScheduled(kind)`). */
  kind: string;
  /** Unique per thing to do, e.g. `agreement:<id>:expire`; scheduling the same key again replaces it. */
  key: string;
  runAt: Date;
  payload?: P;
}

/**
 * Schedules work of one service, in the caller's transaction: the row is the promise, and it commits or
 * rolls back with the change that made it. The runtime turns committed rows into BullMQ delayed jobs.
 */
export class Scheduler {
  constructor(readonly schema: string) {}

  async schedule(tx: EntityManager, req: ScheduleRequest): Promise<void> {
    await this.scheduleMany(tx, [req]);
  }

  async scheduleMany(tx: EntityManager, reqs: ScheduleRequest[]): Promise<void> {
    if (reqs.length === 0) return;
    await tx.query(
      `INSERT INTO "${this.schema}".scheduled_job (key, kind, run_at, payload)
       SELECT unnest($1::text[]), unnest($2::text[]), unnest($3::timestamptz[]), unnest($4::jsonb[])
       ON CONFLICT (key) DO UPDATE
         SET kind = EXCLUDED.kind, run_at = EXCLUDED.run_at, payload = EXCLUDED.payload, status = 'pending',
             version = scheduled_job.version + 1, attempts = 0, last_error = NULL, done_at = NULL`,
      [reqs.map((r) => r.key), reqs.map((r) => r.kind), reqs.map((r) => r.runAt.toISOString()), reqs.map((r) => JSON.stringify(r.payload ?? {}))],
    );
  }

  /** A pending job with this key will not run. */
  async cancel(tx: EntityManager, key: string): Promise<void> {
    await tx.query(`UPDATE "${this.schema}".scheduled_job SET status = 'cancelled', done_at = now(), version = version + 1 WHERE key = $1 AND status = 'pending'`, [key]);
  }

  async cancelByPrefix(tx: EntityManager, keyPrefix: string): Promise<void> {
    await tx.query(`UPDATE "${this.schema}".scheduled_job SET status = 'cancelled', done_at = now(), version = version + 1 WHERE key LIKE $1 AND status = 'pending'`, [
      `${keyPrefix.replace(/[\\%_]/g, '\\$&')}%`,
    ]);
  }
}
