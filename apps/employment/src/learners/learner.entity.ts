import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { GraduateStatus } from '@hamkor/contracts';

/**
 * A learner as the school enrolled them. The only place on the platform with a learner's personal data
 * (name, date of birth, contact, the school's own reference); erasure nulls those and keeps the rest.
 */
@Entity({ name: 'learner' })
export class Learner {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') schoolId!: string;
  @Column('text', { nullable: true }) schoolRef!: string | null;
  @Column('text', { nullable: true }) fullName!: string | null;
  @Column('date', { nullable: true }) dateOfBirth!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text') specialty!: string;
  @Column('int') cohortYear!: number;
  @Column('date') expectedGraduation!: string;
  @Column('text') region!: string;
  @Column('boolean') consentFollowUp!: boolean;
  @Column('boolean') consentCentre!: boolean;
  @Column('date', { nullable: true }) graduatedOn!: string | null;
  @Column('text', { nullable: true }) currentStatus!: GraduateStatus | null;
  @Column('date', { nullable: true }) currentEffectiveOn!: string | null;
  @Column('timestamptz', { nullable: true }) currentReportedAt!: Date | null;
  @Column('date', { nullable: true }) firstJobOn!: string | null;
  @Column('boolean') hadInternship!: boolean;
  @Column('boolean') hiredByHost!: boolean;
  @Column('timestamptz', { nullable: true }) erasedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
