import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedis } from '@hamkor/jobs';
import { RateLimiter } from '../src/delivery/rate-limiter';

/** The per-endpoint rate limit, shared by worker processes through the real Redis. */
describe('RateLimiter (shared through Redis)', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `hamkor-test-rate-${randomUUID().slice(0, 8)}`;
  const connections: Redis[] = [];
  const limiter = (rate: number) => {
    const redis = createRedis(url);
    connections.push(redis);
    return new RateLimiter(redis, prefix, rate);
  };
  afterAll(async () => {
    const keys = await connections[0].keys(`${prefix}:*`);
    if (keys.length) await connections[0].del(...keys);
    await Promise.all(connections.map((c) => c.quit()));
  });

  /** Takes tokens for `ms` like a busy worker: at once when granted, otherwise at the time it is told. */
  async function drain(r: RateLimiter, key: string, ms: number): Promise<number> {
    const end = Date.now() + ms;
    let granted = 0;
    while (Date.now() < end) {
      const retryAt = await r.take(key);
      if (retryAt === 0) granted++;
      else await new Promise((res) => setTimeout(res, Math.max(1, Math.min(retryAt, end) - Date.now())));
    }
    return granted;
  }

  it('holds one endpoint to its rate in total, however many processes deliver to it', async () => {
    const endpoint = randomUUID();
    const [a, b, c] = [limiter(20), limiter(20), limiter(20)];
    const granted = await Promise.all([drain(a, endpoint, 1000), drain(b, endpoint, 1000), drain(c, endpoint, 1000)]);
    const total = granted.reduce((x, y) => x + y, 0);
    // A burst of 20, then 20 a second: about 40 in one second, for the three together (each on its own would allow 40).
    expect(total).toBeGreaterThanOrEqual(30);
    expect(total).toBeLessThanOrEqual(43);
    expect(granted.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('allows a burst of the rate, then tells when the next call may go; other endpoints are not held up', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const r = limiter(5);
    for (let i = 0; i < 5; i++) expect(await r.take(first)).toBe(0);
    const retryAt = await r.take(first);
    expect(retryAt - Date.now()).toBeGreaterThan(0);
    expect(retryAt - Date.now()).toBeLessThanOrEqual(250);
    expect(await r.take(second)).toBe(0);
    await new Promise((res) => setTimeout(res, retryAt - Date.now() + 5));
    expect(await r.take(first)).toBe(0);
  });

  it('shares one Redis call among the calls that arrive while it is in flight', async () => {
    const endpoint = randomUUID();
    const r = limiter(1000); // leases 100 tokens at a time
    const answers = await Promise.all(Array.from({ length: 50 }, () => r.take(endpoint)));
    expect(answers.every((a) => a === 0)).toBe(true);
    const [tokens] = await connections[connections.length - 1].hmget(`${prefix}:notify:rate:${endpoint}`, 'tokens');
    expect(Number(tokens)).toBeGreaterThanOrEqual(899); // one lease of 100 taken from the bucket of 1,000, not 50 leases
  });
});
