import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Local read model of partnerships' agreements: who is a partner of whom, in which scopes. */
@Entity({ name: 'partner_agreement' })
export class PartnerAgreement {
  @PrimaryColumn('uuid')
  agreementId!: string;

  @Column('uuid', { array: true })
  parties!: string[];

  @Column('text', { array: true })
  scopes!: string[];

  @Column('date')
  endsOn!: string;

  @Column('boolean')
  active!: boolean;

  @Column('timestamptz')
  asOf!: Date;
}

/** Local read model of partnerships' cluster membership. */
@Entity({ name: 'cluster_member' })
export class ClusterMember {
  @PrimaryColumn('uuid')
  clusterId!: string;

  @PrimaryColumn('uuid')
  organisationId!: string;
}

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
