import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audience read models become the shared partnership view (@hamkor/partnership-view): cluster
 * members are kept as rows that turn inactive when the member leaves, with the time of the event that
 * set them and the member's organisation type. partner_agreement already has the shared shape.
 */
export class InternshipsPartnershipView1700000005100 implements MigrationInterface {
  name = 'InternshipsPartnershipView1700000005100';

  async up(db: QueryRunner): Promise<void> {
    // Rows from before carry no event time: any event about them is newer.
    await db.query(`ALTER TABLE internships.cluster_member
      ADD COLUMN organisation_type text,
      ADD COLUMN active boolean NOT NULL DEFAULT true,
      ADD COLUMN as_of timestamptz NOT NULL DEFAULT '-infinity'`);
    await db.query(`ALTER TABLE internships.cluster_member ALTER COLUMN active DROP DEFAULT, ALTER COLUMN as_of DROP DEFAULT`);
    await db.query(`DROP INDEX internships.cluster_member_organisation`);
    await db.query(`CREATE INDEX cluster_member_organisation ON internships.cluster_member (organisation_id) WHERE active`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM internships.cluster_member WHERE NOT active`);
    await db.query(`DROP INDEX internships.cluster_member_organisation`);
    await db.query(`CREATE INDEX cluster_member_organisation ON internships.cluster_member (organisation_id)`);
    await db.query(`ALTER TABLE internships.cluster_member DROP COLUMN organisation_type, DROP COLUMN active, DROP COLUMN as_of`);
  }
}
