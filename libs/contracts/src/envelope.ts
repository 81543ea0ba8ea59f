import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const SPEC_VERSION = '1.0';

/**
 * The CloudEvents-style envelope every hamkor event travels in. WIRE CONTRACT: consumers in other
 * services and outside systems (employment centres reading Kafka) parse exactly these fields.
 * `subject` is the aggregate id and the Kafka key, so one aggregate's events stay in one partition, in order.
 */
export const envelopeSchema = z
  .object({
    id: z.uuid(),
    type: z.string().regex(/^[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+$/, 'service.aggregate.event'),
    source: z.string().regex(/^\/[a-z0-9_]+$/, '/<service>'),
    subject: z.string().min(1).max(200),
    time: z.iso.datetime({ offset: true }),
    specversion: z.literal(SPEC_VERSION),
    datacontenttype: z.literal('application/json'),
    /** The version of `data`'s schema; a breaking change is a new major topic, an additive one bumps this. */
    schemaversion: z.number().int().min(1),
    correlationid: z.string().min(1).max(128),
    causationid: z.string().min(1).max(128).optional(),
    data: z.unknown(),
  })
  .strict();

export type RawEnvelope = z.infer<typeof envelopeSchema>;

export interface EventEnvelope<T> extends Omit<RawEnvelope, 'data'> {
  data: T;
}

export interface EnvelopeInput<T> {
  type: string;
  source: string;
  subject: string;
  schemaversion: number;
  data: T;
  correlationid?: string;
  causationid?: string;
  id?: string;
  time?: Date;
}

export function buildEnvelope<T>(input: EnvelopeInput<T>): EventEnvelope<T> {
  const envelope: EventEnvelope<T> = {
    id: input.id ?? randomUUID(),
    type: input.type,
    source: input.source,
    subject: input.subject,
    time: (input.time ?? new Date()).toISOString(),
    specversion: SPEC_VERSION,
    datacontenttype: 'application/json',
    schemaversion: input.schemaversion,
    correlationid: input.correlationid ?? randomUUID(),
    data: input.data,
  };
  if (input.causationid) envelope.causationid = input.causationid;
  return envelope;
}
