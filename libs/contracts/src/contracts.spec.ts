import { Parser } from '@asyncapi/parser';
import { buildAsyncApiDocument } from './asyncapi';
import { EVENT_CONTRACTS, TOPICS } from './catalog';
import { buildEnvelope } from './envelope';
import { ContractViolation, parseData, parseEnvelope } from './event-contract';
import { OrganisationRegistered } from './partnerships/organisation.events';

describe('event contracts', () => {
  it('name topics <service>.<aggregate>.v<major> and types <service>.<aggregate>.<event>', () => {
    for (const t of TOPICS) expect(t.name).toMatch(/^[a-z_]+\.[a-z_]+\.v\d+$/);
    for (const c of EVENT_CONTRACTS) expect(c.type.startsWith(`${c.topic.service}.${c.topic.aggregate}.`)).toBe(true);
  });

  it('round-trip an envelope through the wire format', () => {
    const data = OrganisationRegistered.example;
    const env = buildEnvelope({ type: OrganisationRegistered.type, source: '/partnerships', subject: data.organisationId, schemaversion: 1, data });
    const parsed = parseData(OrganisationRegistered, parseEnvelope(JSON.parse(JSON.stringify(env))));
    expect(parsed).toEqual(env);
  });

  it('reject malformed envelopes, wrong data and unknown newer versions', () => {
    expect(() => parseEnvelope({ id: 'x' })).toThrow(ContractViolation);
    const env = buildEnvelope({ type: OrganisationRegistered.type, source: '/partnerships', subject: 's', schemaversion: 1, data: { organisationId: 'nope' } });
    expect(() => parseData(OrganisationRegistered, parseEnvelope(env))).toThrow(/invalid/);
    const newer = buildEnvelope({ type: OrganisationRegistered.type, source: '/partnerships', subject: 's', schemaversion: 2, data: OrganisationRegistered.example });
    expect(() => parseData(OrganisationRegistered, parseEnvelope(newer))).toThrow(/newer/);
    expect(() => parseEnvelope({ ...newer, extra: 1 })).toThrow(ContractViolation);
  });

  it('produce an AsyncAPI 3 document that the AsyncAPI parser validates, with every event in it', async () => {
    const doc = buildAsyncApiDocument();
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
    expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
    expect(document).toBeDefined();
    const names = document!.allMessages().all().map((m) => m.name());
    expect(names.sort()).toEqual(EVENT_CONTRACTS.map((c) => c.type).sort());
  });
});
