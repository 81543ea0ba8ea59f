import { MigrationInterface, QueryRunner } from 'typeorm';

export class Equipment1700000006000 implements MigrationInterface {
  name = 'Equipment1700000006000';

  async up(db: QueryRunner): Promise<void> {
    // btree_gist lets one GiST index combine "same resource" (=) with "time ranges overlap" (&&). The
    // extension is database-wide: another service migrating at the same moment may install it first,
    // which makes our CREATE fail with a duplicate; the savepoint keeps this transaction usable then.
    await db.query(`SAVEPOINT btree_gist`);
    try {
      await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
      await db.query(`RELEASE SAVEPOINT btree_gist`);
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      await db.query(`ROLLBACK TO SAVEPOINT btree_gist`);
    }

    await db.query(`CREATE TABLE equipment.resource (
      id                     uuid PRIMARY KEY,
      owner_id               uuid NOT NULL,
      kind                   text NOT NULL CHECK (kind IN ('lab','machine','ict','workshop','room')),
      name                   text NOT NULL,
      description            text,
      location               text,
      region                 text NOT NULL,
      capacity               int  NOT NULL CHECK (capacity > 0),
      time_zone              text NOT NULL,
      opening_hours          jsonb NOT NULL,
      sharing_scope          text NOT NULL CHECK (sharing_scope IN ('cluster','partners','public')),
      approval_required      boolean NOT NULL,
      min_notice_minutes     int  NOT NULL CHECK (min_notice_minutes >= 0),
      max_duration_minutes   int  NOT NULL CHECK (max_duration_minutes > 0),
      training_requirement   text,
      reminder_minutes       int  NOT NULL CHECK (reminder_minutes >= 0),
      no_show_grace_minutes  int  NOT NULL CHECK (no_show_grace_minutes >= 0),
      status                 text NOT NULL DEFAULT 'active' CHECK (status IN ('active','withdrawn')),
      created_at             timestamptz NOT NULL DEFAULT now(),
      updated_at             timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE INDEX resource_owner ON equipment.resource (owner_id, created_at, id)`);
    await db.query(`CREATE INDEX resource_search ON equipment.resource (kind, region, name, id) WHERE status = 'active'`);

    await db.query(`CREATE TABLE equipment.blackout (
      id           uuid PRIMARY KEY,
      resource_id  uuid NOT NULL REFERENCES equipment.resource (id),
      starts_at    timestamptz NOT NULL,
      ends_at      timestamptz NOT NULL,
      reason       text,
      CHECK (ends_at > starts_at)
    )`);
    await db.query(`CREATE INDEX blackout_resource ON equipment.blackout USING gist (resource_id, tstzrange(starts_at, ends_at, '[)'))`);

    await db.query(`CREATE TABLE equipment.booking (
      id              uuid PRIMARY KEY,
      resource_id     uuid NOT NULL REFERENCES equipment.resource (id),
      owner_id        uuid NOT NULL,
      holder_id       uuid NOT NULL,
      booked_by       text NOT NULL,
      series_id       uuid,
      starts_at       timestamptz NOT NULL,
      ends_at         timestamptz NOT NULL,
      status          text NOT NULL CHECK (status IN ('pending','approved','rejected','cancelled','released')),
      purpose         text NOT NULL,
      participants    int  NOT NULL CHECK (participants > 0),
      decision_reason text,
      decided_at      timestamptz,
      checked_in_at   timestamptz,
      cancelled_at    timestamptz,
      created_at      timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_at > starts_at),
      -- The guarantee of this service: no two live bookings of one resource overlap, whatever the races.
      CONSTRAINT booking_no_overlap EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
        WHERE (status IN ('pending','approved'))
    )`);
    await db.query(`CREATE INDEX booking_holder ON equipment.booking (holder_id, starts_at, id)`);
    await db.query(`CREATE INDEX booking_owner ON equipment.booking (owner_id, starts_at, id)`);
    await db.query(`CREATE INDEX booking_resource ON equipment.booking (resource_id, starts_at, id)`);
    await db.query(`CREATE INDEX booking_series ON equipment.booking (series_id) WHERE series_id IS NOT NULL`);

    // Read models of partnerships (sharing scope): fed only by its events.
    await db.query(`CREATE TABLE equipment.cluster_member (
      cluster_id       uuid NOT NULL,
      organisation_id  uuid NOT NULL,
      as_of            timestamptz NOT NULL,
      PRIMARY KEY (cluster_id, organisation_id)
    )`);
    await db.query(`CREATE INDEX cluster_member_org ON equipment.cluster_member (organisation_id)`);
    await db.query(`CREATE TABLE equipment.equipment_agreement (
      agreement_id  uuid PRIMARY KEY,
      parties       uuid[] NOT NULL,
      active        boolean NOT NULL,
      as_of         timestamptz NOT NULL
    )`);
    await db.query(`CREATE INDEX equipment_agreement_parties ON equipment.equipment_agreement USING gin (parties) WHERE active`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE equipment.equipment_agreement`);
    await db.query(`DROP TABLE equipment.cluster_member`);
    await db.query(`DROP TABLE equipment.booking`);
    await db.query(`DROP TABLE equipment.blackout`);
    await db.query(`DROP TABLE equipment.resource`);
  }
}
