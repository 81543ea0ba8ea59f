import { Module } from '@nestjs/common';
import { PartnershipViewConsumer } from '@hamkor/partnership-view';

/** Cluster membership (which schools a cluster outcome report covers), kept from partnerships events. */
@Module({ providers: [PartnershipViewConsumer('employment', { agreements: false })] })
export class ClustersModule {}
