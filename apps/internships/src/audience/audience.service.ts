import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PlacementVisibility } from '@hamkor/contracts';
import { KnownOrganisation } from './audience.entities';

/** The enterprises whose restricted placements a school may see. */
export interface Audience {
  /** Enterprises joined to the school by an active agreement with scope `internships`. */
  partners: string[];
  /** Organisations sharing a cluster with the school. */
  clusterMates: string[];
}

/** Answers "who may see what" from the local read models of partnerships events. */
@Injectable()
export class AudienceService {
  constructor(@InjectDataSource('internships') private readonly ds: DataSource) {}

  async of(schoolId: string, tx: EntityManager = this.ds.manager): Promise<Audience> {
    const [partners, mates] = await Promise.all([
      tx.query(
        `SELECT DISTINCT p AS id FROM internships.partner_agreement a, unnest(a.parties) p
          WHERE a.active AND a.ends_on >= current_date AND 'internships' = ANY (a.scopes)
            AND a.parties @> ARRAY[$1]::uuid[] AND p <> $1`,
        [schoolId],
      ),
      tx.query(
        `SELECT DISTINCT other.organisation_id AS id
           FROM internships.cluster_member me JOIN internships.cluster_member other USING (cluster_id)
          WHERE me.organisation_id = $1 AND other.organisation_id <> $1`,
        [schoolId],
      ),
    ]);
    return { partners: partners.map((r: { id: string }) => r.id), clusterMates: mates.map((r: { id: string }) => r.id) };
  }

  static sees(audience: Audience, placement: { enterpriseId: string; visibility: PlacementVisibility }): boolean {
    switch (placement.visibility) {
      case 'public':
        return true;
      case 'partners':
        return audience.partners.includes(placement.enterpriseId);
      case 'cluster':
        return audience.clusterMates.includes(placement.enterpriseId);
    }
  }

  async names(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.ds.getRepository(KnownOrganisation).findBy(ids.map((id) => ({ id })));
    return new Map(rows.map((o) => [o.id, o.name]));
  }
}
