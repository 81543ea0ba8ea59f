import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { freePort, waitFor } from '@hamkor/testing';

/**
 * Infrastructure the chaos run owns and may kill: a PostgreSQL cluster, a Redis server and a
 * single-node KRaft Kafka broker, each on free ports with its data in one temporary directory. The
 * shared PostgreSQL (5432), Redis (6379) and Kafka (9092) are never touched. `stop()` ends every
 * process and removes the directory; a guard does the same if the test process exits first.
 */

const PG_BIN = process.env.CHAOS_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const kafkaScript = require(resolve(__dirname, '../../scripts/kafka.js')) as {
  ensureKafka(o: object): Promise<{ brokers: string; pid: number | null }>;
  stopKafka(o: object): Promise<unknown>;
  restartKafka(o: object): Promise<{ brokers: string; pid: number | null }>;
  isKafkaReady(brokers: string): Promise<boolean>;
};


/** PostgreSQL refuses to run as root: then its processes run as the `postgres` user. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

export class PrivatePostgres {
  url = '';
  private child?: ChildProcess;
  private readonly user = postgresUser();

  constructor(
    private readonly dir: string,
    private readonly port: number,
  ) {}

  async start(): Promise<void> {
    if (!this.url) {
      mkdirSync(this.dir, { recursive: true });
      if (this.user) chownSync(this.dir, this.user.uid, this.user.gid);
      const init = spawnSync(join(PG_BIN, 'initdb'), ['-D', this.dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], { ...this.user, encoding: 'utf8' });
      if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error}`);
      this.url = `postgres://postgres@127.0.0.1:${this.port}/hamkor_chaos`;
    }
    const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${this.dir}`, 'max_connections=300', 'fsync=off', 'full_page_writes=off'];
    this.child = spawn(join(PG_BIN, 'postgres'), ['-D', this.dir, '-p', String(this.port), ...settings.flatMap((s) => ['-c', s])], { ...this.user, stdio: 'ignore' });
    await waitFor(() => this.answers(), 30_000, `the private PostgreSQL on ${this.port}`);
  }

  private async answers(): Promise<boolean> {
    const c = new Client({ connectionString: this.url.replace(/\/[^/]*$/, '/postgres'), connectionTimeoutMillis: 1000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** Immediate shutdown (SIGQUIT: every backend dies, crash recovery at the next start), then start. */
  async restart(downMs = 0): Promise<void> {
    await this.kill('SIGQUIT');
    await sleep(downMs);
    await this.start();
  }

  async kill(signal: NodeJS.Signals = 'SIGQUIT'): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(signal);
    await exited(child);
    this.child = undefined;
  }

  killNow(): void {
    this.child?.kill('SIGQUIT');
  }
}

export class PrivateRedis {
  readonly url: string;
  private child?: ChildProcess;

  constructor(private readonly port: number) {
    this.url = `redis://127.0.0.1:${port}/0`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], { stdio: 'ignore' });
    await waitFor(() => this.ping(), 20_000, `the private Redis on ${this.port}`);
  }

  private async ping(): Promise<boolean> {
    const r = new IORedis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
    r.on('error', () => undefined);
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      r.disconnect();
    }
  }

  /** FLUSHALL (every BullMQ job and delayed wake-up is gone), then a restart with no persistence. */
  async flushAndRestart(downMs = 0): Promise<void> {
    const r = new IORedis(this.url, { maxRetriesPerRequest: 1 });
    r.on('error', () => undefined);
    await r.flushall();
    r.disconnect();
    await this.kill();
    await sleep(downMs);
    await this.start();
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
    this.child = undefined;
  }

  killNow(): void {
    this.child?.kill('SIGKILL');
  }
}

/** A second broker from scripts/kafka.js: its own ports and home directory, never the one at 9092. */
export class PrivateKafka {
  readonly brokers: string;

  constructor(
    private readonly homeDir: string,
    private readonly port: number,
    private readonly controllerPort: number,
  ) {
    this.brokers = `localhost:${port}`;
  }

  private get opts() {
    return { port: this.port, controllerPort: this.controllerPort, homeDir: this.homeDir, quiet: true, timeoutMs: 120_000 };
  }

  async start(): Promise<void> {
    await kafkaScript.ensureKafka(this.opts);
  }

  /** Stops the broker (SIGTERM) and starts it again on the same data. */
  async restart(): Promise<void> {
    // The script's warm-up right after a restart is sometimes told "This server does not host this
    // topic-partition" (about its own throwaway topic); it then stops the broker again and throws. On a
    // loaded machine the next start can meet the same, so start again a few times before giving up.
    let failure = await kafkaScript.restartKafka(this.opts).then(() => undefined, (err: Error) => err);
    for (let attempt = 2; failure && attempt <= 4; attempt++) {
      failure = await kafkaScript.ensureKafka(this.opts).then(() => undefined, (err: Error) => err);
    }
    if (failure) throw failure;
  }

  async stop(): Promise<void> {
    await kafkaScript.stopKafka(this.opts);
  }

  killNow(): void {
    try {
      process.kill(Number(readFileSync(join(this.homeDir, 'kafka.pid'), 'utf8').trim()), 'SIGKILL');
    } catch {
      /* not running */
    }
  }
}

export class PrivateInfra {
  private readonly guard = () => this.killNow();

  private constructor(
    readonly dir: string,
    readonly postgres: PrivatePostgres,
    readonly redis: PrivateRedis,
    readonly kafka: PrivateKafka,
  ) {}

  /** Starts all three; on a failure, whatever did start is stopped again. */
  static async start(): Promise<PrivateInfra> {
    const dir = mkdtempSync(join(tmpdir(), 'hamkor-chaos-'));
    chmodSync(dir, 0o755); // PostgreSQL runs as its own user when this runs as root
    const [pgPort, redisPort, kafkaPort, controllerPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const infra = new PrivateInfra(dir, new PrivatePostgres(join(dir, 'pg'), pgPort), new PrivateRedis(redisPort), new PrivateKafka(join(dir, 'kafka'), kafkaPort, controllerPort));
    process.once('exit', infra.guard);
    try {
      await Promise.all([infra.postgres.start(), infra.redis.start(), infra.kafka.start()]);
    } catch (err) {
      await infra.stop();
      throw err;
    }
    return infra;
  }

  get env(): Record<string, string> {
    return { DATABASE_URL: this.postgres.url, REDIS_URL: this.redis.url, KAFKA_BROKERS: this.kafka.brokers };
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.kafka.stop(), this.redis.kill(), this.postgres.kill('SIGINT')]);
    this.killNow();
    await sleep(100);
    rmSync(this.dir, { recursive: true, force: true });
    process.off('exit', this.guard);
  }

  /** Synchronous last resort (the test process is exiting). */
  private killNow(): void {
    this.kafka.killNow();
    this.redis.killNow();
    this.postgres.killNow();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
