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
  OrganisationRegistered,
  OrganisationUpdated,
} from '@hamkor/contracts';
import { EventConsumer, HandleEvent } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';

type Terms = EventData<typeof AgreementActivated>;

/**
 * Keeps the audience read models (agreements, cluster membership, organisation names) in step with
 * partnerships. Each agreement's and each cluster's events arrive in order (one Kafka key each); the
 * `as_of` guard also keeps a late re-delivery of an older agreement event from reviving an ended one.
 */
@Injectable()
@EventConsumer('internships')
export class PartnershipEventsConsumer {
  private readonly log = logger('internships.audience');

  @HandleEvent(AgreementActivated)
  async activated(e: EventEnvelope<Terms>, tx: EntityManager): Promise<void> {
    await this.upsertAgreement(e, true, tx);
  }

  @HandleEvent(AgreementExpired)
  async expired(e: EventEnvelope<Terms>, tx: EntityManager): Promise<void> {
    await this.upsertAgreement(e, false, tx);
  }

  @HandleEvent(AgreementTerminated)
  async terminated(e: EventEnvelope<EventData<typeof AgreementTerminated>>, tx: EntityManager): Promise<void> {
    await this.upsertAgreement(e, false, tx);
  }

  @HandleEvent(ClusterMemberJoined)
  async joined(e: EventEnvelope<EventData<typeof ClusterMemberJoined>>, tx: EntityManager): Promise<void> {
    await tx.query(`INSERT INTO internships.cluster_member (cluster_id, organisation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      e.data.clusterId,
      e.data.organisationId,
    ]);
  }

  @HandleEvent(ClusterMemberLeft)
  async left(e: EventEnvelope<EventData<typeof ClusterMemberLeft>>, tx: EntityManager): Promise<void> {
    const [, removed] = await tx.query(`DELETE FROM internships.cluster_member WHERE cluster_id = $1 AND organisation_id = $2`, [
      e.data.clusterId,
      e.data.organisationId,
    ]);
    if (!removed) this.log.warn({ clusterId: e.data.clusterId, organisationId: e.data.organisationId }, 'member left a cluster it was not known in; skipped');
  }

  @HandleEvent(OrganisationRegistered)
  async registered(e: EventEnvelope<EventData<typeof OrganisationRegistered>>, tx: EntityManager): Promise<void> {
    await this.upsertOrganisation(e, tx);
  }

  @HandleEvent(OrganisationUpdated)
  async updated(e: EventEnvelope<EventData<typeof OrganisationUpdated>>, tx: EntityManager): Promise<void> {
    await this.upsertOrganisation(e, tx);
  }

  private async upsertAgreement(e: EventEnvelope<Terms>, active: boolean, tx: EntityManager): Promise<void> {
    const d = e.data;
    await tx.query(
      `INSERT INTO internships.partner_agreement (agreement_id, parties, scopes, ends_on, active, as_of)
       VALUES ($1, $2::uuid[], $3::text[], $4, $5, $6)
       ON CONFLICT (agreement_id) DO UPDATE
         SET parties = EXCLUDED.parties, scopes = EXCLUDED.scopes, ends_on = EXCLUDED.ends_on, active = EXCLUDED.active, as_of = EXCLUDED.as_of
       WHERE internships.partner_agreement.as_of <= EXCLUDED.as_of`,
      [d.agreementId, d.parties, d.scopes, d.endsOn, active, e.time],
    );
  }

  private async upsertOrganisation(e: EventEnvelope<EventData<typeof OrganisationRegistered>>, tx: EntityManager): Promise<void> {
    const d = e.data;
    await tx.query(
      `INSERT INTO internships.organisation (id, type, name, region, as_of) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name, region = EXCLUDED.region, as_of = EXCLUDED.as_of
       WHERE internships.organisation.as_of <= EXCLUDED.as_of`,
      [d.organisationId, d.type, d.name, d.region, e.time],
    );
  }
}
