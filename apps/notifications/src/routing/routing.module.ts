import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { DirectoryModule } from '../directory/directory.module';
import { AudienceRepository } from './audience.repository';
import { NotificationDispatcher } from './dispatcher.service';
import { RoutedEventsConsumer } from './routed-events.consumer';

@Module({
  imports: [DirectoryModule, DeliveryModule],
  providers: [RoutedEventsConsumer, NotificationDispatcher, AudienceRepository],
  exports: [NotificationDispatcher],
})
export class RoutingModule {}
