import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { id, regionCode } from '../common.schemas';

export const resourceTopic = defineTopic(
  'equipment',
  'resource',
  1,
  'Shared labs, machines, ICT, workshops and rooms: listing, changes and withdrawal. Key: resource id.',
);

export const RESOURCE_KINDS = ['lab', 'machine', 'ict', 'workshop', 'room'] as const;
export const resourceKind = z.enum(RESOURCE_KINDS);
export type ResourceKind = z.infer<typeof resourceKind>;

export const SHARING_SCOPES = ['cluster', 'partners', 'public'] as const;
export const sharingScope = z.enum(SHARING_SCOPES);
export type SharingScope = z.infer<typeof sharingScope>;

/** What a consumer needs to route and describe a resource; the rest is read from the equipment API. */
const resourceSnapshot = z.object({
  resourceId: id,
  ownerId: id,
  kind: resourceKind,
  /** The resource's public name (a lab or machine, never a person). */
  name: z.string().min(1).max(200),
  region: regionCode,
  timeZone: z.string().min(1).max(64),
  sharingScope,
  approvalRequired: z.boolean(),
});
const example = {
  resourceId: 'a3d1c0de-4b2a-4c5e-9f10-2b3c4d5e6f70',
  ownerId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
  kind: 'lab' as const,
  name: 'CNC machining lab',
  region: 'UZ-TK',
  timeZone: 'Asia/Tashkent',
  sharingScope: 'cluster' as const,
  approvalRequired: true,
};

export const ResourceListed = defineEvent({
  topic: resourceTopic, name: 'listed', schemaversion: 1,
  description: 'An organisation listed a resource for sharing.',
  data: resourceSnapshot, subjectOf: (d) => d.resourceId, example,
});

export const ResourceUpdated = defineEvent({
  topic: resourceTopic, name: 'updated', schemaversion: 1,
  description: "The owner changed a resource's details, hours, scope or booking rules (existing bookings stand).",
  data: resourceSnapshot, subjectOf: (d) => d.resourceId, example,
});

export const ResourceWithdrawn = defineEvent({
  topic: resourceTopic, name: 'withdrawn', schemaversion: 1,
  description: 'The owner withdrew a resource; its future bookings were cancelled (each with its own booking.cancelled event).',
  data: z.object({ resourceId: id, ownerId: id, cancelledBookings: z.number().int().min(0) }),
  subjectOf: (d) => d.resourceId,
  example: { resourceId: example.resourceId, ownerId: example.ownerId, cancelledBookings: 2 },
});
