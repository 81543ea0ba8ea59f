import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type ClusterStatus = 'awaiting_anchor' | 'active' | 'anchor_declined';
export type ClusterRole = 'coordinator' | 'anchor' | 'member';
export type MembershipStatus = 'invited' | 'active' | 'declined' | 'left' | 'removed';

/** An educational cluster: a coordinating school, an anchor university as permanent contact point, members. */
@Entity({ name: 'cluster' })
export class Cluster {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  region!: string;

  @Column('uuid')
  coordinatorId!: string;

  @Column('uuid')
  anchorUniversityId!: string;

  @Column('text')
  status!: ClusterStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** One organisation's place in one cluster; the row stays after leaving, so history is kept. */
@Entity({ name: 'cluster_member' })
export class ClusterMember {
  @PrimaryColumn('uuid')
  clusterId!: string;

  @PrimaryColumn('uuid')
  organisationId!: string;

  @Column('text')
  role!: ClusterRole;

  @Column('text')
  status!: MembershipStatus;

  @Column('timestamptz')
  invitedAt!: Date;

  @Column('timestamptz', { nullable: true })
  joinedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;
}
