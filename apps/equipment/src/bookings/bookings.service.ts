import { BadRequestException, ConflictException, ForbiddenException, HttpException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import {
  BookingApproved,
  BookingCancelled,
  BookingCheckedIn,
  BookingRejected,
  BookingReleased,
  BookingRequested,
  ResourceWithdrawn,
} from '@hamkor/contracts';
import { DEFAULT_PAGE_SIZE, Page, ProblemException } from '@hamkor/http';
import { OutboxWriter } from '@hamkor/messaging';
import { inTransaction, isTransient } from '@hamkor/persistence';
import { actingOrganisation, viewerOf } from '../resources/acting-organisation';
import {
  Interval,
  isWithinOpeningHours,
  localDateOf,
  openingIntervals,
  parseLocalDate,
  sameLocalTimeWeeksLater,
  subtractIntervals,
} from '../resources/opening-hours';
import { Resource } from '../resources/resource.entity';
import { BlackoutMet, ResourceTerms, ResourceTermsCache, TermsFor } from '../resources/resource-terms';
import { ResourcesRepository } from '../resources/resources.repository';
import { parseWindow, ResourcesService } from '../resources/resources.service';
import { slotOf } from './booking-events';
import { BookingReminders } from './booking-reminders';
import { Booking } from './booking.entity';
import { BookingsRepository, BookingWrite } from './bookings.repository';
import { CalendarQuery, CreateBookingDto, CreateBookingSeriesDto, ListBookingsQuery, RejectBookingDto } from './dto/booking.dto';
import { buildCalendar } from './ics';

const MAX_OCCURRENCES = 52;
/** Check-in opens this long before the start, so a group arriving early can be let in. */
const CHECK_IN_EARLY_MS = 30 * 60_000;
const CALENDAR_MAX_EVENTS = 2000;
/** How many times a booking meets a resource that changed since its terms were read before it gives up (409). */
const MAX_ATTEMPTS = 4;

/** Why a slot cannot be booked, apart from another booking (that is a conflict, 409). */
type Refusal = { slug: 'too-short-notice' | 'outside-opening-hours' | 'blackout' | 'resource-withdrawn'; detail: string };

export interface SlotView {
  startsAt: string;
  endsAt: string;
}

export type Occurrence =
  | { startsAt: string; endsAt: string; result: 'booked'; booking: Booking }
  | { startsAt: string; endsAt: string; result: 'conflicting'; conflictingSlot: SlotView | null }
  | { startsAt: string; endsAt: string; result: 'refused'; reason: Refusal['slug']; detail: string };

@Injectable()
export class BookingsService {
  constructor(
    @InjectDataSource('equipment') private readonly ds: DataSource,
    private readonly bookings: BookingsRepository,
    private readonly resources: ResourcesRepository,
    private readonly resourcesService: ResourcesService,
    private readonly reminders: BookingReminders,
    private readonly outbox: OutboxWriter,
    private readonly termsCache: ResourceTermsCache,
  ) {}

  async book(caller: Principal, resourceId: string, dto: CreateBookingDto): Promise<Booking> {
    const holderId = actingOrganisation(caller);
    const { start, end } = slotOfDto(dto);
    const outcome = await this.tryBook(
      { resourceId, holderId, userId: caller.userId, dto, seriesId: null, checkScope: true },
      start,
      end,
      (t) => !this.unbookable(t, dto, start, end) && !this.refusal(t, start, end, null),
      // Every answer but a booking is decided on the resource as it is now, in this order: scope, terms, slot.
      (now) => this.refusal(this.bookable(now, dto, start, end), start, end, now.blackout),
    );
    if (outcome.result === 'booked') return outcome.booking;
    if (outcome.result === 'conflicting') {
      throw new ProblemException(HttpStatus.CONFLICT, 'booking-conflict', 'the slot overlaps another booking of this resource', {
        conflictingSlot: outcome.conflictingSlot,
      });
    }
    throw new ProblemException(outcome.reason === 'resource-withdrawn' ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY, outcome.reason, outcome.detail);
  }

  /** A weekly series at the same local time; each occurrence is booked on its own and reported. */
  async bookSeries(caller: Principal, resourceId: string, dto: CreateBookingSeriesDto) {
    const holderId = actingOrganisation(caller);
    const { start, end } = slotOfDto(dto);
    const current = await this.resources.termsFor(holderId, resourceId, start, end);
    this.remember(resourceId, current);
    const resource = this.bookable(current, dto, start, end);
    const until = parseLocalDate(dto.until);
    const untilKey = Date.UTC(until.year, until.month - 1, until.day);
    const slots: Array<{ start: Date; end: Date }> = [];
    for (let week = 0; ; week++) {
      const s = sameLocalTimeWeeksLater(resource.timeZone, start.getTime(), week);
      const d = localDateOf(resource.timeZone, s);
      if (Date.UTC(d.year, d.month - 1, d.day) > untilKey) break;
      if (week >= MAX_OCCURRENCES) throw new BadRequestException(`a series has at most ${MAX_OCCURRENCES} occurrences; choose an earlier until`);
      slots.push({ start: new Date(s), end: new Date(sameLocalTimeWeeksLater(resource.timeZone, end.getTime(), week)) });
    }
    if (slots.length === 0) throw new BadRequestException('until is before the first occurrence');

    // Scope and terms were checked once, above; each occurrence is checked against its own slot.
    const seriesId = randomUUID();
    const occurrences: Occurrence[] = [];
    const withdrawn: Refusal = { slug: 'resource-withdrawn', detail: 'this resource was withdrawn' };
    for (const slot of slots) {
      occurrences.push(
        await this.tryBook(
          { resourceId, holderId, userId: caller.userId, dto, seriesId, checkScope: false },
          slot.start,
          slot.end,
          (t) => !this.refusal(t, slot.start, slot.end, null),
          (now) => (now.terms ? this.refusal(now.terms, slot.start, slot.end, now.blackout) : withdrawn),
        ),
      );
    }
    const booked = occurrences.filter((o) => o.result === 'booked').length;
    if (booked === 0) {
      throw new ProblemException(HttpStatus.CONFLICT, 'booking-conflict', 'no occurrence of the series could be booked', { occurrences });
    }
    return { seriesId, booked, notBooked: occurrences.length - booked, occurrences };
  }

  /**
   * The resource's terms when the holder may book it at all (it exists, is shared with the holder, is
   * active, and takes this many people for this long); otherwise the 404, 403, 409 or 422 to answer.
   */
  private bookable(current: TermsFor, dto: CreateBookingDto, start: Date, end: Date): ResourceTerms {
    const t = current.terms;
    if (!t) throw new NotFoundException('no such resource');
    if (!current.visible) {
      if (t.status === 'active') throw new ForbiddenException(`this resource is shared with ${scopeText(t)} only, which does not include your organisation`);
      throw new NotFoundException('no such resource');
    }
    const unbookable = this.unbookable(t, dto, start, end);
    if (unbookable) throw unbookable;
    return t;
  }

  /** What keeps a resource the holder may see from taking this booking, whatever the slot; null if nothing. */
  private unbookable(t: ResourceTerms, dto: CreateBookingDto, start: Date, end: Date): HttpException | null {
    if (t.status !== 'active') return new ConflictException('this resource was withdrawn');
    const minutes = (end.getTime() - start.getTime()) / 60_000;
    if (minutes > t.maxDurationMinutes) {
      return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'too-long', `a booking of this resource lasts at most ${t.maxDurationMinutes} minutes`);
    }
    if (dto.participants > t.capacity) {
      return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'over-capacity', `this resource takes at most ${t.capacity} people`);
    }
    if (t.trainingRequirement && dto.trainingConfirmed !== true) {
      return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'training-required', `the participants need "${t.trainingRequirement}"; confirm it with trainingConfirmed: true`);
    }
    return null;
  }

  /**
   * One slot, in one statement (so in one transaction, shared with the bookings requested at the same
   * moment): the booking, its outbox row and its reminder. `accepts` says whether terms this process
   * remembers let the slot be booked; if they do, the statement books unless the resource changed since
   * (and the exclusion constraint has the last word on overlaps). Otherwise, or when it changed, the
   * current terms are read and
   * `settle` decides on them: it throws or returns the refusal to answer, and with neither the slot is
   * tried again on them.
   */
  private async tryBook(
    ctx: BookingContext,
    start: Date,
    end: Date,
    accepts: (t: ResourceTerms) => boolean,
    settle: (current: TermsFor) => Refusal | null,
  ): Promise<Occurrence> {
    const view = { startsAt: start.toISOString(), endsAt: end.toISOString() };
    let terms = this.termsCache.get(ctx.resourceId);
    let conflictRetried = false;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (terms && accepts(terms)) {
        const booking = newBooking(ctx, terms, start, end);
        const event = this.outbox.rows(BookingRequested, [{ ...slotOf(booking), status: booking.status as 'pending' | 'approved', participants: booking.participants }])[0];
        const reminder = booking.status === 'approved' ? this.reminders.requestFor(booking, terms.reminderMinutes) : null;
        let result: BookingWrite;
        try {
          result = await this.bookings.bookIfStill(booking, terms.version, ctx.checkScope, event, reminder);
        } catch (err) {
          // Two statements booking overlapping slots at the same moment may each wait for the other in the
          // exclusion check; PostgreSQL ends one of them, which tries again and then meets the other's
          // booking once that commits (or finds the slot free if it did not).
          if (isTransient(err)) continue;
          throw err;
        }
        if (typeof result === 'object') {
          this.outbox.committed();
          booking.createdAt = result.createdAt;
          return { ...view, result: 'booked', booking };
        }
        if (result === 'overlaps') {
          const other = await this.bookings.findConflict(ctx.resourceId, start, end);
          // The booking we collided with was released in between: the slot may be free now, try once more.
          if (!other && !conflictRetried) {
            conflictRetried = true;
            continue;
          }
          return { ...view, result: 'conflicting', conflictingSlot: other ? { startsAt: other.startsAt.toISOString(), endsAt: other.endsAt.toISOString() } : null };
        }
        // Otherwise the resource changed since its terms were read: decide again on its current terms.
      }
      const current = await this.resources.termsFor(ctx.holderId, ctx.resourceId, start, end);
      this.remember(ctx.resourceId, current);
      const refusal = settle(current);
      if (refusal) return { ...view, result: 'refused', reason: refusal.slug, detail: refusal.detail };
      terms = current.terms!;
    }
    throw new ConflictException('this resource kept changing, or other bookings of it kept coming in, while this booking was being made; try again');
  }

  private remember(resourceId: string, current: TermsFor): void {
    if (current.terms) this.termsCache.remember(current.terms);
    else this.termsCache.forget(resourceId);
  }

  /** Why the slot cannot be booked on these terms (the blackout meeting it, if known); null if it can. */
  private refusal(r: ResourceTerms, start: Date, end: Date, blackout: BlackoutMet | null, now = Date.now()): Refusal | null {
    if (r.status !== 'active') return { slug: 'resource-withdrawn', detail: 'this resource was withdrawn' };
    if (start.getTime() < now + r.minNoticeMinutes * 60_000) {
      return { slug: 'too-short-notice', detail: r.minNoticeMinutes ? `a booking must start at least ${r.minNoticeMinutes} minutes from now` : 'a booking cannot start in the past' };
    }
    if (!isWithinOpeningHours(r.openingHours, r.timeZone, start.getTime(), end.getTime())) {
      return { slug: 'outside-opening-hours', detail: `the slot is not within the opening hours of this resource (time zone ${r.timeZone})` };
    }
    if (blackout) {
      return { slug: 'blackout', detail: `the resource is unavailable from ${blackout.startsAt.toISOString()} to ${blackout.endsAt.toISOString()}${blackout.reason ? ` (${blackout.reason})` : ''}` };
    }
    return null;
  }

  /** Free, bookable time of a resource in a window: opening hours minus blackouts and live bookings. */
  async availability(caller: Principal, resourceId: string, q: { from: string; to: string }) {
    const r = await this.resourcesService.get(caller, resourceId);
    const window = parseWindow(q.from, q.to, 62);
    const earliest = Date.now() + r.minNoticeMinutes * 60_000;
    const from = Math.max(window.from.getTime(), earliest);
    const to = window.to.getTime();
    let free: Interval[] = [];
    if (r.status === 'active' && to > from) {
      const busy = [
        ...(await this.resources.blackoutsMeeting(this.resources.manager, r.id, new Date(from), new Date(to))).map((b) => ({ start: b.startsAt.getTime(), end: b.endsAt.getTime() })),
        ...(await this.bookings.liveIntervals(r.id, new Date(from), new Date(to))),
      ];
      free = subtractIntervals(openingIntervals(r.openingHours, r.timeZone, from, to), busy);
    }
    return {
      resourceId: r.id,
      timeZone: r.timeZone,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      maxDurationMinutes: r.maxDurationMinutes,
      slots: free.map((i) => ({ startsAt: new Date(i.start).toISOString(), endsAt: new Date(i.end).toISOString() })),
    };
  }

  async approve(caller: Principal, id: string): Promise<Booking> {
    return this.decide(caller, id, async (tx, b) => {
      const r = await tx.findOneByOrFail(Resource, { id: b.resourceId });
      b.status = 'approved';
      b.decidedAt = new Date();
      await this.bookings.save(tx, b);
      await this.outbox.publish(tx, BookingApproved, { ...slotOf(b), decidedBy: caller.userId });
      await this.reminders.schedule(tx, b, r.reminderMinutes);
    });
  }

  async reject(caller: Principal, id: string, dto: RejectBookingDto): Promise<Booking> {
    return this.decide(caller, id, async (tx, b) => {
      b.status = 'rejected';
      b.decidedAt = new Date();
      b.decisionReason = dto.reason ?? null;
      await this.bookings.save(tx, b);
      await this.outbox.publish(tx, BookingRejected, { ...slotOf(b), decidedBy: caller.userId, ...(dto.reason ? { reason: dto.reason } : {}) });
    });
  }

  private async decide(caller: Principal, id: string, apply: (tx: EntityManager, b: Booking) => Promise<void>): Promise<Booking> {
    const org = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const b = await this.involving(tx, org, id);
      if (b.ownerId !== org) throw new ForbiddenException("only the resource's owner decides on a booking");
      if (b.status !== 'pending') throw new ConflictException(`this booking is ${b.status}, not pending`);
      if (b.endsAt.getTime() <= Date.now()) throw new ConflictException('this booking is over');
      await apply(tx, b);
      return b;
    });
  }

  async cancel(caller: Principal, id: string): Promise<Booking> {
    const org = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const b = await this.involving(tx, org, id);
      if (b.holderId !== org) throw new ForbiddenException("only the holder's organisation cancels a booking (the owner rejects or withdraws)");
      if (b.status !== 'pending' && b.status !== 'approved') throw new ConflictException(`this booking is ${b.status}`);
      if (b.endsAt.getTime() <= Date.now()) throw new ConflictException('this booking is over');
      b.status = 'cancelled';
      b.cancelledAt = new Date();
      await this.bookings.save(tx, b);
      await this.reminders.cancel(tx, b.id);
      await this.outbox.publish(tx, BookingCancelled, { ...slotOf(b), reason: 'holder_cancelled' });
      return b;
    });
  }

  /** The holder arrived (the holder or the owner records it): the time counts as used. */
  async checkIn(caller: Principal, id: string): Promise<Booking> {
    const org = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const b = await this.involving(tx, org, id);
      if (b.status !== 'approved') throw new ConflictException(`this booking is ${b.status}, not approved`);
      const now = Date.now();
      if (now < b.startsAt.getTime() - CHECK_IN_EARLY_MS || now >= b.endsAt.getTime()) {
        throw new ConflictException('check-in is open from 30 minutes before the start until the end of the booking');
      }
      if (b.checkedInAt) return b;
      b.checkedInAt = new Date(now);
      await this.bookings.save(tx, b);
      await this.outbox.publish(tx, BookingCheckedIn, slotOf(b));
      return b;
    });
  }

  /**
   * The owner marks that nobody came: after the grace period the booking is released and the rest of
   * its slot can be booked by others; the booked time still shows in usage as booked, not used.
   */
  async releaseNoShow(caller: Principal, id: string): Promise<Booking> {
    const org = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const b = await this.involving(tx, org, id);
      if (b.ownerId !== org) throw new ForbiddenException("only the resource's owner releases a no-show");
      if (b.status !== 'approved') throw new ConflictException(`this booking is ${b.status}, not approved`);
      if (b.checkedInAt) throw new ConflictException('the holder checked in');
      const r = await tx.findOneByOrFail(Resource, { id: b.resourceId });
      const releasableAt = b.startsAt.getTime() + r.noShowGraceMinutes * 60_000;
      if (Date.now() < releasableAt) throw new ConflictException(`a no-show can be released from ${new Date(releasableAt).toISOString()}`);
      b.status = 'released';
      await this.bookings.save(tx, b);
      await this.reminders.cancel(tx, b.id);
      await this.outbox.publish(tx, BookingReleased, { ...slotOf(b), releasedBy: caller.userId });
      return b;
    });
  }

  /** Withdraws a resource: every unfinished booking is cancelled and its holder told by its event. */
  async withdraw(caller: Principal, resourceId: string): Promise<Resource> {
    return inTransaction(this.ds, async (tx) => {
      const r = await this.resourcesService.owned(tx, caller, resourceId);
      if (r.status === 'withdrawn') return r;
      r.status = 'withdrawn';
      await this.resources.save(tx, r);
      const cancelled = await this.bookings.cancelUnfinished(tx, r.ownerId, r.id);
      for (const b of cancelled) await this.reminders.cancel(tx, b.id);
      await this.outbox.publishMany(tx, BookingCancelled, cancelled.map((b) => ({ ...slotOf(b), reason: 'resource_withdrawn' as const })));
      await this.outbox.publish(tx, ResourceWithdrawn, { resourceId: r.id, ownerId: r.ownerId, cancelledBookings: cancelled.length });
      return r;
    });
  }

  async get(caller: Principal, id: string): Promise<Booking> {
    const b = await this.bookings.findInvolving(viewerOf(caller), id);
    if (!b) throw new NotFoundException('no such booking');
    return b;
  }

  list(caller: Principal, q: ListBookingsQuery): Promise<Page<Booking>> {
    return this.bookings.list(viewerOf(caller), q.as ?? 'holder', { status: q.status, resourceId: q.resourceId, endsAfter: q.from ? new Date(q.from) : undefined, cursor: q.cursor }, q.limit ?? DEFAULT_PAGE_SIZE);
  }

  async listOfResource(caller: Principal, resourceId: string, q: ListBookingsQuery): Promise<Page<Booking>> {
    const r = await this.resourcesService.get(caller, resourceId);
    if (!isPlatformAdmin(caller) && r.ownerId !== caller.organisationId) throw new ForbiddenException("only the owner sees a resource's bookings");
    return this.bookings.list(null, 'owner', { status: q.status, resourceId: r.id, endsAfter: q.from ? new Date(q.from) : undefined, cursor: q.cursor }, q.limit ?? DEFAULT_PAGE_SIZE);
  }

  /** iCalendar of a resource's live bookings (owner), from a month ago on. */
  async resourceCalendar(caller: Principal, resourceId: string): Promise<string> {
    const org = actingOrganisation(caller);
    const r = await this.resourcesService.get(caller, resourceId);
    if (r.ownerId !== org) throw new ForbiddenException("only the owner exports a resource's calendar");
    return this.calendar(r.name, await this.bookings.calendar(org, 'resource', r.id, monthAgo(), CALENDAR_MAX_EVENTS));
  }

  /** iCalendar of the live bookings the organisation holds (or, as owner, of its resources). */
  async organisationCalendar(caller: Principal, q: CalendarQuery): Promise<string> {
    const org = actingOrganisation(caller);
    const as = q.as ?? 'holder';
    const rows = await this.bookings.calendar(org, as, org, monthAgo(), CALENDAR_MAX_EVENTS);
    return this.calendar(as === 'holder' ? 'Our equipment bookings' : 'Bookings of our equipment', rows);
  }

  private calendar(name: string, rows: Awaited<ReturnType<BookingsRepository['calendar']>>): string {
    return buildCalendar(
      name,
      rows.map((b) => ({
        uid: `${b.id}@equipment.hamkor.uz`,
        start: new Date(b.starts_at),
        end: new Date(b.ends_at),
        summary: b.name,
        description: b.purpose,
        location: b.location ?? undefined,
        status: b.status === 'approved' ? 'CONFIRMED' : 'TENTATIVE',
        lastModified: new Date(b.decided_at ?? b.created_at),
      })),
    );
  }

  /** The booking, locked, when the organisation holds it or owns its resource; otherwise 404. */
  private async involving(tx: EntityManager, org: string, id: string): Promise<Booking> {
    const b = await this.bookings.findForUpdate(tx, id);
    if (!b || (b.holderId !== org && b.ownerId !== org)) throw new NotFoundException('no such booking');
    return b;
  }
}

