import { BookingApproved, EventData } from '@hamkor/contracts';
import { Booking } from './booking.entity';

type Slot = Omit<EventData<typeof BookingApproved>, 'decidedBy'>;

/** The part every booking event shares. */
export function slotOf(b: Booking): Slot {
  return {
    bookingId: b.id,
    resourceId: b.resourceId,
    ownerId: b.ownerId,
    holderId: b.holderId,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    ...(b.seriesId ? { seriesId: b.seriesId } : {}),
  };
}
