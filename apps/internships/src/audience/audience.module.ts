import { Module } from '@nestjs/common';
import { PartnershipViewConsumer } from '@hamkor/partnership-view';
import { AudienceService } from './audience.service';

/** Who sees which placement, and the organisations' names: the partnership view (agreements, clusters, the registry), fed by partnerships events. */
@Module({
  providers: [AudienceService, PartnershipViewConsumer('internships', { agreements: true, organisations: true })],
  exports: [AudienceService],
})
export class AudienceModule {}
