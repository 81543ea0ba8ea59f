import { ApiOperation, ApiParameter, encodeComponent, exampleOf, fillPath, JsonSchema } from './openapi-walker';

/**
 * Deterministic bad input for an OpenAPI operation: every request is derived from a seed, so a failure
 * found once is found again on the next run with the same seed (the seed is printed with each failure).
 */

/** mulberry32: small, fast, and the same sequence on every machine for a given seed. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A stable 32-bit seed from text (FNV-1a), e.g. from an operation key and a run seed. */
export function seedOf(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Strings that have broken parsers, databases, templates and terminals before. */
export const ODD_UNICODE = [
  '\u0000',
  'nul\u0000inside',
  '\u202Egnp.exe\u202C',
  '\u200F\u05E9\u05DC\u05D5\u05DD\u200E',
  '\u200B\u200C\u200D\u2060\uFEFF',
  '😀👩‍👩‍👧‍👦🏳️‍🌈',
  '\uD800',
  'lone \uDFFF surrogate',
  '\uDBFF\uDFFF',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '𝕳𝖆𝖒𝖐𝖔𝖗',
  'Oʻzbekiston Ўзбекистон',
  'İıŞşĞğ ß ﬁ',
  '\r\nSet-Cookie: injected=1',
  '\t\u000b\f\u0085\u2028\u2029',
  '\u001b[31mred\u001b[0m',
  ' ',
  '',
] as const;

export const INJECTION_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE organisation; --",
  '" OR 1=1 --',
  "1; SELECT pg_sleep(5); --",
  "\\'; SELECT current_user; --",
  '%27%20OR%201%3D1',
  "admin'--",
  '$where: 1 == 1',
  '{"$gt": ""}',
  '{"$ne": null}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '${7*7}',
  '{{7*7}}',
  '#{7*7}<%= 7*7 %>',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%00',
  '%s%s%s%n',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  '-0',
  '1e309',
] as const;

export const INVALID_DATES = [
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '2026-1-5',
  '05/01/2026',
  'yesterday',
  '2026-01-01T25:61:00Z',
  '2026-01-01T00:00:00+25:00',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '9999-12-31',
  '1900-01-01',
  '1970-01-01T00:00:00Z',
  '2026-W05',
  'NaN-NaN-NaN',
  '',
] as const;

export const BAD_UUIDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '{6f1c2d3e-4b5a-4978-8695-a4b3c2d1e0f9}',
  '6f1c2d3e4b5a49788695a4b3c2d1e0f9',
  '6f1c2d3e-4b5a-4978-8695-a4b3c2d1e0fz',
  '6F1C2D3E-4B5A-4978-8695-A4B3C2D1E0F9-00',
  "' OR 1=1 --",
  '-1',
  '0',
  'null',
  '%00',
  '..',
  '😀',
] as const;

export const BAD_NUMBERS = [-1, 0, -0.5, 1.5, 1e308, -1e308, 2 ** 53 + 1, 2 ** 31, -(2 ** 31) - 1, 99999999999999, 1e-300] as const;

export const MALFORMED_JSON = [
  '{"a": ',
  '{',
  '}',
  '{"a": 1,}',
  "{'a': 1}",
  '{"a": undefined}',
  '{"a": NaN}',
  '{"a": 0x10}',
  '\uFEFF{"a": 1}',
  '{"a": "\\x41"}',
  '{"a": "\\uD800"',
  '[1, 2',
  'nul',
  'tru',
  '{"a": 1}{"b": 2}',
  '{"a":' + '['.repeat(50_000),
] as const;

export const NON_OBJECT_JSON = ['[]', '[{}]', '"text"', '42', 'true', 'null', '[1,2,3]', '""'] as const;

export const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----hamkor',
  'application/xml',
  'text/html',
  'application/octet-stream',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  '*/*',
  'image/png',
] as const;

export interface FuzzRequest {
  method: string;
  /** Path and query string, as sent (already encoded where it must be). */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** What was done to the request, for the report of a failure. */
  label: string;
}

export interface FuzzTarget {
  op: ApiOperation;
  /** Good values for the path parameters (existing resources where possible). */
  pathParams: Record<string, string>;
  /** A body that would be accepted (or an example-based approximation of one). */
  validBody?: unknown;
  /** Good query parameters to start from. */
  validQuery?: Record<string, string>;
}

