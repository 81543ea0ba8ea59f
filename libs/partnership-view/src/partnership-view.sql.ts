/**
 * The partnership view: a service's own copy of the facts partnerships owns, kept from its events by
 * PartnershipViewConsumer in tables of the service's schema (same shape in every schema that keeps one):
 *
 *   <schema>.partner_agreement  agreement_id (PK), parties uuid[], scopes text[], ends_on, active, as_of
 *   <schema>.cluster_member     cluster_id + organisation_id (PK), organisation_type, active, as_of
 *   <schema>.organisation       id (PK), type, name, region, verified, as_of (the registry's names)
 *
 * Rows are never deleted: an agreement that ended and a member who left stay, inactive, with the time of
 * the event that set them (`as_of`), so a late event older than the row never undoes a newer state.
 * The builders below are the one way to ask the view who is whose partner or cluster mate; each returns
 * SQL to inline into a statement, with each organisation or cluster given as an SQL expression (`$1`, `r.owner_id`).
 */
export type ViewSchema = 'internships' | 'equipment' | 'notifications' | 'employment';

/** The columns of the tables: the shape test checks that every schema has exactly these. */
export const PARTNER_AGREEMENT_COLUMNS = ['agreement_id', 'parties', 'scopes', 'ends_on', 'active', 'as_of'] as const;
export const CLUSTER_MEMBER_COLUMNS = ['cluster_id', 'organisation_id', 'organisation_type', 'active', 'as_of'] as const;
export const ORGANISATION_COLUMNS = ['id', 'type', 'name', 'region', 'verified', 'as_of'] as const;

/** Parameters carry no type of their own here: each organisation or cluster expression is read as a uuid. */
const uuid = (expr: string) => `CAST(${expr} AS uuid)`;

/**
 * An agreement row in force, for alias `a`: active, and not past its end date (its AgreementExpired may
 * still be on its way), covering `scope` (an SQL expression: `'internships'`, `$2`).
 */
function inForce(a: string, scope: string): string {
  return `${a}.active AND ${a}.ends_on >= current_date AND ${scope} = ANY (${a}.scopes)`;
}

/** A subquery selecting `id`: the organisations joined to `org` by an agreement in force covering `scope`. */
export function partnersOfSql(schema: ViewSchema, organisation: string, scope: string): string {
  const org = uuid(organisation);
  return `SELECT DISTINCT party AS id FROM ${schema}.partner_agreement a, unnest(a.parties) party
           WHERE ${inForce('a', scope)} AND a.parties @> ARRAY[${org}] AND party <> ${org}`;
}

/** A condition: `x` and `y` are parties to one agreement in force covering `scope`. */
export function arePartnersSql(schema: ViewSchema, x: string, y: string, scope: string): string {
  return `EXISTS (SELECT 1 FROM ${schema}.partner_agreement a WHERE ${inForce('a', scope)} AND a.parties @> ARRAY[${uuid(x)}, ${uuid(y)}])`;
}

/**
 * A subquery selecting `id`: the organisations that are members of a cluster `org` is a member of
 * (only those of `type`, an SQL expression, when given).
 */
export function clusterMatesOfSql(schema: ViewSchema, organisation: string, type?: string): string {
  const org = uuid(organisation);
  return `SELECT DISTINCT mate.organisation_id AS id
            FROM ${schema}.cluster_member me JOIN ${schema}.cluster_member mate ON mate.cluster_id = me.cluster_id
           WHERE me.organisation_id = ${org} AND me.active AND mate.active AND mate.organisation_id <> ${org}
             ${type ? `AND mate.organisation_type = ${type}` : ''}`;
}

/** A condition: `x` and `y` are members of one cluster. */
export function areClusterMatesSql(schema: ViewSchema, x: string, y: string): string {
  return `EXISTS (SELECT 1 FROM ${schema}.cluster_member mx JOIN ${schema}.cluster_member my ON my.cluster_id = mx.cluster_id
                   WHERE mx.organisation_id = ${uuid(x)} AND my.organisation_id = ${uuid(y)} AND mx.active AND my.active)`;
}

/** A condition: `org` is a member of cluster `cluster`. */
export function isClusterMemberSql(schema: ViewSchema, cluster: string, org: string): string {
  return `EXISTS (SELECT 1 FROM ${schema}.cluster_member m WHERE m.cluster_id = ${uuid(cluster)} AND m.organisation_id = ${uuid(org)} AND m.active)`;
}

/** A subquery selecting `organisation_id`: the members of cluster `cluster`. */
export function clusterMembersSql(schema: ViewSchema, cluster: string): string {
  return `SELECT m.organisation_id FROM ${schema}.cluster_member m WHERE m.cluster_id = ${uuid(cluster)} AND m.active`;
}
