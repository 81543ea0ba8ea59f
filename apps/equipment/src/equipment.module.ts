import { Module } from '@nestjs/common';
import { BookingsModule } from './bookings/bookings.module';
import { ResourcesModule } from './resources/resources.module';
import { SharingModule } from './sharing/sharing.module';
import { UsageModule } from './usage/usage.module';

/** Equipment: shared labs, machines and workshops: availability and bookings without double-booking. */
@Module({
  imports: [
    SharingModule, // read models of clusters and equipment agreements (partnerships events)
    ResourcesModule, // listing, editing, blackouts, search
    BookingsModule, // availability, bookings and series, decisions, reminders, withdrawal, ICS
    UsageModule, // hours booked and used
  ],
})
export class EquipmentModule {}
