import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { AgreementScope, OrganisationType, Role } from '@hamkor/contracts';
import { waitFor } from './messaging-harness';
import { as, Caller, TestPlatform } from './test-platform';
import { WebhookReceiver } from './webhook-receiver';

export type HamkorService = 'partnerships' | 'internships' | 'equipment' | 'employment' | 'notifications';

/**
 * How a flow moves time forward for a service's scheduled jobs: every pending job due by `until` runs.
 * Resolves once they have run.
 */
export interface FlowClock {
  runDue(service: HamkorService, until: Date): Promise<void>;
}

/** Time travel inside the test process: the platform's own scheduler runs the due jobs now. */
export function schedulerClock(platform: TestPlatform): FlowClock {
  return {
    async runDue(service, until) {
      await platform.scheduler(service).runDue(until);
    },
  };
}

/**
 * Time travel for services in other processes: the rows of the jobs due by `until` are moved to the
 * past in that service's `scheduled_job` table (with a new version, so its scheduler queues a fresh
 * wake-up at once instead of waiting for the old one), then this waits until its scheduler ran them.
 */
export function databaseClock(databaseUrl = process.env.DATABASE_URL!, timeoutMs = 30_000): FlowClock {
  const sql = async <T = any>(text: string, params: unknown[]): Promise<T[]> => {
    const c = new Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  };
  return {
    async runDue(service, until) {
      const moved = await sql<{ key: string }>(
        `UPDATE "${service}".scheduled_job SET run_at = now() - interval '1 second', version = version + 1
          WHERE status = 'pending' AND run_at <= $1 RETURNING key`,
        [until.toISOString()],
      );
      if (moved.length === 0) return;
      const keys = moved.map((r) => r.key);
      await waitFor(
        async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${service}".scheduled_job WHERE key = ANY($1) AND status = 'pending'`, [keys]))[0].n === 0,
        timeoutMs,
        `${service}'s scheduler to run ${keys.length} job(s) moved into the past`,
      );
    },
  };
}

type Req = request.Test;

/** One caller's view of the platform's HTTP API; paths are the public ones, `/<service>/...`. */
export interface ApiClient {
  readonly caller?: Caller;
  get(path: string): Req;
  post(path: string, body?: object): Req;
  put(path: string, body?: object): Req;
  patch(path: string, body?: object): Req;
  delete(path: string): Req;
}

export interface FlowOrg {
  id: string;
  type: OrganisationType;
  name: string;
  region: string;
  /** Its org_admin (who is also a coordinator). */
  admin: ApiClient;
}

export interface FlowPerson {
  id: string;
  email: string;
  roles: Role[];
  organisationId: string;
  /** The person's own session: the token's subject is their person id. */
  api: ApiClient;
}

const DAY_MS = 86_400_000;

/** YYYY-MM-DD, `days` from today (UTC). */
export function dateFromToday(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
}

/** A region code no other flow uses (the employment centres subscribe by region). */
export function uniqueRegion(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  return `ZZ-${Array.from({ length: 3 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('')}`;
}

/**
 * The story vocabulary of end-to-end flows, through the public HTTP API only: organisations registered
 * and verified, people added, clusters formed, agreements signed, webhooks registered, inboxes read —
 * the same calls whether every service runs in one process or each in its own (`urlOf` says where).
 */
export class HamkorWorld {
  private readonly minter = new TestPlatform([]);

  constructor(
    readonly urlOf: (service: HamkorService) => string,
    readonly clock: FlowClock,
  ) {}

  /** A client acting as this caller (dev token), or anonymous. */
  async as(caller?: Caller): Promise<ApiClient> {
    const auth = caller ? `Bearer ${await this.minter.token(caller)}` : undefined;
    const base = (path: string) => {
      const service = path.split('/')[1] as HamkorService;
      return request(this.urlOf(service));
    };
    const withAuth = (r: Req) => (auth ? r.set('Authorization', auth) : r);
    return {
      caller,
      get: (path) => withAuth(base(path).get(path)),
      post: (path, body) => withAuth(base(path).post(path)).send(body ?? {}),
      put: (path, body) => withAuth(base(path).put(path)).send(body ?? {}),
      patch: (path, body) => withAuth(base(path).patch(path)).send(body ?? {}),
      delete: (path) => withAuth(base(path).delete(path)),
    };
  }

  operator(): Promise<ApiClient> {
    return this.as(as.operator());
  }

  /** An organisation registered by its own org_admin and (unless told) verified by the operator. */
  async organisation(type: OrganisationType, opts: { region?: string; name?: string; verified?: boolean } = {}): Promise<FlowOrg> {
    const id = randomUUID();
    const caller: Caller = { organisationId: id, organisationType: type, roles: ['org_admin', 'coordinator'], userId: randomUUID() };
    const admin = await this.as(caller);
    const name = opts.name ?? `${type.replace('_', ' ')} ${id.slice(0, 8)}`;
    const region = opts.region ?? 'UZ-TK';
    await expectStatus(admin.post('/partnerships/organisations', { id, type, name, region, contactEmail: `office@${id.slice(0, 8)}.example.uz` }), 201);
    const org = { id, type, name, region, admin };
    if (opts.verified !== false) await this.verify(org);
    return org;
  }

