import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@hamkor/persistence';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import {
  EventData,
  InternshipCancelled,
  InternshipCompleted,
  InternshipConfirmed,
  InternshipStarted,
  InternshipWithdrawn,
  PlacementUpdated,
} from '@hamkor/contracts';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { Scheduler } from '@hamkor/jobs';
import { OutboxWriter } from '@hamkor/messaging';
import { actingOrganisation, today } from '../acting-organisation';
import { LearnersRepository } from '../learners/learners.repository';
import { NominationsRepository } from '../nominations/nominations.repository';
import { PlacementsRepository } from '../placements/placements.repository';
import { placementSnapshot } from '../placements/placements.service';
import { Internship, Party } from './internship.entity';
import { InternshipParty, InternshipsRepository } from './internships.repository';
import { ConfirmNominationDto, ListInternshipsQuery, RecordCompletionDto } from './dto/internship.dto';

export const INTERNSHIP_START_JOB = 'internship.start';
export const INTERNSHIP_COMPLETE_JOB = 'internship.complete';
const jobKey = (id: string, what: 'start' | 'complete') => `internship:${id}:${what}`;

const DAY_MS = 24 * 3600 * 1000;

type InternshipIds = Omit<EventData<typeof InternshipCompleted>, 'completedOn' | 'hours'>;

export function internshipIds(i: Internship): InternshipIds {
  return { internshipId: i.id, placementId: i.placementId, enterpriseId: i.enterpriseId, schoolId: i.schoolId, learnerId: i.learnerId, specialty: i.specialty };
}

/** The internships a caller may read: its own school's or enterprise's; the operator reads all. */
export function internshipReaderOf(caller: Principal): InternshipParty | 'anyone' {
  if (isPlatformAdmin(caller)) return 'anyone';
  const org = actingOrganisation(caller);
  return caller.organisationType === 'enterprise' ? { enterpriseId: org } : { schoolId: org };
}

/**
 * The internship lifecycle: confirmed → started → completed, or withdrawn (before the start) or
 * cancelled (after it). Start and completion happen on their dates through scheduled jobs, and the
 * enterprise may record either earlier or later; whichever comes first wins, the other finds nothing to do.
 */
@Injectable()
export class InternshipsService {
  constructor(
    @InjectDataSource('internships') private readonly ds: DataSource,
    private readonly internships: InternshipsRepository,
    private readonly nominations: NominationsRepository,
    private readonly placements: PlacementsRepository,
    private readonly learners: LearnersRepository,
    private readonly outbox: OutboxWriter,
    private readonly scheduler: Scheduler,
  ) {}

