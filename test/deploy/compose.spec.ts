import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { configSchema, parseConfig, SERVICE_NAMES } from '@hamkor/config';

/**
 * The deployment files stay in step with the code: docker-compose.yml sets only variables the config
 * schema knows (and a configuration that parses), runs each service in a container of its own, orders
 * start-up by health, and the Dockerfile runs the compiled entry point as a non-root user.
 */

const ROOT = join(__dirname, '..', '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');

type PortSpec = string | number | { published?: string | number; target: number; host_ip?: string; protocol?: string };
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  ports?: PortSpec[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  profiles?: string[];
  secrets?: Array<string | { source: string; target?: string }>;
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  restart?: string;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file?: string }>;
}

/**
 * Compose's variable substitution, with no environment and no .env file: every `${VAR}` needs a
 * default (`${VAR:-x}` / `${VAR-x}`), so `docker compose up` works on a fresh clone as it is.
 */
function interpolate(text: string, where: string): string {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (match, first, name, op, arg, bare) => {
    if (first === '$') return '$';
    if (bare || !op || op.endsWith('?')) throw new Error(`${where}: ${match} has no default value`);
    return op.endsWith('+') ? '' : arg;
  });
}

function interpolateAll<T>(value: T, where = 'docker-compose.yml'): T {
  if (typeof value === 'string') return interpolate(value, where) as T;
  if (Array.isArray(value)) return value.map((v, i) => interpolateAll(v, `${where}[${i}]`)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, `${where}.${k}`)])) as T;
  }
  return value;
}

const compose = interpolateAll(load(readFileSync(COMPOSE_FILE, 'utf8')) as ComposeFile);
const services = compose.services ?? {};

/** Containers of the hamkor image (everything but the infrastructure). */
const hamkor = Object.entries(services).filter(([, s]) => s.build !== undefined || /(^|\/)hamkor(:|$)/.test(s.image ?? ''));
const isOneShot = (s: ComposeService) => s.restart === 'no';
/** The long-running hamkor containers: they serve HTTP and have a readiness check. */
const hamkorServers = hamkor.filter(([, s]) => !isOneShot(s));
const byImage = (pattern: RegExp) => Object.entries(services).filter(([, s]) => pattern.test(s.image ?? ''));

