import { BadRequestException, HttpStatus, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '@hamkor/persistence';
import { Principal } from '@hamkor/auth';
import { LearnerGraduated } from '@hamkor/contracts';
import { ProblemException } from '@hamkor/http';
import { OutboxWriter } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';
import { ownOrganisation } from '../caller';
import { FollowUpPlanner } from '../follow-ups/follow-up.planner';
import { todayIso } from '../follow-ups/follow-up-jobs';
import { GraduationRepository } from './graduation.repository';
import { GraduateDto, GraduationResult } from './dto/graduate.dto';

/** Learners graduated per transaction: big enough for set-based SQL to pay, small enough to keep locks short. */
export const GRADUATION_BATCH = 5_000;

@Injectable()
export class GraduationService {
  private readonly log = logger('employment.graduation');

  constructor(
    @InjectDataSource('employment') private readonly ds: DataSource,
    private readonly graduation: GraduationRepository,
    private readonly planner: FollowUpPlanner,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Graduates a list of learners or a whole cohort. Each batch is one transaction of three set-based
   * statements (learners, follow-ups + their jobs, events). A request that fails half-way can simply be
   * sent again: learners already graduated are left as they are.
   */
  async graduate(caller: Principal, dto: GraduateDto): Promise<GraduationResult> {
    const schoolId = ownOrganisation(caller, 'school');
    if ((dto.learnerIds === undefined) === (dto.cohortYear === undefined)) throw new BadRequestException('give either learnerIds or cohortYear');
    if (dto.specialty !== undefined && dto.cohortYear === undefined) throw new BadRequestException('specialty narrows a cohort: give cohortYear too');
    if (dto.graduatedOn > todayIso()) throw new UnprocessableEntityException('graduatedOn cannot be in the future');
    if (dto.learnerIds) {
      const foreign = await this.graduation.foreignIds(schoolId, dto.learnerIds);
      if (foreign.length) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'unknown-learners', `${foreign.length} of the listed learners are not learners of your school; nobody was graduated`, {
          unknownLearnerIds: foreign.slice(0, 100),
        });
      }
    }
    const [open, alreadyGraduated] = await this.graduation.select(schoolId, dto);
    let graduated = 0;
    let followUpsScheduled = 0;
    for (let i = 0; i < open.length; i += GRADUATION_BATCH) {
      const batch = open.slice(i, i + GRADUATION_BATCH);
      const done = await inTransaction(this.ds, async (tx) => {
        const rows = await this.graduation.markGraduated(tx, schoolId, batch, dto.graduatedOn);
        const planned = await this.planner.planFor(tx, schoolId, rows.map((r) => r.id), dto.graduatedOn);
        await this.outbox.publishMany(
          tx,
          LearnerGraduated,
          rows.map((r) => ({ learnerId: r.id, schoolId, specialty: r.specialty, region: r.region, cohortYear: r.cohort_year, graduatedOn: dto.graduatedOn })),
        );
        return { graduated: rows.length, planned };
      });
      graduated += done.graduated;
      followUpsScheduled += done.planned;
    }
    this.log.info({ schoolId, graduated, alreadyGraduated, followUpsScheduled }, 'graduation');
    return { graduated, alreadyGraduated: alreadyGraduated + (open.length - graduated), followUpsScheduled };
  }
}
