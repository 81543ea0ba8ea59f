import { OrganisationType, Role } from '@hamkor/contracts';

/** Who is calling: a person acting for one organisation, with roles there. */
export interface Principal {
  userId: string;
  /** Absent only for the platform operator. */
  organisationId?: string;
  organisationType?: OrganisationType;
  roles: Role[];
}

/** The JWT claims hamkor reads (beside iss, aud, exp, sub). */
export interface HamkorClaims {
  sub: string;
  org?: string;
  org_type?: OrganisationType;
  roles: Role[];
}

export function isPlatformAdmin(p: Principal): boolean {
  return p.roles.includes('platform_admin');
}
