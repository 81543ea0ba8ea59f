import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Role } from '@hamkor/contracts';

export type Language = 'uz' | 'ru' | 'en';

/** Local read model of the people acting for organisations (from partnerships events): who gets messages. */
@Entity({ name: 'directory_person' })
export class DirectoryPerson {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  organisationId!: string;

  @Column('text', { array: true })
  roles!: Role[];

  /** A staff member's work address (never a learner's). */
  @Column('text')
  email!: string;

  @Column('text')
  language!: Language;

  /** Kept (not deleted) so a late PersonUpdated cannot bring a removed person back. */
  @Column('boolean')
  removed!: boolean;

  @Column('timestamptz')
  asOf!: Date;
}
