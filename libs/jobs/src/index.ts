export * from './redis';
export * from './queue-names';
