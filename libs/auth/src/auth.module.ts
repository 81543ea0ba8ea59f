import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { HamkorConfig } from '@hamkor/config';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { TokenVerifier } from './token-verifier';

@Global()
@Module({})
export class AuthModule {
  static forRoot(config: HamkorConfig): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        {
          provide: TOKEN_VERIFIER,
          useFactory: () =>
            TokenVerifier.create({
              issuer: config.AUTH_ISSUER,
              audience: config.AUTH_AUDIENCE,
              jwksUrl: config.AUTH_JWKS_URL,
              publicKeyFile: config.AUTH_PUBLIC_KEY_FILE,
              devKeyDir: config.AUTH_DEV_KEY_DIR,
              production: config.NODE_ENV === 'production',
            }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TOKEN_VERIFIER],
    };
  }
}
