/**
 * Delay before retry number `attemptsMade` (1 = after the first failure): exponential, with "equal
 * jitter" (half fixed, half random) so endpoints that failed together are not all retried in the
 * same second.
 */
export function retryDelay(attemptsMade: number, baseMs: number, factor: number, random: () => number = Math.random): number {
  const exp = baseMs * factor ** Math.max(0, attemptsMade - 1);
  return Math.round(exp / 2 + random() * (exp / 2));
}
