import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AgreementScope, OrganisationType } from '@hamkor/contracts';

/** Agreements in force (from partnerships events): which organisations are partners, for what. */
@Entity({ name: 'directory_agreement' })
export class DirectoryAgreement {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { array: true })
  parties!: string[];

  @Column('text', { array: true })
  scopes!: AgreementScope[];

  @Column('boolean')
  active!: boolean;

  @Column('timestamptz')
  asOf!: Date;
}

/** Cluster membership (from partnerships events): who shares a cluster with whom. */
@Entity({ name: 'directory_cluster_member' })
export class DirectoryClusterMember {
  @PrimaryColumn('uuid')
  clusterId!: string;

  @PrimaryColumn('uuid')
  organisationId!: string;

  @Column('text')
  organisationType!: OrganisationType;
}
