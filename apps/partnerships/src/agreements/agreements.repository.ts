import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Page, toPage } from '@hamkor/http';
import { decodeKeyset } from '../keyset';
import { Agreement, AgreementSignature } from './agreement.entity';
import { ListAgreementsQuery } from './dto/agreement.dto';

@Injectable()
export class AgreementsRepository {
  constructor(
    @InjectRepository(Agreement, 'partnerships') private readonly agreements: Repository<Agreement>,
    @InjectRepository(AgreementSignature, 'partnerships') private readonly signatures: Repository<AgreementSignature>,
  ) {}

  findById(id: string): Promise<Agreement | null> {
    return this.agreements.findOneBy({ id });
  }

  lock(tx: EntityManager, id: string): Promise<Agreement | null> {
    return tx.findOne(Agreement, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async signedBy(tx: EntityManager | null, agreementId: string): Promise<string[]> {
    const rows = await (tx ?? this.signatures.manager).find(AgreementSignature, { where: { agreementId }, order: { signedAt: 'ASC' } });
    return rows.map((r) => r.organisationId);
  }

  /** A party's agreements, latest start first; `partyId` undefined only for the platform operator. */
  async list(partyId: string | undefined, q: ListAgreementsQuery, limit: number): Promise<Page<Agreement>> {
    const qb = this.agreements.createQueryBuilder('a').orderBy('a.starts_on', 'DESC').addOrderBy('a.id', 'DESC').limit(limit + 1);
    if (partyId) qb.andWhere(':partyId = ANY(a.parties)', { partyId });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.scope) qb.andWhere(':scope = ANY(a.scopes)', { scope: q.scope });
    const after = decodeKeyset(q.cursor, ['date', 'uuid']);
    if (after) qb.andWhere('(a.starts_on, a.id) < (:d, :i)', { d: after[0], i: after[1] });
    return toPage(await qb.getMany(), limit, (a) => [a.startsOn, a.id]);
  }
}
