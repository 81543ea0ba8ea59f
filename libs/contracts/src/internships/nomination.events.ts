import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { id } from '../common.schemas';

export const nominationTopic = defineTopic(
  'internships',
  'nomination',
  1,
  "Schools' nominations of their learners to placements and the enterprises' decisions. PRIVACY: ids only, never the motivation text. Key: nomination id.",
);

const nomination = z.object({ nominationId: id, placementId: id, enterpriseId: id, schoolId: id, learnerId: id });
const ex = {
  nominationId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', placementId: '8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d',
  enterpriseId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', schoolId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', learnerId: '9b2e4c6a-1d3f-4a5b-8c7d-6e5f4a3b2c1d',
};

export const NominationSubmitted = defineEvent({
  topic: nominationTopic, name: 'submitted', schemaversion: 1,
  description: 'A school nominated one of its learners to a placement; the enterprise decides.',
  data: nomination, subjectOf: (d) => d.nominationId, example: ex,
});

export const NominationAccepted = defineEvent({
  topic: nominationTopic, name: 'accepted', schemaversion: 1,
  description: 'The enterprise accepted a nomination and a seat is held for the learner; the school confirms next.',
  data: nomination.extend({ seatsLeft: z.number().int().min(0) }), subjectOf: (d) => d.nominationId,
  example: { ...ex, seatsLeft: 4 },
});

export const NominationRejected = defineEvent({
  topic: nominationTopic, name: 'rejected', schemaversion: 1,
  description: 'The enterprise rejected a nomination, with a reason for the school.',
  data: nomination.extend({ reason: z.string().min(1).max(1000) }), subjectOf: (d) => d.nominationId,
  example: { ...ex, reason: 'the placement needs welding experience' },
});
