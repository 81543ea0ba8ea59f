import { MigrationInterface, QueryRunner } from 'typeorm';

export class Audience1700000003000 implements MigrationInterface {
  name = 'Audience1700000003000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE notifications.directory_agreement (
      id      uuid PRIMARY KEY,
      parties uuid[]      NOT NULL,
      scopes  text[]      NOT NULL,
      active  boolean     NOT NULL,
      as_of   timestamptz NOT NULL
    )`);
    await db.query(`CREATE INDEX directory_agreement_parties ON notifications.directory_agreement USING gin (parties) WHERE active`);
    await db.query(`CREATE TABLE notifications.directory_cluster_member (
      cluster_id        uuid NOT NULL,
      organisation_id   uuid NOT NULL,
      organisation_type text NOT NULL,
      PRIMARY KEY (cluster_id, organisation_id)
    )`);
    await db.query(`CREATE INDEX directory_cluster_member_org ON notifications.directory_cluster_member (organisation_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notifications.directory_cluster_member`);
    await db.query(`DROP TABLE notifications.directory_agreement`);
  }
}
