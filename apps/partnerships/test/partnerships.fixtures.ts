import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OrganisationType } from '@hamkor/contracts';
import { as, Caller, TestPlatform } from '@hamkor/testing';

export interface Org {
  id: string;
  type: OrganisationType;
  caller: Caller;
  token: string;
}

/** Story-style helpers over the public API of partnerships. */
export class Partnerships {
  operatorToken!: string;

  constructor(readonly platform: TestPlatform) {}

  async init(): Promise<this> {
    this.operatorToken = await this.platform.token(as.operator());
    return this;
  }

  get ds(): DataSource {
    return this.platform.app.get<DataSource>(getDataSourceToken('partnerships'), { strict: false });
  }

  /** An organisation registered by its own org_admin (who is also its coordinator) and, unless told, verified. */
  async org(type: OrganisationType, opts: { verified?: boolean; region?: string; name?: string } = {}): Promise<Org> {
    const caller: Caller = { organisationId: randomUUID(), organisationType: type, roles: ['org_admin', 'coordinator'], userId: randomUUID() };
    const token = await this.platform.token(caller);
    await this.platform.http
      .post('/partnerships/organisations')
      .set('Authorization', `Bearer ${token}`)
      .send({ id: caller.organisationId, type, name: opts.name ?? `${type} ${caller.organisationId!.slice(0, 8)}`, region: opts.region ?? 'UZ-TK', contactEmail: `office@${caller.organisationId!.slice(0, 8)}.uz` })
      .expect(201);
    if (opts.verified !== false) await this.verify(caller.organisationId!);
    return { id: caller.organisationId!, type, caller, token };
  }

  async verify(id: string): Promise<void> {
    await this.platform.http.post(`/partnerships/organisations/${id}/verify`).set('Authorization', `Bearer ${this.operatorToken}`).expect(200);
  }

  /** A token of another person of the same organisation, with other roles. */
  tokenFor(org: Org, roles: Caller['roles']): Promise<string> {
    return this.platform.token({ ...org.caller, roles, userId: randomUUID() });
  }

  post(token: string, path: string, body?: object) {
    const req = this.platform.http.post(`/partnerships${path}`).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req.send() : req.send(body);
  }

  get(token: string, path: string) {
    return this.platform.http.get(`/partnerships${path}`).set('Authorization', `Bearer ${token}`);
  }

  /** The events partnerships published about one aggregate, in order (read from its outbox). */
  async events(subject: string): Promise<Array<{ type: string; data: any }>> {
    const rows = await this.ds.query(`SELECT event_type, payload FROM partnerships.outbox WHERE message_key = $1 ORDER BY seq`, [subject]);
    return rows.map((r: { event_type: string; payload: any }) => ({ type: r.event_type, data: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).data }));
  }

  async eventTypes(subject: string): Promise<string[]> {
    return (await this.events(subject)).map((e) => e.type);
  }
}

/** Asserts a problem+json answer with the given status. */
export function expectProblem(res: { status: number; headers: Record<string, string>; text: string }, status: number, detail?: RegExp): any {
  expect({ status: res.status, body: res.text }).toMatchObject({ status });
  expect(res.headers['content-type']).toContain('application/problem+json');
  const problem = JSON.parse(res.text);
  expect(problem.status).toBe(status);
  if (detail) expect(problem.detail).toMatch(detail);
  return problem;
}

/** SQL straight to this run's database, for tests that change the world while the service is down. */
export async function sql(query: string, params: unknown[] = []): Promise<any[]> {
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(query, params)).rows;
  } finally {
    await c.end();
  }
}
