import { Module } from '@nestjs/common';
import { SchedulerModule } from '@hamkor/jobs';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { CentresModule } from '../centres/centres.module';
import { LearnersModule } from '../learners/learners.module';
import { StatusController } from './status.controller';
import { StatusRepository } from './status.repository';
import { StatusService } from './status.service';

@Module({
  imports: [ServiceOutboxModule.forService('employment'), SchedulerModule.forService('employment'), LearnersModule, CentresModule],
  controllers: [StatusController],
  providers: [StatusService, StatusRepository],
  exports: [StatusService],
})
export class StatusModule {}
