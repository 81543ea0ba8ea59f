import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { id, isoDate, isoDateTime } from '../common.schemas';

export const graduateContactTopic = defineTopic(
  'employment',
  'graduate_contact',
  1,
  "Messages to a graduate, for the notifications service to deliver. PRIVACY: carries the graduate's e-mail, and is published only when the graduate agreed to be contacted for follow-ups; no other service and no external reader may consume it. Key: learner id.",
);

export const SelfReportRequested = defineEvent({
  topic: graduateContactTopic, name: 'self_report_requested', schemaversion: 1,
  description:
    'A follow-up fell due for a graduate who agreed to be contacted: e-mail them the one-time self-report link (it answers the follow-up once, until it expires). Sent in the language of the school.',
  data: z.object({
    learnerId: id,
    schoolId: id,
    followUpId: id,
    monthsAfter: z.number().int().min(1),
    /** The one-time link (its token is signed, expires, and is claimed on first use). */
    link: z.url().max(2000),
    expiresAt: isoDateTime,
    dueOn: isoDate,
    /** Present only with the graduate's consent to follow-up contact. */
    contact: z.object({ email: z.email() }),
  }),
  subjectOf: (d) => d.learnerId,
  example: {
    learnerId: '9b2e4c6a-1d3f-4a5b-8c7d-6e5f4a3b2c1d',
    schoolId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e',
    followUpId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
    monthsAfter: 6,
    link: 'https://hamkor.example.uz/self-report?token=eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl',
    expiresAt: '2028-01-29T09:00:00.000Z',
    dueOn: '2027-12-30',
    contact: { email: 'graduate@example.uz' },
  },
});
