import { BadRequestException, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, Page, toPage } from '@hamkor/http';
import { AudienceService } from '../audience/audience.service';
import { Placement } from './placement.entity';
import { PlacementSort, SearchPlacementsQuery } from './dto/search-placements.query';

/**
 * Whose eyes a search is for: a school (public placements and those its agreements and clusters open to
 * it), an enterprise (its own), the operator (all), anyone else (public ones).
 */
export type SearchScope = { schoolId: string } | { enterpriseId: string } | 'everything' | 'public';

/** Sort keys and their keyset columns (always unique with the id as tie-breaker). */
const SORTS: Record<PlacementSort, { column: string; cursorOf: (p: Placement) => string }> = {
  startsOn: { column: 'p.starts_on', cursorOf: (p) => p.startsOn },
  deadline: { column: 'p.application_deadline', cursorOf: (p) => p.applicationDeadline.toISOString() },
};

export interface SeatTaken {
  acceptedCount: number;
  capacity: number;
  filled: boolean;
}

@Injectable()
export class PlacementsRepository {
  constructor(@InjectDataSource('internships') private readonly ds: DataSource) {}

  findById(id: string, tx: EntityManager = this.ds.manager): Promise<Placement | null> {
    return tx.findOneBy(Placement, { id });
  }

  /** The placement, row-locked, only if this enterprise owns it. */
  lockOwned(tx: EntityManager, enterpriseId: string, id: string): Promise<Placement | null> {
    return tx.findOne(Placement, { where: { id, enterpriseId }, lock: { mode: 'pessimistic_write' } });
  }

  lockForJob(tx: EntityManager, id: string): Promise<Placement | null> {
    return tx.findOne(Placement, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async insertMany(tx: EntityManager, placements: Placement[]): Promise<Placement[]> {
    await tx.insert(Placement, placements);
    return tx.findBy(Placement, placements.map((p) => ({ id: p.id })));
  }

  /**
   * Takes one seat in a single conditional UPDATE: concurrent acceptances queue on the row lock and each
   * re-checks `accepted_count < capacity` after the one before it committed, so capacity is never
   * exceeded, and exactly one of them sees the count reach capacity (and marks the placement filled).
   * Null when no seat is left or the placement no longer takes acceptances.
   */
  async takeSeat(tx: EntityManager, enterpriseId: string, id: string): Promise<SeatTaken | null> {
    const [rows] = await tx.query(
      `UPDATE internships.placement
          SET accepted_count = accepted_count + 1,
              status = CASE WHEN accepted_count + 1 = capacity THEN 'filled' ELSE status END,
              first_accepted_at = coalesce(first_accepted_at, now()),
              updated_at = now()
        WHERE id = $1 AND enterprise_id = $2 AND status IN ('open', 'closed') AND accepted_count < capacity
        RETURNING accepted_count, capacity, status`,
      [id, enterpriseId],
    );
    const row = rows[0];
    return row ? { acceptedCount: row.accepted_count, capacity: row.capacity, filled: row.status === 'filled' } : null;
  }

  /** Gives back a seat (a withdrawal): a filled placement takes nominations again until its deadline. */
  async releaseSeat(tx: EntityManager, enterpriseId: string, id: string): Promise<Placement | null> {
    await tx.query(
      `UPDATE internships.placement
          SET accepted_count = accepted_count - 1,
              status = CASE WHEN status <> 'filled' THEN status
                            WHEN application_deadline > now() AND closed_reason IS NULL THEN 'open'
                            ELSE 'closed' END,
              closed_reason = CASE WHEN status = 'filled' AND application_deadline <= now() THEN coalesce(closed_reason, 'deadline') ELSE closed_reason END,
              updated_at = now()
        WHERE id = $1 AND enterprise_id = $2 AND accepted_count > 0`,
      [id, enterpriseId],
    );
    return tx.findOneBy(Placement, { id, enterpriseId });
  }

  async search(scope: SearchScope, q: SearchPlacementsQuery, limit: number): Promise<Page<Placement>> {
    const sort = SORTS[q.sort ?? 'startsOn'];
    const qb = this.ds
      .getRepository(Placement)
      .createQueryBuilder('p')
      .orderBy(sort.column, 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit + 1);

    if (scope === 'everything') {
      // the operator sees every placement
    } else if (scope === 'public') {
      qb.andWhere(`p.visibility = 'public'`);
    } else if ('enterpriseId' in scope) {
      qb.andWhere('p.enterprise_id = :own', { own: scope.enterpriseId });
    } else {
      // The school's audience is computed inside the same statement: one round trip per search.
      qb.andWhere(
        `(p.visibility = 'public'
          OR (p.visibility = 'partners' AND p.enterprise_id IN (${AudienceService.partnersOf(':school')}))
          OR (p.visibility = 'cluster' AND p.enterprise_id IN (${AudienceService.clusterMatesOf(':school')})))`,
        { school: scope.schoolId },
      );
    }
    // Literal 'open' so the planner can use the partial indexes of open placements.
    if (q.openOnly ?? true) qb.andWhere(`p.status = 'open' AND p.application_deadline > now()`);
    if (q.enterpriseId) qb.andWhere('p.enterprise_id = :enterpriseId', { enterpriseId: q.enterpriseId });
    if (q.region) qb.andWhere('p.region = :region', { region: q.region });
    if (q.specialty) qb.andWhere('p.specialty = :specialty', { specialty: q.specialty });
    if (q.competency) qb.andWhere('p.competencies @> ARRAY[CAST(:competency AS text)]', { competency: q.competency });
    if (q.startsFrom) qb.andWhere('p.starts_on >= :startsFrom', { startsFrom: q.startsFrom });
    if (q.endsBy) qb.andWhere('p.ends_on <= :endsBy', { endsBy: q.endsBy });
    if (q.text) qb.andWhere(`p.search @@ websearch_to_tsquery('simple', :text)`, { text: q.text });
    const after = decodeCursor(q.cursor, 2);
    if (after && !(typeof after[0] === 'string' && !Number.isNaN(Date.parse(after[0])) && isUUID(String(after[1])))) {
      throw new BadRequestException('cursor is not one this API issued');
    }
    if (after) qb.andWhere(`(${sort.column}, p.id) > (:k, :i)`, { k: after[0], i: after[1] });

    return toPage(await qb.getMany(), limit, (p) => [sort.cursorOf(p), p.id]);
  }
}
