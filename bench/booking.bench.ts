/**
 * Booking throughput of the equipment service, through its HTTP API (validation, auth, sharing scope,
 * the exclusion constraint, the outbox row and the reminder row in one transaction), beside a plain `pg`
 * baseline: single-row INSERTs into the same equipment.booking table (same constraint and indexes) with
 * the same concurrency and pool size, in the same run. Every booking takes its own non-overlapping slot,
 * so both sides measure the cost of a successful booking. Then overlapping requests show the 409 path
 * never becomes a 500, and requests refused by validation show what the HTTP stack alone costs.
 *
 * The service runs in a process of its own (as deployed, `HAMKOR_SERVICES=equipment`), so the load
 * generator's work never sits on the event loop the measured requests wait on; the report says how many
 * cores each process group used (this process, the service, PostgreSQL's backends of this run's database
 * and its background processes, the broker, and everything else on the machine) and how much CPU that
 * is per booking, and so how many bookings a second the machine's cores could carry at most, with the
 * service and as if it cost nothing (what the target leaves the service to spend). The API phase ends
 * when its last response arrives; how long the outbox relay then still needed to put every
 * BookingRequested event on Kafka is reported beside it.
 *
 * A throwaway database is created and dropped. Knobs (env): BENCH_BOOKINGS (default 5000),
 * BENCH_CONCURRENCY (default 32), BENCH_REPLICAS (default 1: processes of the service), BENCH_PROFILE=<dir> (the service's CPU profile is written there when it
 * stops), plus the platform's own variables (DATABASE_POOL_SIZE, ...).
 * Results go to bench/results/booking.json.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { mintDevToken } from '@hamkor/auth';
import { parseConfig } from '@hamkor/config';
import { setLogLevel } from '@hamkor/observability';
import { dropDatabase, ensureDatabase } from '@hamkor/persistence';
import { ServiceProcesses } from '@hamkor/testing';
import { dropRedisPrefix } from './lib/cleanup';
import { cpuCeilingPerSec, CpuSampler, pidsNamed } from './lib/cpu';
import { jsonRequest } from './lib/http-client';
import { figure, fmt, formatTable, writeResults } from './lib/report';
import { round } from './lib/stats';
import { benchBrokers, intEnv } from './lib/run';

const TARGET_PER_SEC = 1500;
const HOUR = 3_600_000;

interface Phase {
  count: number;
  seconds: number;
  perSec: number;
  /** Cores used over the phase, per process group (of os.cpus().length). */
  cores: Record<string, number>;
  /** CPU milliseconds per operation, per process group. */
  cpuMsPerOp: Record<string, number>;
}

/** Where the CPU goes: this process (load generator, and the pg pool of the baseline), the service, PostgreSQL, the broker. */
let cpuGroups: Record<string, () => number[]> = {};

