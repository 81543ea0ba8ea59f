import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Scheduler } from '@hamkor/jobs';
import { dueKey, FOLLOW_UP_DUE, FollowUpJobPayload, startOfDay } from './follow-up-jobs';
import { FollowUpsRepository } from './follow-ups.repository';

/** Plans the follow-ups of newly graduated learners: rows and their scheduled jobs, set-based. */
@Injectable()
export class FollowUpPlanner {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly scheduler: Scheduler,
  ) {}

  async planFor(tx: EntityManager, schoolId: string, learnerIds: string[], graduatedOn: string): Promise<number> {
    if (!learnerIds.length) return 0;
    const { followUpMonths } = await this.followUps.settings(schoolId, tx);
    const rows = await this.followUps.insertForGraduates(tx, schoolId, learnerIds, graduatedOn, followUpMonths);
    await this.scheduler.scheduleMany(
      tx,
      rows.map((r) => ({ kind: FOLLOW_UP_DUE, key: dueKey(r.id), runAt: startOfDay(r.due_on), payload: { followUpId: r.id } satisfies FollowUpJobPayload })),
    );
    return rows.length;
  }
}
