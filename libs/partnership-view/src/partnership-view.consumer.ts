import { Injectable, Type } from '@nestjs/common';
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
import { ViewSchema } from './partnership-view.sql';

type Terms = EventData<typeof AgreementActivated>;

export interface PartnershipViewOptions {
  /** Keep agreements too (a service that only needs cluster membership leaves them out). */
  agreements: boolean;
}

/**
 * The consumer that keeps a service's partnership view (see partnership-view.sql.ts) in step with
 * partnerships events, in the service's consumer group (named like its schema). Every agreement event
 * carries the full terms and every membership event the member, so no other source is needed; a row
 * changes only for an event at least as recent as the one that set it.
 */
export function PartnershipViewConsumer(schema: ViewSchema, options: PartnershipViewOptions = { agreements: true }): Type<unknown> {
  const upsertAgreement = `INSERT INTO ${schema}.partner_agreement (agreement_id, parties, scopes, ends_on, active, as_of)
    VALUES ($1, $2::uuid[], $3::text[], $4::date, $5, $6)
    ON CONFLICT (agreement_id) DO UPDATE
      SET parties = EXCLUDED.parties, scopes = EXCLUDED.scopes, ends_on = EXCLUDED.ends_on, active = EXCLUDED.active, as_of = EXCLUDED.as_of
    WHERE ${schema}.partner_agreement.as_of <= EXCLUDED.as_of`;
  const upsertMember = `INSERT INTO ${schema}.cluster_member (cluster_id, organisation_id, organisation_type, active, as_of)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (cluster_id, organisation_id) DO UPDATE
      SET organisation_type = coalesce(EXCLUDED.organisation_type, ${schema}.cluster_member.organisation_type), active = EXCLUDED.active, as_of = EXCLUDED.as_of
    WHERE ${schema}.cluster_member.as_of <= EXCLUDED.as_of`;
  const setAgreement = (e: EventEnvelope<Terms>, active: boolean, tx: EntityManager) =>
    tx.query(upsertAgreement, [e.data.agreementId, e.data.parties, e.data.scopes, e.data.endsOn, active, e.time]);

  @Injectable()
  @EventConsumer(schema)
  class MembershipView {
    @HandleEvent(ClusterMemberJoined)
    async joined(e: EventEnvelope<EventData<typeof ClusterMemberJoined>>, tx: EntityManager): Promise<void> {
      await tx.query(upsertMember, [e.data.clusterId, e.data.organisationId, e.data.organisationType, true, e.time]);
    }

    @HandleEvent(ClusterMemberLeft)
    async left(e: EventEnvelope<EventData<typeof ClusterMemberLeft>>, tx: EntityManager): Promise<void> {
      // Kept as an inactive row: a late "joined" older than this leave then changes nothing.
      await tx.query(upsertMember, [e.data.clusterId, e.data.organisationId, null, false, e.time]);
    }
  }

  @Injectable()
  @EventConsumer(schema)
  class PartnershipView extends MembershipView {
    @HandleEvent(AgreementActivated)
    async activated(e: EventEnvelope<Terms>, tx: EntityManager): Promise<void> {
      await setAgreement(e, true, tx);
    }

    @HandleEvent(AgreementExpired)
    async expired(e: EventEnvelope<Terms>, tx: EntityManager): Promise<void> {
      await setAgreement(e, false, tx);
    }

    @HandleEvent(AgreementTerminated)
    async terminated(e: EventEnvelope<Terms>, tx: EntityManager): Promise<void> {
      await setAgreement(e, false, tx);
    }
  }

  const consumer = options.agreements ? PartnershipView : MembershipView;
  Object.defineProperty(consumer, 'name', { value: `${schema[0].toUpperCase()}${schema.slice(1)}${consumer.name}Consumer` });
  return consumer;
}
