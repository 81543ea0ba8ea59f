import { Injectable } from '@nestjs/common';
import { SharingScope } from '@hamkor/contracts';
import { visibleToSql } from '../sharing/sharing-scope';
import { OpeningRule } from './opening-hours';

/**
 * What a booking is checked against: a resource's terms as of one version of its row. The version is
 * bumped by a trigger on every UPDATE of the row (migration 1700000006100): a booking statement that
 * carries the version its checks were made against writes nothing when the resource changed since,
 * and sends the current terms back instead.
 */
export interface ResourceTerms {
  id: string;
  ownerId: string;
  status: 'active' | 'withdrawn';
  sharingScope: SharingScope;
  capacity: number;
  maxDurationMinutes: number;
  minNoticeMinutes: number;
  trainingRequirement: string | null;
  timeZone: string;
  openingHours: OpeningRule[];
  approvalRequired: boolean;
  reminderMinutes: number;
  version: string;
}

/** The first blackout meeting a slot. */
export interface BlackoutMet {
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
}

/** A resource's current terms as one organisation sees them, and the blackout meeting the slot asked about. */
export interface TermsFor {
  /** null: there is no such resource. */
  terms: ResourceTerms | null;
  /** Whether the organisation may see it: its own, or another's while active and shared with it. */
  visible: boolean;
  blackout: BlackoutMet | null;
}

/**
 * The common expressions `r` (the resource's terms, and whether the organisation may see it) and `x`
 * (the first blackout meeting the slot) of the statement that reads terms. Parameters: $1 resource,
 * $2 organisation, $3 and $4 the slot.
 */
export function termsCtes(): string {
  return `r AS (
      SELECT r.id, r.owner_id, r.status, r.sharing_scope, r.capacity, r.max_duration_minutes, r.min_notice_minutes,
             r.training_requirement, r.time_zone, r.opening_hours, r.approval_required, r.reminder_minutes,
             r.version::text AS version,
             (r.owner_id = $2::uuid OR (r.status = 'active' AND ${visibleToSql('$2::uuid')})) AS visible
        FROM equipment.resource r
       WHERE r.id = $1::uuid
    ), x AS (
      SELECT x.starts_at, x.ends_at, x.reason FROM equipment.blackout x
       WHERE x.resource_id = $1::uuid AND tstzrange(x.starts_at, x.ends_at, '[)') && tstzrange($3::timestamptz, $4::timestamptz, '[)')
       ORDER BY x.starts_at LIMIT 1
    )`;
}

/** `r` and `x` as one JSON value (null when there is no such resource), which termsFrom reads. */
export function termsJson(): string {
  return `(SELECT row_to_json(t) FROM (
      SELECT r.*, x.starts_at AS blackout_starts_at, x.ends_at AS blackout_ends_at, x.reason AS blackout_reason
        FROM r LEFT JOIN x ON true) t)`;
}

export interface TermsRow {
  id: string | null;
  owner_id: string;
  status: 'active' | 'withdrawn';
  sharing_scope: SharingScope;
  capacity: number;
  max_duration_minutes: number;
  min_notice_minutes: number;
  training_requirement: string | null;
  time_zone: string;
  opening_hours: OpeningRule[];
  approval_required: boolean;
  reminder_minutes: number;
  version: string;
  visible: boolean;
  blackout_starts_at: string | null;
  blackout_ends_at: string | null;
  blackout_reason: string | null;
}

export function termsFrom(row: TermsRow | null): TermsFor {
  if (!row?.id) return { terms: null, visible: false, blackout: null };
  return {
    terms: {
      id: row.id,
      ownerId: row.owner_id,
      status: row.status,
      sharingScope: row.sharing_scope,
      capacity: row.capacity,
      maxDurationMinutes: row.max_duration_minutes,
      minNoticeMinutes: row.min_notice_minutes,
      trainingRequirement: row.training_requirement,
      timeZone: row.time_zone,
      openingHours: row.opening_hours,
      approvalRequired: row.approval_required,
      reminderMinutes: row.reminder_minutes,
      version: row.version,
    },
    visible: row.visible,
    blackout: row.blackout_starts_at ? { startsAt: new Date(row.blackout_starts_at), endsAt: new Date(row.blackout_ends_at!), reason: row.blackout_reason } : null,
  };
}

const MAX_REMEMBERED = 10_000;

/**
 * The terms of resources this process booked lately, so a booking needs no read before its statement.
 * Only a hint: the statement books only if the row is still at the remembered version, and otherwise
 * answers with the current terms, which replace the remembered ones. Several processes need no
 * coordination; each one's memory is checked the same way.
 */
@Injectable()
export class ResourceTermsCache {
  private readonly byId = new Map<string, ResourceTerms>();

  get(id: string): ResourceTerms | undefined {
    return this.byId.get(id);
  }

  remember(terms: ResourceTerms): void {
    this.byId.delete(terms.id);
    this.byId.set(terms.id, terms);
    if (this.byId.size > MAX_REMEMBERED) this.byId.delete(this.byId.keys().next().value!);
  }

  forget(id: string): void {
    this.byId.delete(id);
  }
}
