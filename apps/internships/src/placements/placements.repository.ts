import { BadRequestException, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { entityJsonSql, isoTimestampSql, preparedQuery } from '@hamkor/persistence';
import { decodeCursor, jsonPage, MAX_PAGE_SIZE } from '@hamkor/http';
import { AudienceService } from '../audience/audience.service';
import { Placement } from './placement.entity';
import { PlacementSort, SearchPlacementsQuery } from './dto/search-placements.query';

/**
 * Whose eyes a search is for: a school (public placements and those its agreements and clusters open to
 * it), an enterprise (its own), the operator (all), anyone else (public ones).
 */
export type SearchScope = { schoolId: string } | { enterpriseId: string } | 'everything' | 'public';

/** Sort keys and their keyset columns (always unique with the id as tie-breaker). */
const SORTS: Record<PlacementSort, { column: string; type: string; cursorSql: string }> = {
  startsOn: { column: 'p.starts_on', type: 'date', cursorSql: 'p.starts_on::text' },
  deadline: { column: 'p.application_deadline', type: 'timestamptz', cursorSql: isoTimestampSql('p.application_deadline') },
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

  /**
   * One statement per search (the school's audience computed inside it), run as a prepared statement
   * on the pool: its text depends only on which filters are present, so there are few distinct texts.
   * PostgreSQL writes each placement's JSON, so the answer is the page's JSON text (a Page of placements).
   */
  async search(scope: SearchScope, q: SearchPlacementsQuery, limit: number): Promise<string> {
    const sort = SORTS[q.sort ?? 'startsOn'];
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (v: unknown) => `$${values.push(v)}`;

    if (scope === 'everything') {
      // the operator sees every placement
    } else if (scope === 'public') {
      where.push(`p.visibility = 'public'`);
    } else if ('enterpriseId' in scope) {
      where.push(`p.enterprise_id = ${param(scope.enterpriseId)}::uuid`);
    } else {
      const school = param(scope.schoolId);
      where.push(`(p.visibility = 'public'
          OR (p.visibility = 'partners' AND p.enterprise_id IN (${AudienceService.partnersOf(school)}))
          OR (p.visibility = 'cluster' AND p.enterprise_id IN (${AudienceService.clusterMatesOf(school)})))`);
    }
    // Literal 'open' so the planner can use the partial indexes of open placements.
    if (q.openOnly ?? true) where.push(`p.status = 'open' AND p.application_deadline > now()`);
    if (q.enterpriseId) where.push(`p.enterprise_id = ${param(q.enterpriseId)}::uuid`);
    if (q.region) where.push(`p.region = ${param(q.region)}::text`);
    if (q.specialty) where.push(`p.specialty = ${param(q.specialty)}::text`);
    if (q.competency) where.push(`p.competencies @> ARRAY[${param(q.competency)}::text]`);
    if (q.startsFrom) where.push(`p.starts_on >= ${param(q.startsFrom)}::date`);
    if (q.endsBy) where.push(`p.ends_on <= ${param(q.endsBy)}::date`);
    if (q.text) where.push(`p.search @@ websearch_to_tsquery('simple', ${param(q.text)}::text)`);
    const after = decodeCursor(q.cursor, 2);
    if (after && !(typeof after[0] === 'string' && !Number.isNaN(Date.parse(after[0])) && isUUID(String(after[1])))) {
      throw new BadRequestException('cursor is not one this API issued');
    }
    if (after) where.push(`(${sort.column}, p.id) > (${param(after[0])}::${sort.type}, ${param(after[1])}::uuid)`);

    // The LIMIT is written into the text, not bound: with it known, PostgreSQL's plan cache finds the
    // generic plan of a btree-only search (region, specialty, unfiltered) as good as a custom one and
    // stops re-planning it on every execution (planning was ~0.6 ms of each ~1.5 ms search); with
    // `LIMIT $n` it cannot cost the generic plan, so it planned every search afresh. Searches on GIN
    // columns (text, competency) and dates stay custom-planned: their generic plans cost more. The
    // limit is a validated integer of 1..MAX_PAGE_SIZE, so the set of texts stays bounded.
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw new RangeError(`page size ${limit} is outside 1..${MAX_PAGE_SIZE}`);
    const text = `SELECT ${this.json()}::text AS json, ${sort.cursorSql} AS key, p.id FROM internships.placement p
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${sort.column}, p.id LIMIT ${limit + 1}`;
    const rows = await preparedQuery<{ json: string; key: string; id: string }>(this.ds, text, values);
    return jsonPage(rows, limit, (last) => [last.key, last.id]);
  }

  private placementJson?: string;
  private json(): string {
    return (this.placementJson ??= entityJsonSql(this.ds, Placement, 'p'));
  }
}
