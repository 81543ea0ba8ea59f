import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeCursor, Page } from '@hamkor/http';
import { pageOf } from '../delivery/delivery.repository';
import { WebhookEndpoint } from './webhook-endpoint.entity';

const COLUMNS = `id, organisation_id AS "organisationId", url, description, event_types AS "eventTypes", active, created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class WebhooksRepository {
  constructor(@InjectRepository(WebhookEndpoint, 'notifications') private readonly repo: Repository<WebhookEndpoint>) {}

  async create(e: Pick<WebhookEndpoint, 'id' | 'organisationId' | 'url' | 'description' | 'eventTypes' | 'secret'>): Promise<WebhookEndpoint> {
    const [row] = await this.repo.query(
      `INSERT INTO notifications.webhook_endpoint (id, organisation_id, url, description, event_types, secret) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [e.id, e.organisationId, e.url, e.description, e.eventTypes, e.secret],
    );
    return row;
  }

  async find(organisationId: string, id: string): Promise<WebhookEndpoint | null> {
    const [row] = await this.repo.query(`SELECT ${COLUMNS} FROM notifications.webhook_endpoint WHERE organisation_id = $1 AND id = $2`, [organisationId, id]);
    return row ?? null;
  }

  async list(organisationId: string, limit: number, cursor?: string): Promise<Page<WebhookEndpoint>> {
    const after = decodeCursor(cursor, 2);
    const rows = await this.repo.query(
      `SELECT ${COLUMNS}, created_at::text AS "cursorAt" FROM notifications.webhook_endpoint
        WHERE organisation_id = $1 ${after ? 'AND (created_at, id) > ($3::timestamptz, $4::uuid)' : ''}
        ORDER BY created_at, id LIMIT $2`,
      after ? [organisationId, limit + 1, after[0], after[1]] : [organisationId, limit + 1],
    );
    return pageOf(rows, limit);
  }

  async update(organisationId: string, id: string, patch: { url?: string; description?: string | null; eventTypes?: string[]; active?: boolean }): Promise<WebhookEndpoint | null> {
    const [rows] = await this.repo.query(
      `UPDATE notifications.webhook_endpoint SET url = COALESCE($3, url), description = CASE WHEN $4::boolean THEN $5 ELSE description END,
         event_types = COALESCE($6, event_types), active = COALESCE($7, active), updated_at = now()
        WHERE organisation_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [organisationId, id, patch.url ?? null, patch.description !== undefined, patch.description ?? null, patch.eventTypes ?? null, patch.active ?? null],
    );
    return rows[0] ?? null;
  }

  async delete(organisationId: string, id: string): Promise<boolean> {
    const [, count] = await this.repo.query(`DELETE FROM notifications.webhook_endpoint WHERE organisation_id = $1 AND id = $2`, [organisationId, id]);
    return count > 0;
  }

  /** What the worker needs to call the endpoint, secret included. */
  async findForDelivery(id: string): Promise<{ url: string; secret: string; active: boolean } | null> {
    const [row] = await this.repo.query(`SELECT url, secret, active FROM notifications.webhook_endpoint WHERE id = $1`, [id]);
    return row ?? null;
  }
}
