import { retryDelay } from './backoff';

describe('retryDelay', () => {
  it('grows exponentially and stays within [half, full] of the step', () => {
    for (let n = 1; n <= 7; n++) {
      const step = 7000 * 4 ** (n - 1);
      expect(retryDelay(n, 7000, 4, () => 0)).toBe(step / 2);
      expect(retryDelay(n, 7000, 4, () => 1)).toBe(step);
    }
  });

  it('spreads 8 webhook attempts over about ten hours by default', () => {
    const total = [1, 2, 3, 4, 5, 6, 7].reduce((s, n) => s + retryDelay(n, 7000, 4, () => 1), 0);
    expect(total / 3_600_000).toBeGreaterThan(9);
    expect(total / 3_600_000).toBeLessThan(11);
  });
});
