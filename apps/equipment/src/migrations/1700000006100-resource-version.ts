import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking is one statement that carries the version of the resource terms it was checked against,
 * and books only while the resource is still at that version. The version is bumped by a trigger on
 * every UPDATE of the row, whatever the statement (an edit, a withdrawal, a new blackout touching its
 * resource), so no writer can forget it.
 *
 * And every approved booking leaves a pending reminder until it starts: the scheduler's pump looks for
 * the pending jobs not yet in BullMQ, which the shared index on pending jobs would make it walk past
 * every reminder already enqueued, twice a second. This partial index holds only the rows to enqueue.
 */
export class EquipmentResourceVersion1700000006100 implements MigrationInterface {
  name = 'EquipmentResourceVersion1700000006100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE equipment.resource ADD COLUMN version bigint NOT NULL DEFAULT 1`);
    await db.query(`CREATE FUNCTION equipment.resource_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.version := OLD.version + 1;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER resource_version BEFORE UPDATE ON equipment.resource FOR EACH ROW EXECUTE FUNCTION equipment.resource_next_version()`);
    await db.query(`CREATE INDEX scheduled_job_to_enqueue ON equipment.scheduled_job (run_at) WHERE status = 'pending' AND enqueued_version IS DISTINCT FROM version`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX equipment.scheduled_job_to_enqueue`);
    await db.query(`DROP TRIGGER resource_version ON equipment.resource`);
    await db.query(`DROP FUNCTION equipment.resource_next_version()`);
    await db.query(`ALTER TABLE equipment.resource DROP COLUMN version`);
  }
}
