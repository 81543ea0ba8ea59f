import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Local read model of the organisation registry: the names a certificate-like summary prints. */
@Entity({ name: 'organisation' })
export class KnownOrganisation {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  type!: string;

  @Column('text')
  name!: string;

  @Column('text')
  region!: string;

  @Column('timestamptz')
  asOf!: Date;
}
