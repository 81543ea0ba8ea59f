import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Page, toPage } from '@hamkor/http';
import { decodeKeyset } from '../keyset';
import { Organisation } from '../organisations/organisation.entity';
import { StaffingReturn } from './staffing-return.entity';

export interface ReturnScope {
  region?: string;
  schoolIds?: string[];
}

@Injectable()
export class TeacherDemandRepository {
  constructor(@InjectRepository(StaffingReturn, 'partnerships') private readonly returns: Repository<StaffingReturn>) {}

  async upsert(r: StaffingReturn): Promise<StaffingReturn> {
    await this.returns.upsert(r, ['schoolId', 'year', 'subject']);
    return this.returns.findOneByOrFail({ schoolId: r.schoolId, year: r.year, subject: r.subject });
  }

  async listOfSchool(schoolId: string, year: number | undefined, limit: number, cursor?: string): Promise<Page<StaffingReturn>> {
    const qb = this.returns
      .createQueryBuilder('r')
      .where('r.school_id = :schoolId', { schoolId })
      .orderBy('r.year', 'DESC')
      .addOrderBy('r.subject', 'ASC')
      .limit(limit + 1);
    if (year) qb.andWhere('r.year = :year', { year });
    const after = decodeKeyset(cursor, ['text', 'text']);
    if (after) {
      const y = Number(after[0]);
      qb.andWhere('(r.year < :y OR (r.year = :y AND r.subject > :s))', { y: Number.isInteger(y) ? y : 0, s: after[1] });
    }
    return toPage(await qb.getMany(), limit, (r) => [String(r.year), r.subject]);
  }

  /** The returns of one year and subject, of the schools in a region or in a list (a cluster, one school). */
  forScope(year: number, subject: string, scope: ReturnScope): Promise<StaffingReturn[]> {
    const qb = this.returns.createQueryBuilder('r').where('r.year = :year AND r.subject = :subject', { year, subject });
    if (scope.region) {
      qb.innerJoin(Organisation, 'o', 'o.id = r.school_id').andWhere('o.region = :region', { region: scope.region });
    }
    if (scope.schoolIds) qb.andWhere('r.school_id = ANY(:ids)', { ids: scope.schoolIds });
    return qb.getMany();
  }
}
