import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ClusterMemberJoined, ClusterMemberLeft, EventData, EventEnvelope } from '@hamkor/contracts';
import { EventConsumer, HandleEvent } from '@hamkor/messaging';

/** Keeps the cluster membership read model (which schools a cluster outcome report covers). */
@Injectable()
@EventConsumer('employment')
export class ClusterMembershipConsumer {
  @HandleEvent(ClusterMemberJoined)
  async joined(e: EventEnvelope<EventData<typeof ClusterMemberJoined>>, tx: EntityManager): Promise<void> {
    await this.set(tx, e.data.clusterId, e.data.organisationId, true, e.time);
  }

  @HandleEvent(ClusterMemberLeft)
  async left(e: EventEnvelope<EventData<typeof ClusterMemberLeft>>, tx: EntityManager): Promise<void> {
    await this.set(tx, e.data.clusterId, e.data.organisationId, false, e.time);
  }

  private async set(tx: EntityManager, clusterId: string, organisationId: string, active: boolean, time: string): Promise<void> {
    await tx.query(
      `INSERT INTO employment.cluster_member (cluster_id, organisation_id, active, as_of) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cluster_id, organisation_id) DO UPDATE SET active = EXCLUDED.active, as_of = EXCLUDED.as_of
       WHERE employment.cluster_member.as_of <= EXCLUDED.as_of`,
      [clusterId, organisationId, active, time],
    );
  }
}
