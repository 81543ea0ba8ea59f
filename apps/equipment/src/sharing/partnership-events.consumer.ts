import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AgreementActivated,
  AgreementExpired,
  AgreementTerminated,
  ClusterMemberJoined,
  ClusterMemberLeft,
  EventData,
  EventEnvelope,
} from '@hamkor/contracts';
import { EventConsumer, HandleEvent } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';

type Terms = EventData<typeof AgreementActivated>;

/**
 * Keeps the two read models that decide sharing scope in step with partnerships: which organisations
 * share a cluster, and which pairs have an active agreement covering equipment. Each row remembers the
 * time of the event that set it, so a late duplicate never undoes a newer state.
 */
@Injectable()
@EventConsumer('equipment')
export class PartnershipEventsConsumer {
  private readonly log = logger('equipment.sharing');

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
      `INSERT INTO equipment.cluster_member (cluster_id, organisation_id, as_of) VALUES ($1, $2, $3)
       ON CONFLICT (cluster_id, organisation_id) DO UPDATE SET as_of = GREATEST(equipment.cluster_member.as_of, EXCLUDED.as_of)`,
      [e.data.clusterId, e.data.organisationId, e.time],
    );
  }

  @HandleEvent(ClusterMemberLeft)
  async left(e: EventEnvelope<EventData<typeof ClusterMemberLeft>>, tx: EntityManager): Promise<void> {
    const res = await tx.query(`DELETE FROM equipment.cluster_member WHERE cluster_id = $1 AND organisation_id = $2 AND as_of <= $3`, [
      e.data.clusterId,
      e.data.organisationId,
      e.time,
    ]);
    if (res[1] === 0) this.log.info({ clusterId: e.data.clusterId }, 'member left a cluster it was not known in; skipped');
  }

  private async setAgreement(e: EventEnvelope<Terms>, active: boolean, tx: EntityManager): Promise<void> {
    // Agreements without the equipment scope grant nothing here; not storing them keeps the table small.
    if (!e.data.scopes.includes('equipment')) return;
    await tx.query(
      `INSERT INTO equipment.equipment_agreement (agreement_id, parties, active, as_of) VALUES ($1, $2::uuid[], $3, $4)
       ON CONFLICT (agreement_id) DO UPDATE SET parties = EXCLUDED.parties, active = EXCLUDED.active, as_of = EXCLUDED.as_of
       WHERE equipment.equipment_agreement.as_of <= EXCLUDED.as_of`,
      [e.data.agreementId, e.data.parties, active, e.time],
    );
  }
}
