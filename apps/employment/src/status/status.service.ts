import { ForbiddenException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@hamkor/persistence';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import { GraduateStatusReported } from '@hamkor/contracts';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { Scheduler } from '@hamkor/jobs';
import { OutboxWriter } from '@hamkor/messaging';
import { Learner } from '../learners/learner.entity';
import { LearnersRepository } from '../learners/learners.repository';
import { CentreSubscriptionsService } from '../centres/centre-subscriptions.service';
import { Referrals } from '../centres/referrals';
import { overdueKey, todayIso } from '../follow-ups/follow-up-jobs';
import { StatusReport, StatusSource } from './status-report.entity';
import { StatusRepository } from './status.repository';
import { ReportStatusDto, StatusHistoryQuery } from './dto/report-status.dto';
import { updateReturning } from '../sql';

@Injectable()
export class StatusService {
  constructor(
    @InjectDataSource('employment') private readonly ds: DataSource,
    private readonly reports: StatusRepository,
    private readonly learners: LearnersRepository,
    private readonly centres: CentreSubscriptionsService,
    private readonly referrals: Referrals,
    private readonly scheduler: Scheduler,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * A status reported by an organisation: the graduate's school (any status), an enterprise (a hire of
   * the graduate by itself), or an employment centre following the graduate's region (e.g. a placement).
   */
  async report(caller: Principal, learnerId: string, dto: ReportStatusDto): Promise<StatusReport> {
    if (isPlatformAdmin(caller) || !caller.organisationId) throw new ForbiddenException('statuses are reported by a school, an enterprise or an employment centre');
    const org = caller.organisationId;
    return inTransaction(this.ds, async (tx) => {
      const l = await tx.findOne(Learner, { where: { id: learnerId }, lock: { mode: 'pessimistic_write' } });
      let source: StatusSource;
      let employerId = dto.employerId;
      switch (caller.organisationType) {
        case 'school':
          if (!l || l.schoolId !== org) throw new NotFoundException('no such learner in your school');
          source = 'school';
          break;
        case 'enterprise':
          if (!l || !l.graduatedOn) throw new NotFoundException('no such graduate');
          if (dto.status !== 'employed') throw new UnprocessableEntityException('an enterprise reports a hire: status must be employed');
          if (employerId && employerId !== org) throw new ForbiddenException('an enterprise reports hires by itself only');
          employerId = org;
          source = 'enterprise';
          break;
        case 'employment_centre':
          // A centre only knows (and may only report on) graduates of the regions it follows.
          if (!l || !l.graduatedOn || !(await this.centres.follows(org, l.region))) throw new NotFoundException('no such graduate in the regions your centre follows');
          source = 'employment_centre';
          break;
        default:
          throw new ForbiddenException('statuses are reported by a school, an enterprise or an employment centre');
      }
      return this.record(tx, l, { ...dto, employerId, source, reportedBy: org });
    });
  }

  /**
   * Records one report in the caller's transaction (the learner row locked): history row, current status,
   * the follow-ups it answers, the event, and a referral when the graduate is now seeking work.
   */
  async record(tx: EntityManager, l: Learner, input: ReportStatusDto & { source: StatusSource; reportedBy?: string }): Promise<StatusReport> {
    if (!l.graduatedOn) throw new UnprocessableEntityException('statuses are reported for graduates; this learner has not graduated');
    if (input.effectiveOn > todayIso()) throw new UnprocessableEntityException('effectiveOn cannot be in the future');
    const draft = { id: randomUUID(), learnerId: l.id, schoolId: l.schoolId, ...input };
    const saved = await this.reports.insert(tx, draft);
    const isCurrent = await this.reports.applyToLearner(tx, draft);

    // A follow-up asks "what is this graduate doing now?": any fresh report answers it, whoever sent it.
    const answered = await updateReturning<{ id: string }>(
      tx,
      `UPDATE employment.follow_up SET state = 'answered', answered_at = now() WHERE learner_id = $1 AND state IN ('due', 'overdue') RETURNING id`,
      [l.id],
    );
    for (const f of answered) await this.scheduler.cancel(tx, overdueKey(f.id));

    await this.outbox.publish(tx, GraduateStatusReported, {
      learnerId: l.id,
      schoolId: l.schoolId,
      specialty: l.specialty,
      region: l.region,
      cohortYear: l.cohortYear,
      status: input.status,
      effectiveOn: input.effectiveOn,
      source: input.source,
      ...(input.employerId ? { employerId: input.employerId } : {}),
      ...(input.sector ? { sector: input.sector } : {}),
    });
    if (isCurrent && input.status === 'unemployed_seeking') await this.referrals.refer(tx, l, 'unemployed_seeking');
    return saved;
  }

  async history(caller: Principal, learnerId: string, q: StatusHistoryQuery) {
    if (!isPlatformAdmin(caller)) {
      const l = caller.organisationId ? await this.learners.findOwn(caller.organisationId, learnerId) : null;
      if (!l) throw new NotFoundException('no such learner in your school');
    }
    return this.reports.history(learnerId, q.cursor, q.limit ?? DEFAULT_PAGE_SIZE);
  }
}
