import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { OrganisationsModule } from '../organisations/organisations.module';
import { Cluster, ClusterMember } from './cluster.entity';
import { ClustersController } from './clusters.controller';
import { ClustersRepository } from './clusters.repository';
import { ClustersService } from './clusters.service';

@Module({
  imports: [TypeOrmModule.forFeature([Cluster, ClusterMember], 'partnerships'), ServiceOutboxModule.forService('partnerships'), OrganisationsModule],
  controllers: [ClustersController],
  providers: [ClustersService, ClustersRepository],
  exports: [ClustersRepository],
})
export class ClustersModule {}
