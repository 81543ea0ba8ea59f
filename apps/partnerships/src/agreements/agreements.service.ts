import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@hamkor/persistence';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import { HAMKOR_CONFIG, HamkorConfig } from '@hamkor/config';
import { AgreementActivated, AgreementProposed, AgreementSigned, AgreementTerminated } from '@hamkor/contracts';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { Scheduler } from '@hamkor/jobs';
import { OutboxWriter } from '@hamkor/messaging';
import { ActingOrganisation } from '../organisations/acting-organisation';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { Agreement, AgreementSignature } from './agreement.entity';
import { activationAt, expiryAt, reminderAt, todayUtc } from './agreement-dates';
import { AgreementsRepository } from './agreements.repository';
import { CreateAgreementDto, ListAgreementsQuery, TerminateAgreementDto } from './dto/agreement.dto';

/** WIRE CONTRACT (rows in partnerships.scheduled_job): the job kinds of the agreement lifecycle. */
export const AgreementJobs = { Activate: 'agreement.activate', Expiring: 'agreement.expiring', Expire: 'agreement.expire' } as const;
export const agreementJobKey = (id: string, kind: 'activate' | 'expiring' | 'expire') => `agreement:${id}:${kind}`;

export const termsOf = (a: Agreement) => ({ agreementId: a.id, parties: a.parties, scopes: a.scopes, startsOn: a.startsOn, endsOn: a.endsOn });

export interface AgreementView extends Agreement {
  signedBy: string[];
}

@Injectable()
export class AgreementsService {
  constructor(
    @InjectDataSource('partnerships') private readonly ds: DataSource,
    @Inject(HAMKOR_CONFIG) private readonly config: HamkorConfig,
    private readonly agreements: AgreementsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly acting: ActingOrganisation,
    private readonly outbox: OutboxWriter,
    private readonly scheduler: Scheduler,
  ) {}

  /** A draft, visible to its parties only; nothing is published until it is proposed. */
  async create(caller: Principal, dto: CreateAgreementDto): Promise<AgreementView> {
    const me = await this.acting.require(caller);
    const parties = [...new Set([me.id, ...dto.parties])];
    if (parties.length < 2) throw new UnprocessableEntityException('an agreement needs at least two parties');
    if (parties.length > 50) throw new UnprocessableEntityException('an agreement has at most 50 parties');
    if (dto.endsOn < dto.startsOn) throw new UnprocessableEntityException('endsOn must not be before startsOn');
    if (dto.endsOn < todayUtc()) throw new UnprocessableEntityException('endsOn is in the past');
    const known = await this.organisations.findByIds(parties);
    const missing = parties.filter((p) => !known.some((o) => o.id === p));
    if (missing.length) throw new UnprocessableEntityException(`parties not registered: ${missing.join(', ')}`);
    const id = randomUUID();
    await this.ds.getRepository(Agreement).insert({
      id,
      title: dto.title,
      createdBy: me.id,
      parties,
      scopes: dto.scopes,
      startsOn: dto.startsOn,
      endsOn: dto.endsOn,
      documentRef: dto.documentRef ?? null,
      status: 'draft',
    });
    return this.view(caller, id);
  }

  /** Only parties see an agreement; to anyone else it does not exist. */
  async view(caller: Principal, id: string): Promise<AgreementView> {
    const a = await this.agreements.findById(id);
    if (!a || !(isPlatformAdmin(caller) || a.parties.includes(caller.organisationId!))) throw new NotFoundException('no such agreement');
    return { ...a, signedBy: await this.agreements.signedBy(null, id) };
  }

  list(caller: Principal, q: ListAgreementsQuery) {
    if (!isPlatformAdmin(caller) && !caller.organisationId) throw new ForbiddenException('agreements are listed for an organisation');
    return this.agreements.list(isPlatformAdmin(caller) ? undefined : caller.organisationId, q, q.limit ?? DEFAULT_PAGE_SIZE);
  }

