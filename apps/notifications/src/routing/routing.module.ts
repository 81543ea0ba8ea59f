import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { DirectoryModule } from '../directory/directory.module';
import { PreferencesModule } from '../preferences/preferences.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { NotificationDispatcher } from './dispatcher.service';
import { RoutedEventsConsumer } from './routed-events.consumer';

@Module({
  imports: [DirectoryModule, PreferencesModule, WebhooksModule, DeliveryModule],
  providers: [RoutedEventsConsumer, NotificationDispatcher],
  exports: [NotificationDispatcher],
})
export class RoutingModule {}
