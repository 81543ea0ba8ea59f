import { Module } from '@nestjs/common';

/** Employment: Learners, graduation, status reports, graduate follow-ups, employment-centre events and outcome reports. */
@Module({})
export class EmploymentModule {}
