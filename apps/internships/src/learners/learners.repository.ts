import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { KnownLearner } from './known-learner.entity';

@Injectable()
export class LearnersRepository {
  constructor(@InjectDataSource('internships') private readonly ds: DataSource) {}

  /** A learner this school enrolled and who was not erased; null otherwise (never another school's). */
  findEnrolledBy(schoolId: string, learnerId: string, tx: EntityManager = this.ds.manager): Promise<KnownLearner | null> {
    return tx.findOneBy(KnownLearner, { learnerId, schoolId, erased: false });
  }

  findAnyOf(schoolId: string, learnerId: string, tx: EntityManager = this.ds.manager): Promise<KnownLearner | null> {
    return tx.findOneBy(KnownLearner, { learnerId, schoolId });
  }
}
