import { EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';

/**
 * Commit-time wake-ups for the outbox relays of this process. Polling is what guarantees publication,
 * whichever replica's relay holds the lock; the bell only saves the poll interval when the change was
 * committed in the process whose relay is active (every small installation, and one replica in N of a
 * large one). A ring nobody hears costs nothing.
 */
const listeners = new Map<string, Set<() => void>>();

export function ringOutbox(schema: string): void {
  listeners.get(schema)?.forEach((listener) => listener());
}

export function onOutboxRing(schema: string, listener: () => void): () => void {
  const set = listeners.get(schema) ?? new Set();
  set.add(listener);
  listeners.set(schema, set);
  return () => set.delete(listener);
}

/** Where a transaction remembers whose outbox it wrote (QueryRunner.data is TypeORM's slot for subscribers). */
const WRITTEN = 'hamkor.outboxWritten';

export function markOutboxWritten(tx: EntityManager, schema: string): void {
  const data = tx.queryRunner?.data as Record<string, Set<string> | undefined> | undefined;
  if (!data) return;
  (data[WRITTEN] ??= new Set()).add(schema);
}

/** Rings, once a transaction has committed, the bell of every schema whose outbox it wrote. */
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, Set<string> | undefined>;
    const schemas = data?.[WRITTEN];
    if (!schemas) return;
    delete data[WRITTEN];
    schemas.forEach(ringOutbox);
  }
}
