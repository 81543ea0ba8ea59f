import { Column, Entity, PrimaryColumn } from 'typeorm';

const numeric = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** A school's yearly staffing return for one subject (re-filing the same year and subject replaces it). */
@Entity({ name: 'staffing_return' })
export class StaffingReturn {
  @PrimaryColumn('uuid')
  schoolId!: string;

  @PrimaryColumn('int')
  year!: number;

  @PrimaryColumn('text')
  subject!: string;

  @Column('int')
  teachersNow!: number;

  @Column('int', { array: true })
  retiring!: number[];

  @Column('int')
  classesNow!: number;

  @Column('int', { array: true })
  classesProjected!: number[];

  @Column('numeric', { precision: 6, scale: 2, transformer: numeric })
  weeklyHoursPerClass!: number;

  @Column('numeric', { precision: 6, scale: 2, transformer: numeric })
  weeklyHoursPerTeacher!: number;

  @Column('timestamptz')
  filedAt!: Date;
}
