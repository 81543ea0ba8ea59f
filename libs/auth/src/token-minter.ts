import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { OrganisationType, Role } from '@hamkor/contracts';
import { loadOrCreateDevKeys } from './dev-keys';

export interface MintOptions {
  userId?: string;
  organisationId?: string;
  organisationType?: OrganisationType;
  roles: Role[];
  issuer: string;
  audience: string;
  devKeyDir: string;
  expiresIn?: string;
}

/** Signs a token with the local dev key: for `npm run token`, demo data and tests. */
export async function mintDevToken(o: MintOptions): Promise<string> {
  const dev = loadOrCreateDevKeys(o.devKeyDir);
  const key = await importPKCS8(dev.privateKeyPem, 'ES256');
  return new SignJWT({ org: o.organisationId, org_type: o.organisationType, roles: o.roles })
    .setProtectedHeader({ alg: 'ES256', kid: dev.kid })
    .setSubject(o.userId ?? randomUUID())
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? '8h')
    .sign(key);
}
