import { ChildProcess, spawn } from 'node:child_process';

/**
 * How long a process that is ready to run had to wait for a CPU, measured in a process of its own that
 * does nothing but wake up every millisecond: a late wake-up is time in which anything else woken then
 * (a request, a query) waited too. It counts the run's own load as well as the machine's (kernel
 * threads, other services on the box), so it is read side by side: the platform phase against the
 * baseline phase of the same run.
 *
 * Seen on the 2-core VMs here (2026-12-03): the kernel's DAMON thread (kdamond, sampling physical memory
 * every 500 ms for the host's reclaim) took a core about twice a second; with the other core busy, every
 * process then waited 6-23 ms, and the search bench's slow requests came in bursts at exactly those
 * moments, on both sides (plain SQL's p99 went from under 2 ms on another machine to 6-9 ms).
 */
export interface StallReport {
  seconds: number;
  /** Wake-ups at least 5 ms late. */
  stalls: number;
  stallsPerSecond: number;
  /** The longest late wake-up, ms. */
  maxMs: number;
  /** Milliseconds per second the probe was kept waiting, counting wake-ups at least 2 ms late. */
  lostMsPerSecond: number;
}

const STALL_MS = 5;

const PROBE = `
const { performance } = require('node:perf_hooks');
let last = performance.now(), stalls = 0, max = 0, lost = 0;
const t0 = last;
setInterval(() => {
  const now = performance.now(), late = now - last - 1;
  if (late >= 2) lost += late;
  if (late >= ${STALL_MS}) { stalls++; if (late > max) max = late; }
  last = now;
}, 1);
process.on('message', () => process.send({ seconds: (performance.now() - t0) / 1000, stalls, max, lost }, () => process.exit(0)));
`;

export class StallProbe {
  private child?: ChildProcess;

  start(): this {
    this.child = spawn(process.execPath, ['-e', PROBE], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    return this;
  }

  async stop(): Promise<StallReport> {
    const child = this.child!;
    const r = await new Promise<{ seconds: number; stalls: number; max: number; lost: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { seconds: number; stalls: number; max: number; lost: number }));
      child.once('exit', (code) => reject(new Error(`the stall probe exited (${code}) before reporting`)));
      child.send('stop');
    });
    const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
    return {
      seconds: round(r.seconds, 2),
      stalls: r.stalls,
      stallsPerSecond: round(r.stalls / r.seconds, 2),
      maxMs: round(r.max, 1),
      lostMsPerSecond: round(r.lost / r.seconds, 2),
    };
  }
}

export const stallLine = (s: StallReport) =>
  `${s.stalls} waits ≥ ${STALL_MS} ms in ${s.seconds} s (${s.stallsPerSecond}/s), longest ${s.maxMs} ms, ${s.lostMsPerSecond} ms/s lost`;
