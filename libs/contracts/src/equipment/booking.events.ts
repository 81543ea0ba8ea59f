import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { id, isoDateTime } from '../common.schemas';

export const bookingTopic = defineTopic(
  'equipment',
  'booking',
  1,
  'Bookings of shared resources through their lifecycle: requested, approved or rejected, cancelled, released, reminded. Key: booking id.',
);

export const BOOKING_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'released'] as const;
export const bookingStatus = z.enum(BOOKING_STATUSES);
export type BookingStatus = z.infer<typeof bookingStatus>;

/** Every booking event carries who holds which slot of whose resource, so consumers need no other source. */
const slot = z.object({
  bookingId: id,
  resourceId: id,
  /** The organisation that owns the resource (decides on the booking). */
  ownerId: id,
  /** The organisation that holds the booking. */
  holderId: id,
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  /** Set for an occurrence of a weekly recurring booking. */
  seriesId: id.optional(),
});
/** The acting person's id as the identity provider issued it (the token subject). */
const personId = z.string().min(1).max(200);

const example = {
  bookingId: 'b7e3f1a2-5c4d-4e6f-8a9b-0c1d2e3f4a5b',
  resourceId: 'a3d1c0de-4b2a-4c5e-9f10-2b3c4d5e6f70',
  ownerId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
  holderId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e',
  startsAt: '2026-10-05T09:00:00.000Z',
  endsAt: '2026-10-05T11:00:00.000Z',
};

export const BookingRequested = defineEvent({
  topic: bookingTopic, name: 'requested', schemaversion: 1,
  description: 'A member booked a slot: `pending` when the resource needs approval, otherwise `approved` at once.',
  data: slot.extend({ status: z.enum(['pending', 'approved']), participants: z.number().int().min(1) }),
  subjectOf: (d) => d.bookingId,
  example: { ...example, status: 'pending' as const, participants: 12 },
});

export const BookingApproved = defineEvent({
  topic: bookingTopic, name: 'approved', schemaversion: 1,
  description: 'The owner approved a pending booking.',
  data: slot.extend({ decidedBy: personId }), subjectOf: (d) => d.bookingId,
  example: { ...example, decidedBy: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
});

export const BookingRejected = defineEvent({
  topic: bookingTopic, name: 'rejected', schemaversion: 1,
  description: 'The owner rejected a pending booking; the slot is free again.',
  data: slot.extend({ decidedBy: personId, reason: z.string().max(1000).optional() }), subjectOf: (d) => d.bookingId,
  example: { ...example, decidedBy: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', reason: 'the lab is being serviced that week' },
});

export const BookingCancelled = defineEvent({
  topic: bookingTopic, name: 'cancelled', schemaversion: 1,
  description: "A booking was cancelled: by its holder, or because the owner withdrew the resource (the holder is told).",
  data: slot.extend({ reason: z.enum(['holder_cancelled', 'resource_withdrawn']) }), subjectOf: (d) => d.bookingId,
  example: { ...example, reason: 'resource_withdrawn' as const },
});

export const BookingCheckedIn = defineEvent({
  topic: bookingTopic, name: 'checked_in', schemaversion: 1,
  description: 'The holder turned up: the booked time counts as used.',
  data: slot, subjectOf: (d) => d.bookingId, example,
});

export const BookingReleased = defineEvent({
  topic: bookingTopic, name: 'released', schemaversion: 1,
  description: 'The owner marked a no-show after the grace period; the rest of the slot is free again.',
  data: slot.extend({ releasedBy: personId }), subjectOf: (d) => d.bookingId,
  example: { ...example, releasedBy: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
});

export const BookingReminderDue = defineEvent({
  topic: bookingTopic, name: 'reminder_due', schemaversion: 1,
  description: 'An approved booking starts soon: the holder (and the owner) are reminded.',
  data: slot.extend({ minutesBefore: z.number().int().min(0) }), subjectOf: (d) => d.bookingId,
  example: { ...example, minutesBefore: 60 },
});
