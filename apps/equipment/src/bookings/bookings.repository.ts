import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { BookingStatus } from '@hamkor/contracts';
import { decodeCursor, Page, toPage } from '@hamkor/http';
import { ScheduleRequest } from '@hamkor/jobs';
import { OutboxRow } from '@hamkor/messaging';
import { preparedQuery, StatementBatcher } from '@hamkor/persistence';
import { Interval } from '../resources/opening-hours';
import { visibleToSql } from '../sharing/sharing-scope';
import { Booking } from './booking.entity';

/**
 * See BookingsRepository.bookIfStill: a batch of bookings, one per element of the parameter arrays, in
 * one statement. `ok` keeps those whose resource is still at the version their checks were made
 * against, active, visible to the holder (when asked) and free of blackouts in the slot, with the
 * resource locked FOR KEY SHARE; the INSERT then skips any that meets a live booking (the exclusion
 * constraint, also against earlier rows of the same batch: first come, first booked), and only the
 * bookings written get their outbox row and reminder job. FOR KEY SHARE lets bookings run side by side,
 * while a withdrawal, an edit or a new blackout (FOR UPDATE) waits for them and they for it.
 */
const BOOK_IF_STILL = `WITH i AS (
   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::boolean[],
                        $8::text[], $9::uuid[], $10::text[], $11::text[], $12::int[], $13::timestamptz[],
                        $14::uuid[], $15::text[], $16::text[], $17::text[], $18::jsonb[],
                        $19::text[], $20::text[], $21::timestamptz[], $22::jsonb[]) WITH ORDINALITY
     AS i(id, resource_id, holder_id, starts_at, ends_at, version, check_scope, booked_by, series_id, status, purpose, participants, decided_at,
          event_id, topic, message_key, event_type, payload, job_key, job_kind, job_run_at, job_payload, ord)
 ),
 ok AS (
   SELECT i.*, r.owner_id FROM i JOIN equipment.resource r ON r.id = i.resource_id
    WHERE r.version::text = i.version AND r.status = 'active' AND (NOT i.check_scope OR ${visibleToSql('i.holder_id')})
      AND NOT EXISTS (SELECT 1 FROM equipment.blackout x
                       WHERE x.resource_id = i.resource_id AND tstzrange(x.starts_at, x.ends_at, '[)') && tstzrange(i.starts_at, i.ends_at, '[)'))
    FOR KEY SHARE OF r
 ),
 b AS (
   INSERT INTO equipment.booking (id, resource_id, owner_id, holder_id, booked_by, series_id, starts_at, ends_at, status, purpose, participants, decided_at)
   SELECT id, resource_id, owner_id, holder_id, booked_by, series_id, starts_at, ends_at, status, purpose, participants, decided_at
     FROM ok ORDER BY ord
   ON CONFLICT DO NOTHING
   RETURNING id, created_at
 ),
 o AS (
   INSERT INTO equipment.outbox (event_id, topic, message_key, event_type, payload)
   SELECT i.event_id, i.topic, i.message_key, i.event_type, i.payload FROM b JOIN i USING (id) ORDER BY i.ord
 ),
 j AS (
   INSERT INTO equipment.scheduled_job (key, kind, run_at, payload)
   SELECT i.job_key, i.job_kind, i.job_run_at, i.job_payload FROM b JOIN i USING (id) WHERE i.job_key IS NOT NULL
 )
 SELECT b.created_at, ok.id IS NOT NULL AS held FROM i LEFT JOIN ok USING (id) LEFT JOIN b USING (id) ORDER BY i.ord`;

/** One booking for BOOK_IF_STILL. */
interface BookingRequest {
  booking: Booking;
  version: string;
  checkScope: boolean;
  event: OutboxRow;
  reminder: ScheduleRequest | null;
}

/**
 * What became of a booking: written; refused by the exclusion constraint (the slot meets a live
 * booking); or not tried, because the resource is no longer as its terms were read (changed, withdrawn,
 * no longer shared with the holder, or a blackout meets the slot).
 */
export type BookingWrite = { createdAt: Date } | 'overlaps' | 'terms-changed';

/**
 * Statements of bookings in flight at once; the requests arriving meanwhile are batched into the next.
 * Two keep PostgreSQL busy while the service prepares the next batch, and leave the rest of the pool to
 * every other statement of the service.
 */
const BOOKING_STATEMENTS_IN_FLIGHT = 2;
const MAX_BOOKINGS_PER_STATEMENT = 64;

export interface BookingFilter {
  status?: BookingStatus;
  resourceId?: string;
  endsAfter?: Date;
  cursor?: string;
}

@Injectable()
export class BookingsRepository {
  private readonly batcher = new StatementBatcher((requests: BookingRequest[]) => this.writeBookings(requests), {
    maxBatch: MAX_BOOKINGS_PER_STATEMENT,
    maxInFlight: BOOKING_STATEMENTS_IN_FLIGHT,
  });

  constructor(@InjectRepository(Booking, 'equipment') private readonly repo: Repository<Booking>) {}

  get manager(): EntityManager {
    return this.repo.manager;
  }

  /**
   * Books in one statement with the bookings requested at the same moment (group commit, see
   * StatementBatcher): the booking, its outbox row and its reminder's scheduled job, written only when
   * the resource is still at `version`, active, visible to the holder (when `checkScope`), no blackout
   * meets the slot and no live booking overlaps it. Nothing is written otherwise, and the answer says
   * which it was.
   */
  bookIfStill(booking: Booking, version: string, checkScope: boolean, event: OutboxRow, reminder: ScheduleRequest | null): Promise<BookingWrite> {
    return this.batcher.submit({ booking, version, checkScope, event, reminder });
  }

  private async writeBookings(requests: BookingRequest[]): Promise<BookingWrite[]> {
    const column = <T>(f: (r: BookingRequest) => T): T[] => requests.map(f);
    const rows = await preparedQuery<{ created_at: Date | null; held: boolean }>(this.manager.connection, BOOK_IF_STILL, [
      column((r) => r.booking.id),
      column((r) => r.booking.resourceId),
      column((r) => r.booking.holderId),
      column((r) => r.booking.startsAt.toISOString()),
      column((r) => r.booking.endsAt.toISOString()),
      column((r) => r.version),
      column((r) => r.checkScope),
      column((r) => r.booking.bookedBy),
      column((r) => r.booking.seriesId),
      column((r) => r.booking.status),
      column((r) => r.booking.purpose),
      column((r) => r.booking.participants),
      column((r) => r.booking.decidedAt?.toISOString() ?? null),
      column((r) => r.event.envelope.id),
      column((r) => r.event.topic),
      column((r) => r.event.key),
      column((r) => r.event.type),
      column((r) => r.event.payload),
      column((r) => r.reminder?.key ?? null),
      column((r) => r.reminder?.kind ?? null),
      column((r) => r.reminder?.runAt.toISOString() ?? null),
      column((r) => (r.reminder ? JSON.stringify(r.reminder.payload ?? {}) : null)),
    ]);
    return rows.map((row) => (row.created_at ? { createdAt: row.created_at } : row.held ? 'overlaps' : 'terms-changed'));
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
