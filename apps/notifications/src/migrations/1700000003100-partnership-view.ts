import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory's agreements and cluster members become the shared partnership view
 * (@hamkor/partnership-view): the same table and column names as in every other service, agreements
 * with their end date, and cluster members kept as rows that turn inactive when the member leaves,
 * with the time of the event that set them.
 */
export class NotificationsPartnershipView1700000003100 implements MigrationInterface {
  name = 'NotificationsPartnershipView1700000003100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications.directory_agreement RENAME TO partner_agreement`);
    await db.query(`ALTER TABLE notifications.partner_agreement RENAME COLUMN id TO agreement_id`);
    await db.query(`ALTER TABLE notifications.partner_agreement RENAME CONSTRAINT directory_agreement_pkey TO partner_agreement_pkey`);
    await db.query(`ALTER INDEX notifications.directory_agreement_parties RENAME TO partner_agreement_parties`);
    // The end date was not kept so far: until their next event, agreements count as in force while active, as before.
    await db.query(`ALTER TABLE notifications.partner_agreement ADD COLUMN ends_on date NOT NULL DEFAULT 'infinity'`);
    await db.query(`ALTER TABLE notifications.partner_agreement ALTER COLUMN ends_on DROP DEFAULT`);

    await db.query(`ALTER TABLE notifications.directory_cluster_member RENAME TO cluster_member`);
    await db.query(`ALTER TABLE notifications.cluster_member RENAME CONSTRAINT directory_cluster_member_pkey TO cluster_member_pkey`);
    await db.query(`ALTER TABLE notifications.cluster_member
      ALTER COLUMN organisation_type DROP NOT NULL,
      ADD COLUMN active boolean NOT NULL DEFAULT true,
      ADD COLUMN as_of timestamptz NOT NULL DEFAULT '-infinity'`);
    await db.query(`ALTER TABLE notifications.cluster_member ALTER COLUMN active DROP DEFAULT, ALTER COLUMN as_of DROP DEFAULT`);
    await db.query(`DROP INDEX notifications.directory_cluster_member_org`);
    await db.query(`CREATE INDEX cluster_member_organisation ON notifications.cluster_member (organisation_id) WHERE active`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM notifications.cluster_member WHERE NOT active OR organisation_type IS NULL`);
    await db.query(`DROP INDEX notifications.cluster_member_organisation`);
    await db.query(`ALTER TABLE notifications.cluster_member DROP COLUMN active, DROP COLUMN as_of, ALTER COLUMN organisation_type SET NOT NULL`);
    await db.query(`ALTER TABLE notifications.cluster_member RENAME CONSTRAINT cluster_member_pkey TO directory_cluster_member_pkey`);
    await db.query(`ALTER TABLE notifications.cluster_member RENAME TO directory_cluster_member`);
    await db.query(`CREATE INDEX directory_cluster_member_org ON notifications.directory_cluster_member (organisation_id)`);
    await db.query(`ALTER TABLE notifications.partner_agreement DROP COLUMN ends_on`);
    await db.query(`ALTER INDEX notifications.partner_agreement_parties RENAME TO directory_agreement_parties`);
    await db.query(`ALTER TABLE notifications.partner_agreement RENAME CONSTRAINT partner_agreement_pkey TO directory_agreement_pkey`);
    await db.query(`ALTER TABLE notifications.partner_agreement RENAME COLUMN agreement_id TO id`);
    await db.query(`ALTER TABLE notifications.partner_agreement RENAME TO directory_agreement`);
  }
}
