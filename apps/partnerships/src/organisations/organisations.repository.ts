import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Page, toPage } from '@hamkor/http';
import { decodeKeyset } from '../keyset';
import { Organisation } from './organisation.entity';
import { ListOrganisationsQuery } from './dto/list-organisations.query';

@Injectable()
export class OrganisationsRepository {
  constructor(@InjectRepository(Organisation, 'partnerships') private readonly repo: Repository<Organisation>) {}

  get manager(): EntityManager {
    return this.repo.manager;
  }

  findById(id: string): Promise<Organisation | null> {
    return this.repo.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<Organisation[]> {
    return ids.length ? this.repo.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  async list(q: ListOrganisationsQuery, limit: number): Promise<Page<Organisation>> {
    const qb = this.repo.createQueryBuilder('o').orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').limit(limit + 1);
    if (q.type) qb.andWhere('o.type = :type', { type: q.type });
    if (q.region) qb.andWhere('o.region = :region', { region: q.region });
    if (q.name) qb.andWhere('o.name ILIKE :name', { name: `%${q.name.replace(/[\\%_]/g, '\\$&')}%` });
    const after = decodeKeyset(q.cursor, ['text', 'uuid']);
    if (after) qb.andWhere('(o.name, o.id) > (:n, :i)', { n: after[0], i: after[1] });
    return toPage(await qb.getMany(), limit, (o) => [o.name, o.id]);
  }
}
