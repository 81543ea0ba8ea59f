import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the housekeeping sweep (housekeeping.ts): it deletes inbox rows and idempotency keys by
 * age, so it reads them by age. The outbox already has `outbox_published_at`.
 */
export function housekeepingIndexesMigration(schema: string): new () => MigrationInterface {
  const q = (t: string) => `"${schema}"."${t}"`;
  class HousekeepingIndexes implements MigrationInterface {
    name = 'HousekeepingIndexes1700000009000';
    async up(db: QueryRunner): Promise<void> {
      await db.query(`CREATE INDEX inbox_processed_at ON ${q('inbox')} (processed_at)`);
      await db.query(`CREATE INDEX idempotency_key_created_at ON ${q('idempotency_key')} (created_at)`);
    }
    async down(db: QueryRunner): Promise<void> {
      await db.query(`DROP INDEX "${schema}".inbox_processed_at`);
      await db.query(`DROP INDEX "${schema}".idempotency_key_created_at`);
    }
  }
  Object.defineProperty(HousekeepingIndexes, 'name', { value: 'HousekeepingIndexes1700000009000' });
  return HousekeepingIndexes;
}
