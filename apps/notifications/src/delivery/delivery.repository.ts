import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { decodeCursor, Page, toPage } from '@hamkor/http';
import { preparedQuery, preparedQueryIn } from '@hamkor/persistence';
import { Channel, Delivery, DeliveryPayload, DeliveryStatus } from './delivery.entity';

export interface NewDelivery {
  id: string;
  eventId: string;
  eventType: string;
  channel: Channel;
  recipientId: string;
  organisationId: string;
  critical: boolean;
  payload: DeliveryPayload;
  status: Extract<DeliveryStatus, 'queued' | 'delivered'>;
  notBefore: Date | null;
}

export interface WebhookTarget {
  url: string;
  secret: string;
  active: boolean;
}

/**
 * A message as the worker loads it: what sending needs, the payload as the stored JSON text (a webhook's
 * body as is; the e-mail channel parses it), and for a webhook its endpoint (null when it was deleted).
 */
export type LoadedDelivery = Pick<Delivery, 'id' | 'channel' | 'recipientId' | 'status' | 'notBefore'> & { payloadJson: string; endpoint?: WebhookTarget | null };

export type Enqueueable = Pick<Delivery, 'id' | 'channel' | 'replays' | 'notBefore'>;

const COLUMN_NAMES: Array<[string, string?]> = [
  ['id'], ['event_id', 'eventId'], ['event_type', 'eventType'], ['channel'], ['recipient_id', 'recipientId'], ['organisation_id', 'organisationId'],
  ['critical'], ['payload'], ['status'], ['attempts'], ['replays'], ['last_error', 'lastError'], ['last_status_code', 'lastStatusCode'],
  ['not_before', 'notBefore'], ['created_at', 'createdAt'], ['updated_at', 'updatedAt'], ['delivered_at', 'deliveredAt'], ['read_at', 'readAt'],
];
const COLUMNS = COLUMN_NAMES.map(([c, as]) => `${c}${as ? ` AS "${as}"` : ''}`).join(', ');

/** New messages, one per element of the parameter arrays: one statement text whatever their number, so it is prepared once per connection. */
const INSERT_NEW = `INSERT INTO notifications.delivery (id, event_id, event_type, channel, recipient_id, organisation_id, critical, payload, status, not_before, delivered_at)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::boolean[], $8::jsonb[], $9::text[], $10::timestamptz[], $11::timestamptz[])
  ON CONFLICT DO NOTHING
  RETURNING id, channel, replays, not_before AS "notBefore"`;

@Injectable()
export class DeliveryRepository {
  constructor(@InjectRepository(Delivery, 'notifications') private readonly repo: Repository<Delivery>) {}

  get manager(): EntityManager {
    return this.repo.manager;
  }

  /** Inserts the messages not recorded yet; returns only those (a redelivered event returns none). */
  async insertNew(tx: EntityManager, rows: NewDelivery[]): Promise<Enqueueable[]> {
    if (rows.length === 0) return [];
    const column = <T>(f: (r: NewDelivery) => T): T[] => rows.map(f);
    return preparedQueryIn<Enqueueable>(tx, INSERT_NEW, [
      column((r) => r.id), column((r) => r.eventId), column((r) => r.eventType), column((r) => r.channel), column((r) => r.recipientId),
      column((r) => r.organisationId), column((r) => r.critical), column((r) => JSON.stringify(r.payload)), column((r) => r.status),
      column((r) => r.notBefore), column((r) => (r.status === 'delivered' ? new Date() : null)),
    ]);
  }

