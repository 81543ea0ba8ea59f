// End-to-end test kit: the platform seen from outside (HTTP, webhooks, SMTP, Kafka), in either running mode.
export * from './flow-steps';
export * from './privacy-scan';
export * from './service-processes';
export * from './smtp-sink';
export * from './topic-tap';
export * from './webhook-receiver';
