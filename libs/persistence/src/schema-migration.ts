import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A migration of one service's schema made of plain statements, run in order: the class TypeORM records
 * under `name` (a class name and a `name` property both, as TypeORM reads either).
 */
export function schemaMigration(name: string, up: string[], down: string[]): new () => MigrationInterface {
  class SchemaMigration implements MigrationInterface {
    name = name;
    async up(db: QueryRunner): Promise<void> {
      for (const statement of up) await db.query(statement);
    }
    async down(db: QueryRunner): Promise<void> {
      for (const statement of down) await db.query(statement);
    }
  }
  Object.defineProperty(SchemaMigration, 'name', { value: name });
  return SchemaMigration;
}
