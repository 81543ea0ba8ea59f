import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A completed internship on a learner's pathway (from the internships service's events). */
@Entity({ name: 'internship_record' })
export class InternshipRecord {
  @PrimaryColumn('uuid') internshipId!: string;
  @Column('uuid') learnerId!: string;
  @Column('uuid') schoolId!: string;
  @Column('uuid') enterpriseId!: string;
  @Column('text') specialty!: string;
  @Column('date') completedOn!: string;
  @Column('int', { nullable: true }) hours!: number | null;
}
