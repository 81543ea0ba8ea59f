import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FollowUpDue, FollowUpOverdue, SelfReportRequested } from '@hamkor/contracts';
import { DueJob, OnScheduled, ScheduledJobs, Scheduler } from '@hamkor/jobs';
import { OutboxWriter } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';
import { Learner } from '../learners/learner.entity';
import { Referrals } from '../centres/referrals';
import { SelfReportLinks } from '../self-report/self-report-links';
import { FOLLOW_UP_DUE, FOLLOW_UP_OVERDUE, FollowUpJobPayload, overdueKey } from './follow-up-jobs';
import { FollowUpsRepository } from './follow-ups.repository';

/**
 * A follow-up falls due: the graduate (e-mailed a one-time self-report link by notifications, where they
 * consented to contact) and the school are asked; unanswered after the school's overdue period, it is escalated to the school and,
 * for a graduate whose status is still unknown, referred to the employment centres of the region.
 */
@Injectable()
@ScheduledJobs('employment')
export class FollowUpSchedules {
  private readonly log = logger('employment.follow-ups');

  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly scheduler: Scheduler,
    private readonly referrals: Referrals,
    private readonly outbox: OutboxWriter,
    private readonly links: SelfReportLinks,
  ) {}

  @OnScheduled(FOLLOW_UP_DUE)
  async due(job: DueJob<FollowUpJobPayload>, tx: EntityManager): Promise<void> {
    const f = await this.followUps.lockWithLearner(tx, job.payload.followUpId);
    if (!f || f.state !== 'scheduled') {
      this.log.info({ followUpId: job.payload.followUpId, state: f?.state }, 'follow-up no longer scheduled; nothing to do');
      return;
    }
    const l = await tx.findOneByOrFail(Learner, { id: f.learner_id });
    await tx.query(`UPDATE employment.follow_up SET state = 'due', became_due_at = now() WHERE id = $1`, [f.id]);
    await this.outbox.publish(tx, FollowUpDue, {
      ...graduateOf(l),
      followUpId: f.id,
      monthsAfter: f.months_after,
      dueOn: f.due_on,
      graduateContactConsented: l.consentFollowUp && !l.erasedAt && Boolean(l.email || l.phone),
    });
    const { overdueAfterDays } = await this.followUps.settings(l.schoolId, tx);
    if (l.consentFollowUp && !l.erasedAt && l.email) {
      // The graduate agreed to be asked: notifications e-mails them a one-time link, valid until the
      // follow-up would be escalated. Only this topic, read by notifications alone, carries the address.
      const link = await this.links.issue(tx, f.id, l.id, overdueAfterDays);
      await this.outbox.publish(tx, SelfReportRequested, {
        learnerId: l.id,
        schoolId: l.schoolId,
        followUpId: f.id,
        monthsAfter: f.months_after,
        dueOn: f.due_on,
        link: link.url,
        expiresAt: link.expiresAt.toISOString(),
        contact: { email: l.email },
      });
    }
    const runAt = new Date(job.runAt.getTime() + overdueAfterDays * 86_400_000);
    await this.scheduler.schedule(tx, { kind: FOLLOW_UP_OVERDUE, key: overdueKey(f.id), runAt, payload: { followUpId: f.id } });
  }

  @OnScheduled(FOLLOW_UP_OVERDUE)
  async overdue(job: DueJob<FollowUpJobPayload>, tx: EntityManager): Promise<void> {
    const f = await this.followUps.lockWithLearner(tx, job.payload.followUpId);
    if (!f || f.state !== 'due') return;
    const l = await tx.findOne(Learner, { where: { id: f.learner_id }, lock: { mode: 'pessimistic_write' } });
    if (!l) return;
    await tx.query(`UPDATE employment.follow_up SET state = 'overdue', overdue_at = now() WHERE id = $1`, [f.id]);
    await this.outbox.publish(tx, FollowUpOverdue, { ...graduateOf(l), followUpId: f.id, monthsAfter: f.months_after, dueOn: f.due_on });
    if (l.currentStatus === null || l.currentStatus === 'unknown') await this.referrals.refer(tx, l, 'unknown_after_follow_up');
  }
}

function graduateOf(l: Learner) {
  return { learnerId: l.id, schoolId: l.schoolId, specialty: l.specialty, region: l.region, cohortYear: l.cohortYear };
}
