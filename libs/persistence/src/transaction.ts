import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';

export interface TransactionOptions {
  /** How often the whole transaction is tried when PostgreSQL ends it as a deadlock victim or a serialization failure (default 4). */
  attempts?: number;
}

/**
 * Runs `work` in one transaction. Every state change and the outbox rows announcing it are written
 * through the EntityManager given here, so they commit or roll back together.
 *
 * Two transactions that lock the same rows in different orders (a status report and a follow-up
 * escalating at the same moment, say) can deadlock; PostgreSQL then aborts one of them, and its work,
 * which changed nothing, is simply run again (as PostgreSQL's documentation advises). `work` must
 * therefore touch only the database through `tx`, and keep its results in what it returns rather than
 * in variables outside it.
 */
export async function inTransaction<T>(ds: DataSource, work: (tx: EntityManager) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isTransient(err)) throw err;
      // A little jitter, so the two parties of a deadlock do not meet again in step.
      await sleep(5 * attempt + Math.random() * 20 * attempt);
    }
  }
}

/** PostgreSQL aborted the transaction only because of a concurrent one: trying again may well succeed. */
export function isTransient(err: unknown): boolean {
  const code = pgErrorCode(err);
  return code === PG_DEADLOCK || code === PG_SERIALIZATION_FAILURE;
}

/** PostgreSQL error codes the HTTP layer and retries care about. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_EXCLUSION_VIOLATION = '23P01';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';
export const PG_SERIALIZATION_FAILURE = '40001';
export const PG_DEADLOCK = '40P01';

export function pgErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}
