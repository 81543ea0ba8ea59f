import { Inject, Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { EventContract } from '@hamkor/contracts';
import { HAMKOR_CONFIG, HamkorConfig } from '@hamkor/config';
import { logger } from '@hamkor/observability';
import { EVENT_BATCH_HANDLER, EVENT_CONSUMER, EVENT_HANDLER } from './inbox/event-handler.decorator';
import { batchHandler, InboxConsumer, RegisteredHandler } from './inbox/inbox.consumer';
import { OutboxRelay } from './outbox/outbox.relay';
import { ensureTopics, topicPlan } from './kafka/topic-admin';

export const KAFKA = Symbol('KAFKA');
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
export const ENABLED_SERVICES = Symbol('ENABLED_SERVICES');

/**
 * Starts and stops the event backbone of this process: topics first, then one outbox relay per
 * service, then one consumer group per service that has @EventConsumer providers.
 * Shutdown runs the other way round: consumers finish and commit, relays finish their batch, the
 * producer disconnects.
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = logger('messaging');
  readonly relays = new Map<string, OutboxRelay>();
  readonly consumers = new Map<string, InboxConsumer>();

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(HAMKOR_CONFIG) private readonly config: HamkorConfig,
    @Inject(ENABLED_SERVICES) private readonly services: string[],
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly moduleRef: ModuleRef,
  ) {}

  private dataSource(service: string): DataSource {
    return this.moduleRef.get<DataSource>(getDataSourceToken(service), { strict: false });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.TOPICS_CREATE) {
      const created = await ensureTopics(this.kafka, topicPlan(this.config));
      if (created.length) this.log.info({ created }, 'topics created');
    }
    await this.producer.connect();

    for (const service of this.services) {
      const relay = new OutboxRelay(this.dataSource(service), this.producer, {
        schema: service,
        batchSize: this.config.OUTBOX_BATCH_SIZE,
        pollMs: this.config.OUTBOX_POLL_MS,
      });
      relay.start();
      this.relays.set(service, relay);
    }

    for (const [service, handlers] of this.discoverHandlers()) {
      if (!this.services.includes(service)) continue;
      const consumer = new InboxConsumer(this.kafka, this.dataSource(service), this.producer, {
        service,
        groupPrefix: this.config.KAFKA_GROUP_PREFIX,
        maxAttempts: this.config.CONSUMER_MAX_ATTEMPTS,
        retryBaseMs: this.config.CONSUMER_RETRY_BASE_MS,
        sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
        heartbeatIntervalMs: this.config.KAFKA_HEARTBEAT_INTERVAL_MS,
      });
      handlers.forEach((h) => consumer.register(h));
      await consumer.start();
      this.consumers.set(service, consumer);
    }
  }

  /** Before the DataSources close (they close in onApplicationShutdown), so in-flight work can commit. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.consumers.values()].map((c) => c.stop()));
    await Promise.allSettled([...this.relays.values()].map((r) => r.stop()));
    await this.producer.disconnect().catch(() => undefined);
  }

  private discoverHandlers(): Map<string, RegisteredHandler[]> {
    const byService = new Map<string, RegisteredHandler[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance;
      if (!instance || !wrapper.metatype) continue;
      const service = Reflect.getMetadata(EVENT_CONSUMER, wrapper.metatype) as string | undefined;
      if (!service) continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const contract = Reflect.getMetadata(EVENT_HANDLER, proto[method]) as EventContract | undefined;
        if (!contract) continue;
        const list = byService.get(service) ?? [];
        const batch = Reflect.getMetadata(EVENT_BATCH_HANDLER, proto[method]) === true;
        list.push(batch ? batchHandler(contract, (es, tx) => instance[method](es, tx)) : { contract, handle: (e, tx) => instance[method](e, tx) });
        byService.set(service, list);
      }
    }
    return byService;
  }
}
