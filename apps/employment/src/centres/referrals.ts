import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { GraduateReferredToCentre } from '@hamkor/contracts';
import { OutboxWriter } from '@hamkor/messaging';
import { Learner } from '../learners/learner.entity';

export type ReferralReason = 'unemployed_seeking' | 'unknown_after_follow_up';

/** Tells every employment centre subscribed to a graduate's region about that graduate. */
@Injectable()
export class Referrals {
  constructor(private readonly outbox: OutboxWriter) {}

  async refer(tx: EntityManager, l: Learner, reason: ReferralReason): Promise<number> {
    const centres: Array<{ centre_id: string }> = await tx.query(`SELECT centre_id FROM employment.centre_subscription WHERE region = $1 ORDER BY centre_id`, [l.region]);
    if (!centres.length) return 0;
    const contact = contactForCentre(l);
    await this.outbox.publishMany(
      tx,
      GraduateReferredToCentre,
      centres.map((c) => ({
        learnerId: l.id,
        schoolId: l.schoolId,
        specialty: l.specialty,
        region: l.region,
        cohortYear: l.cohortYear,
        centreId: c.centre_id,
        reason,
        ...(contact ? { contact } : {}),
      })),
    );
    return centres.length;
  }
}

/** Contact details leave this service only here, and only with the graduate's consent to share them. */
export function contactForCentre(l: Pick<Learner, 'consentCentre' | 'erasedAt' | 'email' | 'phone'>): { email?: string; phone?: string } | undefined {
  if (!l.consentCentre || l.erasedAt || (!l.email && !l.phone)) return undefined;
  return { ...(l.email ? { email: l.email } : {}), ...(l.phone ? { phone: l.phone } : {}) };
}