  async findById(id: string): Promise<Delivery | null> {
    const [row] = await this.repo.query(`SELECT ${COLUMNS} FROM notifications.delivery WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Messages and, for webhooks, their endpoints (null when deleted) in one round trip: the worker's hot path (a prepared statement). */
  async findForSending(ids: string[]): Promise<Array<LoadedDelivery | null>> {
    // Only the columns sending needs: at thousands of messages a second, parsing the others (five
    // timestamps, the payload's JSON only to print it again) was a tenth of the worker's time.
    const rows: any[] = await preparedQuery(
      this.repo.manager.connection,
      `SELECT d.id, d.channel, d.recipient_id AS "recipientId", d.status, d.not_before AS "notBefore", d.payload::text AS "payloadJson",
              e.id AS "endpointId", e.url AS "endpointUrl", e.secret AS "endpointSecret", e.active AS "endpointActive"
         FROM notifications.delivery d LEFT JOIN notifications.webhook_endpoint e ON d.channel = 'webhook' AND e.id = d.recipient_id
        WHERE d.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map<string, LoadedDelivery>();
    for (const { endpointId, endpointUrl, endpointSecret, endpointActive, ...d } of rows) {
      byId.set(d.id, { ...d, endpoint: d.channel !== 'webhook' ? undefined : endpointId ? { url: endpointUrl, secret: endpointSecret, active: endpointActive } : null });
    }
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Records many deliveries in one prepared statement (status code per message). */
  async markDeliveredMany(items: Array<{ id: string; statusCode: number | null }>): Promise<void> {
    await preparedQuery(
      this.repo.manager.connection,
      `UPDATE notifications.delivery d SET status = 'delivered', attempts = d.attempts + 1, last_status_code = x.code, last_error = NULL,
         delivered_at = now(), updated_at = now()
        FROM unnest($1::uuid[], $2::int[]) AS x(id, code) WHERE d.id = x.id`,
      [items.map((i) => i.id), items.map((i) => i.statusCode)],
    );
  }

  async markFailed(id: string, status: 'retrying' | 'dead', error: string, statusCode: number | null): Promise<void> {
    await this.repo.query(
      `UPDATE notifications.delivery SET status = $2, attempts = attempts + 1, last_error = $3, last_status_code = $4, updated_at = now() WHERE id = $1`,
      [id, status, error.slice(0, 2000), statusCode],
    );
  }

  /** A job that died without its processor recording the end (stalled too often): a dead letter too. */
  async markDeadIfPending(id: string, error: string): Promise<void> {
    await this.repo.query(
      `UPDATE notifications.delivery SET status = 'dead', last_error = $2, updated_at = now() WHERE id = $1 AND status IN ('queued', 'retrying')`,
      [id, error.slice(0, 2000)],
    );
  }

  async markSkipped(id: string, reason: string): Promise<void> {
    await this.repo.query(`UPDATE notifications.delivery SET status = 'skipped', last_error = $2, updated_at = now() WHERE id = $1`, [id, reason]);
  }

  /** Puts a dead letter back in the queue; null when it is not (or no longer) dead. */
  async revive(id: string): Promise<Enqueueable | null> {
    // UPDATE ... RETURNING answers [rows, count] through TypeORM.
    const [rows]: [Enqueueable[], number] = await this.repo.query(
      `UPDATE notifications.delivery SET status = 'queued', attempts = 0, replays = replays + 1, last_error = NULL, not_before = NULL, updated_at = now()
        WHERE id = $1 AND status = 'dead'
        RETURNING id, channel, replays, not_before AS "notBefore"`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Messages still owed whose job may be gone (Redis flushed, crash between commit and enqueue). */
  pendingOlderThan(ms: number, limit: number): Promise<Enqueueable[]> {
    return this.repo.query(
      `SELECT id, channel, replays, not_before AS "notBefore" FROM notifications.delivery
        WHERE status IN ('queued', 'retrying') AND updated_at < now() - make_interval(secs => $1::float / 1000)
        ORDER BY updated_at LIMIT $2`,
      [ms, limit],
    );
  }

  async listDead(limit: number, cursor: string | undefined, channel?: Channel): Promise<Page<Delivery>> {
    const after = decodeCursor(cursor, 2);
    const params: unknown[] = [limit + 1];
    let where = `status = 'dead'`;
    if (channel) {
      params.push(channel);
      where += ` AND channel = $${params.length}`;
    }
    if (after) {
      params.push(after[0], after[1]);
      where += ` AND (updated_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    const rows = await this.repo.query(`SELECT ${COLUMNS}, updated_at::text AS "cursorAt" FROM notifications.delivery WHERE ${where} ORDER BY updated_at DESC, id DESC LIMIT $1`, params);
    return pageOf(rows, limit);
  }

  /** The delivery log of one webhook endpoint, newest first. */
  async listForEndpoint(organisationId: string, endpointId: string, limit: number, cursor?: string): Promise<Page<Delivery>> {
    const after = decodeCursor(cursor, 2);
    const params: unknown[] = [organisationId, endpointId, limit + 1];
    let where = `channel = 'webhook' AND organisation_id = $1 AND recipient_id = $2`;
    if (after) {
      params.push(after[0], after[1]);
      where += ` AND (created_at, id) < ($4::timestamptz, $5::uuid)`;
    }
    const rows = await this.repo.query(`SELECT ${COLUMNS}, created_at::text AS "cursorAt" FROM notifications.delivery WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $3`, params);
    return pageOf(rows, limit);
  }
}

/**
 * Keyset page whose cursor keeps PostgreSQL's microsecond timestamp as text (a JS Date would round it
 * to milliseconds and skip rows on the page boundary).
 */
export function pageOf<T extends { id: string }>(rows: Array<T & { cursorAt: string }>, limit: number): Page<T> {
  const page = toPage(rows, limit, (d) => [d.cursorAt, d.id]);
  return { ...page, items: page.items.map(({ cursorAt: _c, ...rest }) => rest as unknown as T) };
}
