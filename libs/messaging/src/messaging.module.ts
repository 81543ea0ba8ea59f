import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HamkorConfig } from '@hamkor/config';
import { createIdempotentProducer, createKafka, parseBrokers } from './kafka/kafka.factory';
import { ENABLED_SERVICES, KAFKA, KAFKA_PRODUCER, MessagingRuntime } from './messaging.runtime';
import { OutboxWriter } from './outbox/outbox.writer';

/** The process-wide Kafka client, producer and runtime (imported once, by the bootstrap). */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(config: HamkorConfig, services: string[]): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: KAFKA, useFactory: () => createKafka({ brokers: parseBrokers(config.KAFKA_BROKERS), clientId: config.KAFKA_CLIENT_ID }) },
        { provide: KAFKA_PRODUCER, useFactory: createIdempotentProducer, inject: [KAFKA] },
        { provide: ENABLED_SERVICES, useValue: services },
        MessagingRuntime,
      ],
      exports: [KAFKA, KAFKA_PRODUCER, ENABLED_SERVICES, MessagingRuntime],
    };
  }
}

/** What a service module imports to publish: its own OutboxWriter, writing into its own schema. */
@Module({})
export class ServiceOutboxModule {
  static forService(service: string): DynamicModule {
    return {
      module: ServiceOutboxModule,
      providers: [{ provide: OutboxWriter, useValue: new OutboxWriter(service) }],
      exports: [OutboxWriter],
    };
  }
}
