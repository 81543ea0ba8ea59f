import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, Page, toPage } from '@hamkor/http';
import { FollowUp, SchoolSettings } from './follow-up.entity';
import { DEFAULT_FOLLOW_UP_MONTHS, DEFAULT_OVERDUE_AFTER_DAYS } from './follow-up-jobs';

export interface FollowUpPlan {
  followUpMonths: number[];
  overdueAfterDays: number;
}

@Injectable()
export class FollowUpsRepository {
  constructor(@InjectDataSource('employment') private readonly ds: DataSource) {}

  async settings(schoolId: string, tx: EntityManager = this.ds.manager): Promise<FollowUpPlan> {
    const s = await tx.findOneBy(SchoolSettings, { schoolId });
    return s ? { followUpMonths: s.followUpMonths, overdueAfterDays: s.overdueAfterDays } : { followUpMonths: DEFAULT_FOLLOW_UP_MONTHS, overdueAfterDays: DEFAULT_OVERDUE_AFTER_DAYS };
  }

  async saveSettings(schoolId: string, plan: FollowUpPlan): Promise<void> {
    await this.ds.query(
      `INSERT INTO employment.school_settings (school_id, follow_up_months, overdue_after_days) VALUES ($1, $2, $3)
       ON CONFLICT (school_id) DO UPDATE SET follow_up_months = EXCLUDED.follow_up_months, overdue_after_days = EXCLUDED.overdue_after_days, updated_at = now()`,
      [schoolId, [...plan.followUpMonths].sort((a, b) => a - b), plan.overdueAfterDays],
    );
  }

  /** One INSERT of every follow-up of a batch of graduates (a calendar month after graduation, clamped to month end). */
  insertForGraduates(tx: EntityManager, schoolId: string, learnerIds: string[], graduatedOn: string, months: number[]): Promise<Array<{ id: string; due_on: string }>> {
    return tx.query(
      `INSERT INTO employment.follow_up (id, learner_id, school_id, months_after, due_on)
       SELECT gen_random_uuid(), l.id, $1, m.months, ($3::date + make_interval(months => m.months))::date
         FROM unnest($2::uuid[]) AS l(id) CROSS JOIN unnest($4::int[]) AS m(months)
       ON CONFLICT (learner_id, months_after) DO NOTHING
       RETURNING id, to_char(due_on, 'YYYY-MM-DD') AS due_on`,
      [schoolId, learnerIds, graduatedOn, months],
    );
  }

  /** The follow-up with its learner's attributes, the follow-up row locked. */
  async lockWithLearner(tx: EntityManager, followUpId: string) {
    const [row] = await tx.query(
      `SELECT f.id, f.learner_id, f.school_id, f.months_after, to_char(f.due_on, 'YYYY-MM-DD') AS due_on, f.state
         FROM employment.follow_up f WHERE f.id = $1 FOR UPDATE`,
      [followUpId],
    );
    return row as { id: string; learner_id: string; school_id: string; months_after: number; due_on: string; state: string } | undefined;
  }

  async listOwn(schoolId: string, learnerId: string, cursor: string | undefined, limit: number): Promise<Page<FollowUp>> {
    const qb = this.ds.getRepository(FollowUp).createQueryBuilder('f')
      .where('f.school_id = :schoolId AND f.learner_id = :learnerId', { schoolId, learnerId })
      .orderBy('f.months_after', 'ASC')
      .limit(limit + 1);
    const after = decodeCursor(cursor, 1);
    if (after) qb.andWhere('f.months_after > :after', { after: Number(after[0]) });
    return toPage(await qb.getMany(), limit, (f) => [f.monthsAfter]);
  }

  findOwn(schoolId: string, id: string): Promise<FollowUp | null> {
    return this.ds.getRepository(FollowUp).findOneBy({ id, schoolId });
  }
}