/** Runs `total` jobs with at most `concurrency` in flight, sampling CPU per process group meanwhile. */
async function closedLoop(total: number, concurrency: number, job: (i: number) => Promise<void>): Promise<Phase> {
  let next = 0;
  const sampler = new CpuSampler(cpuGroups);
  sampler.start();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await job(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = sampler.stop();
  const all = { ...cpu.groups, other: cpu.otherCores };
  return {
    count: total,
    seconds,
    perSec: total / seconds,
    cores: Object.fromEntries(Object.entries(all).map(([k, v]) => [k, round(v, 2)])),
    cpuMsPerOp: Object.fromEntries(Object.entries(all).map(([k, v]) => [k, round((v * seconds * 1000) / total, 3)])),
  };
}

const coresLine = (p: Phase) => Object.entries(p.cores).map(([group, cores]) => `${group} ${fmt(cores, 2)}`).join(', ');
const cpuMsLine = (p: Phase) => Object.entries(p.cpuMsPerOp).map(([group, ms]) => `${group} ${fmt(ms, 2)}`).join(', ');

async function main(): Promise<void> {
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const bookings = intEnv('BENCH_BOOKINGS', 5000);
  const concurrency = intEnv('BENCH_CONCURRENCY', 32);
  const brokers = await benchBrokers();
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_bench');
  const databaseUrl = new URL(base);
  databaseUrl.pathname = `/hamkor_bench_booking_${randomUUID().slice(0, 8)}`;
  await ensureDatabase(databaseUrl.toString());

  const config = parseConfig({ ...process.env, DATABASE_URL: databaseUrl.toString(), KAFKA_BROKERS: brokers, PORT: '0', LOG_LEVEL: 'warn' });
  const nodeArgs = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // The relay polls at the platform's default interval, as deployed (the test harness shortens it).
  // BENCH_REPLICAS > 1 runs replicas of the service as a scaled-out deployment does: one consumer group,
  // one Redis prefix, requests spread over them like a load balancer, and the baseline's connection count
  // shared between them.
  const replicas = intEnv('BENCH_REPLICAS', 1);
  const shared = `bench-booking-${randomUUID().slice(0, 8)}`;
  const services: ServiceProcesses[] = [];
  for (let r = 0; r < replicas; r++) {
    const env: Record<string, string> = {
      DATABASE_URL: databaseUrl.toString(),
      KAFKA_BROKERS: brokers,
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: String(config.OUTBOX_POLL_MS),
      KAFKA_GROUP_PREFIX: shared,
      REDIS_PREFIX: shared,
      DATABASE_POOL_SIZE: String(Math.max(1, Math.round(config.DATABASE_POOL_SIZE / replicas))),
    };
    services.push(await new ServiceProcesses(['equipment'], { env, nodeArgs, fromTopicsEnd: r === 0 }).start());
  }
  const ports = services.map((s) => Number(new URL(s.urlOf('equipment')).port));
  const servicePids = services.map((s) => s.pidOf('equipment'));
  const port = ports[0];
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  // PostgreSQL is shared: count the backends of this run's database and the server's own background
  // processes (WAL writer, checkpointer, ...), not other databases' backends (those show as "other").
  let pgPids: number[] = [];
  const refreshPgPids = async () => {
    pgPids = (await pool.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL`)).rows.map((r) => Number(r.pid));
  };
  await refreshPgPids();
  const pgPidsTimer = setInterval(() => void refreshPgPids().catch(() => undefined), 200);
  cpuGroups = { bench: () => [process.pid], service: () => servicePids, postgres: () => pgPids, redis: () => pidsNamed('redis-server'), kafka: () => pidsNamed('java') };
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const token = (organisationId: string, organisationType: 'university' | 'school') =>
      mintDevToken({ organisationId, organisationType, roles: ['coordinator'], issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, devKeyDir: config.AUTH_DEV_KEY_DIR, expiresIn: '1h' });
    const owner = randomUUID();
    const ownerToken = await token(owner, 'university');
    const borrowers = await Promise.all(Array.from({ length: 8 }, () => token(randomUUID(), 'school')));
    const listResource = async (name: string) => {
      const res = await jsonRequest(agent, `http://127.0.0.1:${port}/equipment/resources`, 'POST', ownerToken, {
        kind: 'lab', name, region: 'UZ-TK', capacity: 30, timeZone: 'UTC', sharingScope: 'public', approvalRequired: false, maxDurationMinutes: 120,
        openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
      });
      if (res.status !== 201) throw new Error(`listing a resource failed: ${res.status} ${res.body}`);
      return (JSON.parse(res.body) as { id: string }).id;
    };
    const apiResource = await listResource('bench: API bookings');
    const rawResource = await listResource('bench: plain inserts');
    const warmResource = await listResource('bench: warm-up');
    const slotStart = (i: number) => new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 1) + i * HOUR);

    const book = async (resourceId: string, i: number, minutes = 60) => {
      const start = slotStart(i);
      const res = await jsonRequest(agent, `http://127.0.0.1:${ports[i % ports.length]}/equipment/resources/${resourceId}/bookings`, 'POST', borrowers[i % borrowers.length], {
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + minutes * 60_000).toISOString(),
        purpose: 'bench',
        participants: 1,
      });
      return res.status;
    };
    const unpublished = async () => Number((await pool.query(`SELECT count(*) AS n FROM equipment.outbox WHERE published_at IS NULL`)).rows[0].n);
    const drained = async () => {
      while ((await unpublished()) > 0) await sleep(10);
    };

    // Warm-up, per replica: until V8 has optimised the request path (a few hundred requests are not enough: the
    // service then still spends a third more CPU per booking than in steady state).
    await closedLoop(2000 * replicas, concurrency, async (i) => void (await book(warmResource, i)));
    await drained();

    const statuses = new Map<number, number>();
    const api = await closedLoop(bookings, concurrency, async (i) => {
      const s = await book(apiResource, i);
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    });
    const leftToRelay = await unpublished();
    const relayStarted = process.hrtime.bigint();
    await drained();
    const relaySeconds = Number(process.hrtime.bigint() - relayStarted) / 1e9;

    const raw = await closedLoop(bookings, concurrency, async (i) => {
      const start = slotStart(i);
      await pool.query(
        `INSERT INTO equipment.booking (id, resource_id, owner_id, holder_id, booked_by, starts_at, ends_at, status, purpose, participants)
         VALUES ($1, $2, $3, $4, 'bench', $5, $6, 'approved', 'bench', 1)`,
        [randomUUID(), rawResource, owner, owner, start.toISOString(), new Date(start.getTime() + HOUR).toISOString()],
      );
    });

    // Overlapping requests: every one of them meets an existing booking of the API resource.
    const conflictStatuses = new Map<number, number>();
    const conflicts = await closedLoop(Math.min(1000, bookings), concurrency, async (i) => {
      const s = await book(apiResource, i, 90);
      conflictStatuses.set(s, (conflictStatuses.get(s) ?? 0) + 1);
    });

    // The floor of the HTTP stack: the same request refused by validation (HTTP, token, interceptor,
    // validation pipe, problem+json) without reaching the database.
    const invalidStatuses = new Map<number, number>();
    const invalid = await closedLoop(Math.min(3000, bookings), concurrency, async (i) => {
      const res = await jsonRequest(agent, `http://127.0.0.1:${ports[i % ports.length]}/equipment/resources/${apiResource}/bookings`, 'POST', borrowers[i % borrowers.length], {
        startsAt: slotStart(i).toISOString(),
        endsAt: new Date(slotStart(i).getTime() + HOUR).toISOString(),
        purpose: 'bench',
        participants: 0,
      });
      invalidStatuses.set(res.status, (invalidStatuses.get(res.status) ?? 0) + 1);
    });

    const ratio = api.perSec / raw.perSec;
    // What the machine's cores could carry at the CPU one booking cost every process group in this run, and
    // what they could carry if the service itself cost nothing (the load generator, PostgreSQL, the broker, ...).
    const cpus = os.cpus().length;
    const ceiling = { all: cpuCeilingPerSec(cpus, api.cpuMsPerOp), withoutService: cpuCeilingPerSec(cpus, api.cpuMsPerOp, ['service']) };
    const serviceBudgetMs = round((cpus * 1000) / TARGET_PER_SEC - ceiling.withoutService.cpuMs, 2);
    const met = api.perSec >= TARGET_PER_SEC && statuses.get(201) === bookings;
    console.log(
      `\nBooking throughput: ${fmt(bookings)} bookings of distinct slots, ${concurrency} in flight, pool ${config.DATABASE_POOL_SIZE}, ` +
        `${replicas === 1 ? 'the service in one process' : `${replicas} replicas of the service`}, ${os.cpus().length} CPUs\n\n` +
        formatTable(
          ['path', 'bookings/s', 'seconds', 'statuses'],
          [
            ['API (HTTP → scope + exclusion constraint + outbox + reminder)', fmt(api.perSec), fmt(api.seconds, 2), JSON.stringify(Object.fromEntries(statuses))],
            ['plain pg INSERT into equipment.booking', fmt(raw.perSec), fmt(raw.seconds, 2), 'n/a'],
            ['API, overlapping requests (409 path)', fmt(conflicts.perSec), fmt(conflicts.seconds, 2), JSON.stringify(Object.fromEntries(conflictStatuses))],
            ['API, invalid requests (400 path, no database)', fmt(invalid.perSec), fmt(invalid.seconds, 2), JSON.stringify(Object.fromEntries(invalidStatuses))],
          ],
        ) +
        `\n\ncores used (of ${os.cpus().length}):` +
        `\n  API           ${coresLine(api)}\n  plain insert  ${coresLine(raw)}\n  409 path      ${coresLine(conflicts)}\n  400 path      ${coresLine(invalid)}` +
        `\nCPU ms per request:` +
        `\n  API           ${cpuMsLine(api)}\n  plain insert  ${cpuMsLine(raw)}\n  409 path      ${cpuMsLine(conflicts)}\n  400 path      ${cpuMsLine(invalid)}` +
        `\nCPU ms per booking over every group: ${fmt(ceiling.all.cpuMs, 2)}, so ${cpus} cores carry at most ${fmt(ceiling.all.perSec)} bookings/s; ` +
        `without the service's own ${fmt(api.cpuMsPerOp.service, 2)} ms, ${fmt(ceiling.withoutService.cpuMs, 2)} ms: at most ${fmt(ceiling.withoutService.perSec)}/s even if the service cost nothing` +
        `\nat ${fmt(TARGET_PER_SEC)}/s the service could spend at most ${fmt(serviceBudgetMs, 2)} ms per booking here (its 400 path, no database, spends ${fmt(invalid.cpuMsPerOp.service, 2)})` +
        `\noutbox after the API phase: ${fmt(leftToRelay)} events still to relay, all on Kafka ${fmt(relaySeconds, 2)} s later` +
        `\nratio API / plain insert: ${fmt(ratio, 2)}; target ${fmt(TARGET_PER_SEC)} bookings/s through the API: ${met ? 'met' : 'NOT met'}\n`,
    );
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, loadavg: os.loadavg().map((v) => round(v, 2)) },
      settings: { bookings, concurrency, poolSize: config.DATABASE_POOL_SIZE, replicas, outboxPollMs: config.OUTBOX_POLL_MS },
      api: { ...api, bookingsPerSec: round(api.perSec, 1), statuses: Object.fromEntries(statuses), relay: { leftAtEnd: leftToRelay, drainedSeconds: round(relaySeconds, 3) } },
      plainInsert: { ...raw, bookingsPerSec: round(raw.perSec, 1) },
      conflicts: { ...conflicts, requestsPerSec: round(conflicts.perSec, 1), statuses: Object.fromEntries(conflictStatuses) },
      invalid: { ...invalid, requestsPerSec: round(invalid.perSec, 1), statuses: Object.fromEntries(invalidStatuses) },
      ratio: round(ratio, 3),
      cpuCeiling: { ...ceiling, serviceBudgetMsAtTarget: serviceBudgetMs },
      target: { apiBookingsPerSec: TARGET_PER_SEC, met },
    };
    writeResults('booking', result, [
      figure('bookings through the API', 'bookings/s', round(api.perSec, 1), { baseline: round(raw.perSec, 1), baselineLabel: 'plain pg INSERT', target: { min: TARGET_PER_SEC } }),
    ]);
  } finally {
    clearInterval(pgPidsTimer);
    agent.destroy();
    await pool.end().catch(() => undefined);
    for (const service of services) await service.stop();
    await dropRedisPrefix(config.REDIS_URL, shared).catch(() => undefined);
    await dropDatabase(databaseUrl.toString());
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
