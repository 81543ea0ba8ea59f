import { Kafka } from 'kafkajs';
import { EventSink } from './load';
import { DeliveryTracker } from './tracker';

/** One way of getting events from a source to a consumer, measured end to end. */
export interface BenchPath extends EventSink {
  readonly label: string;
  readonly tracker: DeliveryTracker;
  close(): Promise<void>;
}

/**
 * Undo list for a path's resources, run in reverse order of creation. Every step runs even when an
 * earlier one fails, so a half-built path still leaves nothing behind.
 */
export class Teardown {
  private readonly steps: Array<() => Promise<unknown>> = [];

  add(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step().catch((err) => console.warn(`cleanup step failed: ${err}`));
  }
}

/** Deletes throwaway topics and consumer groups (groups must be empty: stop their consumers first). */
export async function deleteKafkaResources(kafka: Kafka, topics: string[], groups: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (groups.length) await admin.deleteGroups(groups).catch((err) => console.warn(`deleting groups ${groups}: ${err}`));
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    if (present.length) await admin.deleteTopics({ topics: present });
  } finally {
    await admin.disconnect();
  }
}
