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
  /** The clock (ms since the epoch); tests move it. */
  now?: () => number;
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  org: z.uuid().optional(),
  org_type: organisationType.optional(),
  roles: z.array(role).max(10),
});

export class InvalidToken extends Error {}

/** Tolerated clock skew between the issuer and this service, in seconds. */
const CLOCK_TOLERANCE_S = 5;
/** How long a verified token is taken on trust without checking its signature again (at most until it expires). */
const TRUSTED_FOR_MS = 60_000;
/** Tokens remembered at once; the oldest is forgotten first. */
const TRUSTED_MAX = 10_000;

/**
 * Verifies bearer tokens (ES256/RS256) and turns them into a Principal.
 *
 * A signature check costs about as much CPU as a whole indexed search, and a client sends the same token
 * with every request, so a token that verified is remembered (by its exact text, which includes the
 * signature) for a minute or until it expires, whichever comes first. A key rotation therefore takes up
 * to a minute to reject tokens signed by a withdrawn key.
 */
export class TokenVerifier {
  private readonly trusted = new Map<string, { principal: Principal; until: number }>();
  private readonly now: () => number;

  private constructor(
    private readonly key: JWTVerifyGetKey | KeyLike,
    private readonly settings: VerifierSettings,
  ) {
    this.now = settings.now ?? Date.now;
  }

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
    const now = this.now();
    const known = this.trusted.get(token);
    if (known && now < known.until) return known.principal;
    if (known) this.trusted.delete(token);
    return this.verifyNow(token, now);
  }

  private async verifyNow(token: string, now: number): Promise<Principal> {
    let payload: { exp?: number } & Record<string, unknown>;
    try {
      const verified = await jwtVerify(token, this.key as JWTVerifyGetKey, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(now),
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
    const principal: Principal = { userId: c.sub, organisationId: c.org, organisationType: c.org_type, roles: c.roles };
    const expiresAt = payload.exp === undefined ? Infinity : (payload.exp + CLOCK_TOLERANCE_S) * 1000;
    if (this.trusted.size >= TRUSTED_MAX) this.trusted.delete(this.trusted.keys().next().value!);
    this.trusted.set(token, { principal, until: Math.min(expiresAt, now + TRUSTED_FOR_MS) });
    return principal;
  }
}
