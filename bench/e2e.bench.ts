/**
 * End-to-end latency of one real chain across services, at a steady rate, beside the raw Kafka round
 * trip measured in the same run:
 *
 *   1. a school books a university's resource: POST /equipment/resources/:id/bookings answers 201 (the
 *      equipment service, in a process of its own; the booking and its BookingRequested outbox row in one
 *      transaction);
 *   2. the outbox relay puts equipment.booking.requested on Kafka, and the notifications service (another
 *      process) routes it: the webhook delivery row for the owner's endpoint commits in
 *      notifications.delivery (the endpoint's delivery log, GET .../webhooks/:id/deliveries) — "read model";
 *   3. its delivery worker (BullMQ) POSTs the event signed to the endpoint the owner registered through the
 *      API: a local receiver in a process of its own (bench/lib/webhook-receiver.js) that verifies every
 *      signature — "webhook".
 *
 * Clocks: "201" is taken when the bench has read the response; "row" is when the bench receives a
 * NOTIFY sent by a trigger the bench adds to notifications.delivery in its throwaway database (AFTER
 * INSERT, webhook rows only; PostgreSQL delivers it when the consumer's transaction commits, so it marks
 * the moment the row is visible, with sub-millisecond resolution and no polling load); "webhook" is when
 * the receiver has read the request body (epoch milliseconds from performance.timeOrigin + now() in both
 * processes). The baseline is bench/lib/raw-path.ts: plain kafkajs produce → consume of envelopes of the
 * same size at the same rate, throwaway topic and group, produce call → fetch.
 *
 * Bookings are spread over BENCH_OWNERS universities (default 50), one resource and one webhook endpoint
 * each, so no endpoint exceeds the default per-endpoint rate limit (NOTIFY_ENDPOINT_RATE, 20/s); every
 * setting of the services is the platform's default unless set in the environment (OUTBOX_POLL_MS, ...).
 *
 * Knobs (env): BENCH_RATE (default 500 bookings/s), BENCH_SECONDS (default 30), BENCH_WARMUP_SECONDS
 * (default 5, at the same rate; the measurement starts when every warm-up webhook has arrived),
 * BENCH_OWNERS (default 50), BENCH_PROFILE=<dir> (each service's CPU profile is written there when it stops). A throwaway database, consumer groups, Redis prefix and topic are used and
 * removed at the end. Besides the latencies it reports where the time goes (the p50 of each step, from the
 * timestamps the platform keeps), and what one booking's trip costs in CPU per process group from the first
 * request to the last webhook: at this rate, not per booking whatever the rate, since every step batches what
 * arrives while it works. Results go to bench/results/e2e.json.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { mintDevToken } from '@hamkor/auth';
import { parseConfig } from '@hamkor/config';
import { BookingRequested } from '@hamkor/contracts';
import { createKafka, parseBrokers } from '@hamkor/messaging';
import { setLogLevel } from '@hamkor/observability';
import { dropDatabase, ensureDatabase } from '@hamkor/persistence';
import { ServiceProcesses } from '@hamkor/testing';
import { waitFor } from '../libs/testing/src/messaging-harness';
import { dropRedisPrefix } from './lib/cleanup';
import { cpuCeilingPerSec, CpuReport, CpuSampler, pidsNamed } from './lib/cpu';
import { OpenLoopShape, runOpenLoop } from './lib/load';
import { LatencyResult, measureLatency, measureThroughput } from './lib/measure';
import { jsonRequest } from './lib/http-client';
import { deleteKafkaResources } from './lib/path';
import { RawKafkaPath } from './lib/raw-path';
import { startReceiver } from './lib/receiver';
import { figure, fmt, formatTable, machineInfo, writeResults } from './lib/report';
import { benchBrokers, intEnv, runBench } from './lib/run';
import { LatencySummary, round, summarize } from './lib/stats';

const TARGETS = { rowP50Ms: 20, rowP99Ms: 100 };
/**
 * Kept-alive connections per service: a request beyond them waits in the agent, and that wait counts in
 * its latency (it was due when it was sent), rather than every request in flight opening a connection.
 */
const MAX_CONNECTIONS = 64;
const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_CONNECTIONS });
const HOUR = 3_600_000;
const CHANNEL = 'bench_e2e_row';
/** Epoch milliseconds with sub-millisecond resolution; the receiver's process uses the same clock. */
const clock = () => performance.timeOrigin + performance.now();

