import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { id, isoDate, isoDateTime, regionCode, specialty } from '../common.schemas';

export const placementTopic = defineTopic(
  'internships',
  'placement',
  1,
  'Internship placements posted by enterprises: posted, updated, closed, filled. Key: placement id.',
);

export const PLACEMENT_VISIBILITIES = ['public', 'partners', 'cluster'] as const;
export const placementVisibility = z.enum(PLACEMENT_VISIBILITIES);
export type PlacementVisibility = z.infer<typeof placementVisibility>;

export const PLACEMENT_STATUSES = ['open', 'closed', 'filled'] as const;
export const placementStatus = z.enum(PLACEMENT_STATUSES);
export type PlacementStatus = z.infer<typeof placementStatus>;

/** What a subscriber (an enterprise's or a school's system, the notifications service) needs to show a placement. */
const snapshot = z.object({
  placementId: id,
  enterpriseId: id,
  title: z.string().min(1).max(200),
  specialty,
  region: regionCode,
  competencies: z.array(z.string().min(1).max(100)).max(30),
  capacity: z.number().int().min(1),
  acceptedCount: z.number().int().min(0),
  startsOn: isoDate,
  endsOn: isoDate,
  applicationDeadline: isoDateTime,
  paid: z.boolean(),
  visibility: placementVisibility,
  status: placementStatus,
});
const ex = {
  placementId: '8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d',
  enterpriseId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
  title: 'CNC machining assistant',
  specialty: 'mechatronics',
  region: 'UZ-TK',
  competencies: ['cnc-setup', 'technical-drawing'],
  capacity: 5,
  acceptedCount: 0,
  startsOn: '2027-02-01',
  endsOn: '2027-05-31',
  applicationDeadline: '2027-01-15T18:00:00.000Z',
  paid: true,
  visibility: 'partners' as const,
  status: 'open' as const,
};

export const PlacementPosted = defineEvent({
  topic: placementTopic, name: 'posted', schemaversion: 1,
  description: 'An enterprise posted a placement; schools it is visible to may nominate learners until the deadline.',
  data: snapshot, subjectOf: (d) => d.placementId, example: ex,
});

export const PlacementUpdated = defineEvent({
  topic: placementTopic, name: 'updated', schemaversion: 1,
  description: 'A placement changed: edited by its enterprise (only before the first acceptance), or a seat was freed by a withdrawal.',
  data: snapshot, subjectOf: (d) => d.placementId, example: ex,
});

export const PlacementClosed = defineEvent({
  topic: placementTopic, name: 'closed', schemaversion: 1,
  description: 'A placement takes no more nominations: closed by its enterprise or at its application deadline.',
  data: z.object({ placementId: id, enterpriseId: id, reason: z.enum(['by_enterprise', 'deadline']) }),
  subjectOf: (d) => d.placementId,
  example: { placementId: ex.placementId, enterpriseId: ex.enterpriseId, reason: 'deadline' },
});

export const PlacementFilled = defineEvent({
  topic: placementTopic, name: 'filled', schemaversion: 1,
  description: 'Every seat of a placement is taken by an accepted nomination; published once, by the acceptance that took the last seat.',
  data: z.object({ placementId: id, enterpriseId: id, capacity: z.number().int().min(1) }),
  subjectOf: (d) => d.placementId,
  example: { placementId: ex.placementId, enterpriseId: ex.enterpriseId, capacity: 5 },
});
