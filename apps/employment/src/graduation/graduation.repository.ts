import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from '../sql';

export interface GraduateRow {
  id: string;
  specialty: string;
  region: string;
  cohort_year: number;
}

@Injectable()
export class GraduationRepository {
  constructor(@InjectDataSource('employment') private readonly ds: DataSource) {}

  /** The listed ids that are not learners of this school. */
  async foreignIds(schoolId: string, ids: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT u.id FROM unnest($2::uuid[]) AS u(id)
        WHERE NOT EXISTS (SELECT 1 FROM employment.learner l WHERE l.id = u.id AND l.school_id = $1)`,
      [schoolId, ids],
    );
    return rows.map((r) => r.id);
  }

  /** Selected learners: [not yet graduated ids, how many had graduated already]. */
  async select(schoolId: string, by: { learnerIds?: string[]; cohortYear?: number; specialty?: string }): Promise<[string[], number]> {
    const rows: Array<{ id: string; done: boolean }> = await this.ds.query(
      `SELECT id, graduated_on IS NOT NULL AS done FROM employment.learner
        WHERE school_id = $1
          AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
          AND ($3::int IS NULL OR cohort_year = $3::int)
          AND ($4::text IS NULL OR specialty = $4::text)
        ORDER BY id`,
      [schoolId, by.learnerIds ?? null, by.cohortYear ?? null, by.specialty ?? null],
    );
    const open = rows.filter((r) => !r.done).map((r) => r.id);
    return [open, rows.length - open.length];
  }

  /** Marks a batch graduated; returns the ones this call graduated (a concurrent request may have taken some). */
  markGraduated(tx: EntityManager, schoolId: string, ids: string[], graduatedOn: string): Promise<GraduateRow[]> {
    return updateReturning<GraduateRow>(
      tx,
      `UPDATE employment.learner SET graduated_on = $3, updated_at = now()
        WHERE school_id = $1 AND id = ANY($2::uuid[]) AND graduated_on IS NULL
        RETURNING id, specialty, region, cohort_year`,
      [schoolId, ids, graduatedOn],
    );
  }
}
