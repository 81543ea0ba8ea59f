import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CHANNELS = ['email', 'webhook', 'inbox'] as const;
export type Channel = (typeof CHANNELS)[number];
export const DELIVERY_STATUSES = ['queued', 'retrying', 'delivered', 'dead', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What a message says: an e-mail or inbox text, or the body of a webhook call. */
export type DeliveryPayload =
  /** An e-mail or inbox message; `to` only for an addressee outside the directory (a consenting graduate). */
  | { subject: string; text: string; language: string; to?: string }
  | { type: string; timestamp: string; data: unknown };

/**
 * One message: an event for one recipient (a person, or an organisation's webhook endpoint) on one
 * channel. Its id is derived from (event, channel, recipient), and is the BullMQ job id and the
 * `webhook-id` header, so every retry, replay and redelivery names the same message.
 */
@Entity({ name: 'delivery' })
export class Delivery {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  eventId!: string;

  @Column('text')
  eventType!: string;

  @Column('text')
  channel!: Channel;

  /** The person (email, inbox) or the webhook endpoint (webhook). */
  @Column('uuid')
  recipientId!: string;

  @Column('uuid')
  organisationId!: string;

  @Column('boolean')
  critical!: boolean;

  @Column('jsonb')
  payload!: DeliveryPayload;

  @Column('text')
  status!: DeliveryStatus;

  @Column('int')
  attempts!: number;

  @Column('int')
  replays!: number;

  @Column('text', { nullable: true })
  lastError!: string | null;

  @Column('int', { nullable: true })
  lastStatusCode!: number | null;

  /** Quiet hours: not sent before this time. */
  @Column('timestamptz', { nullable: true })
  notBefore!: Date | null;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;

  @Column('timestamptz', { nullable: true })
  deliveredAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  readAt!: Date | null;
}
