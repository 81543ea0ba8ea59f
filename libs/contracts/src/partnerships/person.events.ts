import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { id, role } from '../common.schemas';

export const personTopic = defineTopic(
  'partnerships',
  'person',
  1,
  "People acting for organisations (staff, not learners): ids and roles, and the work e-mail the notifications service sends to. Key: person id.",
);

const person = z.object({
  personId: id,
  organisationId: id,
  roles: z.array(role).min(1),
  /** A staff member's work address: the notifications service must send to it. Never a learner's. */
  email: z.email(),
  language: z.enum(['uz', 'ru', 'en']).default('uz'),
});
const example = { personId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', organisationId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', roles: ['coordinator' as const], email: 'coordinator@college3.uz', language: 'uz' as const };

export const PersonAdded = defineEvent({
  topic: personTopic, name: 'added', schemaversion: 1,
  description: "An organisation's admin added a person with roles.", data: person, subjectOf: (d) => d.personId, example,
});

export const PersonUpdated = defineEvent({
  topic: personTopic, name: 'updated', schemaversion: 1,
  description: "A person's roles, e-mail or language changed.", data: person, subjectOf: (d) => d.personId, example,
});

export const PersonRemoved = defineEvent({
  topic: personTopic, name: 'removed', schemaversion: 1,
  description: 'A person no longer acts for the organisation.',
  data: z.object({ personId: id, organisationId: id }), subjectOf: (d) => d.personId,
  example: { personId: example.personId, organisationId: example.organisationId },
});
