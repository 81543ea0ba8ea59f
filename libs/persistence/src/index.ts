export * from './snake-naming.strategy';
export * from './messaging-tables.migration';
export * from './scheduler-tables.migration';
export * from './data-source.factory';
export * from './transaction';
export * from './prepared';
export * from './pool-metrics';
