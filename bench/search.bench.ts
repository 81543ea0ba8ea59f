/**
 * Placement search under load, next to a plain SQL baseline measured in the same run.
 *
 *   platform: GET /internships/placements as a school (token check, validation, the school's audience
 *             from the read models, visibility filter, keyset page, JSON) over keep-alive HTTP;
 *   baseline: the bare indexed query for the same filters, straight to PostgreSQL over a pg pool.
 *
 * Both at a steady open-loop rate (BENCH_RATE, default 500/s) for BENCH_SECONDS (default 15) after a
 * warm-up at the same rate (BENCH_WARMUP_SECONDS, default 10: from cold, the JIT and each pooled
 * connection's first plans keep the service's event loop saturated for 4-8 s, so a 3 s warm-up left
 * the start of the measurement in that backlog), over BENCH_PLACEMENTS placements (default 100,000)
 * seeded into a dedicated database (BENCH_DATABASE_URL, default .../hamkor_bench_search). BENCH_REPLICAS (default 1) runs
 * that many processes of the service, searches spread round-robin over them. The query mix rotates region, specialty,
 * competency, text, date-range and unfiltered searches. During the platform's measurement the service's
 * /metrics is read every 0.5 s for the queries waiting for a database connection (hamkor_db_pool_connections),
 * and on both sides an idle process of its own measures how long a ready process waited for a CPU (bench/lib/stall-probe.ts).
 * Results go to bench/results/search.json.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { mintDevToken } from '@hamkor/auth';
import { parseConfig } from '@hamkor/config';
import { setLogLevel } from '@hamkor/observability';
import { ensureDatabase } from '@hamkor/persistence';
import { ServiceProcesses } from '@hamkor/testing';
import { CpuSampler, pidsNamed } from './lib/cpu';
import { StallProbe, StallReport, stallLine } from './lib/stall-probe';
import { OpenLoopShape, runOpenLoop } from './lib/load';
import { jsonRequest } from './lib/http-client';
import { figure, fmt, formatTable, writeResults } from './lib/report';
import { LatencySummary, round, summarize } from './lib/stats';
import { benchBrokers, intEnv } from './lib/run';
import { PoolWaiting, probePoolWaiting } from './lib/pool-probe';

const TARGET_P99_MS = 25;
const REGIONS = ['UZ-TK', 'UZ-SA', 'UZ-BU', 'UZ-AN', 'UZ-FA', 'UZ-NG', 'UZ-NW', 'UZ-QA', 'UZ-SU', 'UZ-SI', 'UZ-JI', 'UZ-XO', 'UZ-QR', 'UZ-TO'];
const SPECIALTIES = Array.from({ length: 20 }, (_, i) => `specialty-${i}`);
const COMPETENCIES = Array.from({ length: 40 }, (_, i) => `competency-${i}`);
const WORDS = ['welding', 'cnc', 'electrics', 'assembly', 'logistics', 'chemistry', 'textile', 'software', 'agronomy', 'tourism'];

const dateIn = (days: number) => new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);

/** The same searches for both sides: HTTP query strings and the equivalent bare SQL. */
function queries(): Array<{ http: string; sql: string; params: unknown[] }> {
  const base = `SELECT * FROM internships.placement p WHERE p.status = 'open' AND p.application_deadline > now()`;
  const order = `ORDER BY p.starts_on, p.id LIMIT 21`;
  const out: Array<{ http: string; sql: string; params: unknown[] }> = [];
  for (let i = 0; i < 10; i++) {
    const region = REGIONS[i % REGIONS.length];
    const specialty = SPECIALTIES[(i * 3) % SPECIALTIES.length];
    const competency = COMPETENCIES[(i * 7) % COMPETENCIES.length];
    const word = WORDS[i % WORDS.length];
    out.push(
      { http: `region=${region}`, sql: `${base} AND p.region = $1 ${order}`, params: [region] },
      { http: `specialty=${specialty}`, sql: `${base} AND p.specialty = $1 ${order}`, params: [specialty] },
      { http: `competency=${competency}`, sql: `${base} AND p.competencies @> ARRAY[$1::text] ${order}`, params: [competency] },
      { http: `text=${word}`, sql: `${base} AND p.search @@ websearch_to_tsquery('simple', $1) ${order}`, params: [word] },
      { http: `startsFrom=${dateIn(100 + i * 10)}&endsBy=${dateIn(250 + i * 10)}`, sql: `${base} AND p.starts_on >= $1 AND p.ends_on <= $2 ${order}`, params: [dateIn(100 + i * 10), dateIn(250 + i * 10)] },
      { http: `region=${region}&specialty=${specialty}`, sql: `${base} AND p.region = $1 AND p.specialty = $2 ${order}`, params: [region, specialty] },
      { http: '', sql: `${base} ${order}`, params: [] },
    );
  }
  return out;
}

