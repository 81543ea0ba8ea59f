import { DynamicModule, Type } from '@nestjs/common';
import { APP_FILTER, RouterModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthModule } from '@hamkor/auth';
import { ConfigModule, HamkorConfig } from '@hamkor/config';
import { ProblemFilter } from '@hamkor/http';
import { SchedulerRuntimeModule } from '@hamkor/jobs';
import { MessagingModule } from '@hamkor/messaging';
import { dataSourceOptions, sharedTablesMigrations, runMigrations, watchPool } from '@hamkor/persistence';
import { HealthController } from './health.controller';
import { HousekeepingRuntime } from './housekeeping.runtime';
import { RedisModule } from './redis.module';
import { ServiceDefinition } from './service-definition';

/**
 * The root module of a hamkor process: shared infrastructure once, then each selected service with its
 * own DataSource (its own schema), mounted under its own path prefix. The same module serves the
 * all-in-one process and one-service-per-process deployments.
 */
export function platformModule(config: HamkorConfig, services: ServiceDefinition[]): DynamicModule {
  return {
    module: class HamkorPlatformModule {},
    imports: [
      ConfigModule.forRoot(config),
      AuthModule.forRoot(config),
      RedisModule.forRoot(config.REDIS_URL),
      MessagingModule.forRoot(config, services.map((s) => s.name)),
      SchedulerRuntimeModule.forRoot(services.map((s) => s.name)),
      ...services.map((s) =>
        TypeOrmModule.forRootAsync({
          name: s.name,
          useFactory: () => ({
            // The name is repeated here because @nestjs/typeorm looks the DataSource up by it at shutdown.
            name: s.name,
            ...dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE, {
              schema: s.name,
              entities: s.persistence.entities,
              migrations: [...sharedTablesMigrations(s.name), ...s.persistence.migrations],
            }),
          }),
          dataSourceFactory: async (options) => {
            const ds = await new DataSource(options!).initialize();
            if (config.MIGRATIONS_RUN) await runMigrations(ds, s.name);
            watchPool(s.name, ds);
            return ds;
          },
        }),
      ),
      ...services.map((s) => s.module),
      RouterModule.register(services.map((s) => ({ path: s.name, module: s.module, children: featureModulesOf(s.module) }))),
    ],
    controllers: [HealthController],
    providers: [{ provide: APP_FILTER, useClass: ProblemFilter }, HousekeepingRuntime],
  };
}

/**
 * A RouterModule path covers only the listed module's own controllers; the service's feature modules
 * (one per aggregate) are its children, so everything of a service sits under its prefix.
 */
function featureModulesOf(module: Type<unknown>): Type<unknown>[] {
  const imports = (Reflect.getMetadata('imports', module) ?? []) as unknown[];
  return imports.filter((m): m is Type<unknown> => typeof m === 'function');
}
