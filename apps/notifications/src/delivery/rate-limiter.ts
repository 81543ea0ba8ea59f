import { Redis } from 'ioredis';

/**
 * A token bucket per endpoint in Redis, shared by every worker process: `rate` tokens a second, `rate`
 * at most in the bucket (the burst). Takes up to `want` tokens at once; answers how many it granted
 * and, when none, how long until one is there. Redis's own clock, so the processes' clocks do not matter.
 */
const TAKE_TOKENS = `
local rate = tonumber(ARGV[1])
local want = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or rate
local at = tonumber(b[2]) or now
tokens = math.min(rate, tokens + math.max(0, now - at) * rate / 1000)
local granted = math.min(want, math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], 2000 + math.ceil(1000 * 1000 / math.max(rate, 1)))
if granted > 0 then return {granted, 0} end
return {0, math.ceil((1 - tokens) * 1000 / rate)}
`;

type WithTakeTokens = Redis & { hamkorTakeTokens(key: string, rate: number, want: number): Promise<[number, number]> };

/** Tokens a process holds for one endpoint, leased from the shared bucket. */
interface Lease {
  tokens: number;
  /** Leased tokens not used by then are dropped, so no process saves up a burst of its own. */
  expiresAt: number;
  /** The bucket was empty: not asked again before then. */
  retryAt: number;
  pending?: Promise<void>;
}

/** How long leased tokens stay usable, and how much of a second's rate one lease takes at most. */
const LEASE_MS = 1000;
const LEASE_SHARE = 0.1;

/**
 * The per-endpoint rate limit of webhook deliveries, across every notifications replica: the limit an
 * endpoint's owner sees is `ratePerSec` in total, however many worker processes deliver to it. Each
 * process leases tokens from the shared bucket in Redis, a tenth of a second's worth at a time (at least
 * one), and spends them locally, so a high limit costs a Redis call per many deliveries and a low one a
 * call per delivery or two. `take` answers 0 when the call may go now, otherwise when to try again
 * (epoch ms), so a throttled job is deferred instead of holding a worker slot.
 */
export class RateLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly redis: WithTakeTokens;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
    private readonly ratePerSec: number,
  ) {
    if (!('hamkorTakeTokens' in redis)) redis.defineCommand('hamkorTakeTokens', { numberOfKeys: 1, lua: TAKE_TOKENS });
    this.redis = redis as WithTakeTokens;
  }

  async take(key: string): Promise<number> {
    let lease = this.leases.get(key);
    if (!lease) {
      lease = { tokens: 0, expiresAt: 0, retryAt: 0 };
      this.leases.set(key, lease);
    }
    for (;;) {
      const now = Date.now();
      if (lease.tokens >= 1 && now < lease.expiresAt) {
        lease.tokens -= 1;
        return 0;
      }
      if (now < lease.retryAt) return lease.retryAt;
      // One lease in flight per endpoint: the callers that arrive meanwhile wait for it and share it.
      if (lease.pending) {
        await lease.pending;
        continue;
      }
      lease.pending = this.lease(key, lease).finally(() => (lease.pending = undefined));
      await lease.pending;
      if (lease.tokens < 1 && Date.now() >= lease.retryAt) return Date.now() + 10;
    }
  }

  private async lease(key: string, lease: Lease): Promise<void> {
    const want = Math.max(1, Math.floor(this.ratePerSec * LEASE_SHARE));
    const [granted, waitMs] = await this.redis.hamkorTakeTokens(`${this.keyPrefix}:notify:rate:${key}`, this.ratePerSec, want);
    const now = Date.now();
    if (granted > 0) {
      lease.tokens = granted;
      lease.expiresAt = now + LEASE_MS;
      lease.retryAt = 0;
    } else {
      lease.tokens = 0;
      lease.retryAt = now + Math.max(1, waitMs);
    }
    if (this.leases.size > 10_000) this.forgetIdle(now);
  }

  /** Drops the leases of endpoints not delivered to lately (their tokens have expired anyway). */
  private forgetIdle(now: number): void {
    for (const [k, l] of this.leases) if (!l.pending && l.expiresAt < now && l.retryAt < now) this.leases.delete(k);
  }
}
