import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingReminderDue } from '@hamkor/contracts';
import { DueJob, OnScheduled, ScheduledJobs, ScheduleRequest, Scheduler } from '@hamkor/jobs';
import { OutboxWriter } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';
import { Booking } from './booking.entity';
import { slotOf } from './booking-events';

/** WIRE CONTRACT: job kind stored in equipment.scheduled_job rows; renaming it strands pending reminders. */
const REMIND = 'booking.remind';
const keyOf = (bookingId: string) => `booking:${bookingId}:remind`;

/** Reminders before an approved booking starts: a scheduled job per booking, kept in PostgreSQL. */
@Injectable()
@ScheduledJobs('equipment')
export class BookingReminders {
  private readonly log = logger('equipment.reminders');

  constructor(
    private readonly scheduler: Scheduler,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Schedules the reminder of an approved booking `minutesBefore` its start (at once if that is past). */
  async schedule(tx: EntityManager, b: Booking, minutesBefore: number, now = new Date()): Promise<void> {
    const req = this.requestFor(b, minutesBefore, now);
    if (req) await this.scheduler.schedule(tx, req);
  }

  /** The scheduled job of that reminder (null: the booking has started, nothing to remind of). */
  requestFor(b: Booking, minutesBefore: number, now = new Date()): ScheduleRequest<{ bookingId: string; minutesBefore: number }> | null {
    if (b.startsAt <= now) return null;
    const runAt = new Date(Math.max(now.getTime(), b.startsAt.getTime() - minutesBefore * 60_000));
    return { kind: REMIND, key: keyOf(b.id), runAt, payload: { bookingId: b.id, minutesBefore } };
  }

  cancel(tx: EntityManager, bookingId: string): Promise<void> {
    return this.scheduler.cancel(tx, keyOf(bookingId));
  }

  @OnScheduled(REMIND)
  async remind(job: DueJob<{ bookingId: string; minutesBefore: number }>, tx: EntityManager): Promise<void> {
    const b = await tx.findOneBy(Booking, { id: job.payload.bookingId });
    if (!b || b.status !== 'approved') {
      this.log.info({ bookingId: job.payload.bookingId }, 'reminder for a booking that is gone or no longer approved; skipped');
      return;
    }
    await this.outbox.publish(tx, BookingReminderDue, { ...slotOf(b), minutesBefore: job.payload.minutesBefore });
  }
}
