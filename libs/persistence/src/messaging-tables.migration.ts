import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables every service has in its own schema for the shared mechanisms: the transactional outbox,
 * the consumer inbox and HTTP idempotency keys. Listed first in each service's migrations.
 */
export function messagingTablesMigration(schema: string): new () => MigrationInterface {
  const q = (t: string) => `"${schema}"."${t}"`;
  class MessagingTables implements MigrationInterface {
    name = "MessagingTables1700000000000";
    async up(db: QueryRunner): Promise<void> {
      await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await db.query(`CREATE TABLE ${q('outbox')} (
        seq          bigserial PRIMARY KEY,
        event_id     uuid        NOT NULL UNIQUE,
        topic        text        NOT NULL,
        message_key  text        NOT NULL,
        event_type   text        NOT NULL,
        payload      jsonb       NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts     int         NOT NULL DEFAULT 0,
        last_error   text
      )`);
      // The relay only ever looks at unpublished rows; this index stays small however long the table grows.
      await db.query(`CREATE INDEX outbox_unpublished ON ${q('outbox')} (seq) WHERE published_at IS NULL`);
      await db.query(`CREATE INDEX outbox_published_at ON ${q('outbox')} (published_at) WHERE published_at IS NOT NULL`);
      await db.query(`CREATE TABLE ${q('inbox')} (
        consumer     text        NOT NULL,
        event_id     uuid        NOT NULL,
        topic        text        NOT NULL,
        event_type   text        NOT NULL,
        outcome      text        NOT NULL CHECK (outcome IN ('applied', 'skipped', 'dead_lettered')),
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
      await db.query(`CREATE TABLE ${q('idempotency_key')} (
        scope          text        NOT NULL,
        key            text        NOT NULL,
        request_hash   text        NOT NULL,
        status_code    int,
        response_body  jsonb,
        created_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    }
    async down(db: QueryRunner): Promise<void> {
      await db.query(`DROP TABLE ${q('idempotency_key')}`);
      await db.query(`DROP TABLE ${q('inbox')}`);
      await db.query(`DROP TABLE ${q('outbox')}`);
    }
  }
  Object.defineProperty(MessagingTables, 'name', { value: `MessagingTables1700000000000` });
  return MessagingTables;
}
