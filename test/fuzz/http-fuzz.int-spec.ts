import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { contractsOfTopic, dlqTopicName, EVENT_CONTRACTS, EventContract, OrganisationRegistered } from '@hamkor/contracts';
import { createKafka, parseBrokers } from '@hamkor/messaging';
import { employmentService } from '@hamkor/employment';
import { equipmentService } from '@hamkor/equipment';
import { internshipsService } from '@hamkor/internships';
import { notificationsService } from '@hamkor/notifications';
import { partnershipsService } from '@hamkor/partnerships';
import {
  ApiOperation,
  consumedTypes,
  endOffsets,
  envelopeMessage,
  exampleOf,
  fetchOpenApiDocuments,
  fillPath,
  freshExample,
  FuzzRequest,
  fuzzRequests,
  inPool,
  listOperations,
  OrgKey,
  PLATFORM_SERVICES,
  PlatformWorld,
  problemViolation,
  RawHttpClient,
  RawResponse,
  readFrom,
  ReadMessage,
  SeededRandom,
  seedOf,
  startConsumersAtTheEnd,
  TestPlatform,
  waitFor,
} from '@hamkor/testing';

/**
 * Fuzzing every HTTP operation the platform documents, and every topic a service consumes.
 *
 * HTTP: for each operation of the five OpenAPI documents, systematic then seeded random bad input
 * (types, missing and extra fields, huge and odd strings, injection, invalid dates and ranges,
 * out-of-range numbers, malformed JSON, wrong content types, bad path and query parameters), sent with
 * a valid token of a caller that gets past the route's guard. No answer may be a 5xx; every 4xx must be
 * problem+json. FUZZ_SEED and FUZZ_REQUESTS change the run (the seed is printed with every failure).
 *
 * Kafka: on every consumed topic, messages that are not JSON, bad envelopes, valid envelopes with
 * wrong data, and a schemaversion from the future must all reach `<topic>.dlq`, and a valid event
 * sent after them must still be applied.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_611);
const TOTAL_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = 16;

const SERVICES = [partnershipsService, internshipsService, equipmentService, employmentService, notificationsService];
/** Callers whose token may pass a route's guard: the operator and the participating organisation of each type. */
const CANDIDATES: Array<OrgKey | 'operator'> = ['operator', 'school', 'university', 'enterprise', 'centre', 'training'];

/** Query values the documents' examples do not make valid (windows must be ahead and short). */
function validQueryOf(op: ApiOperation): Record<string, string> {
  const q: Record<string, string> = {};
  for (const p of op.queryParams) {
    if (!p.required && !['from', 'to', 'subject', 'year'].includes(p.name)) continue;
    q[p.name] = String(exampleOf(p.schema));
  }
  if (op.path.endsWith('/availability')) {
    q.from = new Date(Date.now() + 86_400_000).toISOString();
    q.to = new Date(Date.now() + 8 * 86_400_000).toISOString();
  }
  return q;
}

