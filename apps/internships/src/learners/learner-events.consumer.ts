import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventData, EventEnvelope, LearnerEnrolled, LearnerErased, LearnerUpdated } from '@hamkor/contracts';
import { EventConsumer, HandleEvent } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';

/** Keeps the list of learners each school enrolled (the only learners it may nominate). */
@Injectable()
@EventConsumer('internships')
export class LearnerEventsConsumer {
  private readonly log = logger('internships.learners');

  @HandleEvent(LearnerEnrolled)
  async enrolled(e: EventEnvelope<EventData<typeof LearnerEnrolled>>, tx: EntityManager): Promise<void> {
    await this.upsert(e, tx);
  }

  @HandleEvent(LearnerUpdated)
  async updated(e: EventEnvelope<EventData<typeof LearnerUpdated>>, tx: EntityManager): Promise<void> {
    await this.upsert(e, tx);
  }

  /** The id stays (internships and statistics refer to it); the learner can no longer be nominated. */
  @HandleEvent(LearnerErased)
  async erased(e: EventEnvelope<EventData<typeof LearnerErased>>, tx: EntityManager): Promise<void> {
    const [, n] = await tx.query(`UPDATE internships.known_learner SET erased = true WHERE learner_id = $1`, [e.data.learnerId]);
    if (!n) this.log.warn({ learnerId: e.data.learnerId }, 'erasure of a learner never enrolled here; skipped');
  }

  private async upsert(e: EventEnvelope<EventData<typeof LearnerEnrolled>>, tx: EntityManager): Promise<void> {
    const d = e.data;
    await tx.query(
      `INSERT INTO internships.known_learner (learner_id, school_id, specialty, minor, as_of) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (learner_id) DO UPDATE SET school_id = EXCLUDED.school_id, specialty = EXCLUDED.specialty, minor = EXCLUDED.minor, as_of = EXCLUDED.as_of
       WHERE internships.known_learner.as_of <= EXCLUDED.as_of`,
      [d.learnerId, d.schoolId, d.specialty, d.minor, e.time],
    );
  }
}
