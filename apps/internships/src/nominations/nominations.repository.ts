import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, Page, toPage } from '@hamkor/http';
import { Nomination } from './nomination.entity';
import { ListNominationsQuery } from './dto/nominate.dto';

/** A party to a nomination: the nominating school or the enterprise of the placement. */
export type NominationParty = { schoolId: string } | { enterpriseId: string };

@Injectable()
export class NominationsRepository {
  constructor(@InjectDataSource('internships') private readonly ds: DataSource) {}

  insert(tx: EntityManager, n: Nomination): Promise<unknown> {
    return tx.insert(Nomination, n);
  }

  /** The nomination, row-locked, only if this party is on it. */
  lockFor(tx: EntityManager, party: NominationParty, id: string): Promise<Nomination | null> {
    return tx.findOne(Nomination, { where: { id, ...party }, lock: { mode: 'pessimistic_write' } });
  }

  findFor(party: NominationParty | 'anyone', id: string): Promise<Nomination | null> {
    return this.ds.manager.findOneBy(Nomination, party === 'anyone' ? { id } : { id, ...party });
  }

  /** Newest first. */
  async list(party: NominationParty | 'anyone', q: ListNominationsQuery, limit: number): Promise<Page<Nomination>> {
    const qb = this.ds.getRepository(Nomination).createQueryBuilder('n').orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(limit + 1);
    if (party !== 'anyone') {
      if ('schoolId' in party) qb.andWhere('n.school_id = :org', { org: party.schoolId });
      else qb.andWhere('n.enterprise_id = :org', { org: party.enterpriseId });
    }
    if (q.placementId) qb.andWhere('n.placement_id = :placementId', { placementId: q.placementId });
    if (q.status) qb.andWhere('n.status = :status', { status: q.status });
    const after = decodeCursor(q.cursor, 2);
    if (after) {
      if (Number.isNaN(Date.parse(String(after[0]))) || !isUUID(String(after[1]))) throw new BadRequestException('cursor is not one this API issued');
      qb.andWhere('(n.created_at, n.id) < (:c, :i)', { c: after[0], i: after[1] });
    }
    return toPage(await qb.getMany(), limit, (n) => [n.createdAt.toISOString(), n.id]);
  }
}
