import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PlacementVisibility } from '@hamkor/contracts';
import { OrganisationRow, clusterMatesOfSql, partnersOfSql } from '@hamkor/partnership-view';

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

  /**
   * The enterprises joined to the organisation bound to `param` (e.g. `$1` or `:school`) by an agreement
   * in force with scope `internships`, as a subquery selecting `id`. The search inlines it, so a school's
   * search is one statement.
   */
  static partnersOf(param: string): string {
    return partnersOfSql('internships', param, "'internships'");
  }

  /** The organisations sharing a cluster with the organisation bound to `param`, as a subquery selecting `id`. */
  static clusterMatesOf(param: string): string {
    return clusterMatesOfSql('internships', param);
  }

  async of(schoolId: string, tx: EntityManager = this.ds.manager): Promise<Audience> {
    const [row] = await tx.query(
      `SELECT ARRAY(${AudienceService.partnersOf('$1')}) AS partners, ARRAY(${AudienceService.clusterMatesOf('$1')}) AS mates`,
      [schoolId],
    );
    return { partners: row.partners, clusterMates: row.mates };
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
    const rows = await this.ds.getRepository(OrganisationRow).findBy(ids.map((id) => ({ id })));
    return new Map(rows.map((o) => [o.id, o.name]));
  }
}
