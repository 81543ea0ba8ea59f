import { Module } from '@nestjs/common';
import { SchedulerModule } from '@hamkor/jobs';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { AudienceModule } from '../audience/audience.module';
import { LearnersModule } from '../learners/learners.module';
import { NominationsModule } from '../nominations/nominations.module';
import { PlacementsModule } from '../placements/placements.module';
import { EvaluationsService } from './evaluations.service';
import { InternshipSchedules } from './internship-schedules';
import { ConfirmationsController, InternshipsController } from './internships.controller';
import { InternshipsRepository } from './internships.repository';
import { InternshipsService } from './internships.service';

@Module({
  imports: [
    PlacementsModule,
    NominationsModule,
    LearnersModule,
    AudienceModule,
    ServiceOutboxModule.forService('internships'),
    SchedulerModule.forService('internships'),
  ],
  controllers: [ConfirmationsController, InternshipsController],
  providers: [InternshipsService, EvaluationsService, InternshipsRepository, InternshipSchedules],
})
export class InternshipLifecycleModule {}
