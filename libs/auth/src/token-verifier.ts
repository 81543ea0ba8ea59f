import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, exportJWK, importSPKI, JWTVerifyGetKey, jwtVerify, KeyLike } from 'jose';
import { z } from 'zod';
import { organisationType, role } from '@hamkor/contracts';
import { loadOrCreateDevKeys } from './dev-keys';
import { Principal } from './principal';

export const ALLOWED_ALGORITHMS = ['ES256', 'RS256'];

export interface VerifierSettings {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  publicKeyFile?: string;
  devKeyDir: string;
  production: boolean;
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  org: z.uuid().optional(),
  org_type: organisationType.optional(),
  roles: z.array(role).max(10),
});

export class InvalidToken extends Error {}

/** Verifies bearer tokens (ES256/RS256) and turns them into a Principal. */
export class TokenVerifier {
  private constructor(
    private readonly key: JWTVerifyGetKey | KeyLike,
    private readonly settings: VerifierSettings,
  ) {}

  static async create(settings: VerifierSettings): Promise<TokenVerifier> {
    if (settings.jwksUrl) return new TokenVerifier(createRemoteJWKSet(new URL(settings.jwksUrl)), settings);
    if (settings.publicKeyFile) {
      const pem = readFileSync(settings.publicKeyFile, 'utf8');
      const alg = createPublicKey(pem).asymmetricKeyType === 'ec' ? 'ES256' : 'RS256';
      const jwk = await exportJWK(await importSPKI(pem, alg));
      return new TokenVerifier(createLocalJWKSet({ keys: [{ ...jwk, alg }] }), settings);
    }
    if (settings.production) {
      throw new Error('AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE is required in production (dev keys are refused)');
    }
    const dev = loadOrCreateDevKeys(settings.devKeyDir);
    return new TokenVerifier(await importSPKI(dev.publicKeyPem, 'ES256'), settings);
  }

  async verify(token: string): Promise<Principal> {
    let payload: unknown;
    try {
      const verified = await jwtVerify(token, this.key as JWTVerifyGetKey, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: 5,
      });
      payload = verified.payload;
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new InvalidToken('the token has expired');
      if (err instanceof errors.JOSEError) throw new InvalidToken('the token is not valid');
      throw err;
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidToken('the token lacks the hamkor claims (sub, org, org_type, roles)');
    const c = claims.data;
    if (!c.roles.includes('platform_admin') && (!c.org || !c.org_type)) {
      throw new InvalidToken('the token names no organisation');
    }
    return { userId: c.sub, organisationId: c.org, organisationType: c.org_type, roles: c.roles };
  }
}
