import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ActivityKind } from '@hamkor/contracts';

/** A cluster activity; `registered` is the running total of participants, never above `capacity`. */
@Entity({ name: 'activity' })
export class Activity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  clusterId!: string;

  @Column('uuid')
  organiserId!: string;

  @Column('text')
  kind!: ActivityKind;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('timestamptz')
  endsAt!: Date;

  @Column('text', { nullable: true })
  place!: string | null;

  @Column('text', { nullable: true })
  link!: string | null;

  @Column('int')
  capacity!: number;

  @Column('int')
  registered!: number;

  @Column('text')
  status!: 'scheduled' | 'cancelled';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A member organisation's registration: a count of participants, never their names. */
@Entity({ name: 'activity_registration' })
export class ActivityRegistration {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  activityId!: string;

  @Column('uuid')
  organisationId!: string;

  @Column('int')
  participants!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