function envOf(name: string): Record<string, string> {
  const raw = services[name].environment ?? {};
  const entries: Array<[string, unknown]> = Array.isArray(raw)
    ? raw.map((line) => {
        const i = line.indexOf('=');
        return i < 0 ? [line, null] : [line.slice(0, i), line.slice(i + 1)];
      })
    : Object.entries(raw);
  const env: Record<string, string> = {};
  for (const [key, value] of entries) {
    // null would mean "whatever the host has": not reproducible. Booleans are rejected by compose itself.
    if (value === null || value === undefined) throw new Error(`${name}: ${key} has no value`);
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${name}: ${key} must be a string (quote it), not ${typeof value}`);
    env[key] = String(value);
  }
  return env;
}

function dependsOn(s: ComposeService): Record<string, string> {
  const d = s.depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([n, v]) => [n, v?.condition ?? 'service_started']));
}

function hostPorts(s: ComposeService): string[] {
  return (s.ports ?? []).map((p) => {
    if (typeof p === 'object') return `${p.published}/${p.protocol ?? 'tcp'}`;
    const [spec, protocol = 'tcp'] = String(p).split('/');
    const parts = spec.split(':');
    if (parts.length < 2) throw new Error(`port "${p}" publishes a random host port; give it a fixed one`);
    return `${parts[parts.length - 2]}/${protocol}`;
  });
}

const commandOf = (s: ComposeService) => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? ''));
const healthTest = (s: ComposeService) => (Array.isArray(s.healthcheck?.test) ? s.healthcheck!.test.join(' ') : (s.healthcheck?.test ?? ''));

describe('docker-compose.yml', () => {
  it('has the infrastructure and hamkor containers', () => {
    expect(byImage(/^apache\/kafka:/).length).toBe(1);
    expect(byImage(/^postgres:15/).length).toBe(1);
    expect(byImage(/^redis:7/).length).toBe(1);
    expect(hamkorServers.length).toBeGreaterThanOrEqual(SERVICE_NAMES.length);
  });

  it('runs each of the five services in a container of its own (HAMKOR_SERVICES=<name>)', () => {
    const defaults = hamkorServers.filter(([, s]) => !s.profiles?.length);
    for (const service of SERVICE_NAMES) {
      const containers = defaults.filter(([name]) => envOf(name).HAMKOR_SERVICES === service).map(([name]) => name);
      expect({ service, containers }).toEqual({ service, containers: [service] });
    }
    // The all-in-one container is opt-in, so that it never runs next to the per-service ones by default.
    const allInOne = hamkorServers.filter(([name]) => envOf(name).HAMKOR_SERVICES === 'all');
    for (const [name, s] of allInOne) expect({ name, profiles: s.profiles ?? [] }).toEqual({ name, profiles: ['all-in-one'] });
  });

  it('gives the hamkor containers only variables of the config schema', () => {
    const known = new Set(Object.keys(configSchema.shape));
    const unknown = hamkor.flatMap(([name]) => Object.keys(envOf(name)).filter((k) => !known.has(k)).map((k) => `${name}: ${k}`));
    expect(unknown).toEqual([]);
  });

  it('gives every hamkor container a configuration that parses, with the service it is named for', () => {
    const problems: string[] = [];
    for (const [name] of hamkor) {
      try {
        const config = parseConfig(envOf(name));
        const expected = (SERVICE_NAMES as readonly string[]).includes(name) ? [name] : [...SERVICE_NAMES];
        if (config.HAMKOR_SERVICES.join() !== expected.join()) problems.push(`${name}: runs ${config.HAMKOR_SERVICES.join(',')}`);
      } catch (err) {
        problems.push(`${name}: ${(err as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives the production servers a JWT verification key that is mounted where AUTH_PUBLIC_KEY_FILE says', () => {
    const devPublicKey = `${parseConfig({}).AUTH_DEV_KEY_DIR}/dev-public.pem`; // what `npm run token` creates
    for (const [name, s] of hamkorServers) {
      const config = parseConfig(envOf(name));
      expect({ name, NODE_ENV: config.NODE_ENV }).toEqual({ name, NODE_ENV: 'production' });
      expect({ name, key: Boolean(config.AUTH_JWKS_URL || config.AUTH_PUBLIC_KEY_FILE) }).toEqual({ name, key: true });
      if (!config.AUTH_PUBLIC_KEY_FILE) continue;
      const mounted: Record<string, string | undefined> = {};
      for (const secret of s.secrets ?? []) {
        const source = typeof secret === 'string' ? secret : secret.source;
        const target = typeof secret === 'string' ? secret : (secret.target ?? source);
        mounted[target.startsWith('/') ? target : `/run/secrets/${target}`] = compose.secrets?.[source]?.file;
      }
      for (const v of s.volumes ?? []) {
        if (typeof v === 'string') mounted[v.split(':')[1]] = v.split(':')[0];
        else mounted[v.target] = v.source;
      }
      expect({ name, file: mounted[config.AUTH_PUBLIC_KEY_FILE]?.replace(/^\.\//, '') }).toEqual({ name, file: devPublicKey });
    }
  });

  it('points every hamkor container at the compose PostgreSQL, Redis and Kafka', () => {
    const [[postgres]] = byImage(/^postgres:/);
    const [[redis]] = byImage(/^redis:/);
    const [[kafka]] = byImage(/^apache\/kafka:/);
    const advertised = envOf(kafka).KAFKA_ADVERTISED_LISTENERS.split(',').map((l) => l.replace(/^[A-Z_]+:\/\//, ''));
    for (const [name] of hamkor) {
      const config = parseConfig(envOf(name));
      expect({ name, db: new URL(config.DATABASE_URL).hostname }).toEqual({ name, db: postgres });
      expect({ name, redis: new URL(config.REDIS_URL).hostname }).toEqual({ name, redis });
      for (const broker of config.KAFKA_BROKERS.split(',')) {
        expect({ name, broker, advertised: advertised.includes(broker) }).toEqual({ name, broker, advertised: true });
        expect({ name, broker, host: broker.split(':')[0] }).toEqual({ name, broker, host: kafka });
      }
    }
  });

  it('runs migrations and topics once, in a one-shot migrate container the services wait for', () => {
    const oneShots = hamkor.filter(([, s]) => isOneShot(s));
    const migrate = oneShots.filter(([, s]) => commandOf(s).includes('dist/apps/platform/src/migrate.js')).map(([name]) => name);
    expect(migrate).toHaveLength(1);
    expect(existsSync(join(ROOT, 'apps/platform/src/migrate.ts'))).toBe(true);
    expect(parseConfig(envOf(migrate[0])).HAMKOR_SERVICES).toEqual([...SERVICE_NAMES]);
    for (const [name, s] of hamkorServers) {
      expect({ name, migrate: dependsOn(s)[migrate[0]] }).toEqual({ name, migrate: 'service_completed_successfully' });
      // The migrate step did both; a server doing them again would only race it.
      const config = parseConfig(envOf(name));
      expect({ name, migrations: config.MIGRATIONS_RUN, topics: config.TOPICS_CREATE }).toEqual({ name, migrations: false, topics: false });
    }
  });

  it('publishes no host port twice, and each server on its own port', () => {
    const all = Object.entries(services).flatMap(([name, s]) => hostPorts(s).map((port) => ({ name, port })));
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { name, port } of all) {
      if (seen.has(port)) clashes.push(`${port}: ${seen.get(port)} and ${name}`);
      else seen.set(port, name);
    }
    expect(clashes).toEqual([]);
    for (const [name, s] of hamkorServers) {
      const target = parseConfig(envOf(name)).PORT;
      const targets = (s.ports ?? []).map((p) => (typeof p === 'object' ? p.target : Number(String(p).split('/')[0].split(':').pop())));
      expect({ name, targets }).toEqual({ name, targets: [target] });
    }
  });

  it('depends only on containers that exist, with conditions they can meet', () => {
    const problems: string[] = [];
    for (const [name, s] of Object.entries(services)) {
      for (const [target, condition] of Object.entries(dependsOn(s))) {
        const t = services[target];
        if (!t) problems.push(`${name} -> ${target}: no such service`);
        else if (condition === 'service_healthy' && !t.healthcheck?.test) problems.push(`${name} -> ${target}: waits for health, but it has no healthcheck`);
        else if (condition === 'service_completed_successfully' && !isOneShot(t)) problems.push(`${name} -> ${target}: waits for it to exit, but it restarts`);
        else if (!['service_started', 'service_healthy', 'service_completed_successfully'].includes(condition)) problems.push(`${name} -> ${target}: condition ${condition}`);
        else if (!s.profiles?.length && t.profiles?.length) problems.push(`${name} -> ${target}: depends on an opt-in (profile) service`);
      }
    }
    expect(problems).toEqual([]);
    for (const [name, s] of hamkorServers) {
      const d = dependsOn(s);
      for (const infra of ['kafka', 'postgres', 'redis']) expect({ name, infra, condition: d[infra] }).toEqual({ name, infra, condition: 'service_healthy' });
    }
  });

  it('has health checks on Kafka, PostgreSQL, Redis and every hamkor server (readiness)', () => {
    for (const name of ['kafka', 'postgres', 'redis']) {
      expect({ name, healthcheck: Boolean(services[name]?.healthcheck?.test) && !services[name]?.healthcheck?.disable }).toEqual({ name, healthcheck: true });
    }
    expect(healthTest(services.postgres)).toContain('pg_isready');
    for (const [name, s] of hamkorServers) {
      const port = parseConfig(envOf(name)).PORT;
      expect({ name, test: healthTest(s) }).toEqual({ name, test: expect.stringContaining(`:${port}/health/ready`) });
    }
  });

  it('runs Redis the way BullMQ needs it: AOF persistence, never evicting keys', () => {
    const [[, redis]] = byImage(/^redis:/);
    expect(commandOf(redis)).toMatch(/--appendonly\s+yes\b/);
    expect(commandOf(redis)).toMatch(/--maxmemory-policy\s+noeviction\b/);
  });

  it('runs Kafka as a single KRaft node with replication factor 1 and no initial rebalance delay', () => {
    const [[kafka]] = byImage(/^apache\/kafka:/);
    const env = envOf(kafka);
    expect(env.KAFKA_PROCESS_ROLES.split(',').sort()).toEqual(['broker', 'controller']);
    expect(Object.keys(env).filter((k) => /ZOOKEEPER/.test(k))).toEqual([]);
    expect(Buffer.from(env.CLUSTER_ID, 'base64url')).toHaveLength(16);
    const factors = Object.entries(env).filter(([k]) => /REPLICATION_FACTOR$|MIN_ISR$/.test(k));
    expect(factors.length).toBeGreaterThanOrEqual(3);
    for (const [k, v] of factors) expect({ [k]: v }).toEqual({ [k]: '1' });
    expect(env.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS).toBe('0');
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
  });

  it('is accepted by `docker compose config` (where a compose CLI is installed)', () => {
    const runs = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
      return { missing: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT', ok: !r.error && r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
    };
    const docker = runs('docker', ['--version']);
    const cli = !docker.missing && runs('docker', ['compose', 'version']).ok ? ['docker', 'compose'] : runs('docker-compose', ['version']).ok ? ['docker-compose'] : null;
    if (!cli) {
      // Conditional, not it.skip: everything above still checks the file; only the CLI's own parse is missing.
      console.warn(
        `compose.spec: "docker compose config" not run: ${docker.missing ? 'no docker client on this machine' : 'the docker client has no compose plugin and docker-compose is not installed'}`,
      );
      return;
    }
    const result = runs(cli[0], [...cli.slice(1), '-f', COMPOSE_FILE, 'config', '-q']);
    expect({ cli: cli.join(' '), ok: result.ok, out: result.out.trim() }).toEqual({ cli: cli.join(' '), ok: true, out: expect.any(String) });
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const stages = dockerfile.split(/^FROM\s/m).slice(1);
  const runtime = stages[stages.length - 1];
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

  it('builds in one stage and runs, with production dependencies only, in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/npm install\b/);
    expect(stages[0]).toMatch(/npm run build\b/);
    expect(runtime).toMatch(/npm install --omit=dev\b/);
    expect(runtime).toMatch(/COPY --from=\S+ \S*dist\b/);
    expect(runtime).toMatch(/NODE_ENV=production\b/);
  });

  it('runs the compiled platform entry point as a non-root user, with a health check', () => {
    const user = [...runtime.matchAll(/^USER\s+(\S+)/gm)].pop()?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).toMatch(/^EXPOSE\s+3000\b/m);
    expect(runtime).toMatch(/^HEALTHCHECK\s.*\/health\/live/m);
    expect(runtime).toMatch(/^CMD\s+\["node",\s*"dist\/apps\/platform\/src\/main\.js"\]/m);
    expect(existsSync(join(ROOT, 'apps/platform/src/main.ts'))).toBe(true);
    expect(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')).toContain('"outDir": "./dist"');
  });

  it('resolves the @hamkor/* aliases of the compiled code at run time', () => {
    // The compiled code still says require("@hamkor/config"): tsconfig-paths maps it into dist/.
    expect(pkg.dependencies['tsconfig-paths']).toBeDefined();
    expect(runtime).toMatch(/NODE_OPTIONS="--require \S*tsconfig-paths\/register/);
    expect(runtime).toMatch(/TS_NODE_BASEURL=\.\/dist\b/);
    expect(runtime).toMatch(/^COPY\s+tsconfig\.json\s/m);
  });

  it('keeps local state out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', '.cache', '.git', 'coverage', 'bench/results']) expect(ignored).toContain(entry);
  });
});
