import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { agreementScope, id, isoDate } from '../common.schemas';

export const agreementTopic = defineTopic(
  'partnerships',
  'agreement',
  1,
  'Agreements (memoranda of cooperation) between organisations, through their lifecycle. Key: agreement id.',
);

/** Every agreement event carries its parties and scopes, so a consumer's read model needs no other source. */
const terms = z.object({
  agreementId: id,
  parties: z.array(id).min(2).max(50),
  scopes: z.array(agreementScope).min(1),
  startsOn: isoDate,
  endsOn: isoDate,
});
const example = {
  agreementId: '3f8a2c1e-9b7d-4e6f-a5c4-1b2d3e4f5a6b',
  parties: ['5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9'],
  scopes: ['internships' as const],
  startsOn: '2026-09-01',
  endsOn: '2027-08-31',
};

export const AgreementProposed = defineEvent({
  topic: agreementTopic, name: 'proposed', schemaversion: 1,
  description: 'A party proposed an agreement to the other parties for signature.',
  data: terms.extend({ proposedBy: id }), subjectOf: (d) => d.agreementId,
  example: { ...example, proposedBy: example.parties[0] },
});

export const AgreementSigned = defineEvent({
  topic: agreementTopic, name: 'signed', schemaversion: 1,
  description: 'One party signed the agreement (each party signs for itself).',
  data: terms.extend({ signedBy: id, allSigned: z.boolean() }), subjectOf: (d) => d.agreementId,
  example: { ...example, signedBy: example.parties[1], allSigned: true },
});

export const AgreementActivated = defineEvent({
  topic: agreementTopic, name: 'activated', schemaversion: 1,
  description: 'A fully signed agreement reached its start date and is in force.',
  data: terms, subjectOf: (d) => d.agreementId, example,
});

export const AgreementExpiring = defineEvent({
  topic: agreementTopic, name: 'expiring', schemaversion: 1,
  description: 'An active agreement ends soon (by default 30 days before its end date): its parties are reminded.',
  data: terms.extend({ daysLeft: z.number().int().min(0) }), subjectOf: (d) => d.agreementId,
  example: { ...example, daysLeft: 30 },
});

export const AgreementExpired = defineEvent({
  topic: agreementTopic, name: 'expired', schemaversion: 1,
  description: 'An agreement passed its end date and is no longer in force.',
  data: terms, subjectOf: (d) => d.agreementId, example,
});

export const AgreementTerminated = defineEvent({
  topic: agreementTopic, name: 'terminated', schemaversion: 1,
  description: 'A party terminated the agreement before its end date, with a reason.',
  data: terms.extend({ terminatedBy: id, reason: z.string().min(1).max(1000) }), subjectOf: (d) => d.agreementId,
  example: { ...example, terminatedBy: example.parties[0], reason: 'the workshop closed' },
});
