import { Module } from '@nestjs/common';
import { AudienceModule } from './audience/audience.module';
import { InternshipLifecycleModule } from './internships/internships.module';
import { LearnersModule } from './learners/learners.module';
import { NominationsModule } from './nominations/nominations.module';
import { PlacementsModule } from './placements/placements.module';

/** Internships: Placements, nominations, confirmations, the internship lifecycle and evaluations. */
@Module({
  imports: [
    // what enterprises and schools do
    PlacementsModule,
    NominationsModule,
    InternshipLifecycleModule,
    // read models of other services' events
    AudienceModule,
    LearnersModule,
  ],
})
export class InternshipsModule {}
