import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AgreementActivated, AgreementExpired, AgreementTerminated, ClusterMemberJoined, ClusterMemberLeft, EventData, EventEnvelope,
} from '@hamkor/contracts';
import { EventConsumer, HandleEvent } from '@hamkor/messaging';

type Terms = EventData<typeof AgreementActivated>;

/**
 * Who can see whose `partners` and `cluster` placements: agreements in force and cluster membership,
 * kept from partnerships events (each carries the full terms, so no other source is needed).
 */
@Injectable()
@EventConsumer('notifications')
export class AudienceEventsConsumer {
  @HandleEvent(AgreementActivated)
  async activated(e: EventEnvelope<Terms>, tx: EntityManager): Promise<void> {
    await this.setAgreement(e, true, tx);
  }

  @HandleEvent(AgreementExpired)
  async expired(e: EventEnvelope<Terms>, tx: EntityManager): Promise<void> {
    await this.setAgreement(e, false, tx);
  }

  @HandleEvent(AgreementTerminated)
  async terminated(e: EventEnvelope<Terms>, tx: EntityManager): Promise<void> {
    await this.setAgreement(e, false, tx);
  }

  @HandleEvent(ClusterMemberJoined)
  async joined(e: EventEnvelope<EventData<typeof ClusterMemberJoined>>, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO notifications.directory_cluster_member (cluster_id, organisation_id, organisation_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [e.data.clusterId, e.data.organisationId, e.data.organisationType],
    );
  }

  @HandleEvent(ClusterMemberLeft)
  async left(e: EventEnvelope<EventData<typeof ClusterMemberLeft>>, tx: EntityManager): Promise<void> {
    await tx.query(`DELETE FROM notifications.directory_cluster_member WHERE cluster_id = $1 AND organisation_id = $2`, [e.data.clusterId, e.data.organisationId]);
  }

  private async setAgreement(e: EventEnvelope<Terms>, active: boolean, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO notifications.directory_agreement (id, parties, scopes, active, as_of) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET parties = EXCLUDED.parties, scopes = EXCLUDED.scopes, active = EXCLUDED.active, as_of = EXCLUDED.as_of
       WHERE notifications.directory_agreement.as_of <= EXCLUDED.as_of`,
      [e.data.agreementId, e.data.parties, e.data.scopes, active, e.time],
    );
  }
}
