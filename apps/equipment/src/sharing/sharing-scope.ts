import { areClusterMatesSql, arePartnersSql } from '@hamkor/partnership-view';

/**
 * The one definition of "who may see and book a resource", as an SQL condition on a resource row
 * (alias `r`) for the organisation in parameter `$orgParam`:
 * the owner itself; anyone for `public`; a fellow member of one of the owner's clusters for `cluster`;
 * a party to an agreement in force with the owner covering equipment for `partners`.
 */
export function visibleToSql(orgParam: string): string {
  return `(r.owner_id = ${orgParam}
    OR r.sharing_scope = 'public'
    OR (r.sharing_scope = 'cluster' AND ${areClusterMatesSql('equipment', 'r.owner_id', orgParam)})
    OR (r.sharing_scope = 'partners' AND ${arePartnersSql('equipment', 'r.owner_id', orgParam, "'equipment'")}))`;
}
