import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Job, Queue, Worker } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { logger, runWithCorrelation } from '@hamkor/observability';
import { createRedis } from '../redis';
import { QueueName } from '../queue-names';
import { DueJob } from './scheduled-job.decorators';

export type ScheduledHandler = (job: DueJob, tx: EntityManager) => Promise<void>;

export interface ServiceSchedulerOptions {
  service: string;
  redisUrl: string;
  prefix: string;
  /** How often committed rows are turned into BullMQ jobs. */
  pumpMs?: number;
  attempts?: number;
}

/** Rows the pump reads at once, and how many of them go to BullMQ in one addBulk. */
const PUMP_PAGE = 10_000;
const ENQUEUE_SLICE = 1_000;

interface WakeUp {
  key: string;
  version: number;
}

/**
 * Runs one service's scheduled jobs. PostgreSQL rows are the truth; BullMQ delayed jobs are wake-ups:
 * - the pump enqueues every pending row whose current version has no job yet (after its transaction
 *   committed, so a worker never wakes before the row is visible);
 * - at start-up every pending row is enqueued again (a Redis that lost its data loses nothing), and rows
 *   overdue by more than a minute are re-enqueued periodically as a safety net;
 * - the worker locks the row, checks it is still pending at that version, runs the handler and marks it
 *   done in the same transaction, so duplicates of a wake-up do nothing.
 */
export class ServiceScheduler {
  private readonly log;
  private readonly queue: Queue;
  private worker?: Worker;
  private running = false;
  private loop?: Promise<void>;
  private readonly handlers = new Map<string, ScheduledHandler>();
  private readonly connections: Array<ReturnType<typeof createRedis>> = [];

  constructor(
    private readonly ds: DataSource,
    private readonly options: ServiceSchedulerOptions,
  ) {
    this.log = logger('scheduler').child({ service: options.service });
    const conn = createRedis(options.redisUrl);
    this.connections.push(conn);
    this.queue = new Queue(this.queueName, { connection: conn, prefix: options.prefix });
  }

  /** WIRE CONTRACT: one queue per service, so a process only ever runs the jobs of its own services. */
  get queueName(): string {
    return `${QueueName.Schedules}-${this.options.service}`;
  }

  register(kind: string, handler: ScheduledHandler): void {
    if (this.handlers.has(kind)) throw new Error(`two handlers for scheduled job kind "${kind}" in ${this.options.service}`);
    this.handlers.set(kind, handler);
  }

  async start(): Promise<void> {
    await this.ds.query(`UPDATE "${this.options.service}".scheduled_job SET enqueued_version = NULL WHERE status = 'pending'`);
    const conn = createRedis(this.options.redisUrl);
    this.connections.push(conn);
    this.worker = new Worker<WakeUp>(this.queueName, (job) => this.wake(job), {
      connection: conn,
      prefix: this.options.prefix,
      concurrency: 4,
    });
    this.worker.on('error', (err) => this.log.error({ err: err.message }, 'worker error'));
    this.running = true;
    this.loop = this.pumpLoop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.worker?.close();
    await this.queue.close();
    for (const c of this.connections) c.disconnect();
  }

  /** Runs every due pending job now, without BullMQ (tools and tests that move time). Returns how many ran. */
  async runDue(now = new Date()): Promise<number> {
    const rows: WakeUp[] = await this.ds.query(
      `SELECT key, version FROM "${this.options.service}".scheduled_job WHERE status = 'pending' AND run_at <= $1 ORDER BY run_at`,
      [now.toISOString()],
    );
    let ran = 0;
    for (const r of rows) if (await this.execute(r, now)) ran++;
    return ran;
  }

  private async pumpLoop(): Promise<void> {
    let sweepAt = 0;
    while (this.running) {
      try {
        await this.pump();
        if (Date.now() >= sweepAt) {
          await this.sweepOverdue();
          sweepAt = Date.now() + 30_000;
        }
      } catch (err) {
        this.log.error({ err: (err as Error).message }, 'scheduler pump failed; retrying');
      }
      await sleep(this.options.pumpMs ?? 500);
    }
  }

  private jobId(r: WakeUp): string {
    // BullMQ ids may not contain ':'; a hash of the key keeps them short and safe.
    return `${createHash('sha1').update(r.key).digest('hex')}-${r.version}`;
  }

