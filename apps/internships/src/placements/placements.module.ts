import { Module } from '@nestjs/common';
import { SchedulerModule } from '@hamkor/jobs';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { AudienceModule } from '../audience/audience.module';
import { PlacementSchedules } from './placement-schedules';
import { PlacementsController } from './placements.controller';
import { PlacementsRepository } from './placements.repository';
import { PlacementsService } from './placements.service';

@Module({
  imports: [AudienceModule, ServiceOutboxModule.forService('internships'), SchedulerModule.forService('internships')],
  controllers: [PlacementsController],
  providers: [PlacementsService, PlacementsRepository, PlacementSchedules],
  exports: [PlacementsService, PlacementsRepository],
})
export class PlacementsModule {}
