import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HAMKOR_CONFIG, HamkorConfig } from '@hamkor/config';
import { ENABLED_SERVICES } from '@hamkor/messaging';
import { Housekeeper } from '@hamkor/persistence';

/** One Housekeeper per service of this process, sweeping that service's outbox, inbox and idempotency keys. */
@Injectable()
export class HousekeepingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly housekeepers: Housekeeper[] = [];

  constructor(
    @Inject(HAMKOR_CONFIG) private readonly config: HamkorConfig,
    @Inject(ENABLED_SERVICES) private readonly services: string[],
    private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    const c = this.config;
    const policy = { outboxHours: c.OUTBOX_RETENTION_HOURS, inboxHours: c.INBOX_RETENTION_HOURS, idempotencyKeyHours: c.IDEMPOTENCY_KEY_TTL_HOURS, scheduledJobHours: c.SCHEDULED_JOB_RETENTION_HOURS };
    for (const service of this.services) {
      const ds = this.moduleRef.get<DataSource>(getDataSourceToken(service), { strict: false });
      const housekeeper = new Housekeeper(ds, service, policy, c.HOUSEKEEPING_INTERVAL_MS);
      housekeeper.start();
      this.housekeepers.push(housekeeper);
    }
  }

  /** Before the DataSources close (they close in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.housekeepers.splice(0).map((h) => h.stop()));
  }
}
