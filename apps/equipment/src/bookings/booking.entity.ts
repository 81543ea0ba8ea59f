import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { BookingStatus } from '@hamkor/contracts';

@Entity({ name: 'booking' })
export class Booking {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  resourceId!: string;

  /** The resource's owner at booking time, kept here so owner queries need no join. */
  @Column('uuid')
  ownerId!: string;

  @Column('uuid')
  holderId!: string;

  /** The person who booked (token subject). */
  @Column('text')
  bookedBy!: string;

  @Column('uuid', { nullable: true })
  seriesId!: string | null;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('timestamptz')
  endsAt!: Date;

  @Column('text')
  status!: BookingStatus;

  @Column('text')
  purpose!: string;

  @Column('int')
  participants!: number;

  @Column('text', { nullable: true })
  decisionReason!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  checkedInAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
