import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { defineTopic } from '../topic';
import { id, organisationType, regionCode } from '../common.schemas';

export const organisationTopic = defineTopic(
  'partnerships',
  'organisation',
  1,
  'Organisation registry: registration, verification and profile changes. Key: organisation id.',
);

const organisationSnapshot = z.object({
  organisationId: id,
  type: organisationType,
  /** The organisation's public name: an institution, never a person. */
  name: z.string().min(1).max(300),
  region: regionCode,
  verified: z.boolean(),
});

export const OrganisationRegistered = defineEvent({
  topic: organisationTopic,
  name: 'registered',
  schemaversion: 1,
  description: 'An organisation registered; it cannot act until a platform admin verifies it.',
  data: organisationSnapshot,
  subjectOf: (d) => d.organisationId,
  example: {
    organisationId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e',
    type: 'school',
    name: 'Tashkent Vocational College No. 3',
    region: 'UZ-TK',
    verified: false,
  },
});

export const OrganisationVerified = defineEvent({
  topic: organisationTopic,
  name: 'verified',
  schemaversion: 1,
  description: 'A platform admin verified an organisation; it may now act on the platform.',
  data: z.object({ organisationId: id, verifiedBy: id }),
  subjectOf: (d) => d.organisationId,
  example: { organisationId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', verifiedBy: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9' },
});

export const OrganisationUpdated = defineEvent({
  topic: organisationTopic,
  name: 'updated',
  schemaversion: 1,
  description: 'An organisation changed its name or region.',
  data: organisationSnapshot,
  subjectOf: (d) => d.organisationId,
  example: {
    organisationId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e',
    type: 'school',
    name: 'Tashkent Vocational College No. 3',
    region: 'UZ-TK',
    verified: true,
  },
});
