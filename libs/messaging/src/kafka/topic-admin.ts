import { Kafka } from 'kafkajs';
import { dlqTopicName, TOPICS } from '@hamkor/contracts';
import { HamkorConfig } from '@hamkor/config';

export interface TopicPlan {
  topics: string[];
  defaultPartitions: number;
  partitionsByTopic: Record<string, number>;
  replicationFactor: number;
  /** Also create `<topic>.dlq` for each topic. */
  withDlq: boolean;
}

/**
 * Creates topics explicitly before any consumer subscribes (a consumer that subscribes first sees
 * "This server does not host this topic-partition"). Existing topics are left as they are, except
 * that a configured partition count higher than the current one is applied.
 */
export async function ensureTopics(kafka: Kafka, plan: TopicPlan): Promise<string[]> {
  const wanted = new Map<string, number>();
  for (const t of plan.topics) {
    const n = plan.partitionsByTopic[t] ?? plan.defaultPartitions;
    wanted.set(t, n);
    if (plan.withDlq) wanted.set(dlqTopicName(t), plan.partitionsByTopic[dlqTopicName(t)] ?? 1);
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...wanted].filter(([t]) => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map(([topic, numPartitions]) => ({ topic, numPartitions, replicationFactor: plan.replicationFactor })),
      });
    }
    const present = [...wanted].filter(([t]) => existing.has(t));
    if (present.length) {
      const meta = await admin.fetchTopicMetadata({ topics: present.map(([t]) => t) });
      const grow = meta.topics
        .filter((m) => m.partitions.length < (wanted.get(m.name) ?? 0))
        .map((m) => ({ topic: m.name, count: wanted.get(m.name)! }));
      if (grow.length) await admin.createPartitions({ topicPartitions: grow, validateOnly: false });
    }
    return missing.map(([t]) => t);
  } finally {
    await admin.disconnect();
  }
}

/** Every topic of the contracts catalogue, with its DLQ, sized by configuration. */
export function topicPlan(config: HamkorConfig): TopicPlan {
  return {
    topics: TOPICS.map((t) => t.name),
    defaultPartitions: config.KAFKA_PARTITIONS,
    partitionsByTopic: config.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    withDlq: true,
  };
}
