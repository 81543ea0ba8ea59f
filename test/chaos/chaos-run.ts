import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import * as contracts from '@hamkor/contracts';
import { BookingRequested, GraduateReferredToCentre, GraduateStatusReported, LearnerGraduated, NominationSubmitted, PlacementPosted } from '@hamkor/contracts';
import { ApiClient, databaseClock, dateFromToday, expectStatus, FlowOrg, HamkorService, HamkorWorld, ServiceProcesses, SmtpSink, waitFor, WebhookReceiver } from '@hamkor/testing';
import { ROUTING_TABLE } from '../../apps/notifications/src/routing/routing-table';
import { PrivateInfra } from './private-infra';

/**
 * The chaos run: the platform in one-process-per-service mode on infrastructure of its own, a load of
 * mixed operations through the public HTTP API with a ledger of every accepted one, and faults injected
 * one after the other during the load (SIGKILL of each service process, a Kafka broker restart, a Redis
 * FLUSHALL and restart, a PostgreSQL restart). After each fault it measures how long until every
 * process answers /health/ready and the work pending at the fault has drained; at the end it checks the
 * ledger against each service's database and the observable effects (webhook receivers, SMTP sink).
 */

export const SERVICES: HamkorService[] = ['partnerships', 'internships', 'equipment', 'employment', 'notifications'];
const GROUP_PREFIX = 'chaos';
const REGION = 'UZ-CH';

export type FaultName = `SIGKILL ${HamkorService}` | 'restart Kafka' | 'FLUSHALL + restart Redis' | 'restart PostgreSQL';
/** Interleaved so no two faults of one kind follow each other. */
export const FAULTS: FaultName[] = [
  'SIGKILL internships',
  'restart Kafka',
  'SIGKILL employment',
  'FLUSHALL + restart Redis',
  'SIGKILL equipment',
  'restart PostgreSQL',
  'SIGKILL notifications',
  'SIGKILL partnerships',
];

export interface ChaosOptions {
  /** The load runs at least this long, and until the last fault has recovered. */
  durationMs: number;
  /** Operations started per second. */
  ratePerSec: number;
  /** How many times the list of faults is gone through. */
  rounds?: number;
  /** Calm load between a recovery and the next fault. */
  gapMs?: number;
  /** How long PostgreSQL and Redis stay down when they are restarted (default 3 s). */
  outageMs?: number;
  /** How long a recovery (and the final drain) may take before it counts as not recovered (default 120 s). */
  recoveryTimeoutMs?: number;
  /** Only these faults (default: all of FAULTS). */
  faults?: FaultName[];
  log?: (line: string) => void;
}

type OpKind = 'placement' | 'nomination' | 'booking' | 'graduation' | 'status_report';
const OP_KINDS: OpKind[] = ['placement', 'nomination', 'booking', 'graduation', 'status_report'];

interface LedgerEntry {
  kind: OpKind;
  id: string;
  learnerIds?: string[];
}

export interface FaultFigure {
  fault: FaultName;
  /** From the fault until every process is ready and the work accepted up to 2 s before has drained. */
  recoveryMs: number | null;
  /** hamkor_consumer_restarts_total gained during the fault by the processes it did not kill, by reason. */
  consumerRestarts: Record<string, number>;
}

export interface ChaosFigures {
  attempted: Record<OpKind, number>;
  accepted: Record<OpKind, number>;
  refused: number;
  faults: FaultFigure[];
  eventsChecked: number;
  deliveriesChecked: number;
  scheduledChecked: number;
  /** Same message id received again (a redelivery the receiver drops by id): not a duplicated effect. */
  redelivered: number;
  lost: string[];
  duplicated: string[];
  loadMs: number;
  finalDrainMs: number;
}

/** Runs the whole thing and cleans up (processes, temporary directories) whatever happens. */
export async function runChaos(options: ChaosOptions): Promise<ChaosFigures> {
  const run = new ChaosRun(options);
  try {
    return await run.execute();
  } catch (err) {
    (err as Error).message += `\n\nlast output of the service processes:\n${run.diagnostics()}`;
    throw err;
  } finally {
    await run.cleanup();
  }
}

