import { loadOrCreateDevKeys } from '../../libs/auth/src/dev-keys';
import { FaultName, formatFigures, runChaos } from './chaos-run';

/**
 * `npm run test:chaos`: the long chaos run. CHAOS_DURATION_S (default 240), CHAOS_RATE (operations per
 * second, default 6) and CHAOS_ROUNDS (how many times every fault is injected, default 2), CHAOS_OUTAGE_S (how long PostgreSQL and
 * Redis stay down at their restart, default 5).
 */
async function main(): Promise<number> {
  // Interrupted: exit, so the exit guards of the private infrastructure and the service processes kill them.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  process.env.NODE_ENV ??= 'test';
  process.env.LOG_LEVEL ??= 'silent';
  process.env.AUTH_DEV_KEY_DIR ??= '.cache/dev-keys';
  loadOrCreateDevKeys(process.env.AUTH_DEV_KEY_DIR);
  const figures = await runChaos({
    durationMs: Number(process.env.CHAOS_DURATION_S ?? 240) * 1000,
    ratePerSec: Number(process.env.CHAOS_RATE ?? 6),
    rounds: Number(process.env.CHAOS_ROUNDS ?? 2),
    gapMs: 3000,
    outageMs: Number(process.env.CHAOS_OUTAGE_S ?? 5) * 1000,
    faults: process.env.CHAOS_FAULTS ? (process.env.CHAOS_FAULTS.split(',') as FaultName[]) : undefined,
  });
  process.stdout.write(`${formatFigures(figures)}\n`);
  const ok = figures.lost.length === 0 && figures.duplicated.length === 0 && figures.faults.every((f) => f.recoveryMs !== null);
  process.stdout.write(ok ? 'chaos: OK (0 lost, 0 duplicated)\n' : 'chaos: FAILED\n');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`chaos: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
