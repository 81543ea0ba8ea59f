import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The partnership view's tables as TypeORM entities (in the schema of the DataSource that registers
 * them), so `npm run migration:generate` sees them; services query them with partnership-view.sql.ts.
 */
@Entity({ name: 'partner_agreement' })
export class PartnerAgreementRow {
  @PrimaryColumn('uuid', { name: 'agreement_id' })
  agreementId!: string;

  @Column('uuid', { array: true })
  parties!: string[];

  @Column('text', { array: true })
  scopes!: string[];

  @Column('date', { name: 'ends_on' })
  endsOn!: string;

  @Column('boolean')
  active!: boolean;

  @Column('timestamptz', { name: 'as_of' })
  asOf!: Date;
}

@Entity({ name: 'cluster_member' })
export class ClusterMemberRow {
  @PrimaryColumn('uuid', { name: 'cluster_id' })
  clusterId!: string;

  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId!: string;

  /** Null only for a member known from its leaving alone (the leave event does not say). */
  @Column('text', { name: 'organisation_type', nullable: true })
  organisationType!: string | null;

  @Column('boolean')
  active!: boolean;

  @Column('timestamptz', { name: 'as_of' })
  asOf!: Date;
}

@Entity({ name: 'organisation' })
export class OrganisationRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  type!: string;

  @Column('text')
  name!: string;

  @Column('text')
  region!: string;

  /** Null only for a row carried over from before the view kept it (its next snapshot says). */
  @Column('boolean', { nullable: true })
  verified!: boolean | null;

  @Column('timestamptz', { name: 'as_of' })
  asOf!: Date;
}
