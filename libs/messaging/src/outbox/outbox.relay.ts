import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, QueryRunner } from 'typeorm';
import { Producer } from 'kafkajs';
import { logger, outboxPending, outboxPublished } from '@hamkor/observability';
import { onOutboxRing } from './outbox-bell';

export interface OutboxRelayOptions {
  schema: string;
  batchSize: number;
  pollMs: number;
  /** Test hook: called after Kafka acknowledged a batch and before the rows are marked published. */
  afterPublishBeforeMark?: (eventIds: string[]) => Promise<void> | void;
}

interface OutboxRow {
  seq: string;
  event_id: string;
  topic: string;
  message_key: string;
  event_type: string;
  /** The stored jsonb as PostgreSQL prints it, sent as is. */
  payload: string;
}

/**
 * Relays a service's outbox to Kafka.
 *
 * Rows are claimed by state (`published_at IS NULL`), never by a watermark on `seq`: a sequence value is
 * taken before commit, so a transaction that commits late leaves a lower seq behind a higher one that is
 * already published, and a watermark would skip it forever.
 *
 * One relay per service is active at a time: it holds a session advisory lock on its own connection and
 * does all its reads and writes on that connection, so if it dies its lock is gone and a standby takes
 * over. Two running relays therefore never publish the same rows concurrently or reorder one aggregate's
 * events. A crash between publish and mark republishes that batch once more; consumers' inboxes drop the
 * duplicates.
 */
export class OutboxRelay {
  private readonly log;
  private running = false;
  private loop?: Promise<void>;
  private conn?: QueryRunner;
  private leader = false;
  private wake?: () => void;
  /** A commit rang while a batch was in flight: poll again at once instead of idling. */
  private nudged = false;
  private unlisten?: () => void;

  constructor(
    private readonly ds: DataSource,
    private readonly producer: Producer,
    private readonly options: OutboxRelayOptions,
  ) {
    this.log = logger('outbox-relay').child({ schema: options.schema });
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unlisten = onOutboxRing(this.options.schema, () => this.nudge());
    this.loop = this.run();
  }

  /** Finishes the batch in flight, releases the lock and returns. */
  async stop(): Promise<void> {
    this.running = false;
    this.unlisten?.();
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /**
   * Wake-up hint after a local commit (the outbox bell rings it); polling stays the source of truth. A
   * standby ignores it: its next try for the lock comes at its own pace.
   */
  nudge(): void {
    if (!this.leader) return;
    this.nudged = true;
    this.wake?.();
  }

  /** Publishes everything pending once (for tools and tests); returns the number of events published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.publishBatch();
      total += n;
      if (n < this.options.batchSize) return total;
    }
  }

  private lockKey(): string {
    return `hamkor.outbox.${this.options.schema}`;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.leader && !(await this.acquire())) {
          await this.idle(Math.max(this.options.pollMs * 10, 500));
          continue;
        }
        const started = Date.now();
        const n = await this.publishBatch();
        // pollMs is the interval between polls, not the pause after one: an event committed while a
        // batch is in flight then waits at most one interval plus its own batch, not two batches.
        if (n < this.options.batchSize) await this.idle(Math.max(0, this.options.pollMs - (Date.now() - started)));
      } catch (err) {
        this.log.error({ err: errorText(err) }, 'relay iteration failed; retrying');
        await this.release();
        await this.idle(1000);
      }
    }
    await this.release();
  }

  private async acquire(): Promise<boolean> {
    if (!this.conn) {
      this.conn = this.ds.createQueryRunner();
      await this.conn.connect();
      // The outbox is a queue table: a published row's old version keeps its entry in the partial index
      // of unpublished rows until VACUUM. A plain index scan marks those entries dead as it passes them
      // (PostgreSQL's kill_prior_tuple), so the next poll reads only live entries; a bitmap scan never
      // does, and visits every heap page a published row left behind on every poll. The planner picks the
      // bitmap scan whenever its statistics are stale (a new table, a backlog just drained), and then a
      // poll cost 0.8-2 ms of PostgreSQL time at 500 events/s, growing with every row published since the
      // last vacuum (bench:e2e). This connection only ever runs the relay's statements, all by index.
      await this.conn.query('SET enable_bitmapscan = off');
    }
    const [{ locked }] = await this.conn.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.lockKey()]);
    this.leader = locked === true;
    if (this.leader) this.log.info('outbox relay is active');
    return this.leader;
  }

  private async release(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    const wasLeader = this.leader;
    this.leader = false;
    if (!conn) return;
    try {
      // Session locks outlive release() into the pool, so unlock explicitly; if this fails the
      // connection is broken and PostgreSQL drops the lock with it.
      if (wasLeader) await conn.query('SELECT pg_advisory_unlock(hashtext($1))', [this.lockKey()]);
      await conn.query('RESET enable_bitmapscan');
    } catch {
      /* see above */
    }
    await conn.release().catch(() => undefined);
  }

  private async publishBatch(): Promise<number> {
    const conn = this.conn ?? this.ds.manager;
    // payload::text: sending the stored JSON as PostgreSQL prints it saves a JSON.parse and a
    // JSON.stringify per event, about 15% of the relay's CPU. Same keys, order and values as before;
    // only the spacing is jsonb's (`{"a": 1, "b": 2}`).
    // Not a prepared statement, nor the mark below: a generic plan made while the table was small
    // (a seq scan) would stay until the next ANALYZE however large the table grew; in bench:e2e the
    // prepared mark took 1.45 ms a call that way, planned afresh 0.1 ms.
    const rows: OutboxRow[] = await conn.query(
      `SELECT seq, event_id, topic, message_key, event_type, payload::text AS payload
         FROM "${this.options.schema}".outbox
        WHERE published_at IS NULL
        ORDER BY seq
        LIMIT $1`,
      [this.options.batchSize],
    );
    outboxPending.set({ service: this.options.schema }, rows.length);
    if (rows.length === 0) return 0;

    const byTopic = new Map<string, OutboxRow[]>();
    for (const r of rows) {
      const list = byTopic.get(r.topic) ?? [];
      list.push(r);
      byTopic.set(r.topic, list);
    }
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map((r) => ({
            key: r.message_key,
            value: r.payload,
            headers: { 'ce-id': r.event_id, 'ce-type': r.event_type, 'content-type': 'application/cloudevents+json' },
          })),
        })),
      });
    } catch (err) {
      await conn.query(
        `UPDATE "${this.options.schema}".outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])`,
        [rows.map((r) => r.seq), errorText(err).slice(0, 2000)],
      );
      throw err;
    }
    const ids = rows.map((r) => r.event_id);
    await this.options.afterPublishBeforeMark?.(ids);
    await conn.query(
      `UPDATE "${this.options.schema}".outbox SET published_at = now(), attempts = attempts + 1 WHERE seq = ANY($1::bigint[])`,
      [rows.map((r) => r.seq)],
    );
    outboxPublished.inc({ service: this.options.schema }, rows.length);
    return rows.length;
  }

  private async idle(ms: number): Promise<void> {
    if (!this.running) return;
    if (this.nudged) {
      this.nudged = false;
      return;
    }
    const ac = new AbortController();
    this.wake = () => ac.abort();
    await sleep(ms, undefined, { signal: ac.signal }).catch(() => undefined);
    this.wake = undefined;
    // The poll that follows covers whatever rang meanwhile.
    this.nudged = false;
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
