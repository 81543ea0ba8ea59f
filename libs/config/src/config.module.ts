import { DynamicModule, Global, Module } from '@nestjs/common';
import { HamkorConfig } from './config.schema';

export const HAMKOR_CONFIG = Symbol('HAMKOR_CONFIG');

/** Makes the validated configuration injectable everywhere as HAMKOR_CONFIG. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HamkorConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: HAMKOR_CONFIG, useValue: config }],
      exports: [HAMKOR_CONFIG],
    };
  }
}
