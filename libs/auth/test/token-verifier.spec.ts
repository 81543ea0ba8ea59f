import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidToken, mintDevToken, TokenVerifier } from '@hamkor/auth';

/** The verifier remembers tokens it verified, and never past their expiry or a minute. */
describe('TokenVerifier', () => {
  const devKeyDir = mkdtempSync(join(tmpdir(), 'hamkor-keys-'));
  const issuer = 'hamkor-test';
  const audience = 'hamkor';
  let clock = Date.now();
  let verifier: TokenVerifier;

  beforeAll(async () => {
    verifier = await TokenVerifier.create({ issuer, audience, devKeyDir, production: false, now: () => clock });
  });

  const mint = (expiresIn: string) =>
    mintDevToken({ organisationId: '00000000-0000-4000-8000-000000000001', organisationType: 'school', roles: ['coordinator'], issuer, audience, devKeyDir, expiresIn });

  it('accepts a remembered token again until it expires (with the clock tolerance), then refuses it', async () => {
    clock = Date.now();
    const token = await mint('30s');
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['coordinator'], organisationType: 'school' });
    clock += 20_000;
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['coordinator'] });
    clock += 16_000; // 36 s after issue: past expiry plus the 5 s tolerance
    await expect(verifier.verify(token)).rejects.toThrow(new InvalidToken('the token has expired'));
  });

  it('checks a long-lived token again after a minute', async () => {
    clock = Date.now();
    const token = await mint('1h');
    await verifier.verify(token);
    // A token with a tampered payload and the same signature is a different text: never a cache hit.
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = [h, Buffer.from(JSON.stringify({ ...claims, roles: ['platform_admin'] })).toString('base64url'), s].join('.');
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidToken);
    clock += 61_000;
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['coordinator'] });
    clock += 3_600_000;
    await expect(verifier.verify(token)).rejects.toThrow(new InvalidToken('the token has expired'));
  });

  it('never remembers a refused token', async () => {
    clock = Date.now();
    const token = await mint('30s');
    clock += 60_000;
    await expect(verifier.verify(token)).rejects.toThrow(InvalidToken);
    clock -= 60_000;
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['coordinator'] });
  });
});
