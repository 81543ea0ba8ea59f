import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Local read model of cluster membership (from partnerships events), for cluster outcome reports. */
@Entity({ name: 'cluster_member' })
export class ClusterMember {
  @PrimaryColumn('uuid') clusterId!: string;
  @PrimaryColumn('uuid') organisationId!: string;
  @Column('boolean') active!: boolean;
  /** Time of the last event applied; an older event arriving late does not overwrite newer state. */
  @Column('timestamptz') asOf!: Date;
}
