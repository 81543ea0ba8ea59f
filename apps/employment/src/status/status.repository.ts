import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, Page, toPage } from '@hamkor/http';
import { GraduateStatus } from '@hamkor/contracts';
import { StatusReport, StatusSource } from './status-report.entity';
import { updateReturning } from '../sql';

export interface NewStatusReport {
  id: string;
  learnerId: string;
  schoolId: string;
  status: GraduateStatus;
  effectiveOn: string;
  sector?: string;
  employerId?: string;
  source: StatusSource;
  reportedBy?: string;
}

@Injectable()
export class StatusRepository {
  constructor(@InjectDataSource('employment') private readonly ds: DataSource) {}

  async insert(tx: EntityManager, r: NewStatusReport): Promise<StatusReport> {
    await tx.query(
      `INSERT INTO employment.status_report (id, learner_id, school_id, status, effective_on, sector, employer_id, source, reported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.id, r.learnerId, r.schoolId, r.status, r.effectiveOn, r.sector ?? null, r.employerId ?? null, r.source, r.reportedBy ?? null],
    );
    return tx.findOneByOrFail(StatusReport, { id: r.id });
  }

  /**
   * Moves the learner's current status, first job and internship→hire flag with a new report. The
   * current status is the latest by effective date (a later report wins a tie); returns whether this
   * report became the current one.
   */
  async applyToLearner(tx: EntityManager, r: NewStatusReport): Promise<boolean> {
    const isJob = r.status === 'employed' || r.status === 'self_employed';
    const [row] = await updateReturning<{ is_current: boolean }>(
      tx,
      `UPDATE employment.learner l SET
         current_status       = CASE WHEN l.current_effective_on IS NULL OR l.current_effective_on <= $2::date THEN $3 ELSE l.current_status END,
         current_effective_on = CASE WHEN l.current_effective_on IS NULL OR l.current_effective_on <= $2::date THEN $2::date ELSE l.current_effective_on END,
         current_reported_at  = CASE WHEN l.current_effective_on IS NULL OR l.current_effective_on <= $2::date THEN now() ELSE l.current_reported_at END,
         first_job_on         = CASE WHEN $4 THEN LEAST(COALESCE(l.first_job_on, $2::date), $2::date) ELSE l.first_job_on END,
         hired_by_host        = l.hired_by_host OR ($3 = 'employed' AND $5::uuid IS NOT NULL AND EXISTS (
                                  SELECT 1 FROM employment.internship_record i
                                   WHERE i.learner_id = l.id AND i.enterprise_id = $5::uuid AND i.completed_on <= $2::date)),
         updated_at           = now()
       WHERE l.id = $1
       RETURNING (l.current_effective_on = $2::date AND l.current_status = $3) AS is_current`,
      [r.learnerId, r.effectiveOn, r.status, isJob, r.employerId ?? null],
    );
    return Boolean(row?.is_current);
  }

  async history(learnerId: string, cursor: string | undefined, limit: number): Promise<Page<StatusReport>> {
    const qb = this.ds.getRepository(StatusReport).createQueryBuilder('s')
      .where('s.learner_id = :learnerId', { learnerId })
      .orderBy('s.effective_on', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(limit + 1);
    const after = decodeCursor(cursor, 2);
    if (after) qb.andWhere('(s.effective_on, s.id) < (CAST(:e AS date), CAST(:i AS uuid))', { e: after[0], i: after[1] });
    return toPage(await qb.getMany(), limit, (s) => [s.effectiveOn, s.id]);
  }
}
