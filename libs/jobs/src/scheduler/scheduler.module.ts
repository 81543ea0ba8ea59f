import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Scheduler } from './scheduler';
import { SCHEDULED_SERVICES, SchedulerRuntime } from './scheduler.runtime';

/** The process-wide scheduler runtime (imported once, by the bootstrap). */
@Global()
@Module({})
export class SchedulerRuntimeModule {
  static forRoot(services: string[]): DynamicModule {
    return {
      module: SchedulerRuntimeModule,
      imports: [DiscoveryModule],
      providers: [{ provide: SCHEDULED_SERVICES, useValue: services }, SchedulerRuntime],
      exports: [SchedulerRuntime],
    };
  }
}

/** What a service module imports to schedule work: its own Scheduler, writing into its own schema. */
@Module({})
export class SchedulerModule {
  static forService(service: string): DynamicModule {
    return { module: SchedulerModule, providers: [{ provide: Scheduler, useValue: new Scheduler(service) }], exports: [Scheduler] };
  }
}
