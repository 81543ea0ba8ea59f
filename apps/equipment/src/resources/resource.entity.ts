import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ResourceKind, SharingScope } from '@hamkor/contracts';
import { OpeningRule } from './opening-hours';

@Entity({ name: 'resource' })
export class Resource {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  ownerId!: string;

  @Column('text')
  kind!: ResourceKind;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text', { nullable: true })
  location!: string | null;

  @Column('text')
  region!: string;

  @Column('int')
  capacity!: number;

  @Column('text')
  timeZone!: string;

  @Column('jsonb')
  openingHours!: OpeningRule[];

  @Column('text')
  sharingScope!: SharingScope;

  @Column('boolean')
  approvalRequired!: boolean;

  @Column('int')
  minNoticeMinutes!: number;

  @Column('int')
  maxDurationMinutes!: number;

  /** When set, a booking must confirm that its participants completed this training. */
  @Column('text', { nullable: true })
  trainingRequirement!: string | null;

  @Column('int')
  reminderMinutes!: number;

  @Column('int')
  noShowGraceMinutes!: number;

  @Column('text')
  status!: 'active' | 'withdrawn';

  /** Bumped by a trigger on every UPDATE of the row: what a booking statement checks its terms against. Never read into the entity. */
  @Column({ type: 'bigint', select: false, insert: false, update: false })
  version?: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
