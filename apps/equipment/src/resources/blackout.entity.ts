import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A period in which a resource cannot be booked (maintenance, holidays, own use). */
@Entity({ name: 'blackout' })
export class Blackout {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  resourceId!: string;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('timestamptz')
  endsAt!: Date;

  @Column('text', { nullable: true })
  reason!: string | null;
}
