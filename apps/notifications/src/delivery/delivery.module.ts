import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Delivery } from './delivery.entity';
import { DeliveryQueue } from './delivery.queue';
import { DeliveryRepository } from './delivery.repository';

/** The record of every message and the queue of what is still to send. */
@Module({
  imports: [TypeOrmModule.forFeature([Delivery], 'notifications')],
  providers: [DeliveryRepository, DeliveryQueue],
  exports: [DeliveryRepository, DeliveryQueue],
})
export class DeliveryModule {}
