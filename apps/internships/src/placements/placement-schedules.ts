import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DueJob, OnScheduled, ScheduledJobs } from '@hamkor/jobs';
import { logger } from '@hamkor/observability';
import { PLACEMENT_DEADLINE_JOB, PlacementsService } from './placements.service';

@Injectable()
@ScheduledJobs('internships')
export class PlacementSchedules {
  private readonly log = logger('internships.placements');

  constructor(private readonly placements: PlacementsService) {}

  @OnScheduled(PLACEMENT_DEADLINE_JOB)
  async closeAtDeadline(job: DueJob<{ placementId: string }>, tx: EntityManager): Promise<void> {
    const closed = await this.placements.closeAtDeadline(tx, job.payload.placementId);
    if (!closed) this.log.info({ placementId: job.payload.placementId }, 'deadline reached for a placement that is no longer open; nothing to close');
  }
}
