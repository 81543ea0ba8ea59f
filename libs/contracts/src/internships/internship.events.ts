import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { id, isoDate, specialty } from '../common.schemas';

export const internshipTopic = defineTopic(
  'internships',
  'internship',
  1,
  'Internships: confirmed nominations through start, completion or cancellation, and evaluation. Key: internship id.',
);

const internship = z.object({ internshipId: id, placementId: id, enterpriseId: id, schoolId: id, learnerId: id, specialty });
const ex = {
  internshipId: '6e7f8a9b-0c1d-4e2f-8a3b-4c5d6e7f8a9b', placementId: '8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d', enterpriseId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
  schoolId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', learnerId: '9b2e4c6a-1d3f-4a5b-8c7d-6e5f4a3b2c1d', specialty: 'mechatronics',
};

/**
 * The completion the employment service records on the learner's pathway: a later hire by the same
 * enterprise counts as an internship→hire conversion. Defined here first; internships publishes it.
 */
export const InternshipCompleted = defineEvent({
  topic: internshipTopic, name: 'completed', schemaversion: 1,
  description: 'An internship ended as planned (on its end date, or recorded by the enterprise).',
  data: internship.extend({ completedOn: isoDate, hours: z.number().int().min(0).max(5000).optional() }),
  subjectOf: (d) => d.internshipId,
  example: { ...ex, completedOn: '2027-05-31', hours: 320 },
});
