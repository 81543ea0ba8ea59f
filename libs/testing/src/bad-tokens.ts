import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { Caller, TestPlatform } from './test-platform';

/** Tokens the platform must refuse with 401, each carrying claims that would otherwise pass every rule. */
export interface BadTokens {
  /** Signed by the platform's own key, expired an hour ago. */
  expired: string;
  /** Well-formed, valid claims, signed by a key the platform does not trust. */
  foreignKey: string;
  /** `alg: none`, no signature. */
  unsigned: string;
}

export async function badTokens(platform: TestPlatform, caller: Caller = { roles: ['platform_admin'] }): Promise<BadTokens> {
  const expired = await platform.token(caller, '-1h');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const claims = { org: caller.organisationId, org_type: caller.organisationType, roles: caller.roles };
  const foreignKey = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'hamkor-dev' })
    .setSubject(caller.userId ?? randomUUID())
    .setIssuer(process.env.AUTH_ISSUER ?? 'hamkor-dev')
    .setAudience(process.env.AUTH_AUDIENCE ?? 'hamkor')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'ES256'));
  const unsigned = [
    Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
    Buffer.from(JSON.stringify({ ...claims, sub: randomUUID(), iss: 'hamkor-dev', aud: 'hamkor', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url'),
    '',
  ].join('.');
  return { expired, foreignKey, unsigned };
}
