import { ORGANISATION_TYPES, OrganisationType, Role } from '@hamkor/contracts';
import { BadTokens } from './bad-tokens';
import { fillPath } from './openapi-walker';
import { ORG_ROLES, OrgKey, PlatformWorld, STRANGER, TYPE_OF } from './platform-world';
import { inPool, problemViolation, RawHttpClient } from './raw-http';

/**
 * An authorization matrix: for each operation a row saying who may do it (the route's guard rules,
 * copied from its decorators, and what the service decides for the resource's owner, its other
 * parties and strangers), run against a PlatformWorld for every caller: no token, an expired token, a
 * token signed by another key, the operator, and every role of the owner, the parties and an unrelated
 * organisation of every type. Any answer outside the expected set is an unexpected cell; a 2xx where
 * only 401/403/404 was expected is a leak.
 */

/** One status, or the statuses that are all right (e.g. [200, 409] when an earlier cell already did it). */
export type Expected = number | readonly number[];
export type StrangerExpected = Expected | Partial<Record<OrganisationType | 'default', Expected>>;

export interface RowRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Sent as is (e.g. text/csv); JSON otherwise. */
  contentType?: string;
}

export interface CellCaller {
  kind: 'operator' | 'owner' | 'party' | 'stranger';
  org?: OrgKey;
  type?: OrganisationType;
  role: Role;
}

export interface MatrixRow {
  /** `METHOD /path` as documented in OpenAPI (or a route kept out of the documents, like /health/live). */
  op: string;
  /** Tells two rows of one operation apart. */
  variant?: string;
  /** No token needed: every cell, bad tokens included, expects `expect.all`. */
  public?: boolean;
  /** @Roles of the route (platform_admin always passes the guard). */
  roles?: readonly Role[];
  /** @OrganisationTypes of the route. */
  types?: readonly OrganisationType[];
  /** @OwnOrganisation: the path parameter that must be the caller's organisation. */
  own?: string;
  /** The organisation whose resource it is, and others with a part in it. */
  owner?: OrgKey;
  parties?: readonly OrgKey[];
  expect: { all?: Expected; operator?: Expected; owner?: Expected; party?: Expected; stranger?: StrangerExpected };
  /** The request; called once for the denied cells and, when `fresh`, again before each allowed cell. */
  request: (w: PlatformWorld, caller?: CellCaller) => RowRequest | Promise<RowRequest>;
  /** Each allowed cell uses up its resource (deletes it, leaves it): make a new one per cell. */
  fresh?: boolean;
  /** The request depends on who sends it (e.g. a body naming the caller's own type). */
  byCaller?: boolean;
  /** Only the bad-token cells (an operation nobody has written a row for yet). */
  tokensOnly?: boolean;
}

export interface CellResult {
  row: string;
  cell: string;
  expected: readonly number[];
  actual: number;
  unexpected: boolean;
  leak: boolean;
  note?: string;
}

const TOKEN_CELLS = ['no token', 'expired', 'foreign key'] as const;
const DENIALS = new Set([401, 403, 404]);
const ROLE_LETTER: Record<string, string> = { org_admin: 'A', coordinator: 'C', mentor: 'M', viewer: 'V' };
const TYPE_SHORT: Record<OrganisationType, string> = { school: 'sch', university: 'uni', enterprise: 'ent', employment_centre: 'ctr', training_centre: 'trn' };

const asList = (e: Expected): readonly number[] => (typeof e === 'number' ? [e] : e);

export function rowName(row: MatrixRow): string {
  return row.variant ? `${row.op} (${row.variant})` : row.op;
}

/** The callers of a row: the operator, every role of the owner and parties, every role of a stranger of every type. */
export function callersOf(row: MatrixRow): CellCaller[] {
  if (row.tokensOnly) return [];
  const out: CellCaller[] = [{ kind: 'operator', role: 'platform_admin' }];
  const related: Array<[OrgKey, 'owner' | 'party']> = [...(row.owner ? [[row.owner, 'owner'] as [OrgKey, 'owner']] : []), ...(row.parties ?? []).map((p) => [p, 'party'] as [OrgKey, 'party'])];
  for (const [org, kind] of related) for (const role of ORG_ROLES) out.push({ kind, org, type: TYPE_OF[org], role });
  for (const type of ORGANISATION_TYPES) for (const role of ORG_ROLES) out.push({ kind: 'stranger', org: STRANGER[type], type, role });
  return out;
}

