import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type NominationStatus = 'pending' | 'accepted' | 'rejected' | 'confirmed';

@Entity({ name: 'nomination' })
export class Nomination {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  placementId!: string;

  @Column('uuid')
  enterpriseId!: string;

  @Column('uuid')
  schoolId!: string;

  @Column('uuid')
  learnerId!: string;

  @Column('text')
  motivation!: string;

  @Column('text')
  status!: NominationStatus;

  @Column('text', { nullable: true })
  decisionReason!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
