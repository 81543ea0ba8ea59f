import { Module } from '@nestjs/common';
import { ClusterMembershipConsumer } from './cluster-membership.consumer';

@Module({ providers: [ClusterMembershipConsumer] })
export class ClustersModule {}
