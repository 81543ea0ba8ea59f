import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { PlacementStatus, PlacementVisibility } from '@hamkor/contracts';

@Entity({ name: 'placement' })
export class Placement {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  enterpriseId!: string;

  @Column('text')
  title!: string;

  @Column('text')
  description!: string;

  @Column('text', { array: true })
  competencies!: string[];

  @Column('text')
  specialty!: string;

  @Column('text')
  region!: string;

  @Column('text')
  location!: string;

  @Column('int')
  capacity!: number;

  @Column('int', { default: 0 })
  acceptedCount!: number;

  @Column('date')
  startsOn!: string;

  @Column('date')
  endsOn!: string;

  @Column('timestamptz')
  applicationDeadline!: Date;

  @Column('boolean')
  paid!: boolean;

  @Column('text')
  visibility!: PlacementVisibility;

  @Column('text')
  status!: PlacementStatus;

  @Column('text', { nullable: true })
  closedReason!: 'by_enterprise' | 'deadline' | null;

  /** Set by the first acceptance: from then on the terms the school agreed to are frozen. */
  @Column('timestamptz', { nullable: true })
  firstAcceptedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
