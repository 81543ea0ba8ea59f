import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventData, EventEnvelope, InternshipCompleted } from '@hamkor/contracts';
import { EventConsumer, HandleEvent } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';

/**
 * Records completed internships on the learner's pathway. A hire by the host enterprise on or after the
 * completion counts as an internship→hire conversion, whichever of the two events arrives first.
 */
@Injectable()
@EventConsumer('employment')
export class InternshipCompletionsConsumer {
  private readonly log = logger('employment.pathways');

  @HandleEvent(InternshipCompleted)
  async completed(e: EventEnvelope<EventData<typeof InternshipCompleted>>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const [learner] = await tx.query(`SELECT id FROM employment.learner WHERE id = $1 AND school_id = $2`, [d.learnerId, d.schoolId]);
    if (!learner) {
      this.log.warn({ internshipId: d.internshipId, learnerId: d.learnerId }, 'internship completed for a learner this service does not know; skipped');
      return;
    }
    await tx.query(
      `INSERT INTO employment.internship_record (internship_id, learner_id, school_id, enterprise_id, specialty, completed_on, hours)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (internship_id) DO NOTHING`,
      [d.internshipId, d.learnerId, d.schoolId, d.enterpriseId, d.specialty, d.completedOn, d.hours ?? null],
    );
    await tx.query(
      `UPDATE employment.learner l SET had_internship = true,
         hired_by_host = l.hired_by_host OR EXISTS (
           SELECT 1 FROM employment.status_report s
            WHERE s.learner_id = l.id AND s.status = 'employed' AND s.employer_id = $2 AND s.effective_on >= $3::date)
       WHERE l.id = $1`,
      [d.learnerId, d.enterpriseId, d.completedOn],
    );
  }
}