/** What the row says a caller gets: the guard's rules first (in the guard's order), then the service's. */
export function expectedFor(row: MatrixRow, caller: CellCaller | (typeof TOKEN_CELLS)[number], request: RowRequest, w: PlatformWorld): readonly number[] {
  if (row.public) return asList(need(row.expect.all, row, 'all'));
  if (typeof caller === 'string') return [401];
  if (caller.kind === 'operator') return asList(need(row.expect.operator, row, 'operator'));
  if (row.roles?.length && !row.roles.includes(caller.role)) return [403];
  if (row.types?.length && !row.types.includes(caller.type!)) return [403];
  if (row.own && request.params?.[row.own] !== w.orgIds[caller.org!]) return [403];
  if (caller.kind === 'owner') return asList(need(row.expect.owner, row, 'owner'));
  if (caller.kind === 'party') return asList(need(row.expect.party, row, 'party'));
  const s = need(row.expect.stranger, row, 'stranger');
  if (typeof s === 'number' || Array.isArray(s)) return asList(s as Expected);
  const byType = s as Partial<Record<OrganisationType | 'default', Expected>>;
  return asList(need(byType[caller.type!] ?? byType.default, row, `stranger ${caller.type}`));
}

function need<T>(v: T | undefined, row: MatrixRow, what: string): T {
  if (v === undefined) throw new Error(`matrix row ${rowName(row)} has no expectation for ${what}`);
  return v;
}

function cellName(c: CellCaller | string): string {
  if (typeof c === 'string') return c;
  if (c.kind === 'operator') return 'operator';
  return `${c.kind} ${c.org} ${c.role}`;
}

/** Runs a row: denied cells first (several at once: they change nothing), then allowed cells one by one. */
export async function runRow(row: MatrixRow, w: PlatformWorld, client: RawHttpClient, bad: BadTokens): Promise<CellResult[]> {
  const shared = await row.request(w);
  const [method, path] = row.op.split(' ');
  const cells: Array<{ caller: CellCaller | (typeof TOKEN_CELLS)[number]; expected: readonly number[] }> = [
    ...TOKEN_CELLS.map((t) => ({ caller: t, expected: expectedFor(row, t, shared, w) })),
    ...callersOf(row).map((c) => ({ caller: c, expected: expectedFor(row, c, shared, w) })),
  ];
  const denied = cells.filter((c) => c.expected.every((s) => DENIALS.has(s)));
  const allowed = cells.filter((c) => !denied.includes(c));

  const send = async (cell: (typeof cells)[number], req: RowRequest): Promise<CellResult> => {
    const caller = cell.caller;
    const token =
      caller === 'no token' ? null
      : caller === 'expired' ? bad.expired
      : caller === 'foreign key' ? bad.foreignKey
      : caller.kind === 'operator' ? await w.token('operator')
      : await w.token(caller.org!, [caller.role]);
    const qs = req.query && Object.keys(req.query).length ? `?${new URLSearchParams(req.query)}` : '';
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
    const res = await client.send({ method, url: `${fillPath(path, req.params ?? {})}${qs}`, headers, body });
    const violation = problemViolation(res);
    const unexpected = !cell.expected.includes(res.status) || violation !== null;
    const leak = res.status >= 200 && res.status < 300 && cell.expected.every((s) => DENIALS.has(s));
    return { row: rowName(row), cell: cellName(caller), expected: cell.expected, actual: res.status, unexpected, leak, note: unexpected ? (violation ?? res.text.slice(0, 200)) : undefined };
  };

  const results = await inPool(denied, 8, (c) => send(c, shared));
  for (const c of allowed) {
    const perCell = row.fresh || row.byCaller;
    const req = perCell ? await row.request(w, typeof c.caller === 'string' ? undefined : c.caller) : shared;
    results.push(await send(c, req));
  }
  return results;
}

/** One line per row: the status of every cell, grouped; an unexpected one is marked with `!`. */
export function formatRow(row: MatrixRow, results: CellResult[]): string {
  const at = (name: string) => results.find((r) => r.cell === name);
  const show = (r?: CellResult) => (r ? `${r.actual}${r.unexpected ? '!' : ''}` : '-');
  const group = (label: string, org: OrgKey) => `${label}[${ORG_ROLES.map((role) => ROLE_LETTER[role]).join('')}] ${ORG_ROLES.map((role) => show(results.find((r) => r.cell.endsWith(` ${org} ${role}`)))).join(' ')}`;
  const parts = [
    `tok ${TOKEN_CELLS.map((t) => show(at(t))).join(' ')}`,
    `op ${show(at('operator'))}`,
    ...(row.owner ? [group(`own:${row.owner}`, row.owner)] : []),
    ...(row.parties ?? []).map((p) => group(`party:${p}`, p)),
    ...ORGANISATION_TYPES.map((t) => `${TYPE_SHORT[t]} ${ORG_ROLES.map((role) => show(results.find((r) => r.cell === `stranger ${STRANGER[t]} ${role}`))).join(' ')}`),
  ];
  return `${rowName(row).padEnd(72)} ${parts.join(' | ')}`;
}
