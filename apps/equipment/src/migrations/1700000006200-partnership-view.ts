import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sharing-scope read models become the shared partnership view (@hamkor/partnership-view): every
 * agreement is kept with its scopes and end date (sharing asks for the `equipment` scope), and cluster
 * members are kept as rows that turn inactive when the member leaves, with their organisation type.
 */
export class EquipmentPartnershipView1700000006200 implements MigrationInterface {
  name = 'EquipmentPartnershipView1700000006200';

  async up(db: QueryRunner): Promise<void> {
    // Only agreements with the equipment scope were kept so far; their end date was not: until their
    // next event they count as in force while active, as before.
    await db.query(`ALTER TABLE equipment.equipment_agreement RENAME TO partner_agreement`);
    await db.query(`ALTER TABLE equipment.partner_agreement RENAME CONSTRAINT equipment_agreement_pkey TO partner_agreement_pkey`);
    await db.query(`ALTER INDEX equipment.equipment_agreement_parties RENAME TO partner_agreement_parties`);
    await db.query(`ALTER TABLE equipment.partner_agreement
      ADD COLUMN scopes text[] NOT NULL DEFAULT '{equipment}',
      ADD COLUMN ends_on date NOT NULL DEFAULT 'infinity'`);
    await db.query(`ALTER TABLE equipment.partner_agreement ALTER COLUMN scopes DROP DEFAULT, ALTER COLUMN ends_on DROP DEFAULT`);

    await db.query(`ALTER TABLE equipment.cluster_member
      ADD COLUMN organisation_type text,
      ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await db.query(`ALTER TABLE equipment.cluster_member ALTER COLUMN active DROP DEFAULT`);
    await db.query(`DROP INDEX equipment.cluster_member_org`);
    await db.query(`CREATE INDEX cluster_member_organisation ON equipment.cluster_member (organisation_id) WHERE active`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM equipment.cluster_member WHERE NOT active`);
    await db.query(`DROP INDEX equipment.cluster_member_organisation`);
    await db.query(`ALTER TABLE equipment.cluster_member DROP COLUMN organisation_type, DROP COLUMN active`);
    await db.query(`CREATE INDEX cluster_member_org ON equipment.cluster_member (organisation_id)`);
    await db.query(`DELETE FROM equipment.partner_agreement WHERE NOT 'equipment' = ANY (scopes)`);
    await db.query(`ALTER TABLE equipment.partner_agreement DROP COLUMN scopes, DROP COLUMN ends_on`);
    await db.query(`ALTER INDEX equipment.partner_agreement_parties RENAME TO equipment_agreement_parties`);
    await db.query(`ALTER TABLE equipment.partner_agreement RENAME CONSTRAINT partner_agreement_pkey TO equipment_agreement_pkey`);
    await db.query(`ALTER TABLE equipment.partner_agreement RENAME TO equipment_agreement`);
  }
}
