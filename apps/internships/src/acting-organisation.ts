import { ForbiddenException } from '@nestjs/common';
import { Principal } from '@hamkor/auth';

/**
 * The organisation the caller acts for. The platform operator passes every guard but acts for no
 * organisation, so it may read everything and change nothing here.
 */
export function actingOrganisation(caller: Principal): string {
  if (!caller.organisationId) throw new ForbiddenException('this is done by a school or an enterprise, not by the platform operator');
  return caller.organisationId;
}

/** Today's date (UTC) as YYYY-MM-DD, the form placement and internship dates take. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
