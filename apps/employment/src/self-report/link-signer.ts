import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { DataSource } from 'typeorm';

const ISSUER = 'hamkor-employment';
const AUDIENCE = 'graduate-self-report';

export type LinkCheck = { ok: true; jti: string; followUpId: string } | { ok: false; reason: 'expired' | 'invalid' };

/**
 * Signs and checks self-report tokens (HS256). The secret is made once and kept in this service's own
 * schema, so every replica signs alike and a restart invalidates no link; the token only proves who
 * issued it — whether it is still unused is the database's word.
 */
@Injectable()
export class LinkSigner {
  private secret?: Promise<Uint8Array>;

  constructor(@InjectDataSource('employment') private readonly ds: DataSource) {}

  async sign(jti: string, followUpId: string, expiresAt: Date): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setJti(jti)
      .setSubject(followUpId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.key());
  }

  async check(token: string): Promise<LinkCheck> {
    try {
      const { payload } = await jwtVerify(token, await this.key(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (typeof payload.jti !== 'string' || typeof payload.sub !== 'string') return { ok: false, reason: 'invalid' };
      return { ok: true, jti: payload.jti, followUpId: payload.sub };
    } catch (err) {
      return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }

  private key(): Promise<Uint8Array> {
    this.secret ??= this.loadOrCreate().catch((err) => {
      this.secret = undefined;
      throw err;
    });
    return this.secret;
  }

  private async loadOrCreate(): Promise<Uint8Array> {
    await this.ds.query(`INSERT INTO employment.link_signing_key (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [randomBytes(32)]);
    const [row] = await this.ds.query(`SELECT secret FROM employment.link_signing_key WHERE id = 1`);
    return new Uint8Array(row.secret as Buffer);
  }
}
