import { EntityManager } from 'typeorm';
import { afterCommit } from '@hamkor/persistence';

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

/** Rings the bell of `schema` once the transaction of `tx`, which wrote to its outbox, has committed. */
export function markOutboxWritten(tx: EntityManager, schema: string): void {
  afterCommit(tx, () => ringOutbox(schema));
}
