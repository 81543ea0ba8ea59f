/**
 * Signed webhook deliveries per second through the notifications worker, beside two raw baselines
 * measured in the same run on the same machine:
 *
 *   1. raw BullMQ: the same number of no-op jobs through a plain Queue/Worker at the same concurrency;
 *   2. raw HTTP: the same number of POSTs of the same body to the same receiver, same concurrency, same
 *      keep-alive HTTP client as the worker (unsigned);
 *   3. notifications: messages recorded in PostgreSQL and queued (timed apart), then the delivery
 *      worker sends each one signed (Standard Webhooks), records it delivered, and the receiver (its own
 *      process) verifies every signature and counts unique webhook-ids.
 *
 * Knobs (env): BENCH_DELIVERIES (default 20000), BENCH_CONCURRENCY (worker concurrency and HTTP
 * parallelism, default 100), DATABASE_URL (the server and base name of the throwaway database each run creates,
 * migrates and drops: a table that kept every run's rows would slow each run down more, and the
 * machine's PostgreSQL runs without autovacuum), REDIS_URL, DATABASE_POOL_SIZE.
 * Needs PostgreSQL and Redis only. Results go to bench/results/notify.json.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { migrateServices } from '@hamkor/bootstrap';
import { ConfigModule, parseConfig } from '@hamkor/config';
import { createRedis } from '@hamkor/jobs';
import { setLogLevel } from '@hamkor/observability';
import { dataSourceOptions, dropDatabase, ensureDatabase } from '@hamkor/persistence';
import { deliveryIdOf } from '../apps/notifications/src/delivery/delivery-id';
import { DeliveryWorkerModule } from '../apps/notifications/src/delivery/delivery-worker.module';
import { DeliveryQueue } from '../apps/notifications/src/delivery/delivery.queue';
import { DeliveryRepository, NewDelivery } from '../apps/notifications/src/delivery/delivery.repository';
import { DeliveryWorker } from '../apps/notifications/src/delivery/delivery.worker';
import { postJson } from '../apps/notifications/src/delivery/channels/http-post';
import { newWebhookSecret } from '../apps/notifications/src/delivery/channels/standard-webhooks';
import { NotificationsConfigModule } from '../apps/notifications/src/notifications.config';
import { notificationsService } from '../apps/notifications/src/notifications.service-definition';
import { startReceiver } from './lib/receiver';
import { CpuSampler, pidsNamed } from './lib/cpu';
import { figure, writeResults } from './lib/report';

const TARGET_PER_SEC = 3000;
const int = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);

async function until(check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('bench timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function rawBullmq(n: number, concurrency: number, redisUrl: string, prefix: string): Promise<number> {
  const connection = createRedis(redisUrl);
  const queue = new Queue('bench-noop', { connection, prefix });
  for (let i = 0; i < n; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ name: 'noop', data: { deliveryId: randomUUID() }, opts: { jobId: `noop-${i + k}`, removeOnComplete: true } })));
  }
  let done = 0;
  const started = process.hrtime.bigint();
  const worker = new Worker('bench-noop', async () => undefined, { connection: createRedis(redisUrl), prefix, concurrency });
  worker.on('completed', () => done++);
  await until(async () => done >= n);
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return n / secs;
}

async function rawHttp(n: number, concurrency: number, url: string, body: string): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      next++;
      await postJson(url, {}, body, 10_000);
    }
  }));
  return n / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function main(): Promise<void> {
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  const n = int('BENCH_DELIVERIES', 20_000);
  const concurrency = int('BENCH_CONCURRENCY', 100);
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_bench');
  base.pathname = `${base.pathname}_notify_${randomUUID().slice(0, 8)}`;
  const databaseUrl = base.toString();
  const prefix = `hamkor-bench-${randomUUID().slice(0, 8)}`;
  Object.assign(process.env, {
    NOTIFY_WORKER: 'false', NOTIFY_WORKER_CONCURRENCY: String(concurrency), NOTIFY_ENDPOINT_CONCURRENCY: String(concurrency),
    NOTIFY_ENDPOINT_RATE: '100000', NOTIFY_SWEEP_MS: '3600000',
  });
  await ensureDatabase(databaseUrl);
  const config = parseConfig({ ...process.env, DATABASE_URL: databaseUrl, REDIS_PREFIX: prefix });
  await migrateServices(config, [notificationsService]);

  @Module({
    imports: [
      ConfigModule.forRoot(config),
      TypeOrmModule.forRoot({ name: 'notifications', ...dataSourceOptions(databaseUrl, config.DATABASE_POOL_SIZE, { schema: 'notifications', ...notificationsService.persistence }) }),
      NotificationsConfigModule,
      DeliveryWorkerModule,
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false, abortOnError: false });
  const ds = app.get<DataSource>('notificationsDataSource', { strict: false }) ?? undefined;
  const receiver = await startReceiver();

  const secret = newWebhookSecret();
  const organisationId = randomUUID();
  const endpointId = randomUUID();
  const db = ds ?? app.get(DeliveryRepository).manager.connection;
  await db.query(`INSERT INTO notifications.webhook_endpoint (id, organisation_id, url, event_types, secret) VALUES ($1, $2, $3, $4, $5)`, [endpointId, organisationId, receiver.url, ['internships.internship.completed'], secret]);
  await receiver.call({ secret });
  const data = { internshipId: randomUUID(), placementId: randomUUID(), enterpriseId: organisationId, schoolId: randomUUID(), learnerId: randomUUID(), specialty: 'mechatronics', completedOn: '2027-05-31', hours: 320 };
  const body = JSON.stringify({ type: 'internships.internship.completed', timestamp: new Date().toISOString(), data });

  const bullmqPerSec = await rawBullmq(n, concurrency, config.REDIS_URL, prefix);
  await receiver.call({ reset: true });
  const httpPerSec = await rawHttp(n, concurrency, receiver.url, body);
  await receiver.call({ reset: true });

  // Prepare: n messages recorded and queued, as the consumer does (timed apart from delivery).
  const deliveries = app.get(DeliveryRepository);
  const queue = app.get(DeliveryQueue);
  const prepStarted = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1000) {
    const rows: NewDelivery[] = Array.from({ length: Math.min(1000, n - i) }, () => {
      const eventId = randomUUID();
      return { id: deliveryIdOf(eventId, 'webhook', endpointId), eventId, eventType: 'internships.internship.completed', channel: 'webhook', recipientId: endpointId, organisationId, critical: false, payload: { type: 'internships.internship.completed', timestamp: new Date().toISOString(), data }, status: 'queued', notBefore: null };
    });
    const fresh = await deliveries.manager.transaction((tx) => deliveries.insertNew(tx, rows));
    await queue.enqueue(fresh);
  }
  const prepSecs = Number(process.hrtime.bigint() - prepStarted) / 1e9;

  const worker = app.get(DeliveryWorker);
  // Where the CPU goes while messages are delivered: this process (the worker), the receiver, Redis, PostgreSQL.
  const sampler = new CpuSampler({ worker: () => [process.pid], receiver: () => [receiver.pid], redis: () => pidsNamed('redis-server'), postgres: () => pidsNamed('postgres') });
  sampler.start();
  const elu0 = performance.eventLoopUtilization();
  const started = process.hrtime.bigint();
  worker.start();
  let last = { unique: 0, requests: 0, badSignatures: 0 };
  await until(async () => (last = await receiver.call({})).unique >= n);
  await until(async () => (await deliveries.manager.query(`SELECT count(*)::int AS n FROM notifications.delivery WHERE status = 'delivered' AND recipient_id = $1`, [endpointId]))[0].n >= n);
  const deliverySecs = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = sampler.stop();
  // How busy the worker's event loop was: near 1 means the single JS thread is what limits the rate.
  const workerEventLoopUtilization = +performance.eventLoopUtilization(elu0).utilization.toFixed(2);
  const cores = Object.fromEntries(Object.entries({ ...cpu.groups, other: cpu.otherCores }).map(([k, v]) => [k, +v.toFixed(2)]));
  const platformPerSec = n / deliverySecs;

  const result = {
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    deliveries: n, concurrency, databasePool: config.DATABASE_POOL_SIZE,
    rawBullmqNoopJobsPerSec: Math.round(bullmqPerSec),
    rawHttpPostsPerSec: Math.round(httpPerSec),
    signedWebhookDeliveriesPerSec: Math.round(platformPerSec),
    prepareRecordAndEnqueuePerSec: Math.round(n / prepSecs),
    ratioToRawBullmq: +(platformPerSec / bullmqPerSec).toFixed(3),
    ratioToRawHttp: +(platformPerSec / httpPerSec).toFixed(3),
    receiverRequests: last.requests, badSignatures: last.badSignatures,
    coresDuringDelivery: cores, workerEventLoopUtilization,
    cpuMsPerDelivery: Object.fromEntries(Object.entries(cores).map(([k, v]) => [k, +((v * deliverySecs * 1000) / n).toFixed(3)])),
    target: TARGET_PER_SEC, targetMet: platformPerSec >= TARGET_PER_SEC,
  };
  console.log(`
notifications bench: ${n} messages, concurrency ${concurrency}, ${result.machine.cpus} CPUs
  raw BullMQ no-op jobs          ${result.rawBullmqNoopJobsPerSec.toString().padStart(8)} /s
  raw HTTP POSTs                 ${result.rawHttpPostsPerSec.toString().padStart(8)} /s
  signed webhook deliveries      ${result.signedWebhookDeliveriesPerSec.toString().padStart(8)} /s   (${result.ratioToRawBullmq} x BullMQ no-op, ${result.ratioToRawHttp} x raw HTTP; target ${TARGET_PER_SEC}/s ${result.targetMet ? 'met' : 'NOT met'})
  record + enqueue (prep)        ${result.prepareRecordAndEnqueuePerSec.toString().padStart(8)} /s
  receiver: ${last.requests} requests, ${last.badSignatures} bad signatures
  cores used while delivering (of ${result.machine.cpus}): ${Object.entries(result.coresDuringDelivery).map(([k, v]) => `${k} ${v}`).join(', ')}; worker event loop ${Math.round(workerEventLoopUtilization * 100)}% busy
  CPU ms per delivery: ${Object.entries(result.cpuMsPerDelivery).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  writeResults('notify', result, [
    figure('signed webhook deliveries', 'deliveries/s', result.signedWebhookDeliveriesPerSec, { baseline: result.rawBullmqNoopJobsPerSec, baselineLabel: 'raw BullMQ no-op jobs', target: { min: TARGET_PER_SEC } }),
    figure('signed webhook deliveries vs raw HTTP', 'deliveries/s', result.signedWebhookDeliveriesPerSec, { baseline: result.rawHttpPostsPerSec, baselineLabel: 'raw HTTP POSTs (unsigned)' }),
  ]);

  await worker.stop();
  await queue.queue.obliterate({ force: true });
  receiver.stop();
  await app.close();
  await dropDatabase(databaseUrl);
}

// Exits when done: the baselines' BullMQ and HTTP clients leave handles behind that would keep it alive.
main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
