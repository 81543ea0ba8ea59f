import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import { NominationAccepted, NominationRejected, NominationSubmitted, PlacementFilled } from '@hamkor/contracts';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { OutboxWriter } from '@hamkor/messaging';
import { inTransaction, pgErrorCode, PG_UNIQUE_VIOLATION } from '@hamkor/persistence';
import { actingOrganisation } from '../acting-organisation';
import { LearnersRepository } from '../learners/learners.repository';
import { PlacementsRepository } from '../placements/placements.repository';
import { PlacementsService } from '../placements/placements.service';
import { Nomination } from './nomination.entity';
import { NominationParty, NominationsRepository } from './nominations.repository';
import { ListNominationsQuery, NominateDto } from './dto/nominate.dto';

const ids = (n: Nomination) => ({ nominationId: n.id, placementId: n.placementId, enterpriseId: n.enterpriseId, schoolId: n.schoolId, learnerId: n.learnerId });

/** The school's or the enterprise's side of a nomination; the operator reads all, nobody else sees any. */
export function nominationPartyOf(caller: Principal): NominationParty | 'anyone' {
  if (isPlatformAdmin(caller)) return 'anyone';
  const org = actingOrganisation(caller);
  return caller.organisationType === 'enterprise' ? { enterpriseId: org } : { schoolId: org };
}

@Injectable()
export class NominationsService {
  constructor(
    @InjectDataSource('internships') private readonly ds: DataSource,
    private readonly nominations: NominationsRepository,
    private readonly placements: PlacementsRepository,
    private readonly placementAccess: PlacementsService,
    private readonly learners: LearnersRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async nominate(caller: Principal, dto: NominateDto): Promise<Nomination> {
    const schoolId = actingOrganisation(caller);
    try {
      return await inTransaction(this.ds, async (tx) => {
        const learner = await this.learners.findEnrolledBy(schoolId, dto.learnerId, tx);
        if (!learner) throw new UnprocessableEntityException('this learner is not one your school enrolled');
        const placement = await this.placements.findById(dto.placementId, tx);
        if (!placement || !(await this.placementAccess.canSee(caller, placement, tx))) throw new NotFoundException('no such placement');
        if (placement.applicationDeadline.getTime() <= Date.now()) throw new ConflictException('the application deadline of this placement has passed');
        if (placement.status !== 'open') throw new ConflictException(`the placement is ${placement.status} and takes no more nominations`);
        const n = tx.create(Nomination, {
          id: randomUUID(),
          placementId: placement.id,
          enterpriseId: placement.enterpriseId,
          schoolId,
          learnerId: dto.learnerId,
          motivation: dto.motivation,
          status: 'pending',
          decisionReason: null,
          decidedAt: null,
        });
        await this.nominations.insert(tx, n);
        await this.outbox.publish(tx, NominationSubmitted, ids(n));
        return tx.findOneByOrFail(Nomination, { id: n.id });
      });
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw new ConflictException('this learner is already nominated for this placement');
      throw err;
    }
  }

  /**
   * Accepts a pending nomination if a seat is left. The nomination row is locked first (two accepts of
   * the same nomination cannot both pass), then the seat is taken with one conditional UPDATE of the
   * placement (see PlacementsRepository.takeSeat), so capacity holds under any number of concurrent accepts.
   */
  async accept(caller: Principal, id: string): Promise<Nomination> {
    const enterpriseId = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const n = await this.nominations.lockFor(tx, { enterpriseId }, id);
      if (!n) throw new NotFoundException('no such nomination');
      if (n.status !== 'pending') throw new ConflictException(`the nomination is already ${n.status}`);
      const seat = await this.placements.takeSeat(tx, enterpriseId, n.placementId);
      if (!seat) throw new ConflictException('no seat is left on this placement');
      n.status = 'accepted';
      n.decidedAt = new Date();
      await tx.save(n);
      await this.outbox.publish(tx, NominationAccepted, { ...ids(n), seatsLeft: seat.capacity - seat.acceptedCount });
      if (seat.filled) await this.outbox.publish(tx, PlacementFilled, { placementId: n.placementId, enterpriseId, capacity: seat.capacity });
      return n;
    });
  }

  async reject(caller: Principal, id: string, reason: string): Promise<Nomination> {
    const enterpriseId = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const n = await this.nominations.lockFor(tx, { enterpriseId }, id);
      if (!n) throw new NotFoundException('no such nomination');
      if (n.status !== 'pending') throw new ConflictException(`the nomination is already ${n.status}`);
      n.status = 'rejected';
      n.decisionReason = reason;
      n.decidedAt = new Date();
      await tx.save(n);
      await this.outbox.publish(tx, NominationRejected, { ...ids(n), reason });
      return n;
    });
  }

  async get(caller: Principal, id: string): Promise<Nomination> {
    const n = await this.nominations.findFor(nominationPartyOf(caller), id);
    if (!n) throw new NotFoundException('no such nomination');
    return n;
  }

  list(caller: Principal, q: ListNominationsQuery) {
    return this.nominations.list(nominationPartyOf(caller), q, q.limit ?? DEFAULT_PAGE_SIZE);
  }
}
