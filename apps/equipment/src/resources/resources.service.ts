import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@hamkor/persistence';
import { Principal } from '@hamkor/auth';
import { EventData, ResourceListed, ResourceUpdated } from '@hamkor/contracts';
import { DEFAULT_PAGE_SIZE, Page } from '@hamkor/http';
import { OutboxWriter } from '@hamkor/messaging';
import { Blackout } from './blackout.entity';
import { CreateResourceDto, UpdateResourceDto } from './dto/resource.dto';
import { CreateBlackoutDto, SearchResourcesQuery } from './dto/resource-queries.dto';
import { actingOrganisation, viewerOf } from './acting-organisation';
import { isWithinOpeningHours } from './opening-hours';
import { Resource } from './resource.entity';
import { ResourcesRepository } from './resources.repository';

const DEFAULTS = { minNoticeMinutes: 0, maxDurationMinutes: 480, reminderMinutes: 60, noShowGraceMinutes: 15 };

export function snapshotOf(r: Resource): EventData<typeof ResourceListed> {
  return {
    resourceId: r.id,
    ownerId: r.ownerId,
    kind: r.kind,
    name: r.name,
    region: r.region,
    timeZone: r.timeZone,
    sharingScope: r.sharingScope,
    approvalRequired: r.approvalRequired,
  };
}

/** Parses a validated instant pair and checks it is a non-empty range of at most `maxDays`. */
export function parseWindow(from: string, to: string, maxDays: number): { from: Date; to: Date } {
  const f = new Date(from);
  const t = new Date(to);
  if (!(t > f)) throw new BadRequestException('to must be later than from');
  if (t.getTime() - f.getTime() > maxDays * 86_400_000) throw new BadRequestException(`a window is at most ${maxDays} days long`);
  return { from: f, to: t };
}

@Injectable()
export class ResourcesService {
  constructor(
    @InjectDataSource('equipment') private readonly ds: DataSource,
    private readonly resources: ResourcesRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async list(caller: Principal, dto: CreateResourceDto): Promise<Resource> {
    const ownerId = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const resource = tx.create(Resource, {
        id: randomUUID(),
        ownerId,
        kind: dto.kind,
        name: dto.name,
        description: dto.description ?? null,
        location: dto.location ?? null,
        region: dto.region,
        capacity: dto.capacity,
        timeZone: dto.timeZone,
        openingHours: dto.openingHours.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
        sharingScope: dto.sharingScope,
        approvalRequired: dto.approvalRequired,
        minNoticeMinutes: dto.minNoticeMinutes ?? DEFAULTS.minNoticeMinutes,
        maxDurationMinutes: dto.maxDurationMinutes ?? DEFAULTS.maxDurationMinutes,
        trainingRequirement: dto.trainingRequirement ?? null,
        reminderMinutes: dto.reminderMinutes ?? DEFAULTS.reminderMinutes,
        noShowGraceMinutes: dto.noShowGraceMinutes ?? DEFAULTS.noShowGraceMinutes,
        status: 'active',
      });
      const saved = await this.resources.insert(tx, resource);
      await this.outbox.publish(tx, ResourceListed, snapshotOf(saved));
      return saved;
    });
  }

  async get(caller: Principal, id: string): Promise<Resource> {
    const r = await this.resources.findVisible(viewerOf(caller), id);
    if (!r) throw new NotFoundException('no such resource (or it is not shared with your organisation)');
    return r;
  }

  search(caller: Principal, q: SearchResourcesQuery): Promise<Page<Resource>> {
    const viewer = viewerOf(caller);
    if ((q.from === undefined) !== (q.to === undefined)) throw new BadRequestException('from and to go together');
    const window = q.from && q.to ? parseWindow(q.from, q.to, 31) : undefined;
    return this.searchWithin(viewer, q, window);
  }

  private async searchWithin(viewer: string | null, q: SearchResourcesQuery, window?: { from: Date; to: Date }): Promise<Page<Resource>> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const { page } = await this.resources.search(
      viewer,
      { kind: q.kind, region: q.region, name: q.name, ownerId: q.mine === 'true' ? viewer ?? undefined : undefined, freeDuring: window, cursor: q.cursor },
      limit,
    );
    if (!window) return page;
    // Opening hours live in each resource's own zone, so this last filter runs here; the cursor still
    // follows the rows scanned, so a page may be shorter than the limit but none is skipped.
    return { ...page, items: page.items.filter((r) => isWithinOpeningHours(r.openingHours, r.timeZone, window.from.getTime(), window.to.getTime())) };
  }

  async update(caller: Principal, id: string, dto: UpdateResourceDto): Promise<Resource> {
    return inTransaction(this.ds, async (tx) => {
      const r = await this.owned(tx, caller, id);
      if (r.status !== 'active') throw new ConflictException('this resource was withdrawn');
      const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<Resource>;
      if (dto.openingHours) changes.openingHours = dto.openingHours.map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));
      Object.assign(r, changes);
      const saved = await this.resources.save(tx, r);
      await this.outbox.publish(tx, ResourceUpdated, snapshotOf(saved));
      return saved;
    });
  }

  /** The caller's own resource, locked; another organisation's is 403 when they may see it, else 404. */
  async owned(tx: EntityManager, caller: Principal, id: string): Promise<Resource> {
    const ownerId = actingOrganisation(caller);
    const r = await this.resources.findOwnedForUpdate(tx, ownerId, id);
    if (r) return r;
    if (await this.resources.findVisible(ownerId, id, tx)) throw new ForbiddenException('only the owner manages this resource');
    throw new NotFoundException('no such resource (or it is not shared with your organisation)');
  }

  async addBlackout(caller: Principal, id: string, dto: CreateBlackoutDto): Promise<Blackout> {
    const { from, to } = parseWindow(dto.startsAt, dto.endsAt, 366);
    return inTransaction(this.ds, async (tx) => {
      const r = await this.owned(tx, caller, id);
      if (r.status !== 'active') throw new ConflictException('this resource was withdrawn');
      await this.resources.touch(tx, r.id);
      return this.resources.insertBlackout(tx, tx.create(Blackout, { id: randomUUID(), resourceId: r.id, startsAt: from, endsAt: to, reason: dto.reason ?? null }));
    });
  }

  async removeBlackout(caller: Principal, id: string, blackoutId: string): Promise<void> {
    await inTransaction(this.ds, async (tx) => {
      const r = await this.owned(tx, caller, id);
      if (!(await this.resources.deleteBlackout(tx, r.ownerId, r.id, blackoutId))) throw new NotFoundException('no such blackout');
    });
  }

  async blackouts(caller: Principal, id: string, q: { cursor?: string; limit?: number }): Promise<Page<Blackout>> {
    const r = await this.get(caller, id);
    return this.resources.listBlackouts(r.id, q.cursor, q.limit ?? DEFAULT_PAGE_SIZE);
  }
}
