import { Column, Entity, PrimaryColumn } from 'typeorm';

export type FollowUpState = 'scheduled' | 'due' | 'answered' | 'overdue';

/** One follow-up of a graduate (6, 12, 36 months after graduation by default); its job is derived from it. */
@Entity({ name: 'follow_up' })
export class FollowUp {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') learnerId!: string;
  @Column('uuid') schoolId!: string;
  @Column('int') monthsAfter!: number;
  @Column('date') dueOn!: string;
  @Column('text') state!: FollowUpState;
  @Column('timestamptz', { nullable: true }) becameDueAt!: Date | null;
  @Column('timestamptz', { nullable: true }) answeredAt!: Date | null;
  @Column('timestamptz', { nullable: true }) overdueAt!: Date | null;
}

/** A school's follow-up plan; schools without a row use the defaults. */
@Entity({ name: 'school_settings' })
export class SchoolSettings {
  @PrimaryColumn('uuid') schoolId!: string;
  @Column('int', { array: true }) followUpMonths!: number[];
  @Column('int') overdueAfterDays!: number;
  @Column('timestamptz') updatedAt!: Date;
}
