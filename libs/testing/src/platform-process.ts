import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { waitFor } from './messaging-harness';

const ROOT = resolve(__dirname, '../../..');
/** Build-free: the same entry point the image runs, compiled on the fly (no type check). */
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

/** A free TCP port on localhost (released again before the caller binds it). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * A TypeScript entry point of this repository run as its own OS process, with the last lines of its
 * output kept for the failure message. Every instance is SIGKILLed when the parent exits, so a test that
 * fails or times out leaves no process behind.
 */
export class TsProcess {
  private static readonly live = new Set<TsProcess>();
  readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private readonly exited: Promise<number | null>;
  private listeners: Array<(line: string) => void> = [];
  private readonly teeFile: string | undefined;

  constructor(
    readonly name: string,
    script: string,
    env: Record<string, string>,
  ) {
    this.teeFile = env.LOG_TEE_FILE ?? process.env.LOG_TEE_FILE;
    this.child = spawn(process.execPath, [...TS_NODE, script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((done) => this.child.once('exit', (code, signal) => done(signal ? null : code)));
    for (const [source, stream] of [['stdout', this.child.stdout!], ['stderr', this.child.stderr!]] as const) {
      let partial = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          this.tail.push(line);
          if (this.tail.length > 200) this.tail.shift();
          for (const l of this.listeners) l(line);
          this.teeOtherOutput(source, line);
        }
      });
      stream.on('end', () => this.teeOtherOutput(source, partial));
    }
    TsProcess.live.add(this);
    void this.exited.then(() => TsProcess.live.delete(this));
  }

  /**
   * The child's own logger writes its pino lines to the run's log file (LOG_TEE_FILE, inherited); what
   * else it prints (a crash trace, a message from node or a library) is added here, as a JSON line, so
   * the file holds everything the process said.
   */
  private teeOtherOutput(source: 'stdout' | 'stderr', line: string): void {
    if (!this.teeFile || !line.trim() || line.startsWith('{"level":')) return;
    appendFileSync(this.teeFile, `${JSON.stringify({ time: new Date().toISOString(), process: this.name, pid: this.child.pid, source, line })}\n`);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return `--- last output of ${this.name} (pid ${this.pid}) ---\n${this.tail.join('\n')}`;
  }

  /** Resolves with the first output line that matches (or throws after the timeout, with the output). */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    let found: string | undefined = this.tail.find((l) => pattern.test(l));
    const listener = (line: string) => {
      if (!found && pattern.test(line)) found = line;
    };
    this.listeners.push(listener);
    try {
      await waitFor(() => found !== undefined || !this.running, timeoutMs, `${this.name}: a line matching ${pattern}`);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${this.output()}`);
    } finally {
      this.listeners = this.listeners.filter((l) => l !== listener);
    }
    if (found === undefined) throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode})\n${this.output()}`);
    return found;
  }

  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  /** CPU time (user + system) the process has used so far, from /proc; NaN where there is no /proc. */
  cpuSeconds(): number {
    return processCpuSeconds(this.pid);
  }

  /** SIGKILL: no shutdown hook runs, connections drop, the consumer never leaves its group. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and a bounded wait for the graceful shutdown; SIGKILL after that. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  static killAll(): void {
    for (const p of TsProcess.live) if (p.running) p.child.kill('SIGKILL');
  }
}
process.once('exit', () => TsProcess.killAll());

/** CPU seconds (utime + stime) of a process, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/**
 * One hamkor process (`apps/platform/src/main.ts`) with the services and settings given, on its own
 * port: the one-service-per-process deployment of the image, without a build.
 */
export class PlatformProcess extends TsProcess {
  constructor(
    name: string,
    readonly port: number,
    env: Record<string, string>,
  ) {
    super(name, 'apps/platform/src/main.ts', { ...env, PORT: String(port) });
  }

  static async start(name: string, env: Record<string, string>): Promise<PlatformProcess> {
    return new PlatformProcess(name, await freePort(), env);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Until /health/ready answers 200 (PostgreSQL, Kafka and Redis reachable, consumers started). */
  async ready(timeoutMs: number): Promise<void> {
    try {
      await waitFor(
        async () => {
          if (!this.running) throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode})`);
          return (await fetch(`${this.url}/health/ready`).catch(() => undefined))?.status === 200;
        },
        timeoutMs,
        `${this.name} ready`,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${this.output()}`);
    }
  }

  /** Sum of a Prometheus counter or gauge over the series whose labels include `labels`. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m || m[1] !== name) continue;
      const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
      if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
    }
    return sum;
  }
}
