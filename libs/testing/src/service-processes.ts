import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { waitFor } from './messaging-harness';
import { freePort } from './platform-process';
import { startConsumerGroupsAtEnd } from './topic-tap';

export interface ServiceProcessesOptions {
  /** Extra environment for every process (on top of this process's environment). */
  env?: Record<string, string>;
  /** How long one process may take to answer /health/ready. */
  readyTimeoutMs?: number;
  /** Extra options for node itself (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
  /**
   * The services' consumer groups start at the topics' current end, not their beginning: for a run that
   * needs only the events it causes (a benchmark), on a broker whose history would otherwise be replayed
   * first by every fresh group, competing with what is measured.
   */
  fromTopicsEnd?: boolean;
}

interface Running {
  service: string;
  url: string;
  child: ChildProcess;
  output: string[];
  exited?: number | string | null;
}

/**
 * The platform in one-process-per-service mode, for real: one child process per service
 * (`HAMKOR_SERVICES=<name>`, run from the TypeScript sources with ts-node and tsconfig-paths), each on its
 * own port, all on the same PostgreSQL, Redis and Kafka, with a consumer-group prefix and a Redis prefix
 * of their own so they never meet another run's processes. `stop()` ends them (SIGTERM, then SIGKILL).
 */
export class ServiceProcesses {
  readonly groupPrefix = `e2e-${randomUUID().slice(0, 8)}`;
  readonly redisPrefix = `${process.env.REDIS_PREFIX ?? 'hamkor-test'}-${this.groupPrefix}`;
  private readonly running = new Map<string, Running>();

  constructor(
    readonly services: string[],
    private readonly options: ServiceProcessesOptions = {},
  ) {}

  /**
   * Starts the first service alone, then the others side by side: the first one fills the transpile
   * cache (every process loads every service's code), so the others start from it.
   */
  async start(): Promise<this> {
    if (this.options.fromTopicsEnd) {
      const prefix = this.options.env?.KAFKA_GROUP_PREFIX ?? this.groupPrefix;
      await startConsumerGroupsAtEnd(this.services.map((s) => `${prefix}.${s}`), undefined, this.options.env?.KAFKA_BROKERS);
    }
    const [first, ...rest] = this.services;
    if (first) await this.startOne(first);
    await Promise.all(rest.map((service) => this.startOne(service)));
    return this;
  }

  private async startOne(service: string): Promise<void> {
    const root = resolve(__dirname, '../../..');
    const port = await freePort();
    // ts-node (transpile-only, its output cached on disk) and tsconfig-paths, on the platform's real entry point.
    const child = spawn(process.execPath, [...(this.options.nodeArgs ?? []), '-r', resolve(__dirname, 'ts-node-cached-transpiler.js'), '-r', 'tsconfig-paths/register', 'apps/platform/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        TS_NODE_PROJECT: resolve(root, 'tsconfig.json'),
        HAMKOR_SERVICES: service,
        PORT: String(port),
        KAFKA_GROUP_PREFIX: this.groupPrefix,
        REDIS_PREFIX: this.redisPrefix,
        OUTBOX_POLL_MS: '20',
        DEMO_DATA: 'false',
        LOG_LEVEL: process.env.TEST_CHILD_LOG_LEVEL ?? 'warn',
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const r: Running = { service, url: `http://127.0.0.1:${port}`, child, output: [] };
    const keep = (chunk: Buffer) => {
      r.output.push(chunk.toString('utf8'));
      if (r.output.length > 200) r.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // Never outlive the test process, even when it is ended before afterAll (a timeout, jest's forceExit).
    const orphanGuard = () => child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    child.on('exit', (code, signal) => {
      r.exited = code ?? signal;
      process.off('exit', orphanGuard);
    });
    this.running.set(service, r);
    await waitFor(
      async () => {
        if (r.exited !== undefined) throw new Error(`${service} exited (${r.exited}) during start-up:\n${this.output(service)}`);
        return fetch(`${r.url}/health/ready`).then((res) => res.ok).catch(() => false);
      },
      this.options.readyTimeoutMs ?? 90_000,
      `${service} (pid ${child.pid}) to be ready on ${r.url}`,
    );
  }

  /** The base URL of the process that runs this service. */
  urlOf(service: string): string {
    const r = this.running.get(service);
    if (!r) throw new Error(`no process runs ${service}`);
    return r.url;
  }

  pidOf(service: string): number {
    const r = this.running.get(service);
    if (!r?.child.pid) throw new Error(`${service} is not running`);
    return r.child.pid;
  }

  /** The last lines a process wrote (for diagnosing a failure). */
  output(service: string): string {
    return (this.running.get(service)?.output ?? []).join('').slice(-8000);
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.running.values()].map(async (r) => {
        if (r.exited !== undefined || r.child.exitCode !== null || r.child.signalCode !== null) return;
        const exited = new Promise<void>((done) => r.child.once('exit', () => done()));
        r.child.kill('SIGTERM');
        const timer = setTimeout(() => r.child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    this.running.clear();
  }
}
