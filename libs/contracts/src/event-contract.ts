import { z } from 'zod';
import { EventEnvelope, envelopeSchema, RawEnvelope } from './envelope';
import { TopicDefinition } from './topic';

/**
 * One event type: its topic, the schema of its `data`, and how its subject (aggregate id) is derived.
 * Validated at publish (a service cannot emit what the contract forbids) and at consume.
 */
export interface EventContract<S extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly topic: TopicDefinition;
  readonly schemaversion: number;
  readonly description: string;
  readonly data: S;
  readonly subjectOf: (data: z.infer<S>) => string;
  readonly example: z.infer<S>;
}

export type EventData<C extends EventContract> = z.infer<C['data']>;

export function defineEvent<S extends z.ZodType>(def: {
  topic: TopicDefinition;
  /** The last part of the type: `registered` in `partnerships.organisation.registered`. */
  name: string;
  schemaversion: number;
  description: string;
  data: S;
  subjectOf: (data: z.infer<S>) => string;
  example: z.infer<S>;
}): EventContract<S> {
  const contract: EventContract<S> = {
    type: `${def.topic.service}.${def.topic.aggregate}.${def.name}`,
    topic: def.topic,
    schemaversion: def.schemaversion,
    description: def.description,
    data: def.data,
    subjectOf: def.subjectOf,
    example: def.example,
  };
  const parsed = def.data.safeParse(def.example);
  if (!parsed.success) throw new Error(`example of ${contract.type} does not match its schema: ${parsed.error.message}`);
  return contract;
}

export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

/** Parses a raw envelope from the wire; throws ContractViolation when it is not one. */
export function parseEnvelope(raw: unknown): RawEnvelope {
  const result = envelopeSchema.safeParse(raw);
  if (!result.success) throw new ContractViolation(`malformed envelope: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Validates an envelope's data against a contract; throws ContractViolation on any mismatch. */
export function parseData<S extends z.ZodType>(contract: EventContract<S>, envelope: RawEnvelope): EventEnvelope<z.infer<S>> {
  if (envelope.type !== contract.type) {
    throw new ContractViolation(`expected ${contract.type}, got ${envelope.type}`);
  }
  if (envelope.schemaversion > contract.schemaversion) {
    throw new ContractViolation(
      `${contract.type} schemaversion ${envelope.schemaversion} is newer than this consumer knows (${contract.schemaversion})`,
    );
  }
  const result = contract.data.safeParse(envelope.data);
  if (!result.success) throw new ContractViolation(`invalid ${contract.type} data: ${z.prettifyError(result.error)}`);
  return { ...envelope, data: result.data };
}
