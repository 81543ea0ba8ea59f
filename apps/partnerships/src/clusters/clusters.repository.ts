import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Page, toPage } from '@hamkor/http';
import { decodeKeyset } from '../keyset';
import { Cluster, ClusterMember } from './cluster.entity';
import { ListClustersQuery } from './dto/cluster.dto';

@Injectable()
export class ClustersRepository {
  constructor(
    @InjectRepository(Cluster, 'partnerships') private readonly clusters: Repository<Cluster>,
    @InjectRepository(ClusterMember, 'partnerships') private readonly members: Repository<ClusterMember>,
  ) {}

  findById(clusterId: string): Promise<Cluster | null> {
    return this.clusters.findOneBy({ id: clusterId });
  }

  /** Locks the cluster row: membership changes of one cluster are serialised on it. */
  lock(tx: EntityManager, clusterId: string): Promise<Cluster | null> {
    return tx.findOne(Cluster, { where: { id: clusterId }, lock: { mode: 'pessimistic_write' } });
  }

  membership(tx: EntityManager | null, clusterId: string, organisationId: string): Promise<ClusterMember | null> {
    return (tx ?? this.members.manager).findOneBy(ClusterMember, { clusterId, organisationId });
  }

  async isActiveMember(clusterId: string, organisationId: string): Promise<boolean> {
    return (await this.members.countBy({ clusterId, organisationId, status: 'active' })) > 0;
  }

  /** Active and invited members; those who left stay in the table but not in the cluster's face. */
  currentMembers(clusterId: string): Promise<ClusterMember[]> {
    return this.members
      .createQueryBuilder('m')
      .where('m.cluster_id = :clusterId', { clusterId })
      .andWhere(`m.status IN ('active','invited')`)
      .orderBy('m.invited_at', 'ASC')
      .getMany();
  }

  /** The active member organisations of a cluster (teacher-demand forecasts per cluster). */
  async activeMemberIds(clusterId: string): Promise<string[]> {
    const rows = await this.members.find({ select: { organisationId: true }, where: { clusterId, status: 'active' } });
    return rows.map((r) => r.organisationId);
  }

  async list(q: ListClustersQuery, limit: number): Promise<Page<Cluster>> {
    const qb = this.clusters.createQueryBuilder('c').orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC').limit(limit + 1);
    if (q.region) qb.andWhere('c.region = :region', { region: q.region });
    if (q.name) qb.andWhere('c.name ILIKE :name', { name: `%${q.name.replace(/[\\%_]/g, '\\$&')}%` });
    if (q.memberId) {
      qb.andWhere(`EXISTS (SELECT 1 FROM partnerships.cluster_member m WHERE m.cluster_id = c.id AND m.organisation_id = :memberId AND m.status = 'active')`, {
        memberId: q.memberId,
      });
    }
    const after = decodeKeyset(q.cursor, ['text', 'uuid']);
    if (after) qb.andWhere('(c.name, c.id) > (:n, :i)', { n: after[0], i: after[1] });
    return toPage(await qb.getMany(), limit, (c) => [c.name, c.id]);
  }
}
