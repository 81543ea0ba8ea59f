import { ForbiddenException, Injectable } from '@nestjs/common';
import { Principal } from '@hamkor/auth';
import { Organisation } from './organisation.entity';
import { OrganisationsRepository } from './organisations.repository';

/**
 * "Verified before they can act": every endpoint where an organisation acts (creates a cluster, invites,
 * proposes or signs an agreement, schedules or registers for an activity, files a staffing return) asks
 * this first. Registering, editing the profile and managing people stay open, so that an organisation
 * can get ready for verification.
 */
@Injectable()
export class ActingOrganisation {
  constructor(private readonly organisations: OrganisationsRepository) {}

  async require(caller: Principal): Promise<Organisation> {
    if (!caller.organisationId) throw new ForbiddenException('this is done by an organisation; the platform operator does not act for one');
    const org = await this.organisations.findById(caller.organisationId);
    if (!org) throw new ForbiddenException('your organisation is not registered yet');
    if (!org.verified) throw new ForbiddenException('your organisation is not verified yet; a platform admin must verify it before it can act');
    return org;
  }
}
