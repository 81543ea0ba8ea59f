import { Module } from '@nestjs/common';

/** Equipment: Shared labs, machines and workshops: availability and bookings without double-booking. */
@Module({})
export class EquipmentModule {}
