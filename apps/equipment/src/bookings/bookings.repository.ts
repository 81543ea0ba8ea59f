import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { BookingStatus } from '@hamkor/contracts';
import { decodeCursor, Page, toPage } from '@hamkor/http';
import { Interval } from '../resources/opening-hours';
import { Booking } from './booking.entity';

export const LIVE: BookingStatus[] = ['pending', 'approved'];

export interface BookingFilter {
  status?: BookingStatus;
  resourceId?: string;
  endsAfter?: Date;
  cursor?: string;
}

@Injectable()
export class BookingsRepository {
  constructor(@InjectRepository(Booking, 'equipment') private readonly repo: Repository<Booking>) {}

  get manager(): EntityManager {
    return this.repo.manager;
  }

  /** Fails with SQLSTATE 23P01 when the slot meets a live booking of the resource (the exclusion constraint). */
  async insert(tx: EntityManager, b: Booking): Promise<Booking> {
    await tx.insert(Booking, b);
    return b;
  }

  /** A live booking of the resource meeting [start, end): what a refused request ran into. */
  findConflict(resourceId: string, start: Date, end: Date): Promise<Booking | null> {
    return this.repo
      .createQueryBuilder('b')
      .where('b.resource_id = :resourceId', { resourceId })
      .andWhere('b.status IN (:...live)', { live: LIVE })
      .andWhere(`tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(:start, :end, '[)')`, { start: start.toISOString(), end: end.toISOString() })
      .orderBy('b.starts_at', 'ASC')
      .getOne();
  }

  async liveIntervals(resourceId: string, from: Date, to: Date): Promise<Interval[]> {
    const rows: Array<{ starts_at: Date; ends_at: Date }> = await this.manager.query(
      `SELECT starts_at, ends_at FROM equipment.booking
        WHERE resource_id = $1 AND status IN ('pending','approved') AND tstzrange(starts_at, ends_at, '[)') && tstzrange($2, $3, '[)')`,
      [resourceId, from.toISOString(), to.toISOString()],
    );
    return rows.map((r) => ({ start: new Date(r.starts_at).getTime(), end: new Date(r.ends_at).getTime() }));
  }

  /** A booking the organisation holds or owns the resource of (null: the operator, any booking). */
  findInvolving(organisationId: string | null, id: string): Promise<Booking | null> {
    const qb = this.repo.createQueryBuilder('b').where('b.id = :id', { id });
    if (organisationId) qb.andWhere('(b.holder_id = :org OR b.owner_id = :org)', { org: organisationId });
    return qb.getOne();
  }

  findForUpdate(tx: EntityManager, id: string): Promise<Booking | null> {
    return tx.findOne(Booking, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(tx: EntityManager, b: Booking): Promise<Booking> {
    return tx.save(Booking, b);
  }

  /** Cancels every live booking of a resource that has not ended; returns them as they are now. */
  async cancelUnfinished(tx: EntityManager, ownerId: string, resourceId: string): Promise<Booking[]> {
    const [rows]: [Array<{ id: string }>, number] = await tx.query(
      `UPDATE equipment.booking SET status = 'cancelled', cancelled_at = now()
        WHERE owner_id = $1 AND resource_id = $2 AND status IN ('pending','approved') AND ends_at > now()
        RETURNING id`,
      [ownerId, resourceId],
    );
    if (rows.length === 0) return [];
    return tx.createQueryBuilder(Booking, 'b').where('b.id IN (:...ids)', { ids: rows.map((r) => r.id) }).getMany();
  }

  async list(organisationId: string | null, as: 'holder' | 'owner', f: BookingFilter, limit: number): Promise<Page<Booking>> {
    const qb = this.repo.createQueryBuilder('b').orderBy('b.starts_at', 'ASC').addOrderBy('b.id', 'ASC').limit(limit + 1);
    if (organisationId) qb.where(as === 'owner' ? 'b.owner_id = :org' : 'b.holder_id = :org', { org: organisationId });
    if (f.status) qb.andWhere('b.status = :status', { status: f.status });
    if (f.resourceId) qb.andWhere('b.resource_id = :resourceId', { resourceId: f.resourceId });
    if (f.endsAfter) qb.andWhere('b.ends_at > :after', { after: f.endsAfter.toISOString() });
    const after = decodeCursor(f.cursor, 2);
    if (after) qb.andWhere('(b.starts_at, b.id) > (:s, :i)', { s: after[0], i: after[1] });
    return toPage(await qb.getMany(), limit, (b) => [b.startsAt.toISOString(), b.id]);
  }

  /** Live bookings for a calendar export, with their resource's name and location. */
  calendar(organisationId: string, as: 'holder' | 'owner' | 'resource', id: string, from: Date, max: number) {
    const column = as === 'owner' ? 'b.owner_id' : as === 'holder' ? 'b.holder_id' : 'b.resource_id';
    const params = as === 'resource' ? [id, from.toISOString(), max, organisationId] : [id, from.toISOString(), max];
    return this.manager.query(
      `SELECT b.id, b.starts_at, b.ends_at, b.status, b.purpose, b.created_at, b.decided_at, r.name, r.location
         FROM equipment.booking b JOIN equipment.resource r ON r.id = b.resource_id
        WHERE ${column} = $1 AND b.status IN ('pending','approved') AND b.ends_at > $2
          ${as === 'resource' ? 'AND r.owner_id = $4' : ''}
        ORDER BY b.starts_at, b.id LIMIT $3`,
      params,
    ) as Promise<Array<{ id: string; starts_at: Date; ends_at: Date; status: BookingStatus; purpose: string; created_at: Date; decided_at: Date | null; name: string; location: string | null }>>;
  }
}
