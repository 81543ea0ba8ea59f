import { Module } from '@nestjs/common';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { FollowUpsModule } from '../follow-ups/follow-ups.module';
import { GraduationController } from './graduation.controller';
import { GraduationRepository } from './graduation.repository';
import { GraduationService } from './graduation.service';

@Module({
  imports: [ServiceOutboxModule.forService('employment'), FollowUpsModule],
  controllers: [GraduationController],
  providers: [GraduationService, GraduationRepository],
})
export class GraduationModule {}
