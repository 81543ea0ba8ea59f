import { Module } from '@nestjs/common';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { CentreSubscriptionsController } from './centre-subscriptions.controller';
import { CentreSubscriptionsService } from './centre-subscriptions.service';
import { Referrals } from './referrals';

@Module({
  imports: [ServiceOutboxModule.forService('employment')],
  controllers: [CentreSubscriptionsController],
  providers: [CentreSubscriptionsService, Referrals],
  exports: [CentreSubscriptionsService, Referrals],
})
export class CentresModule {}
