import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An organisation's webhook: where, for which event types, signed with which secret. */
@Entity({ name: 'webhook_endpoint' })
export class WebhookEndpoint {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  organisationId!: string;

  @Column('text')
  url!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text', { array: true })
  eventTypes!: string[];

  /** Standard Webhooks secret, `whsec_<base64>`; shown once, at creation. */
  @Column('text', { select: false })
  secret!: string;

  @Column('boolean')
  active!: boolean;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
