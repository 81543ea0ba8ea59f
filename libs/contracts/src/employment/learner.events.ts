import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { id, isoDate, regionCode, specialty } from '../common.schemas';

export const learnerTopic = defineTopic(
  'employment',
  'learner',
  1,
  'Learners enrolled by schools. PRIVACY: ids and non-identifying attributes only — never names, birth dates or contacts. Key: learner id.',
);

const learner = z.object({
  learnerId: id,
  schoolId: id,
  specialty,
  cohortYear: z.number().int().min(1990).max(2100),
  expectedGraduation: isoDate,
  region: regionCode,
  /** Whether the learner is under 18 today (internships need guardian consent then); not the birth date. */
  minor: z.boolean(),
});
const example = {
  learnerId: '9b2e4c6a-1d3f-4a5b-8c7d-6e5f4a3b2c1d', schoolId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', specialty: 'mechatronics',
  cohortYear: 2026, expectedGraduation: '2027-06-30', region: 'UZ-TK', minor: true,
};

export const LearnerEnrolled = defineEvent({
  topic: learnerTopic, name: 'enrolled', schemaversion: 1,
  description: 'A school enrolled a learner.', data: learner, subjectOf: (d) => d.learnerId, example,
});

export const LearnerUpdated = defineEvent({
  topic: learnerTopic, name: 'updated', schemaversion: 1,
  description: "A learner's non-identifying attributes changed.", data: learner, subjectOf: (d) => d.learnerId, example,
});

export const LearnerErased = defineEvent({
  topic: learnerTopic, name: 'erased', schemaversion: 1,
  description: "A learner's personal data was erased on request; statistics keep the id.",
  data: z.object({ learnerId: id, schoolId: id }), subjectOf: (d) => d.learnerId,
  example: { learnerId: example.learnerId, schoolId: example.schoolId },
});