  async propose(caller: Principal, id: string): Promise<AgreementView> {
    const me = await this.acting.require(caller);
    await inTransaction(this.ds, async (tx) => {
      const a = await this.lockAsParty(tx, me.id, id);
      if (a.status !== 'draft') throw new ConflictException(`only a draft can be proposed; this agreement is ${a.status}`);
      a.status = 'proposed';
      await tx.save(a);
      await this.outbox.publish(tx, AgreementProposed, { ...termsOf(a), proposedBy: me.id });
    });
    return this.view(caller, id);
  }

  /**
   * A party signs for itself. The last signature makes it `signed`; it is activated at once when its
   * start date has come, or by a scheduled job on that date.
   */
  async sign(caller: Principal, id: string): Promise<AgreementView> {
    const me = await this.acting.require(caller);
    await inTransaction(this.ds, async (tx) => {
      const a = await this.lockAsParty(tx, me.id, id);
      if (a.status !== 'proposed') throw new ConflictException(`only a proposed agreement can be signed; this agreement is ${a.status}`);
      const signed = await this.agreements.signedBy(tx, id);
      if (signed.includes(me.id)) throw new ConflictException('your organisation has already signed this agreement');
      await tx.insert(AgreementSignature, { agreementId: id, organisationId: me.id, signedByUser: caller.userId, signedAt: new Date() });
      const allSigned = a.parties.every((p) => p === me.id || signed.includes(p));
      if (allSigned) {
        a.status = 'signed';
        await tx.save(a);
      }
      await this.outbox.publish(tx, AgreementSigned, { ...termsOf(a), signedBy: me.id, allSigned });
      if (!allSigned) return;
      if (a.startsOn <= todayUtc()) await this.activate(tx, a);
      else await this.scheduler.schedule(tx, { kind: AgreementJobs.Activate, key: agreementJobKey(id, 'activate'), runAt: activationAt(a.startsOn), payload: { agreementId: id } });
    });
    return this.view(caller, id);
  }

  async terminate(caller: Principal, id: string, dto: TerminateAgreementDto): Promise<AgreementView> {
    const me = await this.acting.require(caller);
    await inTransaction(this.ds, async (tx) => {
      // Jobs first, agreement second: the same lock order as a running job (its row, then the agreement).
      await this.scheduler.cancelByPrefix(tx, `agreement:${id}:`);
      const a = await this.lockAsParty(tx, me.id, id);
      if (a.status !== 'signed' && a.status !== 'active') throw new ConflictException(`only a signed or active agreement can be terminated; this agreement is ${a.status}`);
      a.status = 'terminated';
      a.terminatedBy = me.id;
      a.terminationReason = dto.reason;
      await tx.save(a);
      await this.outbox.publish(tx, AgreementTerminated, { ...termsOf(a), terminatedBy: me.id, reason: dto.reason });
    });
    return this.view(caller, id);
  }

  /** Brings a signed agreement into force and schedules its reminder and its expiry. */
  async activate(tx: EntityManager, a: Agreement): Promise<void> {
    a.status = 'active';
    await tx.save(a);
    await this.outbox.publish(tx, AgreementActivated, termsOf(a));
    await this.scheduler.scheduleMany(tx, [
      { kind: AgreementJobs.Expiring, key: agreementJobKey(a.id, 'expiring'), runAt: reminderAt(a.endsOn, this.config.AGREEMENT_EXPIRY_REMINDER_DAYS), payload: { agreementId: a.id } },
      { kind: AgreementJobs.Expire, key: agreementJobKey(a.id, 'expire'), runAt: expiryAt(a.endsOn), payload: { agreementId: a.id } },
    ]);
  }

  /** Existence is no secret to someone who holds the id and acts (the 403 says "not a party"). */
  private async lockAsParty(tx: EntityManager, organisationId: string, id: string): Promise<Agreement> {
    const a = await this.agreements.lock(tx, id);
    if (!a) throw new NotFoundException('no such agreement');
    if (!a.parties.includes(organisationId)) throw new ForbiddenException('only a party to this agreement may do this');
    return a;
  }
}
