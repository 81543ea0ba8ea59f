import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Page, toPage } from '@hamkor/http';
import { decodeKeyset } from '../keyset';
import { Person } from './person.entity';

@Injectable()
export class PeopleRepository {
  constructor(@InjectRepository(Person, 'partnerships') private readonly repo: Repository<Person>) {}

  findForUpdate(tx: EntityManager, organisationId: string, personId: string): Promise<Person | null> {
    return tx.findOne(Person, { where: { id: personId, organisationId }, lock: { mode: 'pessimistic_write' } });
  }

  async list(organisationId: string, limit: number, cursor?: string): Promise<Page<Person>> {
    const qb = this.repo
      .createQueryBuilder('p')
      .where('p.organisation_id = :organisationId', { organisationId })
      .orderBy('p.name', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit + 1);
    const after = decodeKeyset(cursor, ['text', 'uuid']);
    if (after) qb.andWhere('(p.name, p.id) > (:n, :i)', { n: after[0], i: after[1] });
    return toPage(await qb.getMany(), limit, (p) => [p.name, p.id]);
  }
}
