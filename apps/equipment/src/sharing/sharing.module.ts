import { Module } from '@nestjs/common';
import { PartnershipViewConsumer } from '@hamkor/partnership-view';

/** Sharing scope: the partnership view (clusters and agreements), fed by partnerships events; see sharing-scope.ts. */
@Module({
  providers: [PartnershipViewConsumer('equipment')],
})
export class SharingModule {}
