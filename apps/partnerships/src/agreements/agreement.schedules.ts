import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgreementExpired, AgreementExpiring } from '@hamkor/contracts';
import { DueJob, OnScheduled, ScheduledJobs } from '@hamkor/jobs';
import { OutboxWriter } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';
import { daysLeft } from './agreement-dates';
import { AgreementsRepository } from './agreements.repository';
import { AgreementJobs, AgreementsService, termsOf } from './agreements.service';

type Job = DueJob<{ agreementId: string }>;

/**
 * The agreement lifecycle that happens by the calendar. Each handler re-reads the agreement under a lock
 * and does nothing when it has moved on (terminated, already expired), so a late or repeated wake-up is harmless.
 */
@Injectable()
@ScheduledJobs('partnerships')
export class AgreementSchedules {
  private readonly log = logger('partnerships.agreements');

  constructor(
    private readonly agreements: AgreementsRepository,
    private readonly service: AgreementsService,
    private readonly outbox: OutboxWriter,
  ) {}

  @OnScheduled(AgreementJobs.Activate)
  async activate(job: Job, tx: EntityManager): Promise<void> {
    const a = await this.agreements.lock(tx, job.payload.agreementId);
    if (a?.status !== 'signed') return this.skip(job, a?.status);
    await this.service.activate(tx, a);
  }

  @OnScheduled(AgreementJobs.Expiring)
  async expiring(job: Job, tx: EntityManager): Promise<void> {
    const a = await this.agreements.lock(tx, job.payload.agreementId);
    if (a?.status !== 'active') return this.skip(job, a?.status);
    await this.outbox.publish(tx, AgreementExpiring, { ...termsOf(a), daysLeft: daysLeft(a.endsOn, laterOf(job.runAt, new Date())) });
  }

  @OnScheduled(AgreementJobs.Expire)
  async expire(job: Job, tx: EntityManager): Promise<void> {
    const a = await this.agreements.lock(tx, job.payload.agreementId);
    if (a?.status !== 'active') return this.skip(job, a?.status);
    a.status = 'expired';
    await tx.save(a);
    await this.outbox.publish(tx, AgreementExpired, termsOf(a));
  }

  private skip(job: Job, status: string | undefined): void {
    this.log.info({ key: job.key, status: status ?? 'gone' }, 'scheduled agreement job has nothing to do; skipped');
  }
}

/** A reminder that runs late (the service was down) tells the days really left, never more. */
function laterOf(a: Date, b: Date): Date {
  return a > b ? a : b;
}
