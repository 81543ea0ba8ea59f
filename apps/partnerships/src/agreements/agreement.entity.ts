import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AgreementScope } from '@hamkor/contracts';

export type AgreementStatus = 'draft' | 'proposed' | 'signed' | 'active' | 'expired' | 'terminated';

/** A memorandum of cooperation between two or more organisations. */
@Entity({ name: 'agreement' })
export class Agreement {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  title!: string;

  @Column('uuid')
  createdBy!: string;

  @Column('uuid', { array: true })
  parties!: string[];

  @Column('text', { array: true })
  scopes!: AgreementScope[];

  /** ISO dates (YYYY-MM-DD); in force from the start of startsOn to the end of endsOn, UTC. */
  @Column('date')
  startsOn!: string;

  @Column('date')
  endsOn!: string;

  @Column('text', { nullable: true })
  documentRef!: string | null;

  @Column('text')
  status!: AgreementStatus;

  @Column('uuid', { nullable: true })
  terminatedBy!: string | null;

  @Column('text', { nullable: true })
  terminationReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Each party signs for itself, once. */
@Entity({ name: 'agreement_signature' })
export class AgreementSignature {
  @PrimaryColumn('uuid')
  agreementId!: string;

  @PrimaryColumn('uuid')
  organisationId!: string;

  @Column('uuid')
  signedByUser!: string;

  @Column('timestamptz')
  signedAt!: Date;
}
