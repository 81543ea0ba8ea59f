import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Party } from './internship.entity';

/** One per party and internship: the enterprise mentor's scores and hours, or the school's own assessment. */
@Entity({ name: 'evaluation' })
export class Evaluation {
  @PrimaryColumn('uuid')
  internshipId!: string;

  @PrimaryColumn('text')
  party!: Party;

  /** Competency → score 1–5 (enterprise). */
  @Column('jsonb', { nullable: true })
  scores!: Record<string, number> | null;

  /** The school's overall grade 1–5. */
  @Column('int', { nullable: true })
  grade!: number | null;

  @Column('int', { nullable: true })
  hours!: number | null;

  @Column('text', { nullable: true })
  comment!: string | null;

  @Column('text')
  evaluatedBy!: string;

  @Column('timestamptz')
  evaluatedAt!: Date;
}
