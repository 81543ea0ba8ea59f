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
  OrganisationRegistered,
  OrganisationUpdated,
  OrganisationVerified,
} from '@hamkor/contracts';
import { EventConsumer, HandleEvent } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';
import { ViewSchema } from './partnership-view.sql';

type Terms = EventData<typeof AgreementActivated>;
type Snapshot = EventData<typeof OrganisationRegistered>;
type Consumer = new () => object;

export interface PartnershipViewOptions {
  /** Keep agreements too (a service that only needs cluster membership leaves them out). */
  agreements: boolean;
  /** Keep the organisation registry too (names, types, regions, verification), for a service that prints or routes by them. */
  organisations?: boolean;
}

/**
 * The consumer that keeps a service's partnership view (see partnership-view.sql.ts) in step with
 * partnerships events, in the service's consumer group (named like its schema). Every agreement event
 * carries the full terms, every membership event the member and every registry event the organisation's
 * snapshot, so no other source is needed; a row changes only for an event at least as recent as the
 * one that set it.
 */
export function PartnershipViewConsumer(schema: ViewSchema, options: PartnershipViewOptions = { agreements: true }): Type<unknown> {
  let consumer: Consumer = membershipView(schema);
  if (options.agreements) consumer = withAgreements(schema, consumer);
  if (options.organisations) consumer = withOrganisations(schema, consumer);
  Object.defineProperty(consumer, 'name', { value: `${schema[0].toUpperCase()}${schema.slice(1)}PartnershipViewConsumer` });
  return consumer as Type<unknown>;
}

function membershipView(schema: ViewSchema): Consumer {
  const upsertMember = `INSERT INTO ${schema}.cluster_member (cluster_id, organisation_id, organisation_type, active, as_of)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (cluster_id, organisation_id) DO UPDATE
      SET organisation_type = coalesce(EXCLUDED.organisation_type, ${schema}.cluster_member.organisation_type), active = EXCLUDED.active, as_of = EXCLUDED.as_of
    WHERE ${schema}.cluster_member.as_of <= EXCLUDED.as_of`;

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
  return MembershipView;
}

function withAgreements(schema: ViewSchema, Base: Consumer): Consumer {
  const upsertAgreement = `INSERT INTO ${schema}.partner_agreement (agreement_id, parties, scopes, ends_on, active, as_of)
    VALUES ($1, $2::uuid[], $3::text[], $4::date, $5, $6)
    ON CONFLICT (agreement_id) DO UPDATE
      SET parties = EXCLUDED.parties, scopes = EXCLUDED.scopes, ends_on = EXCLUDED.ends_on, active = EXCLUDED.active, as_of = EXCLUDED.as_of
    WHERE ${schema}.partner_agreement.as_of <= EXCLUDED.as_of`;
  const setAgreement = (e: EventEnvelope<Terms>, active: boolean, tx: EntityManager) =>
    tx.query(upsertAgreement, [e.data.agreementId, e.data.parties, e.data.scopes, e.data.endsOn, active, e.time]);

  @Injectable()
  @EventConsumer(schema)
  class AgreementsView extends Base {
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
  return AgreementsView;
}

function withOrganisations(schema: ViewSchema, Base: Consumer): Consumer {
  // Verification is never taken back, so a late snapshot from before it keeps the row verified.
  const upsertOrganisation = `INSERT INTO ${schema}.organisation (id, type, name, region, verified, as_of)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (id) DO UPDATE
      SET type = EXCLUDED.type, name = EXCLUDED.name, region = EXCLUDED.region,
          verified = coalesce(${schema}.organisation.verified, false) OR EXCLUDED.verified, as_of = EXCLUDED.as_of
    WHERE ${schema}.organisation.as_of <= EXCLUDED.as_of`;
  const setOrganisation = (e: EventEnvelope<Snapshot>, tx: EntityManager) =>
    tx.query(upsertOrganisation, [e.data.organisationId, e.data.type, e.data.name, e.data.region, e.data.verified, e.time]);
  const log = logger(`${schema}.partnership-view`);

  @Injectable()
  @EventConsumer(schema)
  class OrganisationsView extends Base {
    @HandleEvent(OrganisationRegistered)
    async registered(e: EventEnvelope<Snapshot>, tx: EntityManager): Promise<void> {
      await setOrganisation(e, tx);
    }

    @HandleEvent(OrganisationUpdated)
    async updated(e: EventEnvelope<Snapshot>, tx: EntityManager): Promise<void> {
      await setOrganisation(e, tx);
    }

    @HandleEvent(OrganisationVerified)
    async verified(e: EventEnvelope<EventData<typeof OrganisationVerified>>, tx: EntityManager): Promise<void> {
      // The registration comes first on the organisation's partition (its id is the key), so a row is there.
      const res = await tx.query(`UPDATE ${schema}.organisation SET verified = true WHERE id = $1`, [e.data.organisationId]);
      if (res[1] === 0) log.warn({ organisationId: e.data.organisationId }, 'verified event for an organisation not in the view; skipped');
    }
  }
  return OrganisationsView;
}