/** Arrival times by booking id, from whichever phase: ids are unique, so phases never mix. */
const rowAt = new Map<string, number>();
const hookAt = new Map<string, number>();

/** One phase of bookings (warm-up or measurement): when each request went out, its 201 came back, and its id. */
class Phase {
  readonly sentAt: Float64Array;
  readonly createdAt: Float64Array;
  readonly ids: Array<string | undefined>;
  readonly statuses = new Map<number, number>();
  /** Requests that got no answer, by error code. */
  readonly errors = new Map<string, number>();

  constructor(
    readonly capacity: number,
    /** First hour slot of this phase, so no two phases' bookings overlap. */
    readonly slotBase: number,
  ) {
    this.sentAt = new Float64Array(capacity).fill(NaN);
    this.createdAt = new Float64Array(capacity).fill(NaN);
    this.ids = new Array(capacity);
  }

  get created(): string[] {
    return this.ids.filter((id): id is string => id !== undefined);
  }

  arrived(at: Map<string, number>): number {
    let n = 0;
    for (const id of this.ids) if (id !== undefined && at.has(id)) n++;
    return n;
  }

  /** Latency from the 201 to an arrival, of every booking that has both. */
  latency(at: Map<string, number>): LatencySummary {
    const samples: number[] = [];
    this.ids.forEach((id, n) => {
      const t = id === undefined ? undefined : at.get(id);
      if (t !== undefined) samples.push(t - this.createdAt[n]);
    });
    return summarize(samples);
  }

  rowToHook(): LatencySummary {
    const samples: number[] = [];
    for (const id of this.created) {
      const [r, h] = [rowAt.get(id), hookAt.get(id)];
      if (r !== undefined && h !== undefined) samples.push(h - r);
    }
    return summarize(samples);
  }

  http(): LatencySummary {
    const samples: number[] = [];
    this.createdAt.forEach((c, n) => {
      if (!Number.isNaN(c)) samples.push(c - this.sentAt[n]);
    });
    return summarize(samples);
  }
}

const coresOf = (cpu: CpuReport) => Object.fromEntries(Object.entries({ ...cpu.groups, other: cpu.otherCores }).map(([k, v]) => [k, round(v, 2)]));
const coresLine = (cores: Record<string, number>) => Object.entries(cores).map(([k, v]) => `${k} ${fmt(v, 2)}`).join(', ');

