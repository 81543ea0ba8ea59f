import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person's choice for one event type on one channel; absent means on. */
@Entity({ name: 'preference' })
export class Preference {
  @PrimaryColumn('uuid')
  personId!: string;

  @PrimaryColumn('text')
  eventType!: string;

  @PrimaryColumn('text')
  channel!: 'email' | 'inbox';

  @Column('boolean')
  enabled!: boolean;

  @Column('timestamptz')
  updatedAt!: Date;
}
