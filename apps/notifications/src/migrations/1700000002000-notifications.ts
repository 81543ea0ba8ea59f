import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1700000002000 implements MigrationInterface {
  name = 'Notifications1700000002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE notifications.directory_person (
      id              uuid PRIMARY KEY,
      organisation_id uuid        NOT NULL,
      roles           text[]      NOT NULL,
      email           text        NOT NULL,
      language        text        NOT NULL CHECK (language IN ('uz', 'ru', 'en')),
      removed         boolean     NOT NULL DEFAULT false,
      as_of           timestamptz NOT NULL
    )`);
    await db.query(`CREATE INDEX directory_person_org ON notifications.directory_person (organisation_id) WHERE NOT removed`);

    await db.query(`CREATE TABLE notifications.webhook_endpoint (
      id              uuid PRIMARY KEY,
      organisation_id uuid        NOT NULL,
      url             text        NOT NULL,
      description     text,
      event_types     text[]      NOT NULL,
      secret          text        NOT NULL,
      active          boolean     NOT NULL DEFAULT true,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE INDEX webhook_endpoint_org ON notifications.webhook_endpoint (organisation_id, created_at, id)`);

    // One row per event x recipient x channel. The unique key is what makes a redelivered event (even one
    // whose BullMQ job is long gone) produce no second message; the row is also the delivery log, the
    // dead-letter list and, for channel 'inbox', the in-app message itself.
    await db.query(`CREATE TABLE notifications.delivery (
      id               uuid PRIMARY KEY,
      event_id         uuid        NOT NULL,
      event_type       text        NOT NULL,
      channel          text        NOT NULL CHECK (channel IN ('email', 'webhook', 'inbox')),
      recipient_id     uuid        NOT NULL,
      organisation_id  uuid        NOT NULL,
      critical         boolean     NOT NULL DEFAULT false,
      payload          jsonb       NOT NULL,
      status           text        NOT NULL CHECK (status IN ('queued', 'retrying', 'delivered', 'dead', 'skipped')),
      attempts         int         NOT NULL DEFAULT 0,
      replays          int         NOT NULL DEFAULT 0,
      last_error       text,
      last_status_code int,
      not_before       timestamptz,
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      delivered_at     timestamptz,
      read_at          timestamptz,
      UNIQUE (event_id, channel, recipient_id)
    )`);
    await db.query(`CREATE INDEX delivery_inbox ON notifications.delivery (recipient_id, created_at DESC, id DESC) WHERE channel = 'inbox'`);
    await db.query(`CREATE INDEX delivery_unread ON notifications.delivery (recipient_id) WHERE channel = 'inbox' AND read_at IS NULL`);
    await db.query(`CREATE INDEX delivery_endpoint_log ON notifications.delivery (recipient_id, created_at DESC, id DESC) WHERE channel = 'webhook'`);
    await db.query(`CREATE INDEX delivery_dead ON notifications.delivery (updated_at DESC, id DESC) WHERE status = 'dead'`);
    await db.query(`CREATE INDEX delivery_pending ON notifications.delivery (updated_at) WHERE status IN ('queued', 'retrying')`);

    await db.query(`CREATE TABLE notifications.preference (
      person_id  uuid        NOT NULL,
      event_type text        NOT NULL,
      channel    text        NOT NULL CHECK (channel IN ('email', 'inbox')),
      enabled    boolean     NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (person_id, event_type, channel)
    )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notifications.preference`);
    await db.query(`DROP TABLE notifications.delivery`);
    await db.query(`DROP TABLE notifications.webhook_endpoint`);
    await db.query(`DROP TABLE notifications.directory_person`);
  }
}