async function seed(pool: Pool, n: number, schoolId: string): Promise<void> {
  await pool.query('TRUNCATE internships.placement, internships.partner_agreement, internships.cluster_member CASCADE');
  // Attributes drawn independently (hashint4), so no filter is tied to one visibility or status; the
  // enterprise, visibility and status are hashed too, or they would follow the start date (the sort key)
  // and every first page would hold public placements of a few enterprises only.
  // 2,000 enterprises; 70% public, 20% partners, 10% cluster; 85% open; starts 30–400 days ahead.
  await pool.query(
    `INSERT INTO internships.placement (id, enterprise_id, title, description, competencies, specialty, region, location, capacity,
                                      starts_on, ends_on, application_deadline, paid, visibility, status)
     SELECT gen_random_uuid(),
            ('00000000-0000-4000-8000-' || lpad(to_hex(abs(hashint4(g + 7)) % 2000), 12, '0'))::uuid,
            initcap(($2::text[])[1 + abs(hashint4(g)) % 10]) || ' trainee ' || g,
            'Learn ' || ($2::text[])[1 + abs(hashint4(g + 1)) % 10] || ' and ' || ($2::text[])[1 + abs(hashint4(g + 2)) % 10] || ' on the shop floor with a mentor.',
            ARRAY[($3::text[])[1 + abs(hashint4(g + 3)) % 40], ($3::text[])[1 + abs(hashint4(g + 4)) % 40]],
            ($4::text[])[1 + abs(hashint4(g + 5)) % 20],
            ($5::text[])[1 + abs(hashint4(g + 6)) % 14],
            'Industrial zone ' || (g % 50),
            1 + g % 10,
            current_date + 30 + (g % 370),
            current_date + 60 + (g % 370),
            now() + ((20 + g % 370) || ' days')::interval,
            g % 2 = 0,
            CASE WHEN abs(hashint4(g + 8)) % 10 < 7 THEN 'public' WHEN abs(hashint4(g + 8)) % 10 < 9 THEN 'partners' ELSE 'cluster' END,
            CASE WHEN abs(hashint4(g + 9)) % 20 < 17 THEN 'open' ELSE 'closed' END
       FROM generate_series(1, $1::int) g`,
    [n, WORDS, COMPETENCIES, SPECIALTIES, REGIONS],
  );
  // The bench school: agreements with 20 enterprises, a cluster with 30.
  const enterprise = (k: number) => `00000000-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;
  for (let k = 0; k < 20; k++) {
    await pool.query(
      `INSERT INTO internships.partner_agreement (agreement_id, parties, scopes, ends_on, active, as_of) VALUES ($1, $2::uuid[], '{internships}', current_date + 300, true, now())`,
      [randomUUID(), [schoolId, enterprise(k * 97)]],
    );
  }
  const clusterId = randomUUID();
  const member = `INSERT INTO internships.cluster_member (cluster_id, organisation_id, organisation_type, active, as_of) VALUES ($1, $2, $3, true, now())`;
  await pool.query(member, [clusterId, schoolId, 'school']);
  for (let k = 0; k < 30; k++) await pool.query(member, [clusterId, enterprise(k * 61 + 5), 'enterprise']);
  // VACUUM too, so autovacuum does not wake up over the fresh rows in the middle of a measurement.
  await pool.query('VACUUM ANALYZE internships.placement');
}

interface SideResult {
  latency: LatencySummary;
  achievedRate: number;
  errors: number;
  /** Cores used during the measurement, per process group (of os.cpus().length). */
  cpu: Record<string, number>;
  /** The service's queries waiting for a pooled connection during the measurement (platform side only). */
  poolWaiting?: PoolWaiting;
  /** How long a ready process waited for a CPU meanwhile (bench/lib/stall-probe.ts). */
  cpuWaits: StallReport;
}

/** Where the CPU goes: this process (load generator, and the pg pool of the baseline), the service, PostgreSQL, the broker. */
let cpuGroups: Record<string, () => number[]> = {};

/** The distinct errors met (at most a few are printed). */
const firstErrors = new Set<string>();

/** Sends `send(k)` at a steady rate; each request's latency is measured from when it was sent. */
async function measure(send: (k: number) => Promise<void>, shape: OpenLoopShape, probe?: () => { stop(): Promise<PoolWaiting> }): Promise<SideResult> {
  const samples: number[] = [];
  let errors = 0;
  const sampler = new CpuSampler(cpuGroups);
  sampler.start();
  const stalls = new StallProbe().start();
  const poolProbe = probe?.();
  const result = await runOpenLoop(
    {
      emit: async (first, count) => {
        await Promise.all(
          Array.from({ length: count }, async (_, j) => {
            const t0 = performance.now();
            try {
              await send(first + j);
              samples.push(performance.now() - t0);
            } catch (err) {
              errors++;
              firstErrors.add((err as Error).message);
            }
          }),
        );
      },
    },
    shape,
  );
  const cpu = sampler.stop();
  const cpuWaits = await stalls.stop();
  const poolWaiting = await poolProbe?.stop();
  const cores = Object.fromEntries(Object.entries({ ...cpu.groups, other: cpu.otherCores }).map(([k, v]) => [k, round(v, 2)]));
  return { latency: summarize(samples), achievedRate: round(result.achievedRate, 1), errors, cpu: cores, cpuWaits, ...(poolWaiting ? { poolWaiting } : {}) };
}

const coresLine = (r: SideResult) => Object.entries(r.cpu).map(([group, cores]) => `${group} ${fmt(cores, 2)}`).join(', ');

async function get(agent: http.Agent, port: number, pathAndQuery: string, token: string): Promise<void> {
  const res = await jsonRequest(agent, `http://127.0.0.1:${port}${pathAndQuery}`, 'GET', token);
  if (res.status !== 200) throw new Error(`HTTP ${res.status} ${res.body.slice(0, 300)}`);
}

