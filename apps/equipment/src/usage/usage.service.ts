import { BadRequestException, Injectable } from '@nestjs/common';
import { Principal } from '@hamkor/auth';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { actingOrganisation } from '../resources/acting-organisation';
import { UsageQuery } from './dto/usage.query';
import { UsageRepository } from './usage.repository';

@Injectable()
export class UsageService {
  constructor(private readonly usage: UsageRepository) {}

  report(caller: Principal, q: UsageQuery) {
    const org = actingOrganisation(caller);
    const months = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));
    if (months(q.to) < months(q.from)) throw new BadRequestException('to must not be before from');
    if (months(q.to) - months(q.from) > 36) throw new BadRequestException('a report covers at most 36 months');
    return this.usage.report(org, q.as ?? 'owner', q.from, q.to, q.cursor, q.limit ?? DEFAULT_PAGE_SIZE);
  }
}
