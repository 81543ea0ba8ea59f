import { Module } from '@nestjs/common';
import { AudienceService } from './audience.service';
import { PartnershipEventsConsumer } from './partnership-events.consumer';

/** Who sees which placement: read models of agreements, clusters and organisations, fed by partnerships events. */
@Module({
  providers: [AudienceService, PartnershipEventsConsumer],
  exports: [AudienceService],
})
export class AudienceModule {}