describe('fuzzing every operation and every consumed topic', () => {
  const platform = new TestPlatform(SERVICES);
  let world: PlatformWorld;
  let operations: ApiOperation[];

  beforeAll(async () => {
    await startConsumersAtTheEnd(createKafka({ brokers: parseBrokers(process.env.KAFKA_BROKERS ?? 'localhost:9092'), clientId: `fuzz-setup-${randomUUID().slice(0, 8)}` }), platform, PLATFORM_SERVICES);
    await platform.start();
    world = await new PlatformWorld(platform).build();
    operations = listOperations(await fetchOpenApiDocuments(platform.url));
  }, 240_000);
  afterAll(() => platform.stop());

  it('answers bad input on every operation with a 4xx problem+json, never a 5xx', async () => {
    expect(operations.length).toBeGreaterThan(50);
    const client = new RawHttpClient(platform.url, CONCURRENCY);
    const tokens = new Map<string, string>();
    for (const c of CANDIDATES) tokens.set(c, await world.token(c));
    const started = Date.now();

    // Which callers get past each route's guard: a valid-looking request from each, answered other than 401/403.
    const probes = operations.flatMap((op) => CANDIDATES.map((c) => ({ op, c })));
    const targets = new Map(operations.map((op) => [op.key, { op, pathParams: Object.fromEntries(op.pathParams.map((p) => [p.name, world.pathParam(p.name)])), validQuery: validQueryOf(op), validBody: op.body ? exampleOf(op.body) : undefined }]));
    const probeAnswers = await inPool(probes, CONCURRENCY, async ({ op, c }) => {
      const t = targets.get(op.key)!;
      const url = `${fillPath(op.path, t.pathParams)}${Object.keys(t.validQuery).length ? `?${new URLSearchParams(t.validQuery)}` : ''}`;
      const body = op.body || op.contentTypes.length ? JSON.stringify(t.validBody ?? {}) : undefined;
      const res = await client.send({ method: op.method, url, body, headers: { Authorization: `Bearer ${tokens.get(c)}`, ...(body ? { 'Content-Type': 'application/json' } : {}) } });
      return { op, c, req: { method: op.method, url, headers: {}, body, label: 'probe: valid-looking request' } as FuzzRequest, res };
    });
    const plausible = new Map<string, Array<OrgKey | 'operator'>>();
    for (const { op, c, res } of probeAnswers) {
      if (res.status === 401 || res.status === 403) continue;
      plausible.set(op.key, [...(plausible.get(op.key) ?? []), c]);
    }

    const perOperation = Math.ceil((TOTAL_REQUESTS - probes.length) / operations.length);
    const work: Array<{ op: ApiOperation; req: FuzzRequest; caller: string }> = [];
    for (const op of operations) {
      const rnd = new SeededRandom(seedOf(SEED, 'callers', op.key));
      const callers = plausible.get(op.key) ?? CANDIDATES;
      for (const req of fuzzRequests(targets.get(op.key)!, perOperation, SEED)) work.push({ op, req, caller: rnd.pick(callers) });
    }
    const answers = await inPool(work, CONCURRENCY, async ({ op, req, caller }) => {
      const res = await client
        .send({ ...req, headers: { Authorization: `Bearer ${tokens.get(caller)}`, ...req.headers } })
        .catch((err: Error): RawResponse => ({ status: 0, contentType: '', text: `no answer: ${err.message}`, ms: 0 }));
      return { op, req, caller, res };
    });
    client.close();
    const seconds = (Date.now() - started) / 1000;

    // The report: requests, statuses, services, and every answer that breaks the rules.
    const all = [...probeAnswers.map((a) => ({ ...a, caller: a.c })), ...answers];
    const byStatus = new Map<number, number>();
    const byService = new Map<string, { requests: number; '2xx': number; '4xx': number; '5xx': number; other: number }>();
    const failures: string[] = [];
    for (const { op, req, caller, res } of all) {
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      const s = byService.get(op.service) ?? { requests: 0, '2xx': 0, '4xx': 0, '5xx': 0, other: 0 };
      s.requests++;
      const cls = res.status >= 200 && res.status < 300 ? '2xx' : res.status >= 400 && res.status < 500 ? '4xx' : res.status >= 500 ? '5xx' : 'other';
      s[cls]++;
      byService.set(op.service, s);
      const why = res.status === 0 ? res.text : problemViolation(res);
      if (why) failures.push(`${why} | ${op.key} | ${req.label} | as ${caller} | seed ${SEED} | ${req.method} ${req.url.slice(0, 160)} | ${res.text.slice(0, 300)}`);
    }
    const fivexx = [...byStatus].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    console.log(
      [
        `HTTP fuzz (seed ${SEED}): ${all.length} requests over ${operations.length} operations in ${seconds.toFixed(1)} s (${Math.round(all.length / seconds)}/s, ${CONCURRENCY} in flight)`,
        `by status: ${[...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}=${n}`).join(' ')}`,
        `5xx: ${fivexx}   rule violations: ${failures.length}`,
        ...[...byService].map(([svc, s]) => `  ${svc.padEnd(14)} ${String(s.requests).padStart(6)} requests  2xx ${s['2xx']}  4xx ${s['4xx']}  5xx ${s['5xx']}  other ${s.other}`),
        ...failures.slice(0, 40).map((f) => `  FAIL ${f}`),
      ].join('\n'),
    );
    expect(all.length).toBeGreaterThanOrEqual(TOTAL_REQUESTS);
    expect(failures).toEqual([]);
  }, 240_000);

  it('dead-letters malformed and unknown-version messages on every consumed topic, and the consumers go on', async () => {
    const kafka = createKafka({ brokers: parseBrokers(process.env.KAFKA_BROKERS ?? 'localhost:9092'), clientId: `fuzz-${randomUUID().slice(0, 8)}` });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const run = randomUUID().slice(0, 8);
    try {
      // service → topic → types it handles, from the consumers the platform actually started.
      const consumed = consumedTypes(platform.messaging.consumers);
      const topics = [...new Set([...consumed.values()].flatMap((m) => [...m.keys()]))].sort();
      expect(topics.length).toBeGreaterThan(3);
      // Every consumed topic is a topic of the contract catalogue.
      for (const t of topics) expect(contractsOfTopic(t).length).toBeGreaterThan(0);
      const byType = new Map(EVENT_CONTRACTS.map((c) => [c.type, c]));
      const from = await endOffsets(kafka, topics.map(dlqTopicName));

      // For each topic, one handled type per consuming service (shared where they overlap).
      const expected: Array<{ topic: string; service: string; key: string; case: string }> = [];
      const valid: Array<{ service: string; eventId: string; type: string }> = [];
      let registeredOrg: string | undefined;
      for (const topic of topics) {
        const services = [...consumed].filter(([, m]) => m.has(topic)).map(([s]) => s);
        const chosen = new Map<string, EventContract>();
        for (const s of services) {
          const types = consumed.get(s)!.get(topic)!;
          const shared = types.find((t) => chosen.has(t)) ?? types[0];
          chosen.set(shared, byType.get(shared)!);
        }
        for (const contract of chosen.values()) {
          const data = freshExample<Record<string, unknown>>(contract);
          const good = envelopeMessage(contract, data);
          const key = good.message.key;
          const handlers = services.filter((s) => consumed.get(s)!.get(topic)!.includes(contract.type));
          const header = (c: string) => ({ 'x-fuzz-run': run, 'x-fuzz-case': c });
          const poison = [
            { case: 'not-json', value: 'this is {not json', to: services },
            { case: 'empty', value: '', to: services },
            { case: 'bad-envelope', value: JSON.stringify({ ...good.envelope, specversion: '0.3', id: 'not-a-uuid', time: 'yesterday' }), to: services },
            { case: 'wrong-data', value: envelopeMessage(contract, { unexpected: true, [Object.keys(data)[0] ?? 'x']: 12345 }, { key }).message.value, to: handlers },
            { case: 'schemaversion-99', value: envelopeMessage(contract, data, { key, schemaversion: 99 }).message.value, to: handlers },
          ];
          await producer.send({ topic, acks: -1, messages: poison.map((p) => ({ key, value: p.value, headers: header(p.case) })) });
          for (const p of poison) for (const s of p.to) expected.push({ topic, service: s, key, case: p.case });
          // A valid event after the poison, on the same key (so the same partition, behind it).
          await producer.send({ topic, acks: -1, messages: [{ ...good.message, headers: header('valid') }] });
          for (const s of handlers) valid.push({ service: s, eventId: good.envelope.id, type: contract.type });
          if (contract.type === OrganisationRegistered.type) registeredOrg = (data as { organisationId: string }).organisationId;
        }
      }

      const groupOf = (service: string) => `${platform.groupPrefix}.${service}`;
      const ours = (m: { headers: Record<string, string> }) => m.headers['x-fuzz-run'] === run;
      // Other runs' consumers on the same broker dead-letter these messages too: match ours one by one.
      const deadLettered = (seen: ReadMessage[], e: (typeof expected)[number]) =>
        seen.some((m) => ours(m) && m.topic === dlqTopicName(e.topic) && m.key === e.key && m.headers['x-fuzz-case'] === e.case && m.headers['dlq-consumer'] === groupOf(e.service));
      const dead = await readFrom(kafka, from, (seen) => expected.every((e) => deadLettered(seen, e)), 60_000);
      const missing = expected.filter((e) => !deadLettered(dead, e));
      const validDeadLettered = dead.filter((m) => ours(m) && m.headers['x-fuzz-case'] === 'valid' && m.headers['dlq-consumer']?.startsWith(`${platform.groupPrefix}.`));

      // Every valid event was applied (its inbox row, written with the handler's effects, says so).
      const notApplied: string[] = [];
      await waitFor(async () => {
        notApplied.length = 0;
        for (const v of valid) {
          const ds = platform.app.get<DataSource>(getDataSourceToken(v.service), { strict: false });
          const rows = await ds.query(`SELECT outcome FROM "${v.service}".inbox WHERE consumer = $1 AND event_id = $2`, [groupOf(v.service), v.eventId]);
          if (rows[0]?.outcome !== 'applied') notApplied.push(`${v.service} ${v.type} ${v.eventId}: ${rows[0]?.outcome ?? 'not seen'}`);
        }
        return notApplied.length === 0;
      }, 60_000, 'valid events after the poison to be applied').catch(() => undefined);

      // And one effect a user sees: the organisation of the valid registration reached the notifications directory.
      let directoryStatus = 0;
      if (registeredOrg && consumed.get('notifications')?.get(OrganisationRegistered.topic.name)?.includes(OrganisationRegistered.type)) {
        const operator = await world.token('operator');
        await waitFor(async () => {
          directoryStatus = (await platform.http.get(`/notifications/directory/organisations/${registeredOrg}`).set('Authorization', `Bearer ${operator}`)).status;
          return directoryStatus === 200;
        }, 30_000, 'the directory to show the organisation').catch(() => undefined);
      }

      console.log(
        [
          `Kafka fuzz: ${topics.length} consumed topics, ${expected.length} expected dead letters (${new Set(expected.map((e) => `${e.topic}/${e.case}/${e.key}`)).size} poison messages), ${valid.length} valid applications`,
          ...topics.map((t) => `  ${t.padEnd(34)} consumers: ${[...consumed].filter(([, m]) => m.has(t)).map(([s]) => s).join(', ')}; dead-lettered ${expected.filter((e) => e.topic === t && deadLettered(dead, e)).length}/${expected.filter((e) => e.topic === t).length}`),
          `missing from the DLQ: ${missing.length}; valid events dead-lettered: ${validDeadLettered.length}; valid events not applied: ${notApplied.length}; directory shows the registered organisation: ${directoryStatus === 200}`,
          ...missing.slice(0, 20).map((m) => `  MISSING ${m.service} ${m.topic} ${m.case}`),
          ...notApplied.slice(0, 20).map((m) => `  NOT APPLIED ${m}`),
        ].join('\n'),
      );
      expect(missing).toEqual([]);
      expect(validDeadLettered.map((m) => `${m.topic} ${m.headers['dlq-error']}`)).toEqual([]);
      expect(notApplied).toEqual([]);
      if (registeredOrg) expect(directoryStatus).toBe(200);
    } finally {
      await producer.disconnect();
    }
  }, 180_000);
});
