import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { buildEnvelope, ContractViolation, EventContract, EventEnvelope } from '@hamkor/contracts';
import { currentCorrelation } from '@hamkor/observability';

export interface PublishOptions {
  /** Overrides the correlation id of the current request/event/job. */
  correlationId?: string;
  causationId?: string;
  /** Overrides contract.subjectOf(data). */
  subject?: string;
}

/**
 * Writes events into the service's outbox table, in the caller's transaction. The relay publishes them
 * to Kafka after commit; a rolled-back transaction publishes nothing.
 */
export class OutboxWriter {
  constructor(private readonly schema: string) {}

  async publish<S extends z.ZodType>(
    tx: EntityManager,
    contract: EventContract<S>,
    data: z.infer<S>,
    options: PublishOptions = {},
  ): Promise<EventEnvelope<z.infer<S>>> {
    const [envelope] = await this.publishMany(tx, contract, [data], options);
    return envelope;
  }

  /** One INSERT for many events of one type (e.g. a cohort's graduations). */
  async publishMany<S extends z.ZodType>(
    tx: EntityManager,
    contract: EventContract<S>,
    items: Array<z.infer<S>>,
    options: PublishOptions = {},
  ): Promise<Array<EventEnvelope<z.infer<S>>>> {
    if (!tx.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.publish needs the EntityManager of an open transaction');
    }
    const ctx = currentCorrelation();
    const envelopes = items.map((data) => {
      const checked = contract.data.safeParse(data);
      if (!checked.success) throw new ContractViolation(`refusing to publish invalid ${contract.type}: ${checked.error.message}`);
      return buildEnvelope({
        type: contract.type,
        source: `/${contract.topic.service}`,
        subject: options.subject ?? contract.subjectOf(checked.data),
        schemaversion: contract.schemaversion,
        data: checked.data,
        correlationid: options.correlationId ?? ctx?.correlationId,
        causationid: options.causationId ?? ctx?.causationId,
      });
    });
    const ids: string[] = [];
    const keys: string[] = [];
    const payloads: string[] = [];
    for (const e of envelopes) {
      ids.push(e.id);
      keys.push(e.subject);
      payloads.push(JSON.stringify(e));
    }
    await tx.query(
      `INSERT INTO "${this.schema}".outbox (event_id, topic, message_key, event_type, payload)
       SELECT unnest($1::uuid[]), $2, unnest($3::text[]), $4, unnest($5::jsonb[])`,
      [ids, contract.topic.name, keys, contract.type, payloads],
    );
    return envelopes;
  }
}
