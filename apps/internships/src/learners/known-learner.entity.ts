import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Local read model of employment's learners: which school enrolled whom (ids and attributes only, no names). */
@Entity({ name: 'known_learner' })
export class KnownLearner {
  @PrimaryColumn('uuid')
  learnerId!: string;

  @Column('uuid')
  schoolId!: string;

  @Column('text')
  specialty!: string;

  @Column('boolean')
  minor!: boolean;

  @Column('boolean', { default: false })
  erased!: boolean;

  @Column('timestamptz')
  asOf!: Date;
}
