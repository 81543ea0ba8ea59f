import { Module } from '@nestjs/common';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { LearnersModule } from '../learners/learners.module';
import { PlacementsModule } from '../placements/placements.module';
import { NominationsController } from './nominations.controller';
import { NominationsRepository } from './nominations.repository';
import { NominationsService } from './nominations.service';

@Module({
  imports: [PlacementsModule, LearnersModule, ServiceOutboxModule.forService('internships')],
  controllers: [NominationsController],
  providers: [NominationsService, NominationsRepository],
  exports: [NominationsRepository],
})
export class NominationsModule {}
