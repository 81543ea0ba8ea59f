import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { migrateServices, ServiceDefinition } from '@hamkor/bootstrap';
import { parseConfig } from '@hamkor/config';
import { dropDatabase } from '@hamkor/persistence';
import {
  CLUSTER_MEMBER_COLUMNS,
  clusterMatesOfSql,
  ORGANISATION_COLUMNS,
  PARTNER_AGREEMENT_COLUMNS,
  PartnershipViewConsumer,
  partnersOfSql,
  ViewSchema,
} from '@hamkor/partnership-view';
import { ALL_SERVICES } from '../src/services';

/**
 * The partnership view is one mechanism in four services (agreements in three, the organisation registry in two): the same tables in each schema (after each
 * service's own migration from what it kept before) and the same rules, checked here against real
 * PostgreSQL with the consumer the services register.
 */
describe('partnership view (every service that keeps one, real PostgreSQL)', () => {
  const withAgreements: ViewSchema[] = ['internships', 'equipment', 'notifications'];
  const all: ViewSchema[] = [...withAgreements, 'employment'];
  const withOrganisations: ViewSchema[] = ['internships', 'notifications'];
  let url: string;
  let db: Client;

  /** Runs a handler of `schema`'s consumer as the inbox does: with an EntityManager-like `query` inside a transaction. */
  async function apply(schema: ViewSchema, handler: string, data: object, time: string): Promise<void> {
    const options = { agreements: withAgreements.includes(schema), organisations: withOrganisations.includes(schema) };
    const consumer = new (PartnershipViewConsumer(schema, options) as new () => Record<string, (e: unknown, tx: EntityManager) => Promise<void>>)();
    const tx = { query: (sql: string, params: unknown[]) => db.query(sql, params).then((r) => r.rows) } as unknown as EntityManager;
    await consumer[handler]({ id: randomUUID(), time, data }, tx);
  }
  const ids = async (sql: string, params: unknown[]) => ((await db.query(sql, params)).rows as Array<{ id: string }>).map((r) => r.id).sort();
  const at = (minute: number) => new Date(Date.UTC(2026, 8, 1, 8, minute)).toISOString();
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const terms = (parties: string[], scopes: string[], endsOn = inDays(300)) => ({ agreementId: randomUUID(), parties, scopes, startsOn: inDays(-30), endsOn });

  beforeAll(async () => {
    const base = new URL(process.env.DATABASE_URL!);
    base.pathname = `${base.pathname}_view_${randomUUID().slice(0, 6)}`;
    url = base.toString();
    await migrateServices(parseConfig({ ...process.env, DATABASE_URL: url }), ALL_SERVICES);
    db = new Client({ connectionString: url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await dropDatabase(url);
  });

  it('has the same tables in every schema', async () => {
    const columns = async (schema: string, table: string) =>
      (
        await db.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY column_name`, [schema, table])
      ).rows.map((r) => r.column_name);
    for (const schema of withAgreements) expect([schema, await columns(schema, 'partner_agreement')]).toEqual([schema, [...PARTNER_AGREEMENT_COLUMNS].sort()]);
    for (const schema of all) expect([schema, await columns(schema, 'cluster_member')]).toEqual([schema, [...CLUSTER_MEMBER_COLUMNS].sort()]);
    for (const schema of withOrganisations) expect([schema, await columns(schema, 'organisation')]).toEqual([schema, [...ORGANISATION_COLUMNS].sort()]);
  });

  it.each(withOrganisations)('%s: keeps the newest snapshot of an organisation, and a verification is never taken back', async (schema) => {
    const id = randomUUID();
    const snapshot = (name: string, verified: boolean) => ({ organisationId: id, type: 'enterprise', name, region: 'UZ-TK', verified });
    const row = async () => (await db.query(`SELECT name, verified FROM ${schema}.organisation WHERE id = $1`, [id])).rows[0];
    await apply(schema, 'registered', snapshot('Chirchiq Steel', false), at(1));
    await apply(schema, 'verified', { organisationId: id, verifiedBy: randomUUID() }, at(2));
    expect(await row()).toEqual({ name: 'Chirchiq Steel', verified: true });
    await apply(schema, 'updated', snapshot('Chirchiq Steel Works', false), at(4)); // taken before the verification reached the registry's snapshot
    await apply(schema, 'updated', snapshot('Chirchiq Steel (old name)', true), at(3)); // late and older: changes nothing
    expect(await row()).toEqual({ name: 'Chirchiq Steel Works', verified: true });
  });

  it('keeps the organisation registry only where it is asked for', () => {
    const handlers = (options: { agreements: boolean; organisations?: boolean }) =>
      Object.getOwnPropertyNames(Object.getPrototypeOf(new (PartnershipViewConsumer('equipment', options) as new () => object)()));
    expect(handlers({ agreements: true })).not.toContain('registered');
    expect(handlers({ agreements: true, organisations: true })).toEqual(expect.arrayContaining(['registered', 'updated', 'verified']));
  });

  it.each(all)('%s: a member who leaves stops being a cluster mate, and a late older "joined" does not bring them back', async (schema) => {
    const [cluster, school, enterprise, university] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await apply(schema, 'joined', { clusterId: cluster, organisationId: school, organisationType: 'school', role: 'coordinator' }, at(1));
    await apply(schema, 'joined', { clusterId: cluster, organisationId: enterprise, organisationType: 'enterprise', role: 'member' }, at(2));
    await apply(schema, 'joined', { clusterId: cluster, organisationId: university, organisationType: 'university', role: 'anchor' }, at(3));
    expect(await ids(clusterMatesOfSql(schema, '$1'), [school])).toEqual([enterprise, university].sort());
    expect(await ids(clusterMatesOfSql(schema, '$1', '$2::text'), [school, 'enterprise'])).toEqual([enterprise]);

    await apply(schema, 'left', { clusterId: cluster, organisationId: enterprise, reason: 'left' }, at(5));
    await apply(schema, 'joined', { clusterId: cluster, organisationId: enterprise, organisationType: 'enterprise', role: 'member' }, at(4));
    expect(await ids(clusterMatesOfSql(schema, '$1'), [school])).toEqual([university]);
    expect(await ids(clusterMatesOfSql(schema, '$1'), [enterprise])).toEqual([]);

    // Joining again later counts, and keeps the type the leave did not carry.
    await apply(schema, 'joined', { clusterId: cluster, organisationId: enterprise, organisationType: 'enterprise', role: 'member' }, at(6));
    expect(await ids(clusterMatesOfSql(schema, '$1', '$2::text'), [school, 'enterprise'])).toEqual([enterprise]);
  });

  it.each(withAgreements)('%s: only an agreement in force covering the scope makes partners, and a late older event never revives one', async (schema) => {
    const [school, enterprise, other] = [randomUUID(), randomUUID(), randomUUID()];
    const live = terms([school, enterprise], ['internships', 'equipment']);
    await apply(schema, 'activated', live, at(1));
    await apply(schema, 'activated', terms([school, other], ['teachers']), at(1));
    await apply(schema, 'activated', terms([school, other], ['internships'], inDays(-1)), at(1)); // past its end date, its expiry not applied yet
    expect(await ids(partnersOfSql(schema, '$1', "'internships'"), [school])).toEqual([enterprise]);
    expect(await ids(partnersOfSql(schema, '$1', '$2::text'), [enterprise, 'equipment'])).toEqual([school]);

    await apply(schema, 'expired', live, at(9));
    await apply(schema, 'activated', live, at(2));
    expect(await ids(partnersOfSql(schema, '$1', "'internships'"), [school])).toEqual([]);
  });

  it('keeps what each service knew before it moved to the view', async () => {
    const old = new URL(url);
    old.pathname = `${old.pathname}_old`;
    /** The service as it was up to the migration stamped `last` (migration names end in their 13-digit stamp). */
    const before = (s: ServiceDefinition, last: number): ServiceDefinition => {
      const migrations = s.persistence!.migrations as Array<new () => { name: string }>;
      return { ...s, persistence: { ...s.persistence!, migrations: migrations.filter((m) => Number(new m().name.slice(-13)) <= last) } };
    };
    const [equipment, notifications, internships, employment] = ['equipment', 'notifications', 'internships', 'employment'].map((n) => ALL_SERVICES.find((s) => s.name === n)!);
    const config = parseConfig({ ...process.env, DATABASE_URL: old.toString() });
    const c = new Client({ connectionString: old.toString() });
    try {
      await migrateServices(config, [before(equipment, 1700000006100), before(notifications, 1700000003000), before(internships, 1700000005000), before(employment, 1700000004200)]);
      await c.connect();
      const [a, b, cl] = [randomUUID(), randomUUID(), randomUUID()];
      await c.query(`INSERT INTO equipment.equipment_agreement (agreement_id, parties, active, as_of) VALUES ($1, $2, true, $3)`, [randomUUID(), [a, b], at(1)]);
      await c.query(`INSERT INTO equipment.cluster_member (cluster_id, organisation_id, as_of) VALUES ($1, $2, $3), ($1, $4, $3)`, [cl, a, at(1), b]);
      await c.query(`INSERT INTO notifications.directory_agreement (id, parties, scopes, active, as_of) VALUES ($1, $2, '{internships}', true, $3)`, [randomUUID(), [a, b], at(1)]);
      await c.query(`INSERT INTO notifications.directory_cluster_member (cluster_id, organisation_id, organisation_type) VALUES ($1, $2, 'school'), ($1, $3, 'enterprise')`, [cl, a, b]);
      await c.query(`INSERT INTO internships.cluster_member (cluster_id, organisation_id) VALUES ($1, $2), ($1, $3)`, [cl, a, b]);
      await c.query(`INSERT INTO employment.cluster_member (cluster_id, organisation_id, active, as_of) VALUES ($1, $2, true, $4), ($1, $3, true, $4)`, [cl, a, b, at(1)]);
      await c.query(`INSERT INTO internships.organisation (id, type, name, region, as_of) VALUES ($1, 'enterprise', 'Navoi Mining', 'UZ-NW', $2)`, [b, at(1)]);
      await c.query(`INSERT INTO notifications.directory_organisation (id, type, name, region, verified, as_of) VALUES ($1, 'enterprise', 'Navoi Mining', 'UZ-NW', true, $2)`, [b, at(1)]);

      await migrateServices(config, [equipment, notifications, internships, employment]);
      const q = async (sql: string, params: unknown[]) => ((await c.query(sql, params)).rows as Array<{ id: string }>).map((r) => r.id);
      expect(await q(partnersOfSql('equipment', '$1', "'equipment'"), [a])).toEqual([b]);
      expect(await q(partnersOfSql('notifications', '$1', "'internships'"), [a])).toEqual([b]);
      for (const schema of all) expect([schema, await q(clusterMatesOfSql(schema, '$1'), [a])]).toEqual([schema, [b]]);
      expect(await q(clusterMatesOfSql('notifications', '$1', "'enterprise'"), [a])).toEqual([b]);
      const organisation = async (schema: string) => (await c.query(`SELECT name, verified FROM ${schema}.organisation WHERE id = $1`, [b])).rows[0];
      expect(await organisation('notifications')).toEqual({ name: 'Navoi Mining', verified: true });
      expect(await organisation('internships')).toEqual({ name: 'Navoi Mining', verified: null }); // not known before; its next snapshot says
    } finally {
      await c.end().catch(() => undefined);
      await dropDatabase(old.toString());
    }
  });
});
