import { MigrationInterface, QueryRunner } from 'typeorm';

export class Organisations1700000001000 implements MigrationInterface {
  name = 'Organisations1700000001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE partnerships.organisation (
      id            uuid PRIMARY KEY,
      type          text NOT NULL CHECK (type IN ('school','university','enterprise','employment_centre','training_centre')),
      name          text NOT NULL,
      region        text NOT NULL,
      address       text,
      contact_email text NOT NULL,
      verified      boolean NOT NULL DEFAULT false,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE INDEX organisation_name ON partnerships.organisation (name, id)`);
    await db.query(`CREATE INDEX organisation_type_region ON partnerships.organisation (type, region)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE partnerships.organisation`);
  }
}
