import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cluster membership read model becomes the shared partnership view (@hamkor/partnership-view,
 * cluster members only): it gains the member's organisation type, as every service's view has.
 */
export class EmploymentPartnershipView1700000004300 implements MigrationInterface {
  name = 'EmploymentPartnershipView1700000004300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE employment.cluster_member ADD COLUMN organisation_type text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE employment.cluster_member DROP COLUMN organisation_type`);
  }
}