const DATE_NAME = /(On|At|Date|date|deadline|Deadline|until|from|to|Graduation)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;
const RANGE_PAIRS: Array<[string, string]> = [
  ['startsOn', 'endsOn'],
  ['startsAt', 'endsAt'],
  ['from', 'to'],
  ['startsFrom', 'endsBy'],
];

function isDateLike(name: string, schema: JsonSchema, value: unknown): boolean {
  return schema.format === 'date' || schema.format === 'date-time' || (typeof value === 'string' && ISO_DATE.test(value)) || (DATE_NAME.test(name) && schema.type === 'string');
}

/** A value of the wrong JSON type for the schema. */
function wrongTypes(schema: JsonSchema): unknown[] {
  switch (schema.type) {
    case 'string':
      return [42, -1.5, true, null, {}, [], ['a', 'b'], { $gt: '' }, { $ne: null }];
    case 'number':
    case 'integer':
      return ['1', '', 'abc', true, null, [], {}, [1], { $gt: 0 }];
    case 'boolean':
      return ['true', 'yes', 1, 0, null, [], {}];
    case 'array':
      return ['a', 1, true, null, {}, { 0: 'a', length: 1 }];
    case 'object':
      return ['x', 1, true, null, [], [{}]];
    default:
      return [null, {}, [], 1, 'x'];
  }
}

/** Values of the right type that break a rule: out of range, too long, odd, hostile. */
function badValues(name: string, schema: JsonSchema, valid: unknown): unknown[] {
  const out: unknown[] = [];
  if (schema.enum?.length) out.push('not-a-member', String(schema.enum[0]).toUpperCase(), ` ${String(schema.enum[0])}`, `${String(schema.enum[0])}\u0000`);
  switch (schema.type) {
    case 'string':
      out.push(...ODD_UNICODE, ...INJECTION_STRINGS, 'x'.repeat(10_001), 'é'.repeat(5_000));
      if (schema.format === 'uuid' || /Id$/.test(name)) out.push(...BAD_UUIDS);
      if (isDateLike(name, schema, valid)) out.push(...INVALID_DATES);
      if (schema.format === 'email' || /mail$/i.test(name)) out.push('not-an-email', 'a@b', '@example.uz', 'a@@example.uz', `${'a'.repeat(300)}@example.uz`);
      if (/url|link/i.test(name)) out.push('ftp://example.uz/x', 'http://', 'not a url', 'file:///etc/passwd', 'http://[::1]:99999/', `https://example.uz/${'a'.repeat(5000)}`);
      break;
    case 'number':
    case 'integer':
      out.push(...BAD_NUMBERS);
      if (schema.maximum !== undefined) out.push(schema.maximum + 1);
      if (schema.minimum !== undefined) out.push(schema.minimum - 1);
      break;
    case 'array': {
      const item = Array.isArray(valid) && valid.length ? valid[0] : schema.items ? exampleOf(schema.items) : 'x';
      out.push([], Array.from({ length: 10_000 }, () => item), [null], [item, null], [[item]], [...wrongTypes(schema.items ?? {}).slice(0, 3)]);
      if (schema.items?.type === 'string') out.push(['x'.repeat(10_001)], [...ODD_UNICODE.slice(0, 6)], [...INJECTION_STRINGS.slice(0, 6)]);
      break;
    }
    case 'object':
      out.push({}, { unexpected: true }, nest(2_000));
      break;
  }
  return out;
}

