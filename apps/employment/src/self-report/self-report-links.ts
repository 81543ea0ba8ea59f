import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { HAMKOR_CONFIG, HamkorConfig } from '@hamkor/config';
import { LinkSigner } from './link-signer';

export interface IssuedSelfReportLink {
  token: string;
  /** The graduate-facing page with the token (SELF_REPORT_URL?token=...). */
  url: string;
  expiresAt: Date;
}

/**
 * Issues one-time self-report links: a row (the database decides whether a link is still unused) and a
 * signed token naming it. Used by the school's "issue a link" call and when a follow-up falls due for a
 * graduate who agreed to be contacted.
 */
@Injectable()
export class SelfReportLinks {
  constructor(
    private readonly signer: LinkSigner,
    @Inject(HAMKOR_CONFIG) private readonly config: HamkorConfig,
  ) {}

  async issue(tx: EntityManager, followUpId: string, learnerId: string, validForDays: number): Promise<IssuedSelfReportLink> {
    const jti = randomUUID();
    const expiresAt = new Date(Date.now() + validForDays * 86_400_000);
    await tx.query(`INSERT INTO employment.self_report_link (jti, follow_up_id, learner_id, expires_at) VALUES ($1, $2, $3, $4)`, [jti, followUpId, learnerId, expiresAt]);
    const token = await this.signer.sign(jti, followUpId, expiresAt);
    const url = new URL(this.config.SELF_REPORT_URL);
    url.searchParams.set('token', token);
    return { token, url: url.toString(), expiresAt };
  }
}
