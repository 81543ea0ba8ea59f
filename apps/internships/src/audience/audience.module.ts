import { Module } from '@nestjs/common';
import { PartnershipViewConsumer } from '@hamkor/partnership-view';
import { AudienceService } from './audience.service';
import { OrganisationEventsConsumer } from './organisation-events.consumer';

/** Who sees which placement: the partnership view (agreements, clusters) and organisation names, fed by partnerships events. */
@Module({
  providers: [AudienceService, PartnershipViewConsumer('internships'), OrganisationEventsConsumer],
  exports: [AudienceService],
})
export class AudienceModule {}
