export * from './envelope';
export * from './topic';
export * from './event-contract';
export * from './common.schemas';
export * from './catalog';
export * from './asyncapi';
export * from './partnerships/organisation.events';
