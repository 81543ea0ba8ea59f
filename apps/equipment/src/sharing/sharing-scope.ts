/**
 * The one definition of "who may see and book a resource", as an SQL condition on a resource row
 * (alias `r`) for the organisation in parameter `$orgParam`:
 * the owner itself; anyone for `public`; a fellow member of one of the owner's clusters for `cluster`;
 * a party to an active equipment agreement with the owner for `partners`.
 */
export function visibleToSql(orgParam: string): string {
  return `(r.owner_id = ${orgParam}
    OR r.sharing_scope = 'public'
    OR (r.sharing_scope = 'cluster' AND EXISTS (
          SELECT 1 FROM equipment.cluster_member mo JOIN equipment.cluster_member mb ON mb.cluster_id = mo.cluster_id
           WHERE mo.organisation_id = r.owner_id AND mb.organisation_id = ${orgParam}))
    OR (r.sharing_scope = 'partners' AND EXISTS (
          SELECT 1 FROM equipment.equipment_agreement g
           WHERE g.active AND g.parties @> ARRAY[r.owner_id, ${orgParam}]::uuid[])))`;
}
