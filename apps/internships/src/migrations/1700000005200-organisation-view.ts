import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation names become part of the shared partnership view (@hamkor/partnership-view), which
 * keeps whether an organisation is verified too. Rows from before do not know: null until the
 * organisation's next snapshot (registered or updated) or its verification arrives.
 */
export class InternshipsOrganisationView1700000005200 implements MigrationInterface {
  name = 'InternshipsOrganisationView1700000005200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE internships.organisation ADD COLUMN verified boolean`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE internships.organisation DROP COLUMN verified`);
  }
}
