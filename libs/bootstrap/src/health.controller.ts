import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Response } from 'express';
import { Kafka } from 'kafkajs';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '@hamkor/auth';
import { ENABLED_SERVICES, KAFKA } from '@hamkor/messaging';
import { metricsRegistry } from '@hamkor/observability';
import { REDIS } from './redis.module';

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness, readiness (PostgreSQL per service, Kafka, Redis) and Prometheus metrics. */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ENABLED_SERVICES) private readonly services: string[],
    private readonly moduleRef: ModuleRef,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready() {
    const checks: Record<string, string> = {};
    const run = async (name: string, probe: () => Promise<unknown>) => {
      try {
        await within(2000, probe());
        checks[name] = 'up';
      } catch (err) {
        checks[name] = `down: ${(err as Error).message}`;
      }
    };
    await Promise.all([
      ...this.services.map((s) =>
        run(`postgres:${s}`, () => this.moduleRef.get<DataSource>(getDataSourceToken(s), { strict: false }).query('SELECT 1')),
      ),
      run('kafka', async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          await admin.describeCluster();
        } finally {
          await admin.disconnect();
        }
      }),
      run('redis', () => this.redis.ping()),
    ]);
    const ok = Object.values(checks).every((v) => v === 'up');
    if (!ok) throw new ServiceUnavailableException({ message: 'not ready', checks });
    return { status: 'ready', checks };
  }

  @Get('metrics')
  async metrics(@Res() res: Response) {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  }
}