  async verify(org: FlowOrg): Promise<void> {
    await expectStatus((await this.operator()).post(`/partnerships/organisations/${org.id}/verify`), 200);
  }

  /** A person acting for the organisation, added by its org_admin (published with their work e-mail). */
  async person(org: FlowOrg, roles: Role[], opts: { name?: string; language?: 'uz' | 'ru' | 'en' } = {}): Promise<FlowPerson> {
    const id = randomUUID();
    const email = `${roles[0]}.${id.slice(0, 8)}@staff.example.uz`;
    await expectStatus(
      org.admin.post(`/partnerships/organisations/${org.id}/people`, { id, name: opts.name ?? `Staff ${id.slice(0, 6)}`, email, roles, language: opts.language ?? 'en' }),
      201,
    );
    const api = await this.as({ userId: id, organisationId: org.id, organisationType: org.type, roles });
    return { id, email, roles, organisationId: org.id, api };
  }

  /**
   * Waits until the notifications service's directory shows the organisation as verified. Call it after
   * adding the organisation's people and verifying it: its verification was published after them.
   */
  async awaitDirectory(org: FlowOrg, timeoutMs = 30_000): Promise<void> {
    await waitFor(async () => {
      const res = await org.admin.get(`/notifications/directory/organisations/${org.id}`);
      return res.status === 200 && res.body.verified === true;
    }, timeoutMs, `the notifications directory to know ${org.type} ${org.id} as verified`);
  }

  /** Registers the receiver as the organisation's webhook endpoint for these event types (it keeps the secret). */
  async webhook(org: FlowOrg, receiver: WebhookReceiver, eventTypes: string[]): Promise<string> {
    const res = await expectStatus(org.admin.post(`/notifications/organisations/${org.id}/webhooks`, { url: receiver.url, eventTypes }), 201);
    receiver.secret = res.body.secret;
    return res.body.id;
  }

  /** A person's in-app messages (newest first). */
  async inbox(person: FlowPerson): Promise<Array<{ id: string; eventType: string; subject: string; text: string; readAt: string | null }>> {
    return (await expectStatus(person.api.get('/notifications/me/inbox?limit=100'), 200)).body.items;
  }

  /** Waits for an inbox message of this type (whose text matches) and returns it. */
  async awaitInbox(person: FlowPerson, eventType: string, textMatches: (text: string) => boolean = () => true, timeoutMs = 20_000) {
    let found: Awaited<ReturnType<HamkorWorld['inbox']>>[number] | undefined;
    await waitFor(async () => !!(found = (await this.inbox(person)).find((m) => m.eventType === eventType && textMatches(m.text))), timeoutMs, `a ${eventType} message in the inbox of ${person.email}`);
    return found!;
  }

  /**
   * A cluster coordinated by a school, anchored by a university that accepts, with members invited
   * by the coordinator that accept.
   */
  async cluster(coordinator: FlowOrg, anchor: FlowOrg, members: FlowOrg[] = []): Promise<string> {
    const created = await expectStatus(coordinator.admin.post('/partnerships/clusters', { name: `Cluster ${randomUUID().slice(0, 8)}`, anchorUniversityId: anchor.id }), 201);
    const id: string = created.body.id;
    await expectStatus(anchor.admin.post(`/partnerships/clusters/${id}/invitation/accept`), 200);
    for (const m of members) {
      await expectStatus(coordinator.admin.post(`/partnerships/clusters/${id}/invitations`, { organisationId: m.id }), 200);
      await expectStatus(m.admin.post(`/partnerships/clusters/${id}/invitation/accept`), 200);
    }
    return id;
  }

  /** An agreement drafted by `by`, proposed, and signed by every party's org_admin: active from `startsOn` (today by default). */
  async signedAgreement(by: FlowOrg, others: FlowOrg[], scopes: AgreementScope[], dates: { startsOn?: string; endsOn: string }): Promise<any> {
    const draft = await expectStatus(
      by.admin.post('/partnerships/agreements', { title: `Memorandum ${randomUUID().slice(0, 8)}`, parties: others.map((o) => o.id), scopes, startsOn: dates.startsOn ?? dateFromToday(0), endsOn: dates.endsOn }),
      201,
    );
    const id: string = draft.body.id;
    await expectStatus(by.admin.post(`/partnerships/agreements/${id}/propose`), 200);
    let last: any;
    for (const party of [by, ...others]) last = (await expectStatus(party.admin.post(`/partnerships/agreements/${id}/sign`), 200)).body;
    return last;
  }
}

/** Awaits a request and fails with its status and body when the status is not the expected one. */
export async function expectStatus(req: PromiseLike<request.Response>, status: number): Promise<request.Response> {
  const res = await req;
  if (res.status !== status) {
    const r = res as unknown as { req?: { method?: string; path?: string } };
    throw new Error(`expected ${status} from ${r.req?.method ?? ''} ${r.req?.path ?? ''}, got ${res.status}: ${res.text}`);
  }
  return res;
}
