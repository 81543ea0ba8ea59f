import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OrganisationType } from '@hamkor/contracts';

@Entity({ name: 'organisation' })
export class Organisation {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  type!: OrganisationType;

  @Column('text')
  name!: string;

  @Column('text')
  region!: string;

  @Column('text', { nullable: true })
  address!: string | null;

  @Column('text')
  contactEmail!: string;

  @Column('boolean', { default: false })
  verified!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
