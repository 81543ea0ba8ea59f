import { ConflictException, ForbiddenException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@hamkor/persistence';
import { Principal } from '@hamkor/auth';
import { ClusterCreated, ClusterMemberJoined, ClusterMemberLeft } from '@hamkor/contracts';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { OutboxWriter } from '@hamkor/messaging';
import { ActingOrganisation } from '../organisations/acting-organisation';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { Cluster, ClusterMember } from './cluster.entity';
import { ClustersRepository } from './clusters.repository';
import { CreateClusterDto, InviteMemberDto, ListClustersQuery } from './dto/cluster.dto';

export interface ClusterView extends Cluster {
  members: Array<Pick<ClusterMember, 'organisationId' | 'role' | 'status' | 'joinedAt'>>;
}

@Injectable()
export class ClustersService {
  constructor(
    @InjectDataSource('partnerships') private readonly ds: DataSource,
    private readonly clusters: ClustersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly acting: ActingOrganisation,
    private readonly outbox: OutboxWriter,
  ) {}

  /** A coordinating school creates a cluster; it is a member at once, the anchor university is invited. */
  async create(caller: Principal, dto: CreateClusterDto): Promise<ClusterView> {
    const school = await this.acting.require(caller);
    const anchor = await this.organisations.findById(dto.anchorUniversityId);
    if (!anchor || anchor.type !== 'university') throw new UnprocessableEntityException('anchorUniversityId must be a registered university');
    const id = randomUUID();
    await inTransaction(this.ds, async (tx) => {
      const now = new Date();
      await tx.insert(Cluster, { id, name: dto.name, region: dto.region ?? school.region, coordinatorId: school.id, anchorUniversityId: anchor.id, status: 'awaiting_anchor' });
      await tx.insert(ClusterMember, [
        { clusterId: id, organisationId: school.id, role: 'coordinator', status: 'active', invitedAt: now, joinedAt: now, endedAt: null },
        { clusterId: id, organisationId: anchor.id, role: 'anchor', status: 'invited', invitedAt: now, joinedAt: null, endedAt: null },
      ]);
      await this.outbox.publish(tx, ClusterCreated, { clusterId: id, name: dto.name, region: dto.region ?? school.region, coordinatorId: school.id, anchorUniversityId: anchor.id });
      await this.outbox.publish(tx, ClusterMemberJoined, { clusterId: id, organisationId: school.id, organisationType: school.type, role: 'coordinator' });
    });
    return this.get(id);
  }

  async get(clusterId: string): Promise<ClusterView> {
    const cluster = await this.clusters.findById(clusterId);
    if (!cluster) throw new NotFoundException('no such cluster');
    const members = await this.clusters.currentMembers(clusterId);
    return { ...cluster, members: members.map(({ organisationId, role, status, joinedAt }) => ({ organisationId, role, status, joinedAt })) };
  }

  list(q: ListClustersQuery) {
    return this.clusters.list(q, q.limit ?? DEFAULT_PAGE_SIZE);
  }

  async invite(caller: Principal, clusterId: string, dto: InviteMemberDto): Promise<ClusterView> {
    await this.acting.require(caller);
    const invitee = await this.organisations.findById(dto.organisationId);
    if (!invitee) throw new UnprocessableEntityException('organisationId must be a registered organisation');
    await inTransaction(this.ds, async (tx) => {
      await this.lockAsCoordinator(tx, caller, clusterId);
      const existing = await this.clusters.membership(tx, clusterId, invitee.id);
      if (existing?.status === 'active') throw new ConflictException('this organisation is already a member');
      if (existing?.status === 'invited') throw new ConflictException('this organisation is already invited');
      // Someone who left, declined or was removed may be invited again; the anchor keeps its role.
      await tx.save(ClusterMember, {
        clusterId,
        organisationId: invitee.id,
        role: existing?.role ?? 'member',
        status: 'invited',
        invitedAt: new Date(),
        joinedAt: null,
        endedAt: null,
      });
    });
    return this.get(clusterId);
  }

  /** The invitee (the anchor university included) answers for itself. */
  async answer(caller: Principal, clusterId: string, accept: boolean): Promise<ClusterView> {
    const org = await this.acting.require(caller);
    await inTransaction(this.ds, async (tx) => {
      const cluster = await this.clusters.lock(tx, clusterId);
      if (!cluster) throw new NotFoundException('no such cluster');
      const m = await this.clusters.membership(tx, clusterId, org.id);
      if (!m || m.status !== 'invited') throw new NotFoundException('your organisation has no open invitation to this cluster');
      if (accept) {
        await tx.update(ClusterMember, { clusterId, organisationId: org.id }, { status: 'active', joinedAt: new Date() });
        if (m.role === 'anchor') await tx.update(Cluster, { id: clusterId }, { status: 'active' });
        await this.outbox.publish(tx, ClusterMemberJoined, { clusterId, organisationId: org.id, organisationType: org.type, role: m.role });
      } else {
        await tx.update(ClusterMember, { clusterId, organisationId: org.id }, { status: 'declined', endedAt: new Date() });
        if (m.role === 'anchor' && cluster.status === 'awaiting_anchor') await tx.update(Cluster, { id: clusterId }, { status: 'anchor_declined' });
      }
    });
    return this.get(clusterId);
  }

  async leave(caller: Principal, clusterId: string): Promise<void> {
    if (!caller.organisationId) throw new ForbiddenException('only a member organisation can leave a cluster');
    const organisationId = caller.organisationId;
    await inTransaction(this.ds, async (tx) => {
      const cluster = await this.clusters.lock(tx, clusterId);
      if (!cluster) throw new NotFoundException('no such cluster');
      const m = await this.clusters.membership(tx, clusterId, organisationId);
      if (!m || m.status !== 'active') throw new NotFoundException('your organisation is not a member of this cluster');
      if (m.role === 'coordinator') throw new ConflictException('the coordinator cannot leave the cluster it coordinates');
      await this.end(tx, m, 'left');
    });
  }

  async remove(caller: Principal, clusterId: string, organisationId: string): Promise<void> {
    await inTransaction(this.ds, async (tx) => {
      const cluster = await this.lockAsCoordinator(tx, caller, clusterId);
      if (organisationId === cluster.coordinatorId) throw new ConflictException('the coordinator cannot remove itself');
      const m = await this.clusters.membership(tx, clusterId, organisationId);
      if (!m || (m.status !== 'active' && m.status !== 'invited')) throw new NotFoundException('this organisation is not a member of this cluster');
      await this.end(tx, m, 'removed');
    });
  }

  private async end(tx: EntityManager, m: ClusterMember, reason: 'left' | 'removed'): Promise<void> {
    await tx.update(ClusterMember, { clusterId: m.clusterId, organisationId: m.organisationId }, { status: reason, endedAt: new Date() });
    // Withdrawing an invitation changes nobody's membership, so nothing is published for it.
    if (m.status === 'active') await this.outbox.publish(tx, ClusterMemberLeft, { clusterId: m.clusterId, organisationId: m.organisationId, reason });
  }

  private async lockAsCoordinator(tx: EntityManager, caller: Principal, clusterId: string): Promise<Cluster> {
    const cluster = await this.clusters.lock(tx, clusterId);
    if (!cluster) throw new NotFoundException('no such cluster');
    if (cluster.coordinatorId !== caller.organisationId) throw new ForbiddenException("only the cluster's coordinator manages its members");
    return cluster;
  }
}