function nest(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

function setPath(body: unknown, key: string, value: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return { ...(body as Record<string, unknown>), [key]: value };
}

function without(body: unknown, key: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const copy = { ...(body as Record<string, unknown>) };
  delete copy[key];
  return copy;
}

/** Every systematic body mutation of an operation: one field at a time, then the body as a whole. */
function bodyMutations(op: ApiOperation, valid: unknown): Array<{ label: string; body?: string; contentType?: string; headers?: Record<string, string> }> {
  const out: Array<{ label: string; body?: string; contentType?: string; headers?: Record<string, string> }> = [];
  const json = (label: string, v: unknown) => out.push({ label, body: JSON.stringify(v) });
  const props = op.body?.properties ?? {};
  const validObj = (typeof valid === 'object' && valid !== null ? valid : {}) as Record<string, unknown>;

  for (const [name, schema] of Object.entries(props)) {
    const v = validObj[name] ?? exampleOf(schema);
    for (const w of wrongTypes(schema)) json(`body.${name}: wrong type ${JSON.stringify(w)}`, setPath(valid, name, w));
    for (const b of badValues(name, schema, v)) json(`body.${name}: bad value ${JSON.stringify(b).slice(0, 40)}`, setPath(valid, name, b));
    if (op.body?.required?.includes(name)) json(`body.${name}: missing`, without(valid, name));
    if (schema.type === 'array' && schema.items?.properties) {
      // One level down: the items of an array of objects get the same treatment.
      const item = (Array.isArray(v) && v.length ? v[0] : exampleOf(schema.items)) as Record<string, unknown>;
      for (const [inner, innerSchema] of Object.entries(schema.items.properties)) {
        for (const w of [...wrongTypes(innerSchema).slice(0, 3), ...badValues(inner, innerSchema, item?.[inner]).slice(0, 6)]) {
          json(`body.${name}[0].${inner}: ${JSON.stringify(w).slice(0, 40)}`, setPath(valid, name, [setPath(item, inner, w)]));
        }
        json(`body.${name}[0].${inner}: missing`, setPath(valid, name, [without(item, inner)]));
      }
    }
  }
  for (const [a, b] of RANGE_PAIRS) {
    if (a in validObj && b in validObj) json(`body: ${a} after ${b}`, { ...validObj, [a]: validObj[b], [b]: validObj[a] });
  }
  json('body: extra field', { ...validObj, isAdmin: true });
  const rest = JSON.stringify(validObj).slice(1);
  out.push({ label: 'body: extra __proto__', body: `{"__proto__":{"polluted":true}${rest === '}' ? '' : ','}${rest}` });
  json('body: extra constructor.prototype', { ...validObj, constructor: { prototype: { polluted: true } } });
  json('body: every field null', Object.fromEntries(Object.keys(props).map((k) => [k, null])));
  json('body: empty object', {});
  json('body: deeply nested field', { ...validObj, [Object.keys(props)[0] ?? 'x']: nest(3_000) });
  for (const m of MALFORMED_JSON) out.push({ label: `malformed JSON ${JSON.stringify(m.slice(0, 20))}`, body: m });
  for (const n of NON_OBJECT_JSON) out.push({ label: `non-object JSON ${n}`, body: n });
  out.push({ label: 'empty body', body: '' });
  out.push({ label: 'body over the size limit', body: JSON.stringify({ ...validObj, padding: 'x'.repeat(1_200_000) }) });
  for (const ct of WRONG_CONTENT_TYPES) out.push({ label: `content-type ${ct}`, body: ct.includes('urlencoded') ? 'a=1&b=2' : JSON.stringify(valid), contentType: ct });
  out.push({ label: 'no content-type', body: JSON.stringify(valid), contentType: '' });
  out.push({ label: 'content-encoding gzip (not gzip)', body: JSON.stringify(valid), headers: { 'Content-Encoding': 'gzip' } });
  out.push({ label: 'content-encoding unknown', body: JSON.stringify(valid), headers: { 'Content-Encoding': 'compress-9000' } });
  if (!op.contentTypes.includes('text/csv')) out.push({ label: 'text/csv to a JSON endpoint', body: 'a,b\n1,2', contentType: 'text/csv' });
  return out;
}

const MAX_QUERY = 8_000;

function queryMutations(params: ApiParameter[], valid: Record<string, string>): Array<{ label: string; query: string }> {
  const out: Array<{ label: string; query: string }> = [];
  const enc = (q: Record<string, string | string[]>) =>
    Object.entries(q)
      .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeComponent(k)}=${encodeComponent(x)}`))
      .join('&');
  for (const p of params) {
    const v = valid[p.name] ?? String(exampleOf(p.schema) ?? '');
    const bad = [
      ...wrongTypes(p.schema).filter((w) => typeof w === 'string' || typeof w === 'number').map(String),
      ...badValues(p.name, p.schema, v).filter((b) => typeof b === 'string' || typeof b === 'number').map(String),
      '',
      'x'.repeat(4_000),
    ];
    for (const b of bad) {
      const query = enc({ ...valid, [p.name]: b });
      // Node refuses a request line over 16 KB itself (431, before any route); that is not the API's answer.
      if (query.length <= MAX_QUERY) out.push({ label: `query ${p.name}=${JSON.stringify(b.slice(0, 30))}`, query });
    }
    out.push({ label: `query ${p.name} twice`, query: enc({ ...valid, [p.name]: [v, v] }) });
    out.push({ label: `query ${p.name}[] bracket`, query: `${enc(valid)}&${encodeComponent(p.name)}[]=1` });
    if (p.required) {
      const rest = { ...valid };
      delete rest[p.name];
      out.push({ label: `query ${p.name} missing`, query: enc(rest) });
    }
  }
  for (const [a, b] of RANGE_PAIRS) {
    if (valid[a] && valid[b]) out.push({ label: `query ${a} after ${b}`, query: enc({ ...valid, [a]: valid[b], [b]: valid[a] }) });
  }
  out.push({ label: 'query unknown parameter', query: enc({ ...valid, unexpected: '1' }) });
  out.push({ label: 'query __proto__', query: `${enc(valid)}&__proto__=x&constructor[prototype][x]=1` });
  out.push({ label: 'query raw percent', query: `${enc(valid)}&limit=%` });
  out.push({ label: 'query NUL', query: `${enc(valid)}&x=%00` });
  return out;
}

function pathMutations(op: ApiOperation, good: Record<string, string>): Array<{ label: string; path: string }> {
  const out: Array<{ label: string; path: string }> = [];
  for (const p of op.pathParams) {
    const bad = [...BAD_UUIDS, ...INJECTION_STRINGS.slice(0, 10), ...ODD_UNICODE.filter((s) => s !== ''), 'a'.repeat(2_000), '9'.repeat(7_000), '6f1c2d3e-4b5a-4978-8695-a4b3c2d1e0f9'];
    for (const b of bad) out.push({ label: `path ${p.name}=${JSON.stringify(b.slice(0, 30))}`, path: fillPath(op.path, { ...good, [p.name]: b }) });
    out.push({ label: `path ${p.name} with an encoded slash`, path: fillPath(op.path, { ...good, [p.name]: `${good[p.name]}%2F..` }, true) });
    out.push({ label: `path ${p.name} with a raw dot-dot`, path: fillPath(op.path, { ...good, [p.name]: '..%2F..%2Fhealth' }, true) });
  }
  return out;
}

const FIRST = [/wrong type null/, /\\u0000/, /nested/, /every field null/, /surrogate|\\ud[89a-f]/i];

/** What a mutation breaks: a body field, a parameter, or the body or request as a whole. */
function bucketOf(label: string): string {
  const m = /^(body\.[^:\s]+|query \S+?(?==| |$)|path \S+?(?==| |$)|random)/.exec(label);
  return m ? m[1] : label.split(' ')[0];
}

function roundRobin(items: FuzzRequest[], rnd: SeededRandom): FuzzRequest[] {
  const buckets = new Map<string, FuzzRequest[]>();
  for (const r of items) buckets.set(bucketOf(r.label), [...(buckets.get(bucketOf(r.label)) ?? []), r]);
  const rank = (r: FuzzRequest) => {
    const i = FIRST.findIndex((re) => re.test(r.label));
    return i < 0 ? FIRST.length + rnd.next() : i;
  };
  const queues = [...buckets.values()].map((b) => b.map((r) => ({ r, k: rank(r) })).sort((a, b) => a.k - b.k).map((x) => x.r));
  const out: FuzzRequest[] = [];
  for (let round = 0; out.length < items.length; round++) for (const q of queues) if (q[round]) out.push(q[round]);
  return out;
}

/**
 * Every systematic mutation of the target (body fields, whole bodies, content types, path and query
 * parameters, Idempotency-Key), then seeded random combinations until `count` requests.
 */
export function fuzzRequests(target: FuzzTarget, count: number, seed: number): FuzzRequest[] {
  const { op } = target;
  const rnd = new SeededRandom(seedOf(seed, op.key));
  const goodPath = fillPath(op.path, target.pathParams);
  const validQuery = target.validQuery ?? {};
  const qs = (q: string) => (q ? `?${q}` : '');
  const validQs = qs(new URLSearchParams(validQuery).toString());
  const hasBody = !!op.body || op.contentTypes.length > 0;
  const validBody = hasBody ? JSON.stringify(target.validBody ?? (op.body ? exampleOf(op.body) : {})) : undefined;
  const req = (label: string, over: Partial<FuzzRequest> & { contentType?: string } = {}): FuzzRequest => {
    const headers: Record<string, string> = { ...(over.headers ?? {}) };
    const body = 'body' in over ? over.body : validBody;
    const ct = over.contentType ?? 'application/json';
    if (body !== undefined && ct) headers['Content-Type'] = ct;
    return { method: op.method, url: over.url ?? `${goodPath}${validQs}`, headers, body, label };
  };

  const systematic: FuzzRequest[] = [];
  for (const m of pathMutations(op, target.pathParams)) systematic.push(req(m.label, { url: `${m.path}${validQs}` }));
  for (const m of queryMutations(op.queryParams, validQuery)) systematic.push(req(m.label, { url: `${goodPath}${qs(m.query)}` }));
  if (hasBody) {
    for (const m of bodyMutations(op, target.validBody ?? (op.body ? exampleOf(op.body) : {}))) {
      systematic.push(req(m.label, { body: m.body, contentType: m.contentType, headers: m.headers }));
    }
  } else {
    // A body where none is expected must not confuse the route either.
    systematic.push(req('unexpected JSON body', { body: '{"surprise": true}' }));
    systematic.push(req('unexpected malformed body', { body: '{"surprise": ' }));
  }
  if (op.idempotent) {
    for (const key of ['', ' ', 'k'.repeat(300), 'k'.repeat(8_000), "' OR 1=1 --", '../etc', 'ключ']) {
      systematic.push(req(`Idempotency-Key ${JSON.stringify(key.slice(0, 20))}`, { headers: { 'Idempotency-Key': encodeComponent(key) } }));
    }
  }

  // More mutations exist than the budget takes: take them round-robin over what they break (each body
  // field, each parameter, the body as a whole...), the historically worst first, then random combinations.
  const out = roundRobin(systematic, rnd).slice(0, count);
  const bodyProps = Object.entries(op.body?.properties ?? {});
  while (out.length < count) {
    const r = rnd.next();
    if (bodyProps.length && r < 0.6) {
      // Several fields broken at once.
      let body = (target.validBody ?? exampleOf(op.body!)) as Record<string, unknown>;
      const names: string[] = [];
      for (let k = 0; k < 1 + rnd.int(3); k++) {
        const [name, schema] = rnd.pick(bodyProps);
        const pool = [...wrongTypes(schema), ...badValues(name, schema, body?.[name])];
        body = setPath(body, name, rnd.pick(pool)) as Record<string, unknown>;
        names.push(name);
      }
      out.push(req(`random: body ${names.join('+')}`, { body: JSON.stringify(body) }));
    } else if (op.queryParams.length && r < 0.85) {
      const p = rnd.pick(op.queryParams);
      const pool = [...wrongTypes(p.schema), ...badValues(p.name, p.schema, validQuery[p.name])].filter((x) => typeof x === 'string' || typeof x === 'number').map(String);
      const query = new URLSearchParams({ ...validQuery, [p.name]: rnd.pick(pool) }).toString();
      out.push(req(`random: query ${p.name}`, { url: `${goodPath}${qs(query.length <= MAX_QUERY ? query : '')}` }));
    } else if (op.pathParams.length) {
      const p = rnd.pick(op.pathParams);
      const v = rnd.pick([...BAD_UUIDS, ...ODD_UNICODE.filter((s) => s !== ''), ...INJECTION_STRINGS]);
      out.push(req(`random: path ${p.name}`, { url: `${fillPath(op.path, { ...target.pathParams, [p.name]: v })}${validQs}` }));
    } else {
      out.push(systematic[rnd.int(systematic.length)] ?? req('valid request'));
    }
  }
  return out;
}
