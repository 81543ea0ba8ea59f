import { z } from 'zod';
import { buildEnvelope, defineEvent, defineTopic, EventContract } from '@hamkor/contracts';

/** Distinct aggregates (Kafka keys), so events spread over every partition. */
const AGGREGATES = 1000;
/** Filler in `data`, bringing the serialised envelope to about 500 bytes, a typical domain event. */
const NOTE = 'lorem ipsum '.repeat(17);

const benchData = z.object({ thingId: z.string(), n: z.number().int().nonnegative(), note: z.string() });
export type BenchContract = EventContract<typeof benchData>;

/** The benchmark's event type, on its own throwaway topic `<service>.thing.v1`. */
export function benchContract(service: string): BenchContract {
  return defineEvent({
    topic: defineTopic(service, 'thing', 1, 'benchmark topic (throwaway)'),
    name: 'happened',
    schemaversion: 1,
    description: 'a benchmark event',
    data: benchData,
    subjectOf: (d) => d.thingId,
    example: eventData(0),
  });
}

export function eventData(n: number): z.infer<typeof benchData> {
  return { thingId: `thing-${n % AGGREGATES}`, n, note: NOTE };
}

/** The same envelope the outbox writer would build, for the paths that bypass it. */
export function eventEnvelope(contract: BenchContract, n: number) {
  const data = eventData(n);
  return buildEnvelope({
    type: contract.type,
    source: `/${contract.topic.service}`,
    subject: contract.subjectOf(data),
    schemaversion: contract.schemaversion,
    data,
  });
}
