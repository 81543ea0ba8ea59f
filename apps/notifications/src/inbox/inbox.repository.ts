import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, Page } from '@hamkor/http';
import { pageOf } from '../delivery/delivery.repository';

export interface InboxMessage {
  id: string;
  eventType: string;
  subject: string;
  text: string;
  critical: boolean;
  createdAt: Date;
  readAt: Date | null;
}

/** The in-app inbox is the 'inbox' channel of the delivery table; every query is bound to its person. */
@Injectable()
export class InboxRepository {
  constructor(@InjectDataSource('notifications') private readonly ds: DataSource) {}

  async list(personId: string, limit: number, cursor: string | undefined, unreadOnly: boolean): Promise<Page<InboxMessage>> {
    const after = decodeCursor(cursor, 2);
    const params: unknown[] = [personId, limit + 1];
    let where = `channel = 'inbox' AND recipient_id = $1`;
    if (unreadOnly) where += ' AND read_at IS NULL';
    if (after) {
      params.push(after[0], after[1]);
      where += ' AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    const rows = await this.ds.query(
      `SELECT id, event_type AS "eventType", payload->>'subject' AS subject, payload->>'text' AS text, critical,
              created_at AS "createdAt", read_at AS "readAt", created_at::text AS "cursorAt"
         FROM notifications.delivery WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    return pageOf(rows, limit);
  }

  async unreadCount(personId: string): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM notifications.delivery WHERE channel = 'inbox' AND recipient_id = $1 AND read_at IS NULL`, [personId]);
    return n;
  }

  /** false when the message is not this person's. */
  async markRead(personId: string, id: string): Promise<boolean> {
    const [, count] = await this.ds.query(
      `UPDATE notifications.delivery SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND channel = 'inbox' AND recipient_id = $2`,
      [id, personId],
    );
    return count > 0;
  }

  async markAllRead(personId: string): Promise<number> {
    const [, count] = await this.ds.query(`UPDATE notifications.delivery SET read_at = now() WHERE channel = 'inbox' AND recipient_id = $1 AND read_at IS NULL`, [personId]);
    return count;
  }
}
