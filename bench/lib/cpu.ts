import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { processCpuSeconds } from '../../libs/testing/src/platform-process';
import { round } from './stats';

/** Which processes make up one line of the CPU report; asked again at every sample (backends come and go). */
export type ProcessGroup = () => number[];

export interface CpuReport {
  seconds: number;
  /** Cores busy on average over the window, machine-wide (1.0 = one core fully used). */
  machineCores: number;
  cpus: number;
  /** Cores used on average by each group over the window. */
  groups: Record<string, number>;
  /** What the groups do not account for: other processes on the machine. */
  otherCores: number;
}

function machineTicks(): { busy: number; total: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** The share of the machine's CPU (0..1, all cores) that was busy over the next `ms`. */
export async function machineBusy(ms: number): Promise<number> {
  const a = machineTicks();
  await new Promise((r) => setTimeout(r, ms));
  const b = machineTicks();
  return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
}

/**
 * Waits until the machine is quiet (less than `maxBusy` of its CPU busy over a second), for at most
 * `timeoutMs`: what an earlier bench left behind (PostgreSQL vacuuming or checkpointing its rows, a
 * dropped database's files, processes still exiting) then no longer competes with the next one.
 * Answers how long it waited and how busy the last second was.
 */
export async function waitForQuietMachine(maxBusy = 0.15, timeoutMs = 60_000): Promise<{ waitedMs: number; busy: number }> {
  const t0 = Date.now();
  let busy = await machineBusy(1000);
  while (busy >= maxBusy && Date.now() - t0 < timeoutMs) busy = await machineBusy(1000);
  return { waitedMs: Date.now() - t0, busy };
}

/** Command name by pid, read once per process: the sampler runs inside measured processes, so it reads little. */
const commOf = new Map<number, string>();

/** Pids whose command name is `comm` (e.g. every PostgreSQL backend). */
export function pidsNamed(comm: string): number[] {
  const out: number[] = [];
  const alive = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    alive.add(pid);
    let name = commOf.get(pid);
    if (name === undefined) {
      try {
        name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      } catch {
        continue; // gone meanwhile
      }
      commOf.set(pid, name);
    }
    if (name === comm) out.push(pid);
  }
  for (const pid of commOf.keys()) if (!alive.has(pid)) commOf.delete(pid);
  return out;
}

/**
 * CPU use per group of processes over a window, from /proc: samples every `everyMs` so that processes
 * that appear during the window (new backends) are counted from their start, and keeps each pid's last
 * value so one that exits before the end still counts what it used until its last sample.
 */
export class CpuSampler {
  private timer?: NodeJS.Timeout;
  private readonly first = new Map<string, Map<number, number>>();
  private readonly last = new Map<string, Map<number, number>>();
  private machine0 = machineTicks();
  private startedAt = 0;

  constructor(
    private readonly groups: Record<string, ProcessGroup>,
    private readonly everyMs = 250,
  ) {}

  start(): void {
    this.machine0 = machineTicks();
    this.startedAt = performance.now();
    for (const name of Object.keys(this.groups)) {
      this.first.set(name, new Map());
      this.last.set(name, new Map());
    }
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), this.everyMs);
  }

  stop(): CpuReport {
    clearInterval(this.timer);
    this.sample(false);
    const seconds = (performance.now() - this.startedAt) / 1000;
    const m1 = machineTicks();
    const cpus = os.cpus().length;
    const machineCores = ((m1.busy - this.machine0.busy) / Math.max(1, m1.total - this.machine0.total)) * cpus;
    const groups: Record<string, number> = {};
    for (const name of Object.keys(this.groups)) {
      let used = 0;
      for (const [pid, value] of this.last.get(name)!) used += value - (this.first.get(name)!.get(pid) ?? 0);
      groups[name] = used / seconds;
    }
    const accounted = Object.values(groups).reduce((a, b) => a + b, 0);
    return { seconds, machineCores, cpus, groups, otherCores: Math.max(0, machineCores - accounted) };
  }

  private sample(initial: boolean): void {
    for (const [name, pids] of Object.entries(this.groups)) {
      const first = this.first.get(name)!;
      const last = this.last.get(name)!;
      for (const pid of pids()) {
        const cpu = processCpuSeconds(pid);
        if (Number.isNaN(cpu)) continue;
        // A process first seen after the start began during the window: all of its CPU counts.
        if (!first.has(pid)) first.set(pid, initial ? cpu : 0);
        last.set(pid, cpu);
      }
    }
  }
}

/**
 * The most operations a second `cpus` cores could carry at the measured CPU milliseconds per operation
 * (all process groups together): what a throughput target is up against on this machine, whatever the
 * scheduling. `without` leaves groups out, to show the ceiling if they cost nothing.
 */
export function cpuCeilingPerSec(cpus: number, cpuMsPerOp: Record<string, number>, without: string[] = []): { cpuMs: number; perSec: number } {
  const cpuMs = Object.entries(cpuMsPerOp)
    .filter(([group]) => !without.includes(group))
    .reduce((sum, [, ms]) => sum + ms, 0);
  return { cpuMs: round(cpuMs, 2), perSec: cpuMs > 0 ? round((cpus * 1000) / cpuMs) : Infinity };
}
