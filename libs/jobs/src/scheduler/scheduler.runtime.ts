import { Inject, Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HAMKOR_CONFIG, HamkorConfig } from '@hamkor/config';
import { ON_SCHEDULED, SCHEDULED_JOBS } from './scheduled-job.decorators';
import { ScheduledHandler, ServiceScheduler } from './service-scheduler';

export const SCHEDULED_SERVICES = Symbol('SCHEDULED_SERVICES');

/**
 * Starts a ServiceScheduler for every service of this process that has @ScheduledJobs providers, and
 * refuses to boot when a job kind has two handlers.
 */
@Injectable()
export class SchedulerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly schedulers = new Map<string, ServiceScheduler>();

  constructor(
    @Inject(HAMKOR_CONFIG) private readonly config: HamkorConfig,
    @Inject(SCHEDULED_SERVICES) private readonly services: string[],
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The scheduler of one service (for tools and tests: `runDue()`). */
  forService(service: string): ServiceScheduler {
    const s = this.schedulers.get(service);
    if (!s) throw new Error(`no scheduled jobs in service ${service} in this process`);
    return s;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const [service, handlers] of this.discoverHandlers()) {
      if (!this.services.includes(service)) continue;
      const ds = this.moduleRef.get<DataSource>(getDataSourceToken(service), { strict: false });
      const scheduler = new ServiceScheduler(ds, { service, redisUrl: this.config.REDIS_URL, prefix: this.config.REDIS_PREFIX });
      for (const [kind, handler] of handlers) scheduler.register(kind, handler);
      await scheduler.start();
      this.schedulers.set(service, scheduler);
    }
  }

  /** Before the DataSources close (they close in onApplicationShutdown), so in-flight work can commit. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.schedulers.values()].map((s) => s.stop()));
  }

  private discoverHandlers(): Map<string, Array<[string, ScheduledHandler]>> {
    const byService = new Map<string, Array<[string, ScheduledHandler]>>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance;
      if (!instance || !wrapper.metatype) continue;
      const service = Reflect.getMetadata(SCHEDULED_JOBS, wrapper.metatype) as string | undefined;
      if (!service) continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const kind = Reflect.getMetadata(ON_SCHEDULED, proto[method]) as string | undefined;
        if (!kind) continue;
        const list = byService.get(service) ?? [];
        list.push([kind, (job, tx) => instance[method](job, tx)]);
        byService.set(service, list);
      }
    }
    return byService;
  }
}
