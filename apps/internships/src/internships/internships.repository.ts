import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, Page, toPage } from '@hamkor/http';
import { Evaluation } from './evaluation.entity';
import { Internship } from './internship.entity';
import { ListInternshipsQuery } from './dto/internship.dto';

/** Who may act on or read an internship: its school, its enterprise, either of them, or (reading) the operator. */
export type InternshipParty = { schoolId: string } | { enterpriseId: string } | { eitherParty: string };

function whereOf(party: InternshipParty, id: string) {
  if ('eitherParty' in party) return [{ id, schoolId: party.eitherParty }, { id, enterpriseId: party.eitherParty }];
  return { id, ...party };
}

@Injectable()
export class InternshipsRepository {
  constructor(@InjectDataSource('internships') private readonly ds: DataSource) {}

  insert(tx: EntityManager, i: Internship): Promise<unknown> {
    return tx.insert(Internship, i);
  }

  lockFor(tx: EntityManager, party: InternshipParty, id: string): Promise<Internship | null> {
    return tx.findOne(Internship, { where: whereOf(party, id), lock: { mode: 'pessimistic_write' } });
  }

  lockForJob(tx: EntityManager, id: string): Promise<Internship | null> {
    return tx.findOne(Internship, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findFor(party: InternshipParty | 'anyone', id: string): Promise<Internship | null> {
    return this.ds.manager.findOne(Internship, { where: party === 'anyone' ? { id } : whereOf(party, id) });
  }

  /** Newest first. */
  async list(party: InternshipParty | 'anyone', q: ListInternshipsQuery, limit: number): Promise<Page<Internship>> {
    const qb = this.ds.getRepository(Internship).createQueryBuilder('i').orderBy('i.created_at', 'DESC').addOrderBy('i.id', 'DESC').limit(limit + 1);
    if (party !== 'anyone') {
      if ('schoolId' in party) qb.andWhere('i.school_id = :org', { org: party.schoolId });
      else if ('enterpriseId' in party) qb.andWhere('i.enterprise_id = :org', { org: party.enterpriseId });
      else qb.andWhere('(i.school_id = :org OR i.enterprise_id = :org)', { org: party.eitherParty });
    }
    if (q.status) qb.andWhere('i.status = :status', { status: q.status });
    const after = decodeCursor(q.cursor, 2);
    if (after) {
      if (Number.isNaN(Date.parse(String(after[0]))) || !isUUID(String(after[1]))) throw new BadRequestException('cursor is not one this API issued');
      qb.andWhere('(i.created_at, i.id) < (:c, :i)', { c: after[0], i: after[1] });
    }
    return toPage(await qb.getMany(), limit, (i) => [i.createdAt.toISOString(), i.id]);
  }

  async saveEvaluation(tx: EntityManager, e: Evaluation): Promise<void> {
    await tx.upsert(Evaluation, e, ['internshipId', 'party']);
  }

  evaluationsOf(internshipId: string, tx: EntityManager = this.ds.manager): Promise<Evaluation[]> {
    return tx.find(Evaluation, { where: { internshipId }, order: { party: 'ASC' } });
  }
}
