import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory's organisations become part of the shared partnership view (@hamkor/partnership-view):
 * the table takes the view's name, and `verified` may be null like in the other schemas (where rows
 * from before the view did not know it); every row here already knows.
 */
export class NotificationsOrganisationView1700000003200 implements MigrationInterface {
  name = 'NotificationsOrganisationView1700000003200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications.directory_organisation RENAME TO organisation`);
    await db.query(`ALTER TABLE notifications.organisation RENAME CONSTRAINT directory_organisation_pkey TO organisation_pkey`);
    await db.query(`ALTER TABLE notifications.organisation ALTER COLUMN verified DROP NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE notifications.organisation SET verified = false WHERE verified IS NULL`);
    await db.query(`ALTER TABLE notifications.organisation ALTER COLUMN verified SET NOT NULL`);
    await db.query(`ALTER TABLE notifications.organisation RENAME CONSTRAINT organisation_pkey TO directory_organisation_pkey`);
    await db.query(`ALTER TABLE notifications.organisation RENAME TO directory_organisation`);
  }
}
