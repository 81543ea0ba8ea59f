import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { id, isoDateTime } from '../common.schemas';

export const activityTopic = defineTopic(
  'partnerships',
  'activity',
  1,
  'Cluster activities (seminars, clubs for gifted pupils, olympiad preparation, open days, videoconferences). Key: activity id.',
);

export const ACTIVITY_KINDS = ['seminar', 'gifted_club', 'olympiad_preparation', 'open_day', 'videoconference'] as const;
export const activityKind = z.enum(ACTIVITY_KINDS);
export type ActivityKind = z.infer<typeof activityKind>;

const ex = {
  activityId: 'b3c1f0a2-6d4e-4f8a-9c2b-1e3d5f7a9b0c',
  clusterId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  organiserId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
};

export const ActivityScheduled = defineEvent({
  topic: activityTopic,
  name: 'scheduled',
  schemaversion: 1,
  description: 'A cluster member scheduled an activity for the cluster; members may register participants (counts) up to its capacity.',
  data: z.object({
    activityId: id,
    clusterId: id,
    organiserId: id,
    kind: activityKind,
    title: z.string().min(1).max(300),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    online: z.boolean(),
    capacity: z.number().int().min(1),
  }),
  subjectOf: (d) => d.activityId,
  example: { ...ex, kind: 'gifted_club', title: 'Robotics club for gifted pupils', startsAt: '2026-10-05T10:00:00.000Z', endsAt: '2026-10-05T12:00:00.000Z', online: false, capacity: 30 },
});

export const ActivityCancelled = defineEvent({
  topic: activityTopic,
  name: 'cancelled',
  schemaversion: 1,
  description: 'The organiser or the cluster coordinator cancelled an activity; registered members are to be told.',
  data: z.object({ activityId: id, clusterId: id, organiserId: id, cancelledBy: id, registeredOrganisationIds: z.array(id) }),
  subjectOf: (d) => d.activityId,
  example: { ...ex, cancelledBy: ex.organiserId, registeredOrganisationIds: ['5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e'] },
});