async function main(): Promise<void> {
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const rate = intEnv('BENCH_RATE', 500);
  const seconds = intEnv('BENCH_SECONDS', 30);
  const warmupSeconds = intEnv('BENCH_WARMUP_SECONDS', 5);
  const owners = intEnv('BENCH_OWNERS', 50);
  /** How long arrivals may trail the last 201 before the missing ones are reported. */
  const settleMs = Math.max(120, 4 * seconds) * 1000;
  const brokers = await benchBrokers();
  const tag = randomUUID().replace(/-/g, '').slice(0, 10);
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_bench');
  base.pathname = `/hamkor_bench_e2e_${tag}`;
  const databaseUrl = base.toString();
  await ensureDatabase(databaseUrl);
  const shared = `bench-e2e-${tag}`;
  const config = parseConfig({ ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, PORT: '0', LOG_LEVEL: 'warn' });
  const kafka = createKafka({ brokers: parseBrokers(brokers), clientId: 'hamkor-bench-e2e' });

  const receiver = await startReceiver((at, body) => {
    const id = (JSON.parse(body) as { data?: { bookingId?: string } }).data?.bookingId;
    if (id && !hookAt.has(id)) hookAt.set(id, at);
  });
  // Each service in a process of its own, as deployed; the relay polls at the platform's interval (the
  // test harness would shorten it). Both share a consumer-group and Redis prefix of this run only.
  const services = new ServiceProcesses(['equipment', 'notifications'], {
    env: { DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn', OUTBOX_POLL_MS: String(config.OUTBOX_POLL_MS), KAFKA_GROUP_PREFIX: shared, REDIS_PREFIX: shared },
    fromTopicsEnd: true,
    nodeArgs: process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
  });
  const listener = new Client({ connectionString: databaseUrl });
  try {
    await services.start();
    const equipmentUrl = services.urlOf('equipment');
    const notificationsUrl = services.urlOf('notifications');

    // The read-model clock: a NOTIFY per webhook delivery row, delivered when its transaction commits.
    await listener.connect();
    await listener.query(`CREATE FUNCTION public.${CHANNEL}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('${CHANNEL}', NEW.payload->'data'->>'bookingId'); RETURN NULL; END $$`);
    await listener.query(`CREATE TRIGGER ${CHANNEL} AFTER INSERT ON notifications.delivery FOR EACH ROW WHEN (NEW.channel = 'webhook') EXECUTE FUNCTION public.${CHANNEL}()`);
    listener.on('notification', (m) => {
      const at = clock();
      if (m.payload && !rowAt.has(m.payload)) rowAt.set(m.payload, at);
    });
    await listener.query(`LISTEN ${CHANNEL}`);

    const token = (organisationId: string, organisationType: 'university' | 'school', roles: Array<'coordinator' | 'org_admin'>) =>
      mintDevToken({ organisationId, organisationType, roles, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, devKeyDir: config.AUTH_DEV_KEY_DIR, expiresIn: '2h' });
    const post = async (url: string, bearer: string, body: unknown) => {
      const res = await jsonRequest(agent, url, 'POST', bearer, body);
      let parsed: { id?: string; secret?: string } = {};
      try {
        parsed = JSON.parse(res.body);
      } catch {
        /* not JSON: the status says what happened */
      }
      return { status: res.status, body: parsed };
    };

    // Owners: a resource and a webhook endpoint each (registered through the API, which gives the secret).
    const resources: string[] = [];
    for (let r = 0; r < owners; r++) {
      const ownerId = randomUUID();
      const ownerToken = await token(ownerId, 'university', ['coordinator', 'org_admin']);
      const resource = await post(`${equipmentUrl}/equipment/resources`, ownerToken, {
        kind: 'lab', name: `bench e2e ${r}`, region: 'UZ-TK', capacity: 30, timeZone: 'UTC', sharingScope: 'public', approvalRequired: false, maxDurationMinutes: 120,
        openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
      });
      if (resource.status !== 201 || !resource.body.id) throw new Error(`listing a resource failed: ${resource.status} ${JSON.stringify(resource.body)}`);
      const hook = await post(`${notificationsUrl}/notifications/organisations/${ownerId}/webhooks`, ownerToken, { url: `${receiver.url}/${r}`, eventTypes: [BookingRequested.type] });
      if (hook.status !== 201 || !hook.body.secret) throw new Error(`registering a webhook failed: ${hook.status} ${JSON.stringify(hook.body)}`);
      await receiver.call({ secrets: { [`/hooks/${r}`]: hook.body.secret } });
      resources.push(resource.body.id);
    }
    const borrowers = await Promise.all(Array.from({ length: 8 }, () => token(randomUUID(), 'school', ['coordinator'])));
    await receiver.call({ track: true });

    const firstSlot = Date.UTC(new Date().getUTCFullYear() + 1, 0, 1);
    const book = async (phase: Phase, n: number) => {
      const start = new Date(firstSlot + (phase.slotBase + Math.floor(n / owners)) * HOUR);
      phase.sentAt[n] = clock();
      const res = await post(`${equipmentUrl}/equipment/resources/${resources[n % owners]}/bookings`, borrowers[n % borrowers.length], {
        startsAt: start.toISOString(), endsAt: new Date(start.getTime() + HOUR).toISOString(), purpose: 'bench e2e', participants: 1,
      }).catch((err: Error) => {
        // A failed request (connection refused or reset under overload) is counted, not fatal.
        const cause = String((err as NodeJS.ErrnoException).code ?? (err.cause as { code?: string } | undefined)?.code ?? err.message);
        phase.errors.set(cause, (phase.errors.get(cause) ?? 0) + 1);
        return { status: 0, body: {} as { id?: string } };
      });
      const at = clock();
      phase.statuses.set(res.status, (phase.statuses.get(res.status) ?? 0) + 1);
      if (res.status === 201 && res.body.id) {
        phase.createdAt[n] = at;
        phase.ids[n] = res.body.id;
      }
    };
    // Each due booking is its own request, sent as soon as it falls due (1 ms ticks).
    // At most 256 units in flight: beyond that the generator holds back and the shortfall shows as a lower achieved rate.
    const shapeOf = (secs: number): OpenLoopShape => ({ ratePerSec: rate, durationMs: secs * 1000, tickMs: 1, maxInFlight: 256 });
    const run = async (phase: Phase, shape: OpenLoopShape) =>
      runOpenLoop({ emit: (first, count) => Promise.all(Array.from({ length: count }, (_, j) => book(phase, first + j))).then(() => undefined) }, shape);
    const settle = async (phase: Phase, what: string): Promise<{ missingRows: number; missingHooks: number }> => {
      const expected = phase.created.length;
      await waitFor(() => phase.arrived(hookAt) >= expected && phase.arrived(rowAt) >= expected, settleMs, what).catch((err) => console.warn(String(err)));
      return { missingRows: expected - phase.arrived(rowAt), missingHooks: expected - phase.arrived(hookAt) };
    };

    const [equipmentPid, notificationsPid] = [services.pidOf('equipment'), services.pidOf('notifications')];
    const cpuGroups = {
      bench: () => [process.pid],
      equipment: () => [equipmentPid],
      notifications: () => [notificationsPid],
      receiver: () => [receiver.pid],
      postgres: () => pidsNamed('postgres'),
      redis: () => pidsNamed('redis-server'),
      kafka: () => pidsNamed('java'),
    };

    /** Cores used per process group while `work` runs. */
    const sampled = async <T>(work: () => Promise<T>): Promise<[T, Record<string, number>]> => {
      const sampler = new CpuSampler(cpuGroups);
      sampler.start();
      try {
        const result = await work();
        return [result, coresOf(sampler.stop())];
      } catch (err) {
        sampler.stop();
        throw err;
      }
    };

    // --- warm-up first: JIT, consumer groups joined, and the history of the shared contract topics the new
    // groups read from the beginning consumed, so neither measurement competes with that catch-up ---
    const warm = new Phase(rate * warmupSeconds + 1, 0);
    await run(warm, shapeOf(warmupSeconds));
    const warmMissing = await settle(warm, 'every warm-up webhook');
    console.log(`warm-up: ${fmt(warm.created.length)} bookings, statuses ${JSON.stringify(Object.fromEntries(warm.statuses))}, errors ${JSON.stringify(Object.fromEntries(warm.errors))}, missing ${JSON.stringify(warmMissing)}`);

    // --- raw baseline: plain kafkajs produce → consume at the same rate, the warmed-up services idle beside it ---
    const rawShape: OpenLoopShape = { ratePerSec: rate, durationMs: seconds * 1000, tickMs: 5, maxInFlight: 100 };
    const rawPath = await RawKafkaPath.open({ kafka, partitions: config.KAFKA_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR, tag: `e2e${tag}` });
    let raw: LatencyResult & { cores: Record<string, number> };
    try {
      await measureThroughput(rawPath, { total: 2000, unit: 50, concurrency: 2 }, 60_000);
      const [r, rawCores] = await sampled(() => measureLatency(rawPath, rawShape, 120_000));
      raw = { ...r, cores: rawCores };
    } finally {
      await rawPath.close();
    }
    console.log(`raw kafkajs: ${fmt(raw.load.achievedRate)} events/s, p50 ${fmt(raw.latencyMs.p50, 1)} ms, p99 ${fmt(raw.latencyMs.p99, 1)} ms`);

    // --- platform ---
    const measured = new Phase(rate * seconds + 1, Math.ceil(warm.capacity / owners) + 1);
    const [{ since }] = (await listener.query(`SELECT now() AS since`)).rows;
    // CPU of the whole chain, from the first request until the last webhook arrived: what one booking's
    // trip costs each process group, and so how many a second the machine could carry at most.
    const chain = new CpuSampler(cpuGroups);
    chain.start();
    const chainStarted = performance.now();
    const [load, cores] = await sampled(() => run(measured, shapeOf(seconds)));
    const missing = await settle(measured, 'every webhook of the measurement');
    const chainCores = coresOf(chain.stop());
    const chainSeconds = (performance.now() - chainStarted) / 1000;
    const cpuMsPerBooking = Object.fromEntries(Object.entries(chainCores).map(([k, v]) => [k, round((v * chainSeconds * 1000) / Math.max(1, measured.created.length), 2)]));
    const machine = machineInfo();
    const { cpuMs: cpuMsTotal } = cpuCeilingPerSec(machine.cpus, cpuMsPerBooking);
    const busy = Object.values(chainCores).reduce((a, b) => a + b, 0) / machine.cpus;
    // Where the time went between the 201 and the row: how long the relay took to put each event on
    // Kafka (PostgreSQL's clock; created_at is the booking transaction's start).
    const [relay] = (
      await listener.query(
        `SELECT count(*)::int AS count, percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) AS p99
           FROM (SELECT extract(epoch FROM published_at - created_at) * 1000 AS ms FROM equipment.outbox WHERE event_type = $1 AND created_at >= $2) t`,
        [BookingRequested.type, since],
      )
    ).rows;
    const relayLagMs = { count: relay.count as number, p50: round(Number(relay.p50)), p99: round(Number(relay.p99)) };
    const breakdown = await legsOf(listener, measured, since);

    const legs = { row: measured.latency(rowAt), webhook: measured.latency(hookAt), rowToWebhook: measured.rowToHook(), http: measured.http() };
    const ratio = (s: LatencySummary) => ({ p50: round(s.p50 / raw.latencyMs.p50), p99: round(s.p99 / raw.latencyMs.p99) });
    const met = { rowP50: legs.row.p50 <= TARGETS.rowP50Ms, rowP99: legs.row.p99 <= TARGETS.rowP99Ms };

    const row = (name: string, s: LatencySummary, withRatio: boolean) => [
      name, fmt(s.count), fmt(s.p50, 1), fmt(s.p90, 1), fmt(s.p99, 1), fmt(s.max, 1),
      withRatio ? fmt(ratio(s).p50, 1) : '', withRatio ? fmt(ratio(s).p99, 1) : '',
    ];
    console.log(
      `\ne2e: booking (equipment, 201) → webhook delivery row (notifications.delivery) → signed webhook received; ` +
        `${fmt(load.achievedRate)} bookings/s for ${seconds} s over ${owners} resources/endpoints; relay poll ${config.OUTBOX_POLL_MS} ms; ${machine.cpus} cores, load ${machine.loadavg.join(' ')}\n\n` +
        formatTable(
          ['leg', 'count', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'p50 / raw', 'p99 / raw'],
          [
            row('201 → read-model row visible (LISTEN/NOTIFY at commit)', legs.row, true),
            row('201 → webhook received (signature verified)', legs.webhook, true),
            row('  row → webhook (queue, worker, signed POST)', legs.rowToWebhook, false),
            row('  request → 201 (HTTP, not in the legs above)', legs.http, false),
            row('raw kafkajs produce → consume (same rate)', raw.latencyMs, false),
          ],
        ) +
        `\n\nbookings: statuses ${JSON.stringify(Object.fromEntries(measured.statuses))}, errors ${JSON.stringify(Object.fromEntries(measured.errors))}; missing after ${settleMs / 1000} s: ${missing.missingRows} rows, ${missing.missingHooks} webhooks` +
        `\nrelay (equipment.outbox created_at → published_at): p50 ${fmt(relayLagMs.p50, 1)} ms, p99 ${fmt(relayLagMs.p99, 1)} ms over ${fmt(relayLagMs.count)} events` +
        `\nwhere the time goes, p50 of each step (PostgreSQL's and the bench's clocks): ${Object.entries(breakdown).map(([k, v]) => `${k} ${fmt(v.p50, 1)}`).join(', ')} ms` +
        `\ncores used (of ${machine.cpus}): platform ${coresLine(cores)}\n                  raw      ${coresLine(raw.cores)}` +
        `\nCPU ms per booking, first request to last webhook (${fmt(chainSeconds, 1)} s): ${coresLine(cpuMsPerBooking)}; ` +
        `${fmt(cpuMsTotal, 2)} in all, with the machine's cores ${fmt(100 * busy)}% busy. Not a fixed cost: every step batches what ` +
        `arrives while it works, so a step costs less per booking the more it is given` +
        `\ntargets (201 → read model): p50 ≤ ${TARGETS.rowP50Ms} ms ${met.rowP50 ? 'met' : 'MISSED'}; p99 ≤ ${TARGETS.rowP99Ms} ms ${met.rowP99 ? 'met' : 'MISSED'}\n`,
    );

    const rawLabel = 'raw kafkajs produce → consume';
    const out = writeResults(
      'e2e',
      {
        chain: 'POST /equipment/resources/:id/bookings (201) → equipment.booking.requested → notifications.delivery webhook row → signed webhook at a local receiver',
        settings: { ratePerSec: rate, seconds, warmupSeconds, owners, outboxPollMs: config.OUTBOX_POLL_MS, rowClock: 'LISTEN/NOTIFY from an AFTER INSERT trigger, at commit' },
        load: { ...load, achievedRate: round(load.achievedRate, 1), statuses: Object.fromEntries(measured.statuses), errors: Object.fromEntries(measured.errors), ...missing },
        platform: { ...legs, relayLagMs, breakdown, cores, chain: { seconds: round(chainSeconds, 2), cores: chainCores, cpuMsPerBooking, cpuMsTotal } },
        raw,
        ratio: { row: ratio(legs.row), webhook: ratio(legs.webhook) },
        targets: { rowP50Ms: { target: TARGETS.rowP50Ms, met: met.rowP50 }, rowP99Ms: { target: TARGETS.rowP99Ms, met: met.rowP99 } },
      },
      [
        figure(`201 → read model p50 at ${rate}/s`, 'ms', legs.row.p50, { baseline: raw.latencyMs.p50, baselineLabel: rawLabel, target: { max: TARGETS.rowP50Ms } }),
        figure(`201 → read model p99 at ${rate}/s`, 'ms', legs.row.p99, { baseline: raw.latencyMs.p99, baselineLabel: rawLabel, target: { max: TARGETS.rowP99Ms } }),
        figure(`201 → webhook received p50 at ${rate}/s`, 'ms', legs.webhook.p50, { baseline: raw.latencyMs.p50, baselineLabel: rawLabel }),
        figure(`201 → webhook received p99 at ${rate}/s`, 'ms', legs.webhook.p99, { baseline: raw.latencyMs.p99, baselineLabel: rawLabel }),
      ],
    );
    console.log(`written to ${path.relative(process.cwd(), out)}`);
    if (missing.missingRows || missing.missingHooks) throw new Error(`${missing.missingRows} rows and ${missing.missingHooks} webhooks never arrived`);
  } finally {
    agent.destroy();
    receiver.stop();
    await listener.end().catch(() => undefined);
    await services.stop();
    // The services' consumer groups (empty now that they stopped), their BullMQ keys, the database.
    await deleteKafkaResources(kafka, [], [`${shared}.equipment`, `${shared}.notifications`]).catch((err) => console.warn(`deleting groups: ${err}`));
    await dropRedisPrefix(config.REDIS_URL, shared).catch((err) => console.warn(`cleaning Redis: ${err}`));
    await dropDatabase(databaseUrl);
  }
}

/**
 * The steps of each measured booking's trip, from the timestamps the platform keeps and the bench's own
 * clocks: its transaction's start (equipment.outbox.created_at) to the 201 the bench read; the 201 to
 * the relay's mark after Kafka acknowledged the event (published_at); that to the start of the
 * notifications consumer's transaction (notifications.inbox.processed_at); that to the row's commit
 * (the NOTIFY). The steps overlap where the relay publishes before the bench has read the 201.
 */
async function legsOf(db: Client, phase: Phase, since: Date): Promise<Record<string, LatencySummary>> {
  const { rows } = await db.query<{ id: string; created: number; published: number | null; consumed: number | null }>(
    `SELECT o.payload->'data'->>'bookingId' AS id, extract(epoch FROM o.created_at) * 1000 AS created,
            extract(epoch FROM o.published_at) * 1000 AS published, extract(epoch FROM i.processed_at) * 1000 AS consumed
       FROM equipment.outbox o LEFT JOIN notifications.inbox i ON i.event_id = o.event_id
      WHERE o.event_type = $1 AND o.created_at >= $2`,
    [BookingRequested.type, since],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const steps: Record<string, number[]> = { 'transaction start → 201': [], '201 → published': [], 'published → consumer transaction': [], 'consumer transaction → row committed': [] };
  phase.ids.forEach((id, n) => {
    const r = id === undefined ? undefined : byId.get(id);
    const committed = id === undefined ? undefined : rowAt.get(id);
    if (!r || r.published === null || r.consumed === null || committed === undefined) return;
    const [created, published, consumed] = [Number(r.created), Number(r.published), Number(r.consumed)];
    steps['transaction start → 201'].push(phase.createdAt[n] - created);
    steps['201 → published'].push(published - phase.createdAt[n]);
    steps['published → consumer transaction'].push(consumed - published);
    steps['consumer transaction → row committed'].push(committed - consumed);
  });
  return Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, summarize(v)]));
}

runBench('e2e', main);
