import { ForbiddenException, Injectable } from '@nestjs/common';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import { CentreSubscriptionsService } from '../centres/centre-subscriptions.service';
import { OutcomesQuery } from './dto/outcomes.query';
import { Outcome, toOutcome } from './outcome-math';
import { OutcomesRepository } from './outcomes.repository';

@Injectable()
export class OutcomesService {
  constructor(
    private readonly outcomes: OutcomesRepository,
    private readonly centres: CentreSubscriptionsService,
  ) {}

  async report(caller: Principal, q: OutcomesQuery): Promise<{ scope: Omit<OutcomesQuery, 'groupBy'>; total: Outcome; groups?: Array<{ key: string } & Outcome> }> {
    const { groupBy, ...scope } = q;
    await this.authorise(caller, scope);
    const rows = await this.outcomes.aggregate(scope, groupBy);
    const total = rows.find((r) => r.is_total);
    const empty = { graduates: 0, employed: 0, self_employed: 0, further_study: 0, unemployed_seeking: 0, inactive: 0, unknown: 0, median_months: null, with_internship: 0, hired_by_host: 0 };
    return {
      scope,
      total: toOutcome(total ?? empty),
      ...(groupBy ? { groups: rows.filter((r) => !r.is_total).map((r) => ({ key: r.key!, ...toOutcome(r) })) } : {}),
    };
  }

  /**
   * Who may see which aggregate: a school its own graduates, a cluster member its cluster, an employment
   * centre the regions it follows; the operator everything. Narrowing filters are always allowed.
   */
  private async authorise(caller: Principal, scope: Omit<OutcomesQuery, 'groupBy'>): Promise<void> {
    if (isPlatformAdmin(caller)) return;
    const org = caller.organisationId;
    if (!org) throw new ForbiddenException('outcome reports are for organisations');
    if (scope.clusterId) {
      if (!(await this.outcomes.isClusterMember(scope.clusterId, org))) throw new ForbiddenException('your organisation is not a member of this cluster');
      return;
    }
    if (caller.organisationType === 'school') {
      scope.schoolId ??= org;
      if (scope.schoolId !== org) throw new ForbiddenException("another school's outcomes are not yours to see");
      return;
    }
    if (caller.organisationType === 'employment_centre' && scope.region && (await this.centres.follows(org, scope.region))) return;
    throw new ForbiddenException('choose a scope you are entitled to: your school, a cluster of yours, or a region your centre follows');
  }
}
