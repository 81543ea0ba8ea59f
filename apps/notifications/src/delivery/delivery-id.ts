import { createHash } from 'node:crypto';

/**
 * The id of the message for (event, channel, recipient): the same inputs always give the same UUID, so
 * the BullMQ job id, the database row and the `webhook-id` a receiver de-duplicates by all agree, on
 * every redelivery of the event.
 */
export function deliveryIdOf(eventId: string, channel: string, recipientId: string): string {
  const h = createHash('sha256').update(`${eventId}/${channel}/${recipientId}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80; // version 8 (name-based, custom hash)
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** A replayed dead letter needs a fresh job id (the failed job may still be kept in Redis). */
export function jobIdOf(d: { id: string; replays: number }): string {
  return d.replays > 0 ? `${d.id}.r${d.replays}` : d.id;
}
