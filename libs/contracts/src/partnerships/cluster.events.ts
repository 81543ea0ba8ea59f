import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { id, organisationType, regionCode } from '../common.schemas';

export const clusterTopic = defineTopic('partnerships', 'cluster', 1, 'Educational clusters and their membership. Key: cluster id.');

const ex = { clusterId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', organisationId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e' };

export const ClusterCreated = defineEvent({
  topic: clusterTopic,
  name: 'created',
  schemaversion: 1,
  description: 'A coordinating school created a cluster and named its anchor university (which must still accept).',
  data: z.object({ clusterId: id, name: z.string().min(1).max(300), region: regionCode, coordinatorId: id, anchorUniversityId: id }),
  subjectOf: (d) => d.clusterId,
  example: { clusterId: ex.clusterId, name: 'Chilonzor engineering cluster', region: 'UZ-TK', coordinatorId: ex.organisationId, anchorUniversityId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9' },
});

export const ClusterMemberJoined = defineEvent({
  topic: clusterTopic,
  name: 'member_joined',
  schemaversion: 1,
  description: 'An organisation became a member of a cluster (the coordinator on creation, the anchor and invitees on accepting).',
  data: z.object({ clusterId: id, organisationId: id, organisationType, role: z.enum(['coordinator', 'anchor', 'member']) }),
  subjectOf: (d) => d.clusterId,
  example: { ...ex, organisationType: 'enterprise', role: 'member' },
});

export const ClusterMemberLeft = defineEvent({
  topic: clusterTopic,
  name: 'member_left',
  schemaversion: 1,
  description: 'An organisation left a cluster or was removed by the coordinator.',
  data: z.object({ clusterId: id, organisationId: id, reason: z.enum(['left', 'removed']) }),
  subjectOf: (d) => d.clusterId,
  example: { ...ex, reason: 'left' },
});
