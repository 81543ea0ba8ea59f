import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type InternshipStatus = 'confirmed' | 'started' | 'completed' | 'withdrawn' | 'cancelled';
export type Party = 'school' | 'enterprise';

/** What the school recorded about a minor's guardian consent: a date and its own document reference, no names. */
export interface GuardianConsent {
  obtainedOn: string;
  documentRef: string;
  recordedBy: string;
}

@Entity({ name: 'internship' })
export class Internship {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  nominationId!: string;

  @Column('uuid')
  placementId!: string;

  @Column('uuid')
  enterpriseId!: string;

  @Column('uuid')
  schoolId!: string;

  @Column('uuid')
  learnerId!: string;

  @Column('text')
  specialty!: string;

  @Column('date')
  startsOn!: string;

  @Column('date')
  endsOn!: string;

  @Column('text')
  status!: InternshipStatus;

  @Column('jsonb', { nullable: true })
  guardianConsent!: GuardianConsent | null;

  @Column('date', { nullable: true })
  startedOn!: string | null;

  @Column('date', { nullable: true })
  completedOn!: string | null;

  /** Who withdrew or cancelled, why and when. */
  @Column('text', { nullable: true })
  endedBy!: Party | null;

  @Column('text', { nullable: true })
  endedReason!: string | null;

  @Column('date', { nullable: true })
  endedOn!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
