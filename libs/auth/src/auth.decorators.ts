import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { OrganisationType, Role } from '@hamkor/contracts';
import { Principal } from './principal';

export const PUBLIC_ROUTE = 'hamkor:public';
export const REQUIRED_ROLES = 'hamkor:roles';
export const REQUIRED_ORG_TYPES = 'hamkor:org-types';
export const OWNED_ORG_PARAM = 'hamkor:owned-org-param';

/** No token needed (health, metrics, docs, one-time links that carry their own signature). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The caller needs one of these roles (platform_admin always passes). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The caller's organisation must be of one of these types (platform_admin always passes). */
export const OrganisationTypes = (...types: OrganisationType[]) => SetMetadata(REQUIRED_ORG_TYPES, types);

/** The route parameter (default `organisationId`) must be the caller's own organisation. */
export const OwnOrganisation = (param = 'organisationId') => SetMetadata(OWNED_ORG_PARAM, param);

export const PRINCIPAL_KEY = 'principal';

/** The verified caller, set by the AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest()[PRINCIPAL_KEY];
});
