import { formatFigures, runChaos } from './chaos-run';

/**
 * The short chaos run of `npm test` (`npm run test:chaos` is the long one): the platform, one process per
 * service on PostgreSQL, Redis and Kafka of its own, under a mixed load while each service process is
 * SIGKILLed once and the broker, Redis (flushed) and PostgreSQL are restarted, one fault after another.
 * Nothing accepted may be lost and no effect may happen twice.
 */
describe('chaos: faults during a mixed load', () => {
  it('loses nothing and duplicates nothing; prints the figures', async () => {
    const figures = await runChaos({ durationMs: 40_000, ratePerSec: 8, gapMs: 500, recoveryTimeoutMs: 45_000 });
    process.stdout.write(`\n${formatFigures(figures)}\n\n`);
    expect(figures.faults).toHaveLength(8);
    expect(figures.faults.filter((f) => f.recoveryMs === null)).toEqual([]);
    expect(Object.values(figures.accepted).every((n) => n > 0)).toBe(true);
    expect(figures.lost).toEqual([]);
    expect(figures.duplicated).toEqual([]);
  }, 600_000);
});
