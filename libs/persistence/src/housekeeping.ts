import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { logger, metricsRegistry } from '@hamkor/observability';

/** How long the shared mechanisms' rows are kept (hours). */
export interface RetentionPolicy {
  /** Published outbox rows: kept for inspecting what was sent; the event itself is on Kafka. */
  outboxHours: number;
  /**
   * Inbox rows (what a consumer has applied). Must outlive every possible redelivery of the event (the
   * retention of the topics it came from), or a redelivered event would be applied again. Rows of events
   * that went to the DLQ are kept for the operator.
   */
  inboxHours: number;
  /** Idempotency keys: a retry with the same key within this time gets the first answer. */
  idempotencyKeyHours: number;
  /** Scheduled jobs that ran or were cancelled, counted from then; failed ones are kept for the operator. */
  scheduledJobHours: number;
}

export interface SweepResult {
  outbox: number;
  inbox: number;
  idempotencyKeys: number;
  scheduledJobs: number;
}

const deleted = new Counter({
  name: 'hamkor_housekeeping_deleted_total',
  help: 'Rows the housekeeping sweep deleted, by service and table',
  labelNames: ['service', 'table'] as const,
  registers: [metricsRegistry],
});

/**
 * Deletes what the shared mechanisms no longer need from one service's schema, `batch` rows per
 * statement (short transactions, no long locks), until nothing is older than the policy. Replicas may
 * sweep at the same time: each batch takes a transaction-level advisory lock, and a replica that does not
 * get it leaves this round to the one that did.
 */
export async function sweepMechanismTables(ds: DataSource, schema: string, policy: RetentionPolicy, batch = 5_000): Promise<SweepResult> {
  // What each table no longer needs: older than its retention ($1 hours).
  const sweeps: Array<{ key: keyof SweepResult; table: string; hours: number; old: string }> = [
    { key: 'outbox', table: 'outbox', hours: policy.outboxHours, old: 'published_at < now() - make_interval(hours => $1)' },
    { key: 'inbox', table: 'inbox', hours: policy.inboxHours, old: `processed_at < now() - make_interval(hours => $1) AND outcome <> 'dead_lettered'` },
    { key: 'idempotencyKeys', table: 'idempotency_key', hours: policy.idempotencyKeyHours, old: 'created_at < now() - make_interval(hours => $1)' },
    { key: 'scheduledJobs', table: 'scheduled_job', hours: policy.scheduledJobHours, old: `status IN ('done', 'cancelled') AND done_at < now() - make_interval(hours => $1)` },
  ];
  const result: SweepResult = { outbox: 0, inbox: 0, idempotencyKeys: 0, scheduledJobs: 0 };
  for (const { key, table, hours, old } of sweeps) {
    const t = `"${schema}".${table}`;
    const statement = `DELETE FROM ${t} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${t} WHERE ${old} LIMIT $2))`;
    for (;;) {
      const n = await ds.transaction(async (tx) => {
        const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [`hamkor.housekeeping.${schema}.${table}`]);
        if (!locked) return 0;
        const [, count] = (await tx.query(statement, [hours, batch])) as [unknown, number];
        return count;
      });
      result[key] += n;
      if (n < batch) break;
    }
    if (result[key]) deleted.inc({ service: schema, table }, result[key]);
  }
  return result;
}

/** Runs sweepMechanismTables for one service every `intervalMs`, the first time `firstAfterMs` after start. */
export class Housekeeper {
  private readonly log = logger('housekeeping');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly ds: DataSource,
    private readonly schema: string,
    private readonly policy: RetentionPolicy,
    private readonly intervalMs: number,
    private readonly firstAfterMs = Math.min(intervalMs, 60_000),
  ) {}

  start(): void {
    const next = (ms: number) => {
      this.timer = setTimeout(() => {
        this.running = this.sweep().finally(() => {
          this.running = undefined;
          if (this.timer) next(this.intervalMs);
        });
      }, ms);
      this.timer.unref();
    };
    next(this.firstAfterMs);
  }

  /** Stops the timer and waits for a sweep in progress (before the DataSource closes). */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      const r = await sweepMechanismTables(this.ds, this.schema, this.policy);
      if (Object.values(r).some((n) => n > 0)) this.log.info({ service: this.schema, deleted: r }, 'housekeeping: old outbox, inbox, idempotency and scheduled-job rows deleted');
    } catch (err) {
      // The next round tries again; nothing is lost by a sweep that did not run.
      if (this.ds.isInitialized) this.log.warn({ service: this.schema, err: (err as Error).message }, 'housekeeping sweep failed');
    }
  }
}
