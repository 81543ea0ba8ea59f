import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '@hamkor/contracts';

/** Staff acting for an organisation (never learners): kept here so that notifications knows whom to tell. */
@Entity({ name: 'person' })
export class Person {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  organisationId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  email!: string;

  @Column('text', { array: true })
  roles!: Role[];

  @Column('text')
  language!: 'uz' | 'ru' | 'en';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
