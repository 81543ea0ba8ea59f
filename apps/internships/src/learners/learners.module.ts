import { Module } from '@nestjs/common';
import { LearnerEventsConsumer } from './learner-events.consumer';
import { LearnersRepository } from './learners.repository';

/** The learners schools enrolled, fed by employment events. */
@Module({
  providers: [LearnerEventsConsumer, LearnersRepository],
  exports: [LearnersRepository],
})
export class LearnersModule {}
