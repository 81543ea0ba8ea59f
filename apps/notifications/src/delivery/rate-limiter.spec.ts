import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst of the rate, then one call per 1/rate seconds, per key', () => {
    let t = 0;
    const r = new RateLimiter(5, () => t);
    for (let i = 0; i < 5; i++) expect(r.take('a')).toBe(0);
    expect(r.take('a')).toBe(200);
    expect(r.take('b')).toBe(0);
    t = 200;
    expect(r.take('a')).toBe(0);
    expect(r.take('a')).toBeGreaterThan(200);
  });
});