function slotOfDto(dto: { startsAt: string; endsAt: string }): { start: Date; end: Date } {
  const start = new Date(dto.startsAt);
  const end = new Date(dto.endsAt);
  if (!(end > start)) throw new BadRequestException('endsAt must be later than startsAt');
  return { start, end };
}

interface BookingContext {
  resourceId: string;
  holderId: string;
  userId: string;
  dto: CreateBookingDto;
  seriesId: string | null;
  /** Whether the statement checks again that the resource is shared with the holder. */
  checkScope: boolean;
}

function newBooking(ctx: BookingContext, terms: ResourceTerms, start: Date, end: Date): Booking {
  return Object.assign(new Booking(), {
    id: randomUUID(),
    resourceId: terms.id,
    ownerId: terms.ownerId,
    holderId: ctx.holderId,
    bookedBy: ctx.userId,
    seriesId: ctx.seriesId,
    startsAt: start,
    endsAt: end,
    status: terms.approvalRequired ? 'pending' : 'approved',
    purpose: ctx.dto.purpose,
    participants: ctx.dto.participants,
    decisionReason: null,
    decidedAt: terms.approvalRequired ? null : new Date(),
    checkedInAt: null,
    cancelledAt: null,
  });
}

function scopeText(r: { sharingScope: string }): string {
  return r.sharingScope === 'cluster' ? "its owner's cluster members" : "its owner's partners with an active equipment agreement";
}

function monthAgo(): Date {
  return new Date(Date.now() - 31 * 86_400_000);
}
