import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  AgreementActivated,
  AgreementExpired,
  AgreementTerminated,
  ClusterMemberJoined,
  ClusterMemberLeft,
  EventContract,
  LearnerEnrolled,
  LearnerErased,
  OrganisationRegistered,
} from '@hamkor/contracts';
import { Caller, MessagingHarness, TestPlatform, waitFor } from '@hamkor/testing';

const DAY = 24 * 3600 * 1000;
export const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/**
 * The internships service in a real process, plus a stand-in for the services it listens to: real
 * partnerships and employment contract events, written through an OutboxWriter into a throwaway
 * schema and relayed to the real Kafka topics, exactly as those services publish them. `publish`
 * returns once the internships consumer has applied every event (its inbox has them).
 */
export class InternshipsWorld {
  private readonly upstream = new MessagingHarness();
  private readonly tokens = new Map<Caller, string>();

  /** `platform` runs the internships service (the spec builds it: only specs may import a service). */
  constructor(readonly platform: TestPlatform) {}

  async start(): Promise<this> {
    await this.platform.start();
    await this.upstream.setup();
    this.upstream.relay().start();
    return this;
  }

  async stop(): Promise<void> {
    await this.upstream.close();
    await this.platform.stop();
  }

  get ds(): DataSource {
    return this.platform.app.get<DataSource>(getDataSourceToken('internships'), { strict: false });
  }

  async publish<S extends z.ZodType>(contract: EventContract<S>, items: Array<z.infer<S>>): Promise<void> {
    const envelopes = await this.upstream.ds.transaction((tx) => this.upstream.writer.publishMany(tx, contract, items));
    const ids = envelopes.map((e) => e.id);
    await waitFor(async () => {
      const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM internships.inbox WHERE event_id = ANY($1::uuid[])`, [ids]);
      return n === ids.length;
    }, 30000, `internships to apply ${ids.length} ${contract.type} event(s)`);
  }

  // ---- the story's vocabulary -------------------------------------------------------------------

  async enrol(schoolId: string, opts: { minor?: boolean; count?: number } = {}): Promise<string[]> {
    const learners = Array.from({ length: opts.count ?? 1 }, () => randomUUID());
    await this.publish(
      LearnerEnrolled,
      learners.map((learnerId) => ({ learnerId, schoolId, specialty: 'mechatronics', cohortYear: 2026, expectedGraduation: '2027-06-30', region: 'UZ-TK', minor: opts.minor ?? false })),
    );
    return learners;
  }

  erase(schoolId: string, learnerId: string) {
    return this.publish(LearnerErased, [{ learnerId, schoolId }]);
  }

  async register(organisationId: string, type: 'school' | 'enterprise', name: string) {
    await this.publish(OrganisationRegistered, [{ organisationId, type, name, region: 'UZ-TK', verified: true }]);
  }

  agreement(parties: string[], scopes: Array<'internships' | 'equipment'>, agreementId = randomUUID()) {
    const terms = { agreementId, parties, scopes, startsOn: dateIn(-30), endsOn: dateIn(335) };
    return {
      agreementId,
      activate: () => this.publish(AgreementActivated, [terms]),
      expire: () => this.publish(AgreementExpired, [terms]),
      terminate: () => this.publish(AgreementTerminated, [{ ...terms, terminatedBy: parties[0], reason: 'the workshop closed' }]),
    };
  }

  join(clusterId: string, organisationId: string, organisationType: 'school' | 'enterprise') {
    return this.publish(ClusterMemberJoined, [{ clusterId, organisationId, organisationType, role: 'member' }]);
  }

  leave(clusterId: string, organisationId: string) {
    return this.publish(ClusterMemberLeft, [{ clusterId, organisationId, reason: 'left' }]);
  }

  /** Events the internships service published (from its outbox), oldest first. */
  async published(type: string, subject?: string): Promise<any[]> {
    const rows = await this.ds.query(
      `SELECT payload FROM internships.outbox WHERE event_type = $1 AND ($2::text IS NULL OR message_key = $2) ORDER BY seq`,
      [type, subject ?? null],
    );
    return rows.map((r: { payload: any }) => r.payload.data);
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  private async auth(who: Caller): Promise<string> {
    let t = this.tokens.get(who);
    if (!t) this.tokens.set(who, (t = await this.platform.token(who)));
    return `Bearer ${t}`;
  }

  async get(who: Caller, path: string) {
    return this.platform.http.get(`/internships${path}`).set('Authorization', await this.auth(who));
  }

  async post(who: Caller, path: string, body: object = {}, headers: Record<string, string> = {}) {
    const req = this.platform.http.post(`/internships${path}`).set('Authorization', await this.auth(who));
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req.send(body);
  }

  async patch(who: Caller, path: string, body: object) {
    return this.platform.http.patch(`/internships${path}`).set('Authorization', await this.auth(who)).send(body);
  }

  async put(who: Caller, path: string, body: object) {
    return this.platform.http.put(`/internships${path}`).set('Authorization', await this.auth(who)).send(body);
  }

  /** A valid placement body; deadlines far ahead, so another file's time travel does not close it. */
  placement(overrides: Record<string, unknown> = {}) {
    return {
      title: 'CNC machining assistant',
      description: 'Set up and run 3-axis CNC mills under a mentor.',
      competencies: ['cnc-setup', 'technical-drawing'],
      specialty: 'mechatronics',
      region: 'UZ-TK',
      location: 'Workshop 2, Chilonzor',
      capacity: 3,
      startsOn: dateIn(400),
      endsOn: dateIn(430),
      applicationDeadline: new Date(Date.now() + 390 * DAY).toISOString(),
      paid: true,
      visibility: 'public',
      ...overrides,
    };
  }

  async postPlacement(enterprise: Caller, overrides: Record<string, unknown> = {}): Promise<any> {
    const res = await this.post(enterprise, '/placements', this.placement(overrides));
    if (res.status !== 201) throw new Error(`posting a placement: ${res.status} ${res.text}`);
    return res.body;
  }

  async nominate(school: Caller, placementId: string, learnerId: string) {
    return this.post(school, '/nominations', { placementId, learnerId, motivation: 'Top of the CNC class this year.' });
  }
}

export function expectProblem(res: { status: number; headers: Record<string, string>; text: string }, status: number, detail?: RegExp) {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  if (!String(res.headers['content-type']).includes('application/problem+json')) throw new Error(`not problem+json: ${res.headers['content-type']}`);
  const problem = JSON.parse(res.text);
  if (detail && !detail.test(problem.detail)) throw new Error(`detail "${problem.detail}" does not match ${detail}`);
  return problem;
}
