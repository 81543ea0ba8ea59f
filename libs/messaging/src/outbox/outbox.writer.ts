import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { buildEnvelope, ContractViolation, EventContract, EventEnvelope } from '@hamkor/contracts';
import { currentCorrelation } from '@hamkor/observability';
import { markOutboxWritten, ringOutbox } from './outbox-bell';

/** One row of the outbox table, as `OutboxWriter.rows` prepares it. */
export interface OutboxRow<T = unknown> {
  envelope: EventEnvelope<T>;
  topic: string;
  /** Kafka message key: the envelope's subject. */
  key: string;
  type: string;
  /** The envelope as JSON. */
  payload: string;
}

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
    const rows = this.rows(contract, items, options);
    await tx.query(
      `INSERT INTO "${this.schema}".outbox (event_id, topic, message_key, event_type, payload)
       SELECT unnest($1::uuid[]), $2, unnest($3::text[]), $4, unnest($5::jsonb[])`,
      [rows.map((r) => r.envelope.id), contract.topic.name, rows.map((r) => r.key), contract.type, rows.map((r) => r.payload)],
    );
    markOutboxWritten(tx, this.schema);
    return rows.map((r) => r.envelope);
  }

  /**
   * For a change that inserted its `rows()` itself in one autocommitted statement: it has committed, so
   * this process's relay may publish now rather than at its next poll.
   */
  committed(): void {
    ringOutbox(this.schema);
  }

  /**
   * The outbox rows `publishMany` would insert, validated against the contract, without writing them:
   * for a change made in one statement, which then inserts them itself (columns event_id = envelope.id,
   * topic, message_key = key, event_type = type, payload) so they commit or roll back with it.
   */
  rows<S extends z.ZodType>(contract: EventContract<S>, items: Array<z.infer<S>>, options: PublishOptions = {}): Array<OutboxRow<z.infer<S>>> {
    const ctx = currentCorrelation();
    return items.map((data) => {
      const checked = contract.data.safeParse(data);
      if (!checked.success) throw new ContractViolation(`refusing to publish invalid ${contract.type}: ${checked.error.message}`);
      const envelope = buildEnvelope({
        type: contract.type,
        source: `/${contract.topic.service}`,
        subject: options.subject ?? contract.subjectOf(checked.data),
        schemaversion: contract.schemaversion,
        data: checked.data,
        correlationid: options.correlationId ?? ctx?.correlationId,
        causationid: options.causationId ?? ctx?.causationId,
      });
      return { envelope, topic: contract.topic.name, key: envelope.subject, type: contract.type, payload: JSON.stringify(envelope) };
    });
  }
}
