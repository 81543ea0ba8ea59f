import { Module } from '@nestjs/common';
import { SchedulerModule } from '@hamkor/jobs';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { CentresModule } from '../centres/centres.module';
import { LearnersModule } from '../learners/learners.module';
import { SelfReportLinksModule } from '../self-report/self-report-links.module';
import { FollowUpPlanner } from './follow-up.planner';
import { FollowUpSchedules } from './follow-up.schedules';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpsService } from './follow-ups.service';

@Module({
  imports: [ServiceOutboxModule.forService('employment'), SchedulerModule.forService('employment'), LearnersModule, CentresModule, SelfReportLinksModule],
  controllers: [FollowUpsController],
  providers: [FollowUpsService, FollowUpsRepository, FollowUpPlanner, FollowUpSchedules],
  exports: [FollowUpPlanner, FollowUpsRepository],
})
export class FollowUpsModule {}
