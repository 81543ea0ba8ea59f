import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import { OrganisationRegistered, OrganisationUpdated, OrganisationVerified } from '@hamkor/contracts';
import { OutboxWriter } from '@hamkor/messaging';
import { inTransaction, pgErrorCode, PG_UNIQUE_VIOLATION } from '@hamkor/persistence';
import { Organisation } from './organisation.entity';
import { OrganisationsRepository } from './organisations.repository';
import { RegisterOrganisationDto } from './dto/register-organisation.dto';
import { ListOrganisationsQuery } from './dto/list-organisations.query';
import { UpdateOrganisationDto } from './dto/update-organisation.dto';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource('partnerships') private readonly ds: DataSource,
    private readonly organisations: OrganisationsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * An organisation registers its profile under the id its identity provider gave it (the `org` claim
   * of the caller's token); the platform operator may register any organisation.
   */
  async register(caller: Principal, dto: RegisterOrganisationDto): Promise<Organisation> {
    const admin = isPlatformAdmin(caller);
    const id = dto.id ?? (admin ? randomUUID() : caller.organisationId!);
    if (!admin && (id !== caller.organisationId || dto.type !== caller.organisationType)) {
      throw new ForbiddenException('you can only register your own organisation, with its own type');
    }
    try {
      return await inTransaction(this.ds, async (tx) => {
        const org = tx.create(Organisation, {
          id,
          type: dto.type,
          name: dto.name,
          region: dto.region,
          address: dto.address ?? null,
          contactEmail: dto.contactEmail,
          verified: false,
        });
        await tx.insert(Organisation, org);
        await this.outbox.publish(tx, OrganisationRegistered, { organisationId: id, type: org.type, name: org.name, region: org.region, verified: false });
        return (await tx.findOneByOrFail(Organisation, { id }));
      });
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw new ConflictException('this organisation is already registered');
      throw err;
    }
  }

  async verify(caller: Principal, id: string): Promise<Organisation> {
    return inTransaction(this.ds, async (tx) => {
      const org = await tx.findOne(Organisation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!org) throw new NotFoundException('no such organisation');
      if (org.verified) return org;
      org.verified = true;
      await tx.save(org);
      await this.outbox.publish(tx, OrganisationVerified, { organisationId: id, verifiedBy: caller.userId });
      return org;
    });
  }

  /** The guard has already checked that the caller is this organisation's own org_admin (or the operator). */
  async update(id: string, dto: UpdateOrganisationDto): Promise<Organisation> {
    return inTransaction(this.ds, async (tx) => {
      const org = await tx.findOne(Organisation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!org) throw new NotFoundException('no such organisation');
      const before = { name: org.name, region: org.region };
      if (dto.name !== undefined) org.name = dto.name;
      if (dto.region !== undefined) org.region = dto.region;
      if (dto.address !== undefined) org.address = dto.address;
      if (dto.contactEmail !== undefined) org.contactEmail = dto.contactEmail;
      await tx.save(org);
      // The event names the public attributes only; an address or e-mail change concerns nobody else.
      if (before.name !== org.name || before.region !== org.region) {
        await this.outbox.publish(tx, OrganisationUpdated, { organisationId: id, type: org.type, name: org.name, region: org.region, verified: org.verified });
      }
      return org;
    });
  }

  async get(id: string): Promise<Organisation> {
    const org = await this.organisations.findById(id);
    if (!org) throw new NotFoundException('no such organisation');
    return org;
  }

  list(q: ListOrganisationsQuery) {
    return this.organisations.list(q, q.limit ?? DEFAULT_PAGE_SIZE);
  }
}
