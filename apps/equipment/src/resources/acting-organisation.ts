import { ForbiddenException } from '@nestjs/common';
import { isPlatformAdmin, Principal } from '@hamkor/auth';

/** The organisation a caller acts for; the platform operator acts for none and cannot own or book. */
export function actingOrganisation(caller: Principal): string {
  if (!caller.organisationId) throw new ForbiddenException('this is done by a member of an organisation, not by the platform operator');
  return caller.organisationId;
}

/** The organisation whose view applies: null for the operator, who sees everything. */
export function viewerOf(caller: Principal): string | null {
  return isPlatformAdmin(caller) ? null : actingOrganisation(caller);
}
