import { MigrationInterface, QueryRunner } from 'typeorm';

export class Directory1700000001000 implements MigrationInterface {
  name = 'Directory1700000001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE notifications.directory_organisation (
      id       uuid PRIMARY KEY,
      type     text NOT NULL,
      name     text NOT NULL,
      region   text NOT NULL,
      verified boolean NOT NULL,
      as_of    timestamptz NOT NULL
    )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notifications.directory_organisation`);
  }
}