async function main(): Promise<void> {
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_bench_search';
  const brokers = await benchBrokers();
  const placements = intEnv('BENCH_PLACEMENTS', 100_000);
  const shape: OpenLoopShape = { ratePerSec: intEnv('BENCH_RATE', 500), durationMs: intEnv('BENCH_SECONDS', 15) * 1000, tickMs: 1, maxInFlight: 500 };
  const warmup: OpenLoopShape = { ...shape, durationMs: intEnv('BENCH_WARMUP_SECONDS', 10) * 1000 };
  await ensureDatabase(databaseUrl);

  const config = parseConfig({ ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, PORT: '0', KAFKA_GROUP_PREFIX: 'bench-search', LOG_LEVEL: 'warn' });
  // The service runs in a process of its own, as deployed: the load generator's own work (timers, the
  // HTTP client, latency bookkeeping) then never sits on the event loop the measured requests wait on.
  // BENCH_PROFILE=<dir> writes the service's CPU profile there when it stops.
  const nodeArgs = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_REPLICAS > 1 runs replicas of the service as a scaled-out deployment does (one consumer group,
  // the pool size shared between them), and the searches go round-robin over them like a load balancer.
  const replicas = intEnv('BENCH_REPLICAS', 1);
  const services: ServiceProcesses[] = [];
  for (let r = 0; r < replicas; r++) {
    const env = { DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: String(Math.max(1, Math.round(config.DATABASE_POOL_SIZE / replicas))) };
    services.push(await new ServiceProcesses(['internships'], { env, nodeArgs, fromTopicsEnd: r === 0 }).start());
  }
  const ports = services.map((s) => Number(new URL(s.urlOf('internships')).port));
  const servicePids = services.map((s) => s.pidOf('internships'));
  cpuGroups = { bench: () => [process.pid], service: () => servicePids, postgres: () => pidsNamed('postgres'), kafka: () => pidsNamed('java') };
  const pool = new Pool({ connectionString: databaseUrl, max: config.DATABASE_POOL_SIZE });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  try {
    const schoolId = randomUUID();
    const t0 = performance.now();
    await seed(pool, placements, schoolId);
    process.stdout.write(`seeded ${fmt(placements)} placements in ${fmt((performance.now() - t0) / 1000, 1)} s\n`);
    const token = await mintDevToken({ organisationId: schoolId, organisationType: 'school', roles: ['coordinator'], issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, devKeyDir: config.AUTH_DEV_KEY_DIR, expiresIn: '1h' });
    const mix = queries();

    const viaPlatform = (k: number) => get(agent, ports[k % replicas], `/internships/placements?${mix[k % mix.length].http}`, token);
    const viaSql = async (k: number) => void (await pool.query(mix[k % mix.length].sql, mix[k % mix.length].params));

    await measure(viaSql, warmup);
    const baseline = await measure(viaSql, shape);
    await measure(viaPlatform, warmup);
    const platform = await measure(viaPlatform, shape, () => probePoolWaiting(agent, services.map((s) => s.urlOf('internships')), 'internships'));

    const ratio = round(platform.latency.p99 / baseline.latency.p99, 2);
    const row = (name: string, r: SideResult) => [name, fmt(r.achievedRate, 1), fmt(r.latency.p50, 2), fmt(r.latency.p90, 2), fmt(r.latency.p99, 2), fmt(r.latency.max, 2), String(r.errors)];
    process.stdout.write(
      `\nplacement search: ${fmt(placements)} placements, ${shape.ratePerSec}/s for ${shape.durationMs / 1000} s, ${mix.length} rotating queries, ${replicas === 1 ? 'the service in one process' : `${replicas} replicas of the service`}\n\n` +
        formatTable(['path', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors'], [row('platform (HTTP search)', platform), row('baseline (plain SQL)', baseline)]) +
        `\n\ncores used (of ${os.cpus().length}): platform ${coresLine(platform)}; baseline ${coresLine(baseline)}` +
        `\nthe service's queries waiting for a database connection (pool ${Math.max(1, Math.round(config.DATABASE_POOL_SIZE / replicas))} per process, /metrics every 0.5 s): mean ${fmt(platform.poolWaiting!.mean, 1)}, most ${platform.poolWaiting!.max}` +
        `\nCPU waits of an idle 1 ms timer in a process of its own: platform ${stallLine(platform.cpuWaits)}; baseline ${stallLine(baseline.cpuWaits)}` +
        (firstErrors.size ? `\nerrors met: ${[...firstErrors].slice(0, 5).join(' | ')}` : '') +
        `\np99 ratio platform/baseline: ${ratio}x; target p99 < ${TARGET_P99_MS} ms: ${platform.latency.p99 < TARGET_P99_MS ? 'met' : 'NOT met'}\n`,
    );
    const rawLabel = 'the bare indexed query over plain pg';
    const out = writeResults(
      'search',
      {
        at: new Date().toISOString(),
        machine: { cpus: os.cpus().length, memoryGiB: round(os.totalmem() / 2 ** 30, 1) },
        settings: { placements, ratePerSec: shape.ratePerSec, seconds: shape.durationMs / 1000, queries: mix.length, replicas },
        platform,
        baseline,
        p99Ratio: ratio,
        target: { p99Ms: TARGET_P99_MS, met: platform.latency.p99 < TARGET_P99_MS },
      },
      [
        figure(`placement search p50 at ${shape.ratePerSec}/s`, 'ms', platform.latency.p50, { baseline: baseline.latency.p50, baselineLabel: rawLabel }),
        figure(`placement search p99 at ${shape.ratePerSec}/s`, 'ms', platform.latency.p99, { baseline: baseline.latency.p99, baselineLabel: rawLabel, target: { max: TARGET_P99_MS } }),
      ],
    );
    process.stdout.write(`results: ${path.relative(process.cwd(), out)}\n`);
  } finally {
    agent.destroy();
    await pool.end();
    for (const service of services) await service.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench:search failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