  private async enqueue(rows: Array<WakeUp & { run_at: Date }>): Promise<void> {
    if (rows.length === 0) return;
    const now = Date.now();
    await this.queue.addBulk(
      rows.map((r) => ({
        name: 'wake',
        data: { key: r.key, version: r.version },
        opts: {
          jobId: this.jobId(r),
          delay: Math.max(0, new Date(r.run_at).getTime() - now),
          attempts: this.options.attempts ?? 5,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { age: 3600, count: 1000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
  }

  /**
   * Enqueues rows not enqueued at their current version, a page at a time: each slice of a page is added
   * to BullMQ and then marked, and the mark of one slice runs while the next slice is being added (a row
   * is marked only after its job exists; a page is read again only when every mark of the last one is done).
   */
  private async pump(): Promise<void> {
    for (;;) {
      const rows: Array<WakeUp & { run_at: Date }> = await this.ds.query(
        `SELECT key, version, run_at FROM "${this.options.service}".scheduled_job
          WHERE status = 'pending' AND enqueued_version IS DISTINCT FROM version
          ORDER BY run_at LIMIT ${PUMP_PAGE}`,
      );
      if (rows.length === 0) return;
      const marks: Array<Promise<unknown>> = [];
      let failed: unknown;
      try {
        for (let i = 0; i < rows.length && this.running; i += ENQUEUE_SLICE) {
          const slice = rows.slice(i, i + ENQUEUE_SLICE);
          await this.enqueue(slice);
          marks.push(this.markEnqueued(slice).catch((err) => (failed ??= err)));
        }
      } finally {
        await Promise.all(marks);
      }
      if (failed) throw failed;
      if (rows.length < PUMP_PAGE || !this.running) return;
    }
  }

  private async markEnqueued(rows: WakeUp[]): Promise<void> {
    await this.ds.query(
      `UPDATE "${this.options.service}".scheduled_job AS j SET enqueued_version = v.version
         FROM unnest($1::text[], $2::int[]) AS v(key, version) WHERE j.key = v.key`,
      [rows.map((r) => r.key), rows.map((r) => r.version)],
    );
  }

  /** Jobs a minute past due and still pending: their wake-up was lost (e.g. Redis lost its data); add it again. */
  private async sweepOverdue(): Promise<void> {
    const rows = await this.ds.query(
      `SELECT key, version, run_at FROM "${this.options.service}".scheduled_job
        WHERE status = 'pending' AND run_at < now() - interval '1 minute' ORDER BY run_at LIMIT 1000`,
    );
    await this.enqueue(rows);
  }

  private async wake(job: Job<WakeUp>): Promise<void> {
    const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      await this.execute(job.data, new Date());
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      await this.ds.query(
        `UPDATE "${this.options.service}".scheduled_job SET attempts = attempts + 1, last_error = $3, status = CASE WHEN $4 THEN 'failed' ELSE status END
          WHERE key = $1 AND version = $2`,
        [job.data.key, job.data.version, message.slice(0, 2000), isLast],
      );
      this.log.warn({ key: job.data.key, attempt: job.attemptsMade + 1, err: message }, isLast ? 'scheduled job failed for good' : 'scheduled job failed; will retry');
      throw err;
    }
  }

  /** Runs one job if it is still pending at this version and due; returns whether it ran. */
  private async execute(w: WakeUp, now: Date): Promise<boolean> {
    return this.ds.transaction(async (tx) => {
      const [row] = await tx.query(
        `SELECT key, kind, run_at, payload, status, version FROM "${this.options.service}".scheduled_job WHERE key = $1 FOR UPDATE`,
        [w.key],
      );
      if (!row || row.status !== 'pending' || row.version !== w.version) return false;
      // Rescheduled to a later time after this wake-up was queued: its own wake-up will come.
      if (new Date(row.run_at).getTime() > now.getTime() + 1000) return false;
      const handler = this.handlers.get(row.kind);
      if (!handler) throw new Error(`no handler for scheduled job kind "${row.kind}" in ${this.options.service}`);
      await runWithCorrelation({ causationId: `job:${row.key}` }, () =>
        handler({ key: row.key, kind: row.kind, runAt: new Date(row.run_at), payload: row.payload }, tx),
      );
      await tx.query(`UPDATE "${this.options.service}".scheduled_job SET status = 'done', done_at = now(), attempts = attempts + 1 WHERE key = $1`, [row.key]);
      return true;
    });
  }
}
