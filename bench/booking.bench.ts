/**
 * Booking throughput of the equipment service, through its HTTP API (validation, auth, the exclusion
 * constraint, the outbox row and the reminder row in one transaction), beside a plain `pg` baseline:
 * single-row INSERTs into the same equipment.booking table (same constraint and indexes) with the same
 * concurrency and pool size, in the same run. Every booking takes its own non-overlapping slot, so both
 * sides measure the cost of a successful booking; a last phase sends overlapping requests to show the
 * 409 path never becomes a 500.
 *
 * A throwaway database is created and dropped. Knobs (env): BENCH_BOOKINGS (default 3000),
 * BENCH_CONCURRENCY (default 32), plus the platform's own variables (DATABASE_POOL_SIZE, ...).
 * Results go to bench/results/booking.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { mintDevToken } from '@hamkor/auth';
import { createPlatformApp } from '@hamkor/bootstrap';
import { parseConfig } from '@hamkor/config';
import { equipmentService } from '@hamkor/equipment';
import { setLogLevel } from '@hamkor/observability';
import { ensureDatabase } from '@hamkor/persistence';
import { fmt, formatTable } from './lib/report';
import { round } from './lib/stats';

const { ensureKafka } = require('../scripts/kafka.js') as { ensureKafka: () => Promise<{ brokers: string }> };

const TARGET_PER_SEC = 1500;
const HOUR = 3_600_000;

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return v;
}

/** Runs `total` jobs with at most `concurrency` in flight; returns elapsed seconds. */
async function closedLoop(total: number, concurrency: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await job(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const bookings = intEnv('BENCH_BOOKINGS', 3000);
  const concurrency = intEnv('BENCH_CONCURRENCY', 32);
  const brokers = process.env.KAFKA_BROKERS ?? (await ensureKafka()).brokers;
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_bench');
  const databaseUrl = new URL(base);
  databaseUrl.pathname = `/hamkor_bench_booking_${randomUUID().slice(0, 8)}`;
  await ensureDatabase(databaseUrl.toString());

  const config = parseConfig({
    ...process.env,
    HAMKOR_SERVICES: 'equipment',
    DATABASE_URL: databaseUrl.toString(),
    KAFKA_BROKERS: brokers,
    KAFKA_GROUP_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const app = await createPlatformApp(config, [equipmentService]);
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/equipment`;
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  try {
    const owner = randomUUID();
    const ownerToken = await mintDevToken({ organisationId: owner, organisationType: 'university', roles: ['coordinator'], issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, devKeyDir: config.AUTH_DEV_KEY_DIR });
    const borrowers = await Promise.all(
      Array.from({ length: 8 }, () => mintDevToken({ organisationId: randomUUID(), organisationType: 'school', roles: ['coordinator'], issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, devKeyDir: config.AUTH_DEV_KEY_DIR })),
    );
    const listResource = async (name: string) => {
      const res = await fetch(`${url}/resources`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ownerToken}` },
        body: JSON.stringify({
          kind: 'lab', name, region: 'UZ-TK', capacity: 30, timeZone: 'UTC', sharingScope: 'public', approvalRequired: false, maxDurationMinutes: 120,
          openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
        }),
      });
      if (res.status !== 201) throw new Error(`listing a resource failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    };
    const apiResource = await listResource('bench: API bookings');
    const rawResource = await listResource('bench: plain inserts');
    const warmResource = await listResource('bench: warm-up');
    const slotStart = (i: number) => new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 1) + i * HOUR);

    const statuses = new Map<number, number>();
    const book = async (resourceId: string, i: number, minutes = 60) => {
      const res = await fetch(`${url}/resources/${resourceId}/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${borrowers[i % borrowers.length]}` },
        body: JSON.stringify({ startsAt: slotStart(i).toISOString(), endsAt: new Date(slotStart(i).getTime() + minutes * 60_000).toISOString(), purpose: 'bench', participants: 1 }),
      });
      await res.arrayBuffer();
      return res.status;
    };

    await closedLoop(Math.min(500, bookings), concurrency, async (i) => void (await book(warmResource, i)));

    const apiSeconds = await closedLoop(bookings, concurrency, async (i) => {
      const s = await book(apiResource, i);
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    });

    const rawSeconds = await closedLoop(bookings, concurrency, async (i) => {
      const start = slotStart(i);
      await pool.query(
        `INSERT INTO equipment.booking (id, resource_id, owner_id, holder_id, booked_by, starts_at, ends_at, status, purpose, participants)
         VALUES ($1, $2, $3, $4, 'bench', $5, $6, 'approved', 'bench', 1)`,
        [randomUUID(), rawResource, owner, owner, start.toISOString(), new Date(start.getTime() + HOUR).toISOString()],
      );
    });

    // Overlapping requests: every one of them meets an existing booking of the API resource.
    const conflictStatuses = new Map<number, number>();
    const conflicts = Math.min(1000, bookings);
    const conflictSeconds = await closedLoop(conflicts, concurrency, async (i) => {
      const s = await book(apiResource, i, 90);
      conflictStatuses.set(s, (conflictStatuses.get(s) ?? 0) + 1);
    });

    const apiRate = bookings / apiSeconds;
    const rawRate = bookings / rawSeconds;
    const conflictRate = conflicts / conflictSeconds;
    console.log(
      `\nBooking throughput: ${fmt(bookings)} bookings of distinct slots, ${concurrency} in flight, pool ${config.DATABASE_POOL_SIZE}, ${os.cpus().length} CPUs\n\n` +
        formatTable(
          ['path', 'bookings/s', 'seconds', 'statuses'],
          [
            ['API (HTTP → exclusion constraint + outbox + reminder)', fmt(apiRate), fmt(apiSeconds, 2), JSON.stringify(Object.fromEntries(statuses))],
            ['plain pg INSERT into equipment.booking', fmt(rawRate), fmt(rawSeconds, 2), 'n/a'],
            ['API, overlapping requests (409 path)', fmt(conflictRate), fmt(conflictSeconds, 2), JSON.stringify(Object.fromEntries(conflictStatuses))],
          ],
        ) +
        `\n\nratio API / plain insert: ${fmt(apiRate / rawRate, 2)}; target ${fmt(TARGET_PER_SEC)} bookings/s through the API: ${apiRate >= TARGET_PER_SEC ? 'met' : 'NOT met'}\n`,
    );
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      settings: { bookings, concurrency, poolSize: config.DATABASE_POOL_SIZE },
      api: { bookingsPerSec: round(apiRate, 1), seconds: round(apiSeconds, 3), statuses: Object.fromEntries(statuses) },
      plainInsert: { bookingsPerSec: round(rawRate, 1), seconds: round(rawSeconds, 3) },
      conflicts: { requestsPerSec: round(conflictRate, 1), statuses: Object.fromEntries(conflictStatuses) },
      ratio: round(apiRate / rawRate, 3),
      target: { apiBookingsPerSec: TARGET_PER_SEC, met: apiRate >= TARGET_PER_SEC },
    };
    mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    writeFileSync(path.join(__dirname, 'results', 'booking.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await pool.end().catch(() => undefined);
    await app.close().catch(() => undefined);
    const admin = new URL(databaseUrl);
    admin.pathname = '/postgres';
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${databaseUrl.pathname.slice(1)}" WITH (FORCE)`).catch(() => undefined);
    await c.end();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