class ChaosRun {
  private readonly log: (line: string) => void;
  private infra?: PrivateInfra;
  private pool?: Pool;
  private readonly smtp = new SmtpSink();
  private readonly receivers: Record<'enterprise' | 'university' | 'centre', WebhookReceiver> = {
    enterprise: new WebhookReceiver(),
    university: new WebhookReceiver(),
    centre: new WebhookReceiver(),
  };
  private readonly processes = new Map<HamkorService, ServiceProcesses>();
  private readonly allProcesses: ServiceProcesses[] = [];
  private env: Record<string, string> = {};
  private world!: HamkorWorld;
  private school!: FlowOrg;
  private enterprise!: FlowOrg;
  private resourceId = '';
  private nominationPool: string[] = [];
  private graduationPool: string[] = [];
  private reportable: string[] = [];
  private slot = 0;
  private readonly ledger: LedgerEntry[] = [];
  private readonly attempted = Object.fromEntries(OP_KINDS.map((k) => [k, 0])) as Record<OpKind, number>;
  private refused = 0;
  private consumers = new Map<string, HamkorService[]>();

  constructor(private readonly options: ChaosOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`[chaos] ${line}\n`));
  }

  async execute(): Promise<ChaosFigures> {
    const t0 = Date.now();
    this.consumers = consumersByEventType();
    this.infra = await PrivateInfra.start();
    this.pool = new Pool({ connectionString: this.infra.postgres.url, max: 4, connectionTimeoutMillis: 2000 });
    this.pool.on('error', () => undefined);
    await this.smtp.start();
    for (const r of Object.values(this.receivers)) await r.start();
    this.log(`private PostgreSQL, Redis and Kafka up in ${((Date.now() - t0) / 1000).toFixed(1)} s (${this.infra.dir})`);

    this.env = {
      ...this.infra.env,
      KAFKA_GROUP_PREFIX: GROUP_PREFIX,
      REDIS_PREFIX: GROUP_PREFIX,
      // A SIGKILLed member's partitions move within seconds rather than the default 30 s.
      KAFKA_SESSION_TIMEOUT_MS: '7000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      DATABASE_POOL_SIZE: '5',
      NOTIFY_SMTP_URL: this.smtp.url,
      NOTIFY_RETRY_BASE_MS: '200',
      NOTIFY_RETRY_FACTOR: '2',
      NOTIFY_LOCK_MS: '5000',
      NOTIFY_SWEEP_MS: '3000',
      NOTIFY_BREAKER_COOLDOWN_MS: '2000',
    };
    const [first, ...rest] = SERVICES;
    await this.startService(first);
    await Promise.all(rest.map((s) => this.startService(s)));
    this.log(`five service processes ready at ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    await this.setUp();
    this.log(`organisations, people, webhooks, resource and ${this.nominationPool.length + this.graduationPool.length} learners ready at ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const loadStart = Date.now();
    const faults: FaultFigure[] = [];
    let loading = true;
    const load = this.loadLoop(() => loading);
    await sleep(Math.min(5000, this.options.durationMs / 10));
    for (let round = 0; round < (this.options.rounds ?? 1); round++) {
      for (const fault of this.options.faults ?? FAULTS) {
        faults.push(await this.inject(fault));
        await sleep(this.options.gapMs ?? 1000);
      }
    }
    const left = this.options.durationMs - (Date.now() - loadStart);
    if (left > 0) await sleep(left);
    loading = false;
    await load;
    const loadMs = Date.now() - loadStart;

    const drainStart = Date.now();
    await waitFor(async () => (await this.allReady()) && (await this.pending(Date.now())) === 0, this.options.recoveryTimeoutMs ?? 120_000, 'the work of the whole run to drain').catch(async (err: Error) => {
      this.log(`${err.message}; verifying what is there`);
    });
    const finalDrainMs = Date.now() - drainStart;
    const verdict = await this.verify();
    return {
      attempted: this.attempted,
      accepted: Object.fromEntries(OP_KINDS.map((k) => [k, this.ledger.filter((e) => e.kind === k).length])) as Record<OpKind, number>,
      refused: this.refused,
      faults,
      loadMs,
      finalDrainMs,
      ...verdict,
    };
  }

  diagnostics(chars = 2000): string {
    return SERVICES.map((s) => `--- ${s}\n${this.processes.get(s)?.output(s).slice(-chars) ?? ''}`).join('\n');
  }

  async cleanup(): Promise<void> {
    await Promise.allSettled(this.allProcesses.map((p) => p.stop()));
    await Promise.allSettled(Object.values(this.receivers).map((r) => r.stop()));
    await this.smtp.stop().catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
    await this.infra?.stop();
  }

  // ------------------------------------------------------------------ processes and faults

  private async startService(service: HamkorService): Promise<void> {
    const p = new ServiceProcesses([service], { env: this.env, readyTimeoutMs: 150_000 });
    this.allProcesses.push(p);
    this.processes.set(service, p);
    await p.start();
  }

  private urlOf = (service: HamkorService) => this.processes.get(service)!.urlOf(service);

  private async allReady(): Promise<boolean> {
    const answers = await Promise.all(
      SERVICES.map((s) =>
        fetch(`${this.urlOf(s)}/health/ready`, { signal: AbortSignal.timeout(3000) })
          .then((r) => r.ok)
          .catch(() => false),
      ),
    );
    return answers.every(Boolean);
  }

  private async inject(fault: FaultName): Promise<FaultFigure> {
    const at = Date.now();
    this.log(`fault: ${fault}`);
    const infra = this.infra!;
    const survivors = SERVICES.filter((s) => fault !== `SIGKILL ${s}`);
    const restartsBefore = await this.consumerRestarts(survivors);
    if (fault.startsWith('SIGKILL ')) {
      const service = fault.slice('SIGKILL '.length) as HamkorService;
      const pid = this.processes.get(service)!.pidOf(service);
      if (!isAlive(pid)) throw new Error(`${service} (pid ${pid}) had already exited on its own before its SIGKILL: a crash, see its output`);
      process.kill(pid, 'SIGKILL');
      await waitFor(() => !isAlive(pid), 10_000, `${service} (pid ${pid}) to die`);
      await this.startService(service);
    } else if (fault === 'restart Kafka') {
      await infra.kafka.restart();
      this.log(`  broker answering again after ${((Date.now() - at) / 1000).toFixed(1)} s`);
    } else if (fault === 'FLUSHALL + restart Redis') {
      await infra.redis.flushAndRestart(this.options.outageMs ?? 3000);
    } else {
      await infra.postgres.restart(this.options.outageMs ?? 3000);
    }
    // Recovered: every process is ready, and everything accepted before the fault, during it and up to
    // two seconds ago (normal end-to-end latency) is relayed, consumed and delivered.
    const back = Date.now();
    let recoveryMs: number | null = null;
    try {
      await waitFor(async () => (await this.allReady()) && (await this.pending(Math.max(back, Date.now() - 2000))) === 0, this.options.recoveryTimeoutMs ?? 120_000, `recovery from ${fault}`);
      recoveryMs = Date.now() - at;
    } catch (err) {
      const explain: string[] = [];
      await this.pending(Date.now(), explain);
      this.log(`${(err as Error).message}; still pending: ${explain.join(', ') || (await this.allReady() ? 'nothing' : 'a process is not ready')}`);
      this.log(`last output of the service processes:\n${this.diagnostics(6000)}`);
    }
    const restartsAfter = await this.consumerRestarts(survivors);
    const consumerRestarts: Record<string, number> = {};
    for (const [reason, n] of Object.entries(restartsAfter)) if (n - (restartsBefore[reason] ?? 0) > 0) consumerRestarts[reason] = n - (restartsBefore[reason] ?? 0);
    this.log(`  recovered in ${recoveryMs === null ? 'NOT RECOVERED' : `${(recoveryMs / 1000).toFixed(1)} s`}; consumer restarts ${JSON.stringify(consumerRestarts)}`);
    return { fault, recoveryMs, consumerRestarts };
  }

  /** hamkor_consumer_restarts_total of these services' processes, summed by reason (a process that does not answer counts 0). */
  private async consumerRestarts(services: HamkorService[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const s of services) {
      const text = await fetch(`${this.urlOf(s)}/metrics`, { signal: AbortSignal.timeout(3000) })
        .then((r) => r.text())
        .catch(() => '');
      for (const m of text.matchAll(/^hamkor_consumer_restarts_total\{[^}]*reason="(\w+)"[^}]*\} (\d+)/gm)) out[m[1]] = (out[m[1]] ?? 0) + Number(m[2]);
    }
    return out;
  }

  // ------------------------------------------------------------------ the world and the load

  private async setUp(): Promise<void> {
    this.world = new HamkorWorld(this.urlOf, databaseClock(this.infra!.postgres.url));
    const w = this.world;
    const school = await w.organisation('school', { region: REGION, verified: false });
    const enterprise = await w.organisation('enterprise', { region: REGION, verified: false });
    const university = await w.organisation('university', { region: REGION, verified: false });
    const centre = await w.organisation('employment_centre', { region: REGION, verified: false });
    await w.person(enterprise, ['coordinator']);
    await w.person(university, ['coordinator']);
    await w.webhook(enterprise, this.receivers.enterprise, [NominationSubmitted.type]);
    await w.webhook(university, this.receivers.university, [BookingRequested.type]);
    await w.webhook(centre, this.receivers.centre, [GraduateReferredToCentre.type]);
    for (const o of [school, enterprise, university, centre]) await w.verify(o);
    await Promise.all([school, enterprise, university, centre].map((o) => w.awaitDirectory(o, 60_000)));
    await expectStatus(centre.admin.post('/employment/centre-subscriptions', { region: REGION }), 201);
    this.school = school;
    this.enterprise = enterprise;

    const resource = await expectStatus(
      university.admin.post('/equipment/resources', {
        kind: 'lab',
        name: 'Chaos lab',
        region: REGION,
        capacity: 16,
        timeZone: 'Asia/Tashkent',
        openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
        sharingScope: 'public',
        approvalRequired: false,
        reminderMinutes: 60,
      }),
      201,
    );
    this.resourceId = resource.body.id;

    const n = Math.max(100, Math.ceil(this.options.ratePerSec * (this.options.durationMs / 1000 + 8 * 25 * (this.options.rounds ?? 1)) * 0.7));
    const rows = Array.from({ length: n }, (_, i) => ({
      schoolRef: `CH-${i}`,
      fullName: `Chaos Learner ${i}`,
      dateOfBirth: '2004-05-17',
      specialty: 'mechatronics',
      cohortYear: 2024,
      expectedGraduation: dateFromToday(30),
      region: REGION,
      consentFollowUpContact: false,
      consentShareWithCentre: false,
    }));
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 1000) ids.push(...(await expectStatus(school.admin.post('/employment/learners/bulk', { learners: rows.slice(i, i + 1000) }), 201)).body.learnerIds);
    this.nominationPool = ids.slice(0, Math.ceil(ids.length * 0.4));
    this.graduationPool = ids.slice(this.nominationPool.length);
    // Nominating needs internships to know the learners (employment's events).
    await waitFor(async () => (await this.count(`SELECT count(*)::int AS n FROM internships.known_learner WHERE learner_id = ANY($1)`, [this.nominationPool])) === this.nominationPool.length, 60_000, 'internships to know the learners');
    // A few placements to nominate for, as the first operations of the ledger.
    for (let i = 0; i < 3; i++) await this.operation('placement');
  }

  private async loadLoop(running: () => boolean): Promise<void> {
    const interval = 1000 / this.options.ratePerSec;
    const inFlight = new Set<Promise<void>>();
    const weights: Array<[OpKind, number]> = [['placement', 1], ['nomination', 2], ['booking', 2], ['graduation', 1.5], ['status_report', 1.5]];
    const total = weights.reduce((s, [, w]) => s + w, 0);
    let next = Date.now();
    while (running()) {
      let r = Math.random() * total;
      const kind = weights.find(([, w]) => (r -= w) < 0)?.[0] ?? 'placement';
      if (inFlight.size < 16) {
        const p = this.operation(kind).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      next += interval;
      await sleep(Math.max(0, next - Date.now()));
    }
    await Promise.allSettled([...inFlight]);
  }

  /** One operation through the public API; an answer 2xx goes in the ledger, anything else counts as refused. */
  private async operation(kind: OpKind): Promise<void> {
    const school = this.school.admin;
    const enterprise = this.enterprise.admin;
    const send = async (api: ApiClient, path: string, body: object, entry: (b: any) => LedgerEntry | undefined): Promise<void> => {
      this.attempted[kind]++;
      try {
        const res = await api.post(path, body).timeout({ response: 15_000, deadline: 20_000 });
        const e = res.status >= 200 && res.status < 300 ? entry(res.body) : undefined;
        if (e) this.ledger.push(e);
        else this.refused++;
      } catch {
        this.refused++;
      }
    };
    switch (kind) {
      case 'placement':
        return send(enterprise, '/internships/placements', placementBody(), (b) => ({ kind, id: b.id }));
      case 'nomination': {
        const placements = this.ledger.filter((e) => e.kind === 'placement');
        const learnerId = this.nominationPool.pop();
        if (!learnerId || placements.length === 0) return;
        const placementId = placements[Math.floor(Math.random() * placements.length)].id;
        return send(school, '/internships/nominations', { placementId, learnerId, motivation: 'Chaos run nominee.' }, (b) => ({ kind, id: b.id }));
      }
      case 'booking': {
        const start = Date.parse(`${dateFromToday(10)}T00:00:00Z`) + this.slot++ * 2 * 3600_000;
        const slot = { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString() };
        return send(school, `/equipment/resources/${this.resourceId}/bookings`, { ...slot, purpose: 'Chaos practice', participants: 4 }, (b) => ({ kind, id: b.id }));
      }
      case 'graduation': {
        const learnerIds = this.graduationPool.splice(-2, 2);
        if (learnerIds.length === 0) return;
        return send(school, '/employment/graduations', { graduatedOn: dateFromToday(0), learnerIds }, () => {
          this.reportable.push(...learnerIds);
          return { kind, id: learnerIds.join('+'), learnerIds };
        });
      }
      case 'status_report': {
        const learnerId = this.reportable.shift();
        if (!learnerId) return;
        return send(school, `/employment/learners/${learnerId}/status-reports`, { status: 'unemployed_seeking', effectiveOn: dateFromToday(0) }, (b) => ({ kind, id: b.id, learnerIds: [learnerId] }));
      }
    }
  }

  // ------------------------------------------------------------------ draining and verification

  private async rows<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool!.query(sql, params)).rows as T[];
  }

  private async count(sql: string, params: unknown[] = []): Promise<number> {
    try {
      return (await this.rows<{ n: number }>(sql, params))[0].n;
    } catch {
      return -1;
    }
  }

  /**
   * Work still owed for what happened up to `cutoff`: outbox rows not on Kafka, events a consumer has
   * not applied, messages not delivered. -1 when the database does not answer.
   */
  private async pending(cutoff: number, explain?: string[]): Promise<number> {
    const at = new Date(cutoff).toISOString();
    try {
      let n = 0;
      const note = (what: string, k: number) => {
        n += k;
        if (k > 0) explain?.push(`${k} ${what}`);
      };
      for (const s of SERVICES) {
        note(`unpublished in ${s}.outbox`, (await this.rows(`SELECT count(*)::int AS n FROM "${s}".outbox WHERE published_at IS NULL AND created_at <= $1`, [at]))[0].n);
      }
      for (const [consumer, types] of this.typesByConsumer()) {
        for (const producer of SERVICES) {
          note(`${producer} events not applied by ${consumer}`, (
            await this.rows(
              `SELECT count(*)::int AS n FROM "${producer}".outbox o
                WHERE o.created_at <= $1 AND o.event_type = ANY($2)
                  AND NOT EXISTS (SELECT 1 FROM "${consumer}".inbox i WHERE i.consumer = $3 AND i.event_id = o.event_id)`,
              [at, types, `${GROUP_PREFIX}.${consumer}`],
            )
          )[0].n);
        }
      }
      note('messages not delivered', (await this.rows(`SELECT count(*)::int AS n FROM notifications.delivery WHERE status IN ('queued', 'retrying') AND created_at <= $1`, [at]))[0].n);
      return n;
    } catch {
      return -1;
    }
  }

  private typesByConsumer(): Map<HamkorService, string[]> {
    const out = new Map<HamkorService, string[]>();
    for (const [type, services] of this.consumers) for (const s of services) out.set(s, [...(out.get(s) ?? []), type]);
    return out;
  }

  private async verify(): Promise<Pick<ChaosFigures, 'lost' | 'duplicated' | 'redelivered' | 'eventsChecked' | 'deliveriesChecked' | 'scheduledChecked'>> {
    const lost: string[] = [];
    const duplicated: string[] = [];
    const ids = (kind: OpKind) => this.ledger.filter((e) => e.kind === kind).map((e) => e.id);
    const graduates = this.ledger.filter((e) => e.kind === 'graduation').flatMap((e) => e.learnerIds!);
    const reported = this.ledger.filter((e) => e.kind === 'status_report').map((e) => e.learnerIds![0]);

    // 1. Every accepted operation is in its service's database.
    const present = async (table: string, list: string[], kind: string) => {
      const found = new Set((await this.rows<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1)`, [list])).map((r) => r.id));
      for (const id of list) if (!found.has(id)) lost.push(`${kind} ${id}: no row in ${table}`);
    };
    await present('internships.placement', ids('placement'), 'placement');
    await present('internships.nomination', ids('nomination'), 'nomination');
    await present('equipment.booking', ids('booking'), 'booking');
    await present('employment.status_report', ids('status_report'), 'status report');
    const graduated = new Set((await this.rows<{ id: string }>(`SELECT id FROM employment.learner WHERE id = ANY($1) AND graduated_on IS NOT NULL`, [graduates])).map((r) => r.id));
    for (const id of graduates) if (!graduated.has(id)) lost.push(`graduation of ${id}: learner not graduated`);

    // 2. Every scheduled follow-up and reminder still exists (three follow-ups per graduate, each with its pending job).
    const followUps = await this.rows<{ learner_id: string; n: number; jobs: number }>(
      `SELECT f.learner_id, count(*)::int AS n, count(j.key)::int AS jobs FROM employment.follow_up f
         LEFT JOIN employment.scheduled_job j ON j.key = 'follow-up:' || f.id || ':due' AND j.status = 'pending'
        WHERE f.learner_id = ANY($1) GROUP BY f.learner_id`,
      [graduates],
    );
    const byLearner = new Map(followUps.map((r) => [r.learner_id, r]));
    for (const id of graduates) {
      const r = byLearner.get(id);
      if (!r || r.n < 3) lost.push(`graduate ${id}: ${r?.n ?? 0} follow-ups instead of 3`);
      else if (r.n > 3) duplicated.push(`graduate ${id}: ${r.n} follow-ups instead of 3`);
      if (r && r.jobs < r.n) lost.push(`graduate ${id}: ${r.n - r.jobs} follow-up job(s) missing from employment.scheduled_job`);
    }
    const reminders = new Set(
      (await this.rows<{ key: string }>(`SELECT key FROM equipment.scheduled_job WHERE key = ANY($1) AND status = 'pending'`, [ids('booking').map((b) => `booking:${b}:remind`)])).map((r) => r.key),
    );
    for (const b of ids('booking')) if (!reminders.has(`booking:${b}:remind`)) lost.push(`booking ${b}: no pending reminder job`);
    const scheduledChecked = followUps.reduce((s, r) => s + r.jobs, 0) + reminders.size;

    // 3. Every event the operations caused: once in its outbox, on Kafka, applied by every consumer of its type.
    const expected: Array<{ type: string; key: string; what: string; deliveries: number }> = [
      ...ids('placement').map((id) => ({ type: PlacementPosted.type, key: id, what: `placement ${id}`, deliveries: 0 })),
      // The enterprise's coordinator (e-mail and inbox) and its webhook.
      ...ids('nomination').map((id) => ({ type: NominationSubmitted.type, key: id, what: `nomination ${id}`, deliveries: 3 })),
      // The university's coordinator (e-mail and inbox) and its webhook.
      ...ids('booking').map((id) => ({ type: BookingRequested.type, key: id, what: `booking ${id}`, deliveries: 3 })),
      ...graduates.map((id) => ({ type: LearnerGraduated.type, key: id, what: `graduation of ${id}`, deliveries: 0 })),
      ...reported.map((id) => ({ type: GraduateStatusReported.type, key: id, what: `status report of ${id}`, deliveries: 0 })),
      // The centre of the region's webhook.
      ...reported.map((id) => ({ type: GraduateReferredToCentre.type, key: id, what: `centre referral of ${id}`, deliveries: 1 })),
    ];
    const events = new Map<string, Array<{ event_id: string; published: boolean }>>();
    for (const s of SERVICES) {
      const rows = await this.rows<{ event_id: string; event_type: string; message_key: string; published: boolean }>(
        `SELECT event_id, event_type, message_key, published_at IS NOT NULL AS published FROM "${s}".outbox WHERE message_key = ANY($1)`,
        [[...new Set(expected.map((e) => e.key))]],
      );
      for (const r of rows) events.set(`${r.event_type}/${r.message_key}`, [...(events.get(`${r.event_type}/${r.message_key}`) ?? []), r]);
    }
    const inboxes = new Map<string, Map<string, string>>();
    for (const s of SERVICES) {
      const rows = await this.rows<{ event_id: string; outcome: string }>(`SELECT event_id, outcome FROM "${s}".inbox WHERE consumer = $1`, [`${GROUP_PREFIX}.${s}`]);
      inboxes.set(s, new Map(rows.map((r) => [r.event_id, r.outcome])));
    }
    const deliveries = await this.rows<{ id: string; event_id: string; channel: string; status: string }>(`SELECT id, event_id, channel, status FROM notifications.delivery`);
    const deliveriesOf = new Map<string, typeof deliveries>();
    for (const d of deliveries) deliveriesOf.set(d.event_id, [...(deliveriesOf.get(d.event_id) ?? []), d]);
    const webhookIds = new Set(Object.values(this.receivers).flatMap((r) => [...r.accepted.keys()]));
    const mailIds = new Set(this.smtp.mails.map((m) => /<([^@>]+)@/.exec(m.header('Message-ID') ?? '')?.[1]));
    let eventsChecked = 0;
    let deliveriesChecked = 0;
    for (const e of expected) {
      const found = events.get(`${e.type}/${e.key}`) ?? [];
      if (found.length === 0) lost.push(`${e.what}: no ${e.type} event in the outbox`);
      if (found.length > 1) duplicated.push(`${e.what}: ${found.length} ${e.type} events`);
      for (const ev of found) {
        eventsChecked++;
        if (!ev.published) lost.push(`${e.what}: ${e.type} ${ev.event_id} never relayed to Kafka`);
        for (const consumer of this.consumers.get(e.type) ?? []) {
          const outcome = inboxes.get(consumer)!.get(ev.event_id);
          if (outcome !== 'applied') lost.push(`${e.what}: ${e.type} ${ev.event_id} ${outcome ?? 'never reached'} ${consumer}`);
        }
        // 4. Every notification delivered, once per recipient and channel.
        const ds = deliveriesOf.get(ev.event_id) ?? [];
        if (ds.length < e.deliveries) lost.push(`${e.what}: ${ds.length} of ${e.deliveries} messages recorded for ${e.type}`);
        if (ds.length > e.deliveries) duplicated.push(`${e.what}: ${ds.length} messages for ${e.type}, expected ${e.deliveries}`);
        for (const d of ds) {
          deliveriesChecked++;
          if (d.status !== 'delivered') lost.push(`${e.what}: ${d.channel} message ${d.id} is ${d.status}`);
          else if (d.channel === 'webhook' && !webhookIds.has(d.id)) lost.push(`${e.what}: webhook ${d.id} marked delivered, never received`);
          else if (d.channel === 'email' && !mailIds.has(d.id)) lost.push(`${e.what}: e-mail ${d.id} marked delivered, never received`);
        }
      }
    }

    // Every event of the run (setup, scheduled jobs included): no consumer dead-lettered one.
    for (const [s, inbox] of inboxes) for (const [id, outcome] of inbox) if (outcome === 'dead_lettered') lost.push(`event ${id} dead-lettered by ${s}`);

    // 5. Receivers count ids: one message per event and endpoint; the same id again is a redelivery.
    let redelivered = 0;
    for (const [name, r] of Object.entries(this.receivers)) {
      const perEvent = new Map<string, Set<string>>();
      for (const c of r.accepted.values()) {
        const d = c.body?.data ?? {};
        const key = `${c.type}/${d.nominationId ?? d.bookingId ?? d.learnerId ?? JSON.stringify(d)}`;
        perEvent.set(key, (perEvent.get(key) ?? new Set()).add(c.id));
      }
      for (const [key, set] of perEvent) if (set.size > 1) duplicated.push(`${name} webhook: ${set.size} different messages for ${key}`);
      redelivered += r.calls.filter((c) => c.validSignature).length - r.accepted.size;
    }
    const mailCount = new Map<string, number>();
    for (const m of this.smtp.mails) mailCount.set(`${m.to.join(',')}/${m.header('Message-ID')}`, (mailCount.get(`${m.to.join(',')}/${m.header('Message-ID')}`) ?? 0) + 1);
    for (const n of mailCount.values()) redelivered += n - 1;

    return { lost, duplicated, redelivered, eventsChecked, deliveriesChecked, scheduledChecked };
  }
}

function placementBody() {
  return {
    title: 'Chaos CNC assistant',
    description: 'Set up and run 3-axis CNC mills under a mentor.',
    competencies: ['cnc-setup'],
    specialty: 'mechatronics',
    region: REGION,
    location: 'Workshop 2',
    capacity: 50,
    startsOn: dateFromToday(120),
    endsOn: dateFromToday(180),
    applicationDeadline: new Date(Date.now() + 100 * 86_400_000).toISOString(),
    paid: true,
    visibility: 'public',
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
}

/**
 * Which services consume each event type, read from the code: every `@HandleEvent(Contract)` in a
 * service's sources, and the notifications routing table (whose handlers are generated from it).
 */
export function consumersByEventType(): Map<string, HamkorService[]> {
  const out = new Map<string, HamkorService[]>();
  const add = (type: string, service: HamkorService) => {
    const list = out.get(type) ?? [];
    if (!list.includes(service)) out.set(type, [...list, service]);
  };
  const root = resolve(__dirname, '../../apps');
  const byName = contracts as unknown as Record<string, { type?: string }>;
  for (const service of SERVICES) {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('spec.ts') ? [join(dir, d.name)] : []));
    for (const file of walk(join(root, service, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/@HandleEvent\((\w+)\)/g)) {
        const type = byName[m[1]]?.type;
        if (!type) throw new Error(`${file}: @HandleEvent(${m[1]}) is not a contract of @hamkor/contracts`);
        add(type, service);
      }
    }
  }
  for (const rule of ROUTING_TABLE) add(rule.contract.type, 'notifications');
  return out;
}

export function formatFigures(f: ChaosFigures): string {
  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = [
    'chaos run figures',
    `  load:                ${(f.loadMs / 1000).toFixed(0)} s, final drain ${(f.finalDrainMs / 1000).toFixed(1)} s`,
    `  operations accepted: ${OP_KINDS.reduce((s, k) => s + f.accepted[k], 0)} of ${OP_KINDS.reduce((s, k) => s + f.attempted[k], 0)} attempted (${f.refused} refused or unanswered during faults)`,
    ...OP_KINDS.map((k) => `    ${pad(k, 15)} ${String(f.accepted[k]).padStart(5)} of ${String(f.attempted[k]).padStart(5)}`),
    `  faults:              ${f.faults.length}`,
    ...f.faults.map(
      (x) =>
        `    ${pad(x.fault, 26)} recovered in ${x.recoveryMs === null ? 'NOT RECOVERED' : `${(x.recoveryMs / 1000).toFixed(1)} s`}` +
        (Object.keys(x.consumerRestarts).length ? `, consumer restarts: ${Object.entries(x.consumerRestarts).map(([r, n]) => `${n} ${r}`).join(', ')}` : ''),
    ),
    `  checked:             ${f.eventsChecked} events, ${f.deliveriesChecked} messages, ${f.scheduledChecked} scheduled jobs`,
    `  redelivered:         ${f.redelivered} (same message id again, dropped by the receiver)`,
    `  lost:                ${f.lost.length}`,
    `  duplicated effects:  ${f.duplicated.length}`,
    ...[...f.lost.slice(0, 20).map((l) => `    lost: ${l}`), ...f.duplicated.slice(0, 20).map((d) => `    duplicated: ${d}`)],
  ];
  return lines.join('\n');
}
