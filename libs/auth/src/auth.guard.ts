import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { OrganisationType, Role } from '@hamkor/contracts';
import { OWNED_ORG_PARAM, PRINCIPAL_KEY, PUBLIC_ROUTE, REQUIRED_ORG_TYPES, REQUIRED_ROLES } from './auth.decorators';
import { isPlatformAdmin, Principal } from './principal';
import { InvalidToken, TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/**
 * The one guard of the platform, applied to every route: a valid bearer token unless the route is
 * @Public(), then the @Roles, @OrganisationTypes and @OwnOrganisation rules of the route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const req = ctx.switchToHttp().getRequest();
    const header: unknown = req.headers?.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim()) : null;
    if (!match) throw new UnauthorizedException('a bearer token is required');
    let principal: Principal;
    try {
      principal = await this.verifier.verify(match[1]);
    } catch (err) {
      if (err instanceof InvalidToken) throw new UnauthorizedException(err.message);
      throw err;
    }
    req[PRINCIPAL_KEY] = principal;
    if (isPlatformAdmin(principal)) return true;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !roles.some((r) => principal.roles.includes(r))) {
      throw new ForbiddenException(`this needs one of the roles: ${roles.join(', ')}`);
    }
    const types = this.reflector.getAllAndOverride<OrganisationType[] | undefined>(REQUIRED_ORG_TYPES, targets);
    if (types?.length && !types.includes(principal.organisationType!)) {
      throw new ForbiddenException(`this is for organisations of type: ${types.join(', ')}`);
    }
    const param = this.reflector.getAllAndOverride<string | undefined>(OWNED_ORG_PARAM, targets);
    if (param && req.params?.[param] !== principal.organisationId) {
      throw new ForbiddenException('this belongs to another organisation');
    }
    return true;
  }
}
