import { ForbiddenException } from '@nestjs/common';
import { Principal } from '@hamkor/auth';
import { OrganisationType } from '@hamkor/contracts';

/**
 * The caller's own organisation, which must be of the given type. The platform operator acts for no
 * organisation, so it cannot enrol, graduate or report for one.
 */
export function ownOrganisation(caller: Principal, ...types: OrganisationType[]): string {
  if (!caller.organisationId || !caller.organisationType || !types.includes(caller.organisationType)) {
    throw new ForbiddenException(`this is done by an organisation of type: ${types.join(', ')}`);
  }
  return caller.organisationId;
}
