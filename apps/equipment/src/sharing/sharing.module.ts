import { Module } from '@nestjs/common';
import { PartnershipEventsConsumer } from './partnership-events.consumer';

/** Sharing scope: local read models of clusters and equipment agreements, fed by partnerships events. */
@Module({
  providers: [PartnershipEventsConsumer],
})
export class SharingModule {}
