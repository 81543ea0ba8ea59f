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

const party = z.enum(['school', 'enterprise']);

export const InternshipConfirmed = defineEvent({
  topic: internshipTopic, name: 'confirmed', schemaversion: 1,
  description: 'The school confirmed an accepted nomination: the internship exists and starts on its start date.',
  data: internship.extend({ nominationId: id, startsOn: isoDate, endsOn: isoDate, guardianConsentRecorded: z.boolean() }),
  subjectOf: (d) => d.internshipId,
  example: { ...ex, nominationId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', startsOn: '2027-02-01', endsOn: '2027-05-31', guardianConsentRecorded: true },
});

export const InternshipWithdrawn = defineEvent({
  topic: internshipTopic, name: 'withdrawn', schemaversion: 1,
  description: 'The school or the enterprise withdrew from a confirmed internship before its start, with a reason; the seat is freed.',
  data: internship.extend({ withdrawnBy: party, reason: z.string().min(1).max(1000) }),
  subjectOf: (d) => d.internshipId,
  example: { ...ex, withdrawnBy: 'school', reason: 'the family moved to another region' },
});

export const InternshipStarted = defineEvent({
  topic: internshipTopic, name: 'started', schemaversion: 1,
  description: 'An internship started (on its start date, or recorded earlier or later by the enterprise).',
  data: internship.extend({ startedOn: isoDate }),
  subjectOf: (d) => d.internshipId,
  example: { ...ex, startedOn: '2027-02-01' },
});

export const InternshipCancelled = defineEvent({
  topic: internshipTopic, name: 'cancelled', schemaversion: 1,
  description: 'A started internship was ended early by the school or the enterprise, with a reason.',
  data: internship.extend({ cancelledBy: party, reason: z.string().min(1).max(1000), cancelledOn: isoDate }),
  subjectOf: (d) => d.internshipId,
  example: { ...ex, cancelledBy: 'enterprise', reason: 'the workshop closed for renovation', cancelledOn: '2027-03-10' },
});

export const InternshipEvaluated = defineEvent({
  topic: internshipTopic, name: 'evaluated', schemaversion: 1,
  description: "The enterprise mentor scored the internship's competencies (1–5) with hours, or the school recorded its own assessment.",
  data: internship.extend({
    by: party,
    /** The mean of the competency scores (enterprise) or the school's grade, 1–5. */
    averageScore: z.number().min(1).max(5),
    hours: z.number().int().min(0).max(5000).optional(),
  }),
  subjectOf: (d) => d.internshipId,
  example: { ...ex, by: 'enterprise', averageScore: 4.5, hours: 320 },
});
