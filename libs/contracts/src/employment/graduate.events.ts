import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { graduateStatus, id, isoDate, regionCode, specialty, statusSource } from '../common.schemas';

export const graduateTopic = defineTopic(
  'employment',
  'graduate',
  1,
  'Graduation, graduate status reports and follow-ups. Employment centres may read this topic directly. PRIVACY: no names, birth dates or contacts. Key: learner id.',
);

const graduate = z.object({ learnerId: id, schoolId: id, specialty, region: regionCode, cohortYear: z.number().int() });
const ex = { learnerId: '9b2e4c6a-1d3f-4a5b-8c7d-6e5f4a3b2c1d', schoolId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', specialty: 'mechatronics', region: 'UZ-TK', cohortYear: 2026 };

export const LearnerGraduated = defineEvent({
  topic: graduateTopic, name: 'graduated', schemaversion: 1,
  description: 'A learner graduated; follow-ups are scheduled.',
  data: graduate.extend({ graduatedOn: isoDate }), subjectOf: (d) => d.learnerId,
  example: { ...ex, graduatedOn: '2027-06-30' },
});

export const GraduateStatusReported = defineEvent({
  topic: graduateTopic, name: 'status_reported', schemaversion: 1,
  description: "A graduate's employment status was reported (by the school, an enterprise, an employment centre or the graduate).",
  data: graduate.extend({ status: graduateStatus, effectiveOn: isoDate, source: statusSource, employerId: id.optional(), sector: z.string().max(100).optional() }),
  subjectOf: (d) => d.learnerId,
  example: { ...ex, status: 'employed', effectiveOn: '2027-09-01', source: 'enterprise', employerId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9' },
});

export const FollowUpDue = defineEvent({
  topic: graduateTopic, name: 'follow_up_due', schemaversion: 1,
  description: 'A follow-up (6, 12, 36 months after graduation by default) is due: ask the graduate (self-report link, with consent) and the school.',
  data: graduate.extend({ followUpId: id, monthsAfter: z.number().int().min(1), dueOn: isoDate, graduateContactConsented: z.boolean() }),
  subjectOf: (d) => d.learnerId,
  example: { ...ex, followUpId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', monthsAfter: 6, dueOn: '2027-12-30', graduateContactConsented: true },
});

export const FollowUpOverdue = defineEvent({
  topic: graduateTopic, name: 'follow_up_overdue', schemaversion: 1,
  description: 'A follow-up stayed unanswered past its deadline (30 days by default): escalate to the school.',
  data: graduate.extend({ followUpId: id, monthsAfter: z.number().int().min(1), dueOn: isoDate }),
  subjectOf: (d) => d.learnerId,
  example: { ...ex, followUpId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', monthsAfter: 6, dueOn: '2027-12-30' },
});

export const centreReferralTopic = defineTopic(
  'employment',
  'centre_referral',
  1,
  'Graduates an employment centre should know of (unemployed and seeking, or unknown after a follow-up), addressed to the centre subscribed to the region. Contact details only with the graduate\'s consent. Key: learner id.',
);

export const GraduateReferredToCentre = defineEvent({
  topic: centreReferralTopic, name: 'referred', schemaversion: 1,
  description: 'A graduate of a region the centre subscribes to is unemployed and seeking work, or still unknown after an overdue follow-up.',
  data: graduate.extend({
    centreId: id,
    reason: z.enum(['unemployed_seeking', 'unknown_after_follow_up']),
    /** Present only when the graduate consented to sharing contact details with an employment centre. */
    contact: z.object({ email: z.email().optional(), phone: z.string().max(30).optional() }).optional(),
  }),
  subjectOf: (d) => d.learnerId,
  example: { ...ex, centreId: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a', reason: 'unemployed_seeking' },
});
