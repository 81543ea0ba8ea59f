import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DevKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
  kid: string;
}

/**
 * The local development key pair (ES256), made on first use and kept out of git (.cache/). Only for
 * development and tests: production verifies tokens of a real identity provider through its JWKS URL.
 */
export function loadOrCreateDevKeys(dir: string): DevKeyPair {
  const priv = join(dir, 'dev-private.pem');
  const pub = join(dir, 'dev-public.pem');
  if (!existsSync(priv) || !existsSync(pub)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    // Written to temp names first: two processes starting together must not read a half-written key.
    const tmp = `.${process.pid}.tmp`;
    writeFileSync(priv + tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(pub + tmp, publicKey.export({ type: 'spki', format: 'pem' }));
    if (!existsSync(priv)) {
      renameSync(priv + tmp, priv);
      renameSync(pub + tmp, pub);
    } else {
      rmSync(priv + tmp);
      rmSync(pub + tmp);
    }
  }
  return { privateKeyPem: readFileSync(priv, 'utf8'), publicKeyPem: readFileSync(pub, 'utf8'), kid: 'hamkor-dev' };
}
