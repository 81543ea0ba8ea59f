import { Column, Entity, PrimaryColumn } from 'typeorm';
import { GraduateStatus } from '@hamkor/contracts';

export type StatusSource = 'school' | 'enterprise' | 'employment_centre' | 'graduate';

/** One report in a graduate's status history; the current status is the latest by effective date. */
@Entity({ name: 'status_report' })
export class StatusReport {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') learnerId!: string;
  @Column('uuid') schoolId!: string;
  @Column('text') status!: GraduateStatus;
  @Column('date') effectiveOn!: string;
  @Column('text', { nullable: true }) sector!: string | null;
  @Column('uuid', { nullable: true }) employerId!: string | null;
  @Column('text') source!: StatusSource;
  @Column('uuid', { nullable: true }) reportedBy!: string | null;
  @Column('timestamptz') reportedAt!: Date;
}
