import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OrganisationType } from '@hamkor/contracts';

/** Local read model of the organisation registry (from partnerships events): whom messages go to. */
@Entity({ name: 'directory_organisation' })
export class DirectoryOrganisation {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  type!: OrganisationType;

  @Column('text')
  name!: string;

  @Column('text')
  region!: string;

  @Column('boolean')
  verified!: boolean;

  /** Time of the last event applied; older events arriving late do not overwrite newer state. */
  @Column('timestamptz')
  asOf!: Date;
}
