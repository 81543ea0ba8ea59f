import { SetMetadata } from '@nestjs/common';

export const SCHEDULED_JOBS = 'hamkor:scheduled-jobs';
export const ON_SCHEDULED = 'hamkor:on-scheduled';

/** A due job as its handler sees it. */
export interface DueJob<P = any> {
  key: string;
  kind: string;
  runAt: Date;
  payload: P;
}

/** Marks a provider whose methods run one service's scheduled jobs. */
export const ScheduledJobs = (service: string) => SetMetadata(SCHEDULED_JOBS, service);

/**
 * Marks the handler of one job kind: called as `(job, tx)` with the job's row locked in `tx`; the row
 * is marked done in the same transaction, so a job runs at most once however often it is woken.
 */
export const OnScheduled = (kind: string) => SetMetadata(ON_SCHEDULED, kind);
