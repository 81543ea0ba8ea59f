import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SchedulerModule } from '@hamkor/jobs';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { ResourcesModule } from '../resources/resources.module';
import { BookingReminders } from './booking-reminders';
import { Booking } from './booking.entity';
import { BookingsController } from './bookings.controller';
import { BookingsRepository } from './bookings.repository';
import { BookingsService } from './bookings.service';
import { ResourceBookingsController } from './resource-bookings.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([Booking], 'equipment'),
    ServiceOutboxModule.forService('equipment'),
    SchedulerModule.forService('equipment'),
    ResourcesModule,
  ],
  controllers: [ResourceBookingsController, BookingsController],
  providers: [BookingsService, BookingsRepository, BookingReminders],
})
export class BookingsModule {}
