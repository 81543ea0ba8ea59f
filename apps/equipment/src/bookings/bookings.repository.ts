import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { BookingStatus } from '@hamkor/contracts';
import { decodeCursor, Page, toPage } from '@hamkor/http';
import { ScheduleRequest } from '@hamkor/jobs';
import { OutboxRow } from '@hamkor/messaging';
import { preparedQuery } from '@hamkor/persistence';
import { Interval } from '../resources/opening-hours';
import { termsCtes, termsJson, TermsFor, termsFrom, TermsRow } from '../resources/resource-terms';
import { Booking } from './booking.entity';

/** See BookingsRepository.bookIfStill. */
const BOOK_IF_STILL = `WITH ${termsCtes(true)},
 b AS (
   INSERT INTO equipment.booking (id, resource_id, owner_id, holder_id, booked_by, series_id, starts_at, ends_at, status, purpose, participants, decided_at)
   SELECT $7::uuid, r.id, r.owner_id, $2::uuid, $8::text, $9::uuid, $3::timestamptz, $4::timestamptz, $10::text, $11::text, $12::int, $13::timestamptz
     FROM r
    WHERE r.version = $5::text AND r.status = 'active' AND (r.visible OR NOT $6::boolean) AND NOT EXISTS (SELECT 1 FROM x)
   RETURNING created_at
 ),
 o AS (
   INSERT INTO equipment.outbox (event_id, topic, message_key, event_type, payload)
   SELECT $14::uuid, $15::text, $16::text, $17::text, $18::jsonb FROM b
 ),
 j AS (
   INSERT INTO equipment.scheduled_job (key, kind, run_at, payload)
   SELECT $19::text, $20::text, $21::timestamptz, $22::jsonb FROM b WHERE $19::text IS NOT NULL
 )
 SELECT b.created_at, ${termsJson('b.created_at IS NULL')} AS terms
   FROM (SELECT 1) one LEFT JOIN b ON true`;

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

  /**
   * Books in one statement, so one round trip and one transaction: the resource locked FOR KEY SHARE,
   * then the booking, its outbox row and its reminder's scheduled job, written only when the resource
   * is still at `terms.version`, active, visible to the holder (when `checkScope`) and no blackout
   * meets the slot. Otherwise nothing is written and the resource's current terms come back, to be
   * checked again. Fails with SQLSTATE 23P01 when the slot meets a live booking (the exclusion
   * constraint), and then nothing is written either.
   */
  async bookIfStill(
    b: Booking,
    version: string,
    checkScope: boolean,
    event: OutboxRow,
    reminder: ScheduleRequest | null,
  ): Promise<{ createdAt: Date } | TermsFor> {
    const [row] = await preparedQuery<{ created_at: Date | null; terms: TermsRow | null }>(this.manager.connection, BOOK_IF_STILL, [
        b.resourceId,
        b.holderId,
        b.startsAt.toISOString(),
        b.endsAt.toISOString(),
        version,
        checkScope,
        b.id,
        b.bookedBy,
        b.seriesId,
        b.status,
        b.purpose,
        b.participants,
        b.decidedAt?.toISOString() ?? null,
        event.envelope.id,
        event.topic,
        event.key,
        event.type,
        event.payload,
        reminder?.key ?? null,
        reminder?.kind ?? null,
        reminder?.runAt.toISOString() ?? null,
        reminder ? JSON.stringify(reminder.payload ?? {}) : null,
    ]);
    return row.created_at ? { createdAt: row.created_at } : termsFrom(row.terms);
  }

  /** A live booking of the resource meeting [start, end): what a refused request ran into. */
  async findConflict(resourceId: string, start: Date, end: Date): Promise<{ startsAt: Date; endsAt: Date } | null> {
    const [row] = await preparedQuery<{ starts_at: Date; ends_at: Date }>(
      this.manager.connection,
      `SELECT starts_at, ends_at FROM equipment.booking
        WHERE resource_id = $1::uuid AND status IN ('pending','approved') AND tstzrange(starts_at, ends_at, '[)') && tstzrange($2::timestamptz, $3::timestamptz, '[)')
        ORDER BY starts_at LIMIT 1`,
      [resourceId, start.toISOString(), end.toISOString()],
    );
    return row ? { startsAt: row.starts_at, endsAt: row.ends_at } : null;
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
