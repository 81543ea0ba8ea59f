import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createRedis } from '@hamkor/jobs';

export const REDIS = Symbol('REDIS');

/** The process's shared Redis connection (BullMQ queues and health). */
@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot(url: string): DynamicModule {
    return { module: RedisModule, providers: [{ provide: REDIS, useFactory: () => createRedis(url) }], exports: [REDIS] };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