  async confirm(caller: Principal, nominationId: string, dto: ConfirmNominationDto): Promise<Internship> {
    const schoolId = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const n = await this.nominations.lockFor(tx, { schoolId }, nominationId);
      if (!n) throw new NotFoundException('no such nomination');
      if (n.status !== 'accepted') throw new ConflictException(`only an accepted nomination can be confirmed; this one is ${n.status}`);
      const learner = await this.learners.findEnrolledBy(schoolId, n.learnerId, tx);
      if (!learner) throw new UnprocessableEntityException('the learner is no longer enrolled at your school');
      if (learner.minor && !dto.guardianConsent) throw new UnprocessableEntityException("the learner is a minor: record the guardian's consent (guardianConsent)");
      const placement = (await this.placements.findById(n.placementId, tx))!;
      const internship = tx.create(Internship, {
        id: randomUUID(),
        nominationId: n.id,
        placementId: n.placementId,
        enterpriseId: n.enterpriseId,
        schoolId,
        learnerId: n.learnerId,
        specialty: placement.specialty,
        startsOn: placement.startsOn,
        endsOn: placement.endsOn,
        status: 'confirmed',
        guardianConsent: dto.guardianConsent ? { ...dto.guardianConsent, recordedBy: caller.userId } : null,
        startedOn: null,
        completedOn: null,
        endedBy: null,
        endedReason: null,
        endedOn: null,
      });
      await this.internships.insert(tx, internship);
      n.status = 'confirmed';
      await tx.save(n);
      await this.scheduler.scheduleMany(tx, [
        { kind: INTERNSHIP_START_JOB, key: jobKey(internship.id, 'start'), runAt: new Date(`${internship.startsOn}T00:00:00Z`), payload: { internshipId: internship.id } },
        {
          kind: INTERNSHIP_COMPLETE_JOB,
          key: jobKey(internship.id, 'complete'),
          // At the end of the last day.
          runAt: new Date(Date.parse(`${internship.endsOn}T00:00:00Z`) + DAY_MS),
          payload: { internshipId: internship.id },
        },
      ]);
      await this.outbox.publish(tx, InternshipConfirmed, {
        ...internshipIds(internship),
        nominationId: n.id,
        startsOn: internship.startsOn,
        endsOn: internship.endsOn,
        guardianConsentRecorded: internship.guardianConsent !== null,
      });
      return tx.findOneByOrFail(Internship, { id: internship.id });
    });
  }

  /** Before the start, either side steps back; the seat goes back to the placement. */
  async withdraw(caller: Principal, id: string, reason: string): Promise<Internship> {
    const org = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const i = await this.lockOwn(tx, { eitherParty: org }, id);
      if (i.status !== 'confirmed') throw new ConflictException(`only an internship that has not started can be withdrawn; this one is ${i.status}`);
      const by = i.schoolId === org ? 'school' : 'enterprise';
      this.end(i, 'withdrawn', by, reason);
      await tx.save(i);
      await this.scheduler.cancelByPrefix(tx, `internship:${i.id}:`);
      await this.outbox.publish(tx, InternshipWithdrawn, { ...internshipIds(i), withdrawnBy: by, reason });
      const placement = await this.placements.releaseSeat(tx, i.enterpriseId, i.placementId);
      if (placement) await this.outbox.publish(tx, PlacementUpdated, placementSnapshot(placement));
      return i;
    });
  }

  async cancel(caller: Principal, id: string, reason: string): Promise<Internship> {
    const org = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const i = await this.lockOwn(tx, { eitherParty: org }, id);
      if (i.status === 'confirmed') throw new ConflictException('the internship has not started: withdraw it instead');
      if (i.status !== 'started') throw new ConflictException(`only a started internship can be cancelled; this one is ${i.status}`);
      const by = i.schoolId === org ? 'school' : 'enterprise';
      this.end(i, 'cancelled', by, reason);
      await tx.save(i);
      await this.scheduler.cancelByPrefix(tx, `internship:${i.id}:`);
      await this.outbox.publish(tx, InternshipCancelled, { ...internshipIds(i), cancelledBy: by, reason, cancelledOn: i.endedOn! });
      return i;
    });
  }

  /** The enterprise records the start (earlier or later than planned). */
  async recordStart(caller: Principal, id: string, startedOn = today()): Promise<Internship> {
    const enterpriseId = actingOrganisation(caller);
    if (startedOn > today()) throw new UnprocessableEntityException('startedOn cannot be in the future');
    return inTransaction(this.ds, async (tx) => {
      const i = await this.lockOwn(tx, { enterpriseId }, id);
      if (i.status !== 'confirmed') throw new ConflictException(`only a confirmed internship can start; this one is ${i.status}`);
      await this.start(tx, i, startedOn);
      await this.scheduler.cancel(tx, jobKey(i.id, 'start'));
      return i;
    });
  }

  /** The enterprise records the completion (earlier or later than planned). */
  async recordCompletion(caller: Principal, id: string, dto: RecordCompletionDto): Promise<Internship> {
    const enterpriseId = actingOrganisation(caller);
    const completedOn = dto.completedOn ?? today();
    if (completedOn > today()) throw new UnprocessableEntityException('completedOn cannot be in the future');
    return inTransaction(this.ds, async (tx) => {
      const i = await this.lockOwn(tx, { enterpriseId }, id);
      if (i.status !== 'started') throw new ConflictException(`only a started internship can complete; this one is ${i.status}`);
      if (completedOn < i.startedOn!) throw new UnprocessableEntityException(`completedOn cannot be before the start (${i.startedOn})`);
      await this.complete(tx, i, completedOn, dto.hours);
      await this.scheduler.cancel(tx, jobKey(i.id, 'complete'));
      return i;
    });
  }

  /** The start-date job. */
  async startOnSchedule(tx: EntityManager, id: string): Promise<boolean> {
    const i = await this.internships.lockForJob(tx, id);
    if (!i || i.status !== 'confirmed') return false;
    await this.start(tx, i, i.startsOn);
    return true;
  }

  /** The end-date job; an internship whose start was never recorded starts and completes. */
  async completeOnSchedule(tx: EntityManager, id: string): Promise<boolean> {
    const i = await this.internships.lockForJob(tx, id);
    if (!i || (i.status !== 'confirmed' && i.status !== 'started')) return false;
    if (i.status === 'confirmed') await this.start(tx, i, i.startsOn);
    await this.complete(tx, i, i.endsOn < i.startedOn! ? i.startedOn! : i.endsOn);
    return true;
  }

  async get(caller: Principal, id: string) {
    const i = await this.internships.findFor(internshipReaderOf(caller), id);
    if (!i) throw new NotFoundException('no such internship');
    return { ...i, evaluations: await this.internships.evaluationsOf(i.id) };
  }

  list(caller: Principal, q: ListInternshipsQuery) {
    return this.internships.list(internshipReaderOf(caller), q, q.limit ?? DEFAULT_PAGE_SIZE);
  }

  private async start(tx: EntityManager, i: Internship, startedOn: string): Promise<void> {
    i.status = 'started';
    i.startedOn = startedOn;
    await tx.save(i);
    await this.outbox.publish(tx, InternshipStarted, { ...internshipIds(i), startedOn });
  }

  private async complete(tx: EntityManager, i: Internship, completedOn: string, hours?: number): Promise<void> {
    i.status = 'completed';
    i.completedOn = completedOn;
    await tx.save(i);
    const evaluated = (await this.internships.evaluationsOf(i.id, tx)).find((e) => e.party === 'enterprise');
    const h = hours ?? evaluated?.hours ?? undefined;
    await this.outbox.publish(tx, InternshipCompleted, { ...internshipIds(i), completedOn, ...(h === undefined ? {} : { hours: h }) });
  }

  private end(i: Internship, status: 'withdrawn' | 'cancelled', by: Party, reason: string): void {
    i.status = status;
    i.endedBy = by;
    i.endedReason = reason;
    i.endedOn = today();
  }

  private async lockOwn(tx: EntityManager, party: InternshipParty, id: string): Promise<Internship> {
    const i = await this.internships.lockFor(tx, party, id);
    if (!i) throw new NotFoundException('no such internship');
    return i;
  }
}
