import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@hamkor/persistence';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import { EventData, PlacementClosed, PlacementPosted, PlacementUpdated } from '@hamkor/contracts';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { Scheduler } from '@hamkor/jobs';
import { OutboxWriter } from '@hamkor/messaging';
import { actingOrganisation } from '../acting-organisation';
import { AudienceService } from '../audience/audience.service';
import { Placement } from './placement.entity';
import { checkTerms } from './placement-terms';
import { PlacementsRepository, SearchScope } from './placements.repository';
import { PostPlacementDto, UpdatePlacementDto } from './dto/post-placement.dto';
import { SearchPlacementsQuery } from './dto/search-placements.query';

export const PLACEMENT_DEADLINE_JOB = 'placement.close_at_deadline';
export const deadlineJobKey = (placementId: string) => `placement:${placementId}:deadline`;

export function placementSnapshot(p: Placement): EventData<typeof PlacementPosted> {
  return {
    placementId: p.id,
    enterpriseId: p.enterpriseId,
    title: p.title,
    specialty: p.specialty,
    region: p.region,
    competencies: p.competencies,
    capacity: p.capacity,
    acceptedCount: p.acceptedCount,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    applicationDeadline: p.applicationDeadline.toISOString(),
    paid: p.paid,
    visibility: p.visibility,
    status: p.status,
  };
}

@Injectable()
export class PlacementsService {
  constructor(
    @InjectDataSource('internships') private readonly ds: DataSource,
    private readonly placements: PlacementsRepository,
    private readonly audience: AudienceService,
    private readonly outbox: OutboxWriter,
    private readonly scheduler: Scheduler,
  ) {}

  async post(caller: Principal, dto: PostPlacementDto): Promise<Placement> {
    const [placement] = await this.postMany(caller, [dto]);
    return placement;
  }

  /** Posts all or none (an enterprise system's batch), each with its deadline scheduled. */
  async postMany(caller: Principal, dtos: PostPlacementDto[]): Promise<Placement[]> {
    const enterpriseId = actingOrganisation(caller);
    const now = new Date();
    const rows = dtos.map((dto, i) => {
      const applicationDeadline = new Date(dto.applicationDeadline);
      checkTerms({ ...dto, applicationDeadline }, { now, deadlineIsNew: true, label: dtos.length > 1 ? `placements[${i}]` : undefined });
      return this.ds.manager.create(Placement, {
        ...dto,
        id: randomUUID(),
        enterpriseId,
        applicationDeadline,
        acceptedCount: 0,
        status: 'open',
        closedReason: null,
        firstAcceptedAt: null,
      });
    });
    return inTransaction(this.ds, async (tx) => {
      const saved = await this.placements.insertMany(tx, rows);
      await this.outbox.publishMany(tx, PlacementPosted, saved.map(placementSnapshot));
      await this.scheduler.scheduleMany(tx, saved.map((p) => this.deadlineJob(p)));
      const byId = new Map(saved.map((p) => [p.id, p]));
      return rows.map((r) => byId.get(r.id)!);
    });
  }

  async update(caller: Principal, id: string, dto: UpdatePlacementDto): Promise<Placement> {
    const enterpriseId = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const p = await this.ownedForChange(tx, enterpriseId, id);
      if (p.firstAcceptedAt) throw new ConflictException('a nomination was already accepted: the terms of this placement can no longer change');
      if (p.status !== 'open') throw new ConflictException(`the placement is ${p.status}; only an open placement can be edited`);
      const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as UpdatePlacementDto;
      if (Object.keys(changes).length === 0) throw new BadRequestException('nothing to change');
      const deadlineIsNew = changes.applicationDeadline !== undefined;
      Object.assign(p, changes, deadlineIsNew ? { applicationDeadline: new Date(changes.applicationDeadline!) } : {});
      checkTerms(p, { now: new Date(), deadlineIsNew });
      await tx.save(p);
      if (deadlineIsNew) await this.scheduler.schedule(tx, this.deadlineJob(p));
      await this.outbox.publish(tx, PlacementUpdated, placementSnapshot(p));
      return p;
    });
  }

  async close(caller: Principal, id: string): Promise<Placement> {
    const enterpriseId = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const p = await this.ownedForChange(tx, enterpriseId, id);
      if (p.status !== 'open') throw new ConflictException(`the placement is already ${p.status}`);
      p.status = 'closed';
      p.closedReason = 'by_enterprise';
      await tx.save(p);
      await this.scheduler.cancel(tx, deadlineJobKey(p.id));
      await this.outbox.publish(tx, PlacementClosed, { placementId: p.id, enterpriseId, reason: 'by_enterprise' });
      return p;
    });
  }

  /** The deadline job: an open placement stops taking nominations. */
  async closeAtDeadline(tx: EntityManager, placementId: string): Promise<boolean> {
    const p = await this.placements.lockForJob(tx, placementId);
    if (!p || p.status !== 'open') return false;
    p.status = 'closed';
    p.closedReason = 'deadline';
    await tx.save(p);
    await this.outbox.publish(tx, PlacementClosed, { placementId: p.id, enterpriseId: p.enterpriseId, reason: 'deadline' });
    return true;
  }

  async search(caller: Principal, q: SearchPlacementsQuery) {
    return this.placements.search(this.scopeOf(caller), q, q.limit ?? DEFAULT_PAGE_SIZE);
  }

  /** A placement the caller may see; anything else is "not found", so restricted placements do not leak. */
  async get(caller: Principal, id: string): Promise<Placement> {
    const p = await this.placements.findById(id);
    if (!p || !(await this.canSee(caller, p))) throw new NotFoundException('no such placement');
    return p;
  }

  async canSee(caller: Principal, p: Placement, tx?: EntityManager): Promise<boolean> {
    if (isPlatformAdmin(caller) || p.enterpriseId === caller.organisationId) return true;
    if (caller.organisationType !== 'school') return p.visibility === 'public';
    return AudienceService.sees(await this.audience.of(caller.organisationId!, tx), p);
  }

  private scopeOf(caller: Principal): SearchScope {
    if (isPlatformAdmin(caller)) return 'everything';
    if (caller.organisationType === 'enterprise') return { enterpriseId: caller.organisationId! };
    if (caller.organisationType === 'school') return { schoolId: caller.organisationId! };
    return 'public';
  }

  private async ownedForChange(tx: EntityManager, enterpriseId: string, id: string): Promise<Placement> {
    const p = await this.placements.lockOwned(tx, enterpriseId, id);
    if (p) return p;
    if (await this.placements.findById(id, tx)) throw new ForbiddenException('this placement belongs to another enterprise');
    throw new NotFoundException('no such placement');
  }

  private deadlineJob(p: Placement) {
    return { kind: PLACEMENT_DEADLINE_JOB, key: deadlineJobKey(p.id), runAt: p.applicationDeadline, payload: { placementId: p.id } };
  }
}
