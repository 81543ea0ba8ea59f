import { createRedis } from '@hamkor/jobs';

/** Deletes every Redis key under a bench run's own prefix (BullMQ queues, wake-ups), and no other. */
export async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = createRedis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
