import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, Page, toPage } from '@hamkor/http';
import { Learner } from './learner.entity';
import { EnrolLearnerDto } from './dto/enrol-learner.dto';
import { ListLearnersQuery } from './dto/list-learners.query';

@Injectable()
export class LearnersRepository {
  constructor(@InjectDataSource('employment') private readonly ds: DataSource) {}

  findOwn(schoolId: string, id: string, tx: EntityManager = this.ds.manager, lock = false): Promise<Learner | null> {
    return tx.findOne(Learner, { where: { id, schoolId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findById(id: string, tx: EntityManager = this.ds.manager): Promise<Learner | null> {
    return tx.findOneBy(Learner, { id });
  }

  /** The school references among `refs` that the school already uses. */
  async existingRefs(schoolId: string, refs: string[]): Promise<Set<string>> {
    const rows: Array<{ school_ref: string }> = await this.ds.query(
      `SELECT school_ref FROM employment.learner WHERE school_id = $1 AND school_ref = ANY($2::text[])`,
      [schoolId, refs],
    );
    return new Set(rows.map((r) => r.school_ref));
  }

  /** One INSERT for the whole upload. */
  async insertMany(tx: EntityManager, schoolId: string, ids: string[], rows: EnrolLearnerDto[]): Promise<void> {
    const col = <K extends keyof EnrolLearnerDto>(k: K) => rows.map((r) => r[k] ?? null);
    await tx.query(
      `INSERT INTO employment.learner (id, school_id, school_ref, full_name, date_of_birth, email, phone, specialty, cohort_year,
         expected_graduation, region, consent_follow_up, consent_centre)
       SELECT u.id, $1, u.ref, u.name, u.dob, u.email, u.phone, u.specialty, u.cohort, u.expected, u.region, u.c_follow, u.c_centre
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::text[], $9::int[], $10::date[],
                     $11::text[], $12::boolean[], $13::boolean[])
           AS u(id, ref, name, dob, email, phone, specialty, cohort, expected, region, c_follow, c_centre)`,
      [
        schoolId, ids, col('schoolRef'), col('fullName'), col('dateOfBirth'), col('email'), col('phone'), col('specialty'), col('cohortYear'),
        col('expectedGraduation'), col('region'), rows.map((r) => r.consentFollowUpContact ?? false), rows.map((r) => r.consentShareWithCentre ?? false),
      ],
    );
  }

  async list(schoolId: string, q: ListLearnersQuery, limit: number): Promise<Page<Learner>> {
    const qb = this.ds.getRepository(Learner).createQueryBuilder('l')
      .where('l.school_id = :schoolId', { schoolId })
      .orderBy('l.id', 'ASC')
      .limit(limit + 1);
    if (q.cohortYear !== undefined) qb.andWhere('l.cohort_year = :cohortYear', { cohortYear: q.cohortYear });
    if (q.specialty) qb.andWhere('l.specialty = :specialty', { specialty: q.specialty });
    if (q.stage === 'graduated') qb.andWhere('l.graduated_on IS NOT NULL');
    if (q.stage === 'enrolled') qb.andWhere('l.graduated_on IS NULL');
    const after = decodeCursor(q.cursor, 1);
    if (after) qb.andWhere('l.id > :after', { after: after[0] });
    return toPage(await qb.getMany(), limit, (l) => [l.id]);
  }

  /** Nulls every personal field; what statistics need stays. */
  async erase(tx: EntityManager, schoolId: string, id: string): Promise<void> {
    await tx.query(
      `UPDATE employment.learner SET full_name = NULL, date_of_birth = NULL, email = NULL, phone = NULL, school_ref = NULL,
         consent_follow_up = false, consent_centre = false, erased_at = now(), updated_at = now()
       WHERE school_id = $1 AND id = $2`,
      [schoolId, id],
    );
    // An unused self-report link would still reach the person; it goes with the contact.
    await tx.query(`DELETE FROM employment.self_report_link WHERE learner_id = $1 AND used_at IS NULL`, [id]);
  }
}
