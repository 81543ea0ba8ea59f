import { BadRequestException, ConflictException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Principal } from '@hamkor/auth';
import { LearnerEnrolled, LearnerErased, LearnerUpdated } from '@hamkor/contracts';
import { DEFAULT_PAGE_SIZE, ProblemException } from '@hamkor/http';
import { OutboxWriter } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';
import { inTransaction, pgErrorCode, PG_UNIQUE_VIOLATION } from '@hamkor/persistence';
import { ownOrganisation } from '../caller';
import { Learner } from './learner.entity';
import { LearnersRepository } from './learners.repository';
import { learnerEventData, learnerView } from './learner.view';
import { MAX_BULK_ROWS, RowError, rowsOfUpload, UploadError, validateRows } from './learner-rows';
import { BulkEnrolResult, EnrolLearnerDto } from './dto/enrol-learner.dto';
import { UpdateLearnerDto } from './dto/update-learner.dto';
import { ListLearnersQuery } from './dto/list-learners.query';

@Injectable()
export class LearnersService {
  private readonly log = logger('employment.learners');

  constructor(
    @InjectDataSource('employment') private readonly ds: DataSource,
    private readonly learners: LearnersRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async enrol(caller: Principal, dto: EnrolLearnerDto) {
    const schoolId = ownOrganisation(caller, 'school');
    const id = randomUUID();
    await this.uniqueRef(() =>
      inTransaction(this.ds, async (tx) => {
        await this.learners.insertMany(tx, schoolId, [id], [dto]);
        await this.outbox.publish(tx, LearnerEnrolled, learnerEventData({ ...dto, id, schoolId }));
      }),
    );
    return learnerView((await this.learners.findOwn(schoolId, id))!);
  }

  /**
   * Thousands of rows in one request, all or nothing: every row is checked first and the whole upload is
   * refused with one error per bad row; a clean upload is one INSERT and one outbox INSERT.
   */
  async enrolMany(caller: Principal, body: unknown): Promise<BulkEnrolResult> {
    const schoolId = ownOrganisation(caller, 'school');
    let rows: unknown[];
    try {
      rows = rowsOfUpload(body);
    } catch (err) {
      if (err instanceof UploadError) throw new BadRequestException(err.message);
      throw err;
    }
    if (rows.length === 0) throw new BadRequestException('the upload has no rows');
    if (rows.length > MAX_BULK_ROWS) throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, 'payload-too-large', `at most ${MAX_BULK_ROWS} learners per upload`);
    const { valid, errors } = validateRows(rows);
    const taken = await this.learners.existingRefs(schoolId, valid.map((v) => v.schoolRef));
    if (taken.size) {
      rows.forEach((r, i) => {
        const ref = (r as { schoolRef?: unknown })?.schoolRef;
        if (typeof ref === 'string' && taken.has(ref)) errors.push({ row: i + 1, field: 'schoolRef', message: 'a learner with this schoolRef is already enrolled' });
      });
    }
    if (errors.length) throw this.rowProblem(rows.length, errors);
    const ids = valid.map(() => randomUUID());
    await this.uniqueRef(() =>
      inTransaction(this.ds, async (tx) => {
        await this.learners.insertMany(tx, schoolId, ids, valid);
        await this.outbox.publishMany(tx, LearnerEnrolled, valid.map((dto, i) => learnerEventData({ ...dto, id: ids[i], schoolId })));
      }),
    );
    this.log.info({ schoolId, enrolled: ids.length }, 'bulk enrolment');
    return { enrolled: ids.length, learnerIds: ids };
  }

  list(caller: Principal, q: ListLearnersQuery) {
    const schoolId = ownOrganisation(caller, 'school');
    return this.learners.list(schoolId, q, q.limit ?? DEFAULT_PAGE_SIZE).then((p) => ({ ...p, items: p.items.map(learnerView) }));
  }

  async get(caller: Principal, id: string) {
    return learnerView(await this.own(ownOrganisation(caller, 'school'), id));
  }

  async update(caller: Principal, id: string, dto: UpdateLearnerDto) {
    const schoolId = ownOrganisation(caller, 'school');
    await this.uniqueRef(() =>
      inTransaction(this.ds, async (tx) => {
        const l = await this.learners.findOwn(schoolId, id, tx, true);
        if (!l) throw new NotFoundException('no such learner in your school');
        if (l.erasedAt) throw new ConflictException("this learner's personal data was erased; the record can no longer be changed");
        const { consentFollowUpContact, consentShareWithCentre, ...rest } = dto;
        Object.assign(l, rest);
        if (consentFollowUpContact !== undefined) l.consentFollowUp = consentFollowUpContact;
        if (consentShareWithCentre !== undefined) l.consentCentre = consentShareWithCentre;
        await tx.save(l);
        await this.outbox.publish(tx, LearnerUpdated, learnerEventData(l));
      }),
    );
    return this.get(caller, id);
  }

  /** The right to erasure: personal data goes, the learner's place in the statistics stays. */
  async erase(caller: Principal, id: string) {
    const schoolId = ownOrganisation(caller, 'school');
    await inTransaction(this.ds, async (tx) => {
      const l = await this.learners.findOwn(schoolId, id, tx, true);
      if (!l) throw new NotFoundException('no such learner in your school');
      if (l.erasedAt) return;
      await this.learners.erase(tx, schoolId, id);
      await this.outbox.publish(tx, LearnerErased, { learnerId: id, schoolId });
    });
    return this.get(caller, id);
  }

  private async own(schoolId: string, id: string): Promise<Learner> {
    const l = await this.learners.findOwn(schoolId, id);
    if (!l) throw new NotFoundException('no such learner in your school');
    return l;
  }

  private rowProblem(total: number, errors: RowError[]): ProblemException {
    errors.sort((a, b) => a.row - b.row);
    const badRows = new Set(errors.map((e) => e.row)).size;
    return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'invalid-rows', `${badRows} of ${total} rows are invalid; nothing was enrolled`, {
      rows: total,
      invalidRows: badRows,
      // A bounded report: a broken export with 20,000 bad rows would otherwise answer with megabytes.
      errors: errors.slice(0, 1000),
    });
  }

  private async uniqueRef<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw new ConflictException('a learner with this schoolRef is already enrolled in your school');
      throw err;
    }
  }
}
