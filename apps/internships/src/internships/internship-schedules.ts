import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DueJob, OnScheduled, ScheduledJobs } from '@hamkor/jobs';
import { logger } from '@hamkor/observability';
import { INTERNSHIP_COMPLETE_JOB, INTERNSHIP_START_JOB, InternshipsService } from './internships.service';

type Payload = { internshipId: string };

@Injectable()
@ScheduledJobs('internships')
export class InternshipSchedules {
  private readonly log = logger('internships.lifecycle');

  constructor(private readonly internships: InternshipsService) {}

  @OnScheduled(INTERNSHIP_START_JOB)
  async start(job: DueJob<Payload>, tx: EntityManager): Promise<void> {
    if (!(await this.internships.startOnSchedule(tx, job.payload.internshipId))) {
      this.log.info({ internshipId: job.payload.internshipId }, 'start date reached for an internship that is no longer confirmed; nothing to do');
    }
  }

  @OnScheduled(INTERNSHIP_COMPLETE_JOB)
  async complete(job: DueJob<Payload>, tx: EntityManager): Promise<void> {
    if (!(await this.internships.completeOnSchedule(tx, job.payload.internshipId))) {
      this.log.info({ internshipId: job.payload.internshipId }, 'end date reached for an internship that is not running; nothing to do');
    }
  }
}
