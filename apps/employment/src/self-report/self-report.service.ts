import { ConflictException, GoneException, HttpStatus, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '@hamkor/persistence';
import { Principal } from '@hamkor/auth';
import { ProblemException } from '@hamkor/http';
import { ownOrganisation } from '../caller';
import { Learner } from '../learners/learner.entity';
import { FollowUpsRepository } from '../follow-ups/follow-ups.repository';
import { StatusService } from '../status/status.service';
import { LinkSigner } from './link-signer';
import { SelfReportLinks } from './self-report-links';
import { IssuedLink, IssueLinkDto, SelfReportDto } from './dto/self-report.dto';
import { updateReturning } from '../sql';

@Injectable()
export class SelfReportService {
  constructor(
    @InjectDataSource('employment') private readonly ds: DataSource,
    private readonly signer: LinkSigner,
    private readonly links: SelfReportLinks,
    private readonly followUps: FollowUpsRepository,
    private readonly statuses: StatusService,
  ) {}

  /** The school issues a link for a due follow-up of a graduate who agreed to be contacted. */
  async issue(caller: Principal, followUpId: string, dto: IssueLinkDto): Promise<IssuedLink> {
    const schoolId = ownOrganisation(caller, 'school');
    const f = await this.followUps.findOwn(schoolId, followUpId);
    if (!f) throw new NotFoundException('no such follow-up in your school');
    if (f.state !== 'due' && f.state !== 'overdue') throw new ConflictException(`this follow-up is ${f.state}; links are issued for due or overdue follow-ups`);
    const l = await this.ds.getRepository(Learner).findOneByOrFail({ id: f.learnerId });
    if (!l.consentFollowUp || l.erasedAt) {
      throw new ProblemException(HttpStatus.CONFLICT, 'no-contact-consent', 'the graduate has not agreed to be contacted for follow-ups');
    }
    const link = await this.links.issue(this.ds.manager, f.id, l.id, dto.validForDays ?? 30);
    return { token: link.token, expiresAt: link.expiresAt.toISOString(), followUpId: f.id };
  }

  /**
   * The graduate answers. The token must be ours and unexpired; the link row is claimed in the same
   * transaction as the status, so a link answers once however often it is sent.
   */
  async submit(dto: SelfReportDto) {
    const { token, ...answer } = dto;
    const check = await this.signer.check(token);
    if (!check.ok) {
      if (check.reason === 'expired') throw new GoneException('this link has expired');
      throw new UnauthorizedException('this link is not valid');
    }
    return inTransaction(this.ds, async (tx) => {
      const [claimed] = await updateReturning<{ learner_id: string }>(
        tx,
        `UPDATE employment.self_report_link SET used_at = now()
          WHERE jti = $1 AND follow_up_id = $2 AND used_at IS NULL AND expires_at > now()
          RETURNING learner_id`,
        [check.jti, check.followUpId],
      );
      if (!claimed) {
        const [link] = await tx.query(`SELECT used_at, expires_at FROM employment.self_report_link WHERE jti = $1`, [check.jti]);
        if (!link) throw new UnauthorizedException('this link is not valid');
        if (link.used_at) throw new ConflictException('this link was already used');
        throw new GoneException('this link has expired');
      }
      const l = await tx.findOne(Learner, { where: { id: claimed.learner_id }, lock: { mode: 'pessimistic_write' } });
      if (!l) throw new UnauthorizedException('this link is not valid');
      const saved = await this.statuses.record(tx, l, { ...answer, source: 'graduate' });
      return { status: saved.status, effectiveOn: saved.effectiveOn, recorded: true };
    });
  }
}
