export * from './kafka/kafka.factory';
export * from './kafka/topic-admin';
export * from './outbox/outbox.writer';
export * from './outbox/outbox.relay';
export * from './inbox/event-handler.decorator';
export * from './inbox/inbox.consumer';
export * from './messaging.runtime';
export * from './messaging.module';
