import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { ClustersModule } from '../clusters/clusters.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { Activity, ActivityRegistration } from './activity.entity';
import { ActivitiesController } from './activities.controller';
import { ActivitiesRepository } from './activities.repository';
import { ActivitiesService } from './activities.service';

@Module({
  imports: [TypeOrmModule.forFeature([Activity, ActivityRegistration], 'partnerships'), ServiceOutboxModule.forService('partnerships'), OrganisationsModule, ClustersModule],
  controllers: [ActivitiesController],
  providers: [ActivitiesService, ActivitiesRepository],
})
export class ActivitiesModule {}
