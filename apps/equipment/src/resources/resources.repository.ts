import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { decodeCursor, Page, toPage } from '@hamkor/http';
import { visibleToSql } from '../sharing/sharing-scope';
import { Blackout } from './blackout.entity';
import { Resource } from './resource.entity';
import { termsCtes, termsJson, TermsFor, termsFrom } from './resource-terms';

export interface ResourceFilter {
  kind?: string;
  region?: string;
  name?: string;
  ownerId?: string;
  /** Only resources with no live booking or blackout meeting this window. */
  freeDuring?: { from: Date; to: Date };
  cursor?: string;
}

/** `viewerId` null = the platform operator, who sees every resource. */
@Injectable()
export class ResourcesRepository {
  constructor(@InjectRepository(Resource, 'equipment') private readonly repo: Repository<Resource>) {}

  get manager(): EntityManager {
    return this.repo.manager;
  }

  /** A resource the viewer may see: every one of its own, others' only while active and in scope. */
  async findVisible(viewerId: string | null, id: string, tx: EntityManager = this.manager): Promise<Resource | null> {
    const qb = tx.createQueryBuilder(Resource, 'r').where('r.id = :id', { id });
    if (viewerId) qb.andWhere(`(r.owner_id = :viewer OR (r.status = 'active' AND ${visibleToSql(':viewer')}))`, { viewer: viewerId });
    return qb.getOne();
  }

  /** The resource's current terms as `viewerId` sees them, and the first blackout meeting [start, end); one statement. */
  async termsFor(viewerId: string, id: string, start: Date, end: Date): Promise<TermsFor> {
    const [row] = await this.manager.query(`WITH ${termsCtes()} SELECT ${termsJson()} AS terms`, [id, viewerId, start.toISOString(), end.toISOString()]);
    return termsFrom(row.terms);
  }

  /**
   * A new blackout changes what may be booked: touching the resource's row gives it a new version, so a
   * booking statement waiting for this transaction's lock books nothing and checks again (its snapshot
   * would not show the blackout).
   */
  async touch(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`UPDATE equipment.resource SET updated_at = now() WHERE id = $1`, [id]);
  }

  /** The owner's resource, row-locked for a change. */
  findOwnedForUpdate(tx: EntityManager, ownerId: string, id: string): Promise<Resource | null> {
    return tx.findOne(Resource, { where: { id, ownerId }, lock: { mode: 'pessimistic_write' } });
  }

  async search(viewerId: string | null, f: ResourceFilter, limit: number): Promise<{ rows: Resource[]; page: Page<Resource> }> {
    const qb = this.repo
      .createQueryBuilder('r')
      .where(`r.status = 'active'`)
      .orderBy('r.name', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(limit + 1);
    if (viewerId) qb.andWhere(visibleToSql(':viewer'), { viewer: viewerId });
    if (f.ownerId) qb.andWhere('r.owner_id = :owner', { owner: f.ownerId });
    if (f.kind) qb.andWhere('r.kind = :kind', { kind: f.kind });
    if (f.region) qb.andWhere('r.region = :region', { region: f.region });
    if (f.name) qb.andWhere('r.name ILIKE :name', { name: `%${f.name.replace(/[\\%_]/g, '\\$&')}%` });
    if (f.freeDuring) {
      const window = `tstzrange(:from, :to, '[)')`;
      qb.andWhere(
        `NOT EXISTS (SELECT 1 FROM equipment.booking b WHERE b.resource_id = r.id AND b.status IN ('pending','approved')
           AND tstzrange(b.starts_at, b.ends_at, '[)') && ${window})
         AND NOT EXISTS (SELECT 1 FROM equipment.blackout x WHERE x.resource_id = r.id AND tstzrange(x.starts_at, x.ends_at, '[)') && ${window})`,
        { from: f.freeDuring.from.toISOString(), to: f.freeDuring.to.toISOString() },
      );
    }
    const after = decodeCursor(f.cursor, 2);
    if (after) qb.andWhere('(r.name, r.id) > (:n, :i)', { n: after[0], i: after[1] });
    const rows = await qb.getMany();
    return { rows, page: toPage(rows, limit, (r) => [r.name, r.id]) };
  }

  async insert(tx: EntityManager, resource: Resource): Promise<Resource> {
    await tx.insert(Resource, resource);
    return tx.findOneByOrFail(Resource, { id: resource.id });
  }

  async save(tx: EntityManager, resource: Resource): Promise<Resource> {
    return tx.save(Resource, resource);
  }

  async insertBlackout(tx: EntityManager, b: Blackout): Promise<Blackout> {
    await tx.insert(Blackout, b);
    return b;
  }

  async deleteBlackout(tx: EntityManager, ownerId: string, resourceId: string, blackoutId: string): Promise<boolean> {
    const res = await tx.query(
      `DELETE FROM equipment.blackout x USING equipment.resource r
        WHERE x.id = $1 AND x.resource_id = $2 AND r.id = x.resource_id AND r.owner_id = $3`,
      [blackoutId, resourceId, ownerId],
    );
    return res[1] > 0;
  }

  async listBlackouts(resourceId: string, cursor: string | undefined, limit: number): Promise<Page<Blackout>> {
    const qb = this.manager
      .createQueryBuilder(Blackout, 'x')
      .where('x.resource_id = :resourceId', { resourceId })
      .andWhere('x.ends_at > now()')
      .orderBy('x.starts_at', 'ASC')
      .addOrderBy('x.id', 'ASC')
      .limit(limit + 1);
    const after = decodeCursor(cursor, 2);
    if (after) qb.andWhere('(x.starts_at, x.id) > (:s, :i)', { s: after[0], i: after[1] });
    return toPage(await qb.getMany(), limit, (x) => [x.startsAt.toISOString(), x.id]);
  }

  blackoutsMeeting(tx: EntityManager, resourceId: string, from: Date, to: Date): Promise<Blackout[]> {
    return tx
      .createQueryBuilder(Blackout, 'x')
      .where('x.resource_id = :resourceId', { resourceId })
      .andWhere(`tstzrange(x.starts_at, x.ends_at, '[)') && tstzrange(:from, :to, '[)')`, { from: from.toISOString(), to: to.toISOString() })
      .orderBy('x.starts_at', 'ASC')
      .getMany();
  }
}
